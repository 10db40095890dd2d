/**
 * plan/: ranked matches -> TriagePlan (next steps, questions, labels, actions, fingerprint) and the
 * explanation behind `/ktriage explain`. Pure. Data flows extract/ -> match/ -> plan/ -> render/;
 * plan/ imports match/, never render/ (the wording it needs for evidence is markdown/'s code span).
 */
export { NEEDS_INFO_LABEL, planFromFacts } from './plan-from-facts.js';
export { explainPlan, type ExplainedRule, type Explanation } from './explain-plan.js';
export { selectPlaybooks, type SelectedPlaybook } from './select-playbooks.js';
export { fillTemplate, mentionsFix } from './fill-template.js';
export { DESCRIPTION_THRESHOLDS, MAX_DESCRIPTION_MATCHES, matchDescriptions, placeDescribed, type DescribedMatch } from './match-descriptions.js';
