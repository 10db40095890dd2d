import { extractFactsAndLines } from './extract/index.js';
import { compileRules, isCompiledRules, reportLines, type CompiledRules } from './match/index.js';
import type { BugReport, TriagePlan } from './model.js';
import { planFromFacts } from './plan/index.js';
import type { RuleSet } from './rules/index.js';

export interface TriageOptions {
  /**
   * The time of the triage. The plan does not depend on it today (it stays deterministic and its
   * fingerprint stable); it is taken so time-dependent wording never needs a clock in the core.
   */
  now?: Date;
}

/**
 * Triage one report: extract its facts, match them against the rules, and plan the comment —
 * ranked matches with evidence, next steps, questions, labels, actions and a fingerprint of what
 * would be posted. Pure and deterministic; accepts a RuleSet or (faster for many reports) the
 * result of compileRules.
 *
 * Steps: 1. facts; 2. rule evaluations (exact, near misses, conditions); 3. ranking and verdicts;
 * 4. next steps; 5. questions; 6. labels and actions; 7. fingerprint.
 *
 * @example
 * const plan = triage(report, ruleSet, { now: deliveredAt }); // the adapter's time of the event
 * plan.verdict                 // => 'known-bug-fix-available'
 * plan.matches[0]?.ruleId      // => 'dm-sm-metadata-refcount-below-zero'
 */
export function triage(report: BugReport, rules: RuleSet | CompiledRules, _options: TriageOptions = {}): TriagePlan {
  const compiled = isCompiledRules(rules) ? rules : compileRules(rules);
  const { facts, lines, prose } = extractFactsAndLines(report, compiled.ruleSet.facts);
  return planFromFacts(report.id, facts, compiled, reportLines(facts, lines), prose);
}
