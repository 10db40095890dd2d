/**
 * github/checks/: the pull-request checks: rule and config changes validated, open issues re-triaged
 * with the proposed rules, re-runs requested from the Checks tab.
 */
export { RULES_CHECK_NAME, checkRuleChanges, type PullRequestEvent, type RuleCheckDeps, type RuleCheckOutcome } from './check-rule-changes.js';
export { COMMENT_REQUEST_BUDGET, MAX_COMMENTS_PER_ISSUE, RETRIAGE_ISSUES, compareOpenIssues, type CompareOpenIssuesParams, type OpenIssueComparison, type VerdictChange } from './compare-open-issues.js';
export { KTRIAGE_CHECK_NAMES, ktriageChecksOfSuite, rerunChecks, type CheckPullRequest, type CheckRerunEvent, type RerunRequest } from './rerun-check.js';
