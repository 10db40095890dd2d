import type { RuleSet } from '../rules/index.js';
import { draftRule } from '../suggest/index.js';
import type { DraftRuleFor } from './read-dashboard-data.js';

/**
 * The dashboard's "draft a rule": the suggest-rule drafter (src/suggest) on a cluster's newest
 * report, with the fact vocabulary and the rules the draft will live beside. No fix is known for
 * an unmatched cluster, so the draft says to add one (and does not lint until then).
 */
export function createRuleDrafter(rules: RuleSet): DraftRuleFor {
  return (report) => {
    const outcome = draftRule(report, { fix: null, vocabulary: rules.facts, rules });
    if ('refused' in outcome) return { refused: outcome.refused };
    return { yaml: outcome.drafted.yaml, note: outcome.drafted.checks.join(' ') };
  };
}
