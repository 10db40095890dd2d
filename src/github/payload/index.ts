/**
 * github/payload/: webhook/REST issue shapes -> BugReport; the only place that knows them.
 */
export { toBugReport, type GithubComment, type GithubIssue, type GithubRepository, type GithubUser, type ToBugReportOptions } from './to-bug-report.js';
