import { canonicalizeLogLine, readLogLines } from '../extract/index.js';
import { describeCondition, evaluateConditions, evaluateRules, OTHER_LINES_ORDER, rankMatches, signatureLines, type CompiledRules, type ConditionState, type ReportLine, type RuleEvaluation } from '../match/index.js';
import type { FactValue, TriagePlan } from '../model.js';
import { selectPlaybooks, type SelectedPlaybook } from './select-playbooks.js';

/** Rules listed in an explanation; the rest are counted. */
const MAX_RULES = 15;

/** One rule the report touches, with where it ranked and why. */
export interface ExplainedRule {
  evaluation: RuleEvaluation;
  /** 1-based rank among the matches, null when the rule touched the report but did not match. */
  position: number | null;
  confident: boolean;
  fixReason: string | null;
  /** Each condition of the rule in words, with its state and the report's value. */
  conditions: { description: string; state: ConditionState; value: FactValue | null }[];
}

/** Why each rule matched or did not: what `/ktriage explain` shows, before any wording. */
export interface Explanation {
  plan: TriagePlan;
  /** The rules the report touches, best ranked first, at most MAX_RULES. */
  rules: ExplainedRule[];
  /** Touched rules left out of `rules`. */
  moreRules: number;
  /** Rules none of whose signatures (or anything close) appear in the report. */
  untouched: number;
  /** The playbooks chosen when no match is confident; null when one is. */
  playbooks: SelectedPlaybook[] | null;
}

/**
 * Re-evaluate a plan's facts against the rules and keep every rule the report touches, ranked as
 * the plan ranked them, with conditions described. render/renderExplain words it.
 *
 * @example
 * explainPlan(plan, compileRules(ruleSet)).rules[0]?.position // => 1
 */
export function explainPlan(plan: TriagePlan, compiled: CompiledRules): Explanation {
  const facts = plan.facts;
  const touched = evaluateRules(facts, compiled, explainLines(plan));
  // A rule the plan named by corroboration alone (RANKING.md) has no signature the facts touch:
  // listed with what it has (its conditions, its fix status), so explain shows every named bug.
  const touchedIds = new Set(touched.map((e) => e.rule.id));
  const corroborated = plan.matches
    .filter((m) => m.verdict !== 'possible-match' && !touchedIds.has(m.ruleId))
    .flatMap((m) => {
      const index = compiled.bugs.findIndex((bug) => bug.id === m.ruleId);
      const rule = compiled.bugs[index];
      return rule === undefined ? [] : [{ rule, index, exact: [], near: [], conditions: evaluateConditions(rule.when, facts.config), namedFrames: [] }];
    });
  const evaluations = [...touched, ...corroborated];
  const ranked = rankMatches(touched, facts);
  // The plan's own order and verdicts come first: ranking may have weighed what the plan keeps no
  // copy of (the reporter's prose, RANKING.md "Corroboration"), so re-ranking the facts alone could
  // call a match the comment names confidently a possible one. Rules past the plan's list follow.
  const planned = new Map(plan.matches.map((m, i) => [m.ruleId, { position: i + 1, confident: m.verdict !== 'possible-match', fixReason: m.fixReason }]));
  const rank = new Map(ranked.map((r, i) => [r.match.ruleId, { position: i + 1, confident: r.confident, fixReason: r.match.fixReason }]));
  const entryOf = (id: string) => planned.get(id) ?? rank.get(id);
  const ordered = [...evaluations].sort((a, b) => (entryOf(a.rule.id)?.position ?? 1e9) - (entryOf(b.rule.id)?.position ?? 1e9) || a.index - b.index);
  const rules = ordered.slice(0, MAX_RULES).map((evaluation): ExplainedRule => {
    const entry = entryOf(evaluation.rule.id);
    return {
      evaluation,
      position: entry?.position ?? null,
      confident: entry?.confident ?? false,
      fixReason: entry?.fixReason ?? null,
      conditions: evaluation.conditions.results.map((result) => ({ description: describeCondition(result.fact, result.condition), state: result.state, value: result.value })),
    };
  });
  const anyConfident = plan.matches.some((m) => m.verdict !== 'possible-match') || ranked.some((r) => r.confident);
  const playbooks = anyConfident ? null : selectPlaybooks(facts, compiled.playbooks, [...new Set(ranked.map((r) => r.evaluation.rule.subsystem))]);
  return { plan, rules, moreRules: Math.max(0, ordered.length - MAX_RULES), untouched: compiled.bugs.length - evaluations.length, playbooks };
}

/**
 * The lines to re-match: the error signatures, plus the other log lines the plan's matches quote
 * (the plan keeps evidence, not the whole report, so explain sees every line a match relied on).
 */
function explainLines(plan: TriagePlan): ReportLine[] {
  const lines = signatureLines(plan.facts);
  const seen = new Set(lines.map((l) => l.canonical));
  for (const match of plan.matches) {
    for (const evidence of match.evidence) {
      const log = readLogLines(evidence.quote)[0];
      if (log === undefined) continue;
      const canonical = canonicalizeLogLine(log.message);
      if (seen.has(canonical)) continue;
      seen.add(canonical);
      lines.push({ text: log.message, canonical, evidence, order: OTHER_LINES_ORDER + lines.length });
    }
  }
  return lines;
}
