/**
 * suggest/: rules drafted from resolved reports (`ktriage suggest-rule`, `/ktriage suggest-rule`,
 * the dashboard's "draft a rule"). Pure: callers read the report and the candidates and pass them in.
 */
export { draftRule, makeId, problemsOf, SUBJECT_PLACEHOLDER, type DraftFix, type DraftOutcome, type DraftRuleOptions, type DraftedRule } from './draft-rule.js';
export { chooseNoMatch, type DraftCandidate, type NoMatchChoice } from './choose-no-match.js';
export { renderDraftYaml } from './render-draft-yaml.js';
