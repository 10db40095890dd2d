import type { Action, Facts, TriagePlan } from '../model.js';
import { codeSpan } from '../markdown/index.js';
import { isUpstreamBuild, rankMatches, reporterWords, signatureLines, type CompiledRules, type RankedMatch, type ReportLine } from '../match/index.js';
import { evaluateRules, hashText } from '../match/index.js';
import type { AskQuestion, BugRule } from '../rules/index.js';
import { fillTemplate, mentionsFix } from './fill-template.js';
import {
  BISECT_STEP,
  DEFAULT_FIX_STEP,
  DISTRO_CHECK_STEP,
  DISTRO_UPSTREAM,
  FIX_PRESENT_STEPS,
  FIX_WHERE,
  FULL_LOG_STEP,
  KERNEL_VERSION_QUESTION,
  MISSING_INFO_QUESTIONS,
  NON_STORAGE_SUBSYSTEMS,
  BY_DESCRIPTION_STEP,
  POSSIBLE_MATCH_STEP,
  VERSION_UNKNOWN_NO_RELEASE_STEP,
  VERSION_UNKNOWN_STABLE,
  VERSION_UNKNOWN_STABLE_ONLY_STEP,
  VERSION_UNKNOWN_STEP,
} from './plan-wording.js';
import { matchDescriptions, placeDescribed, type DescribedMatch } from './match-descriptions.js';
import { selectPlaybooks } from './select-playbooks.js';

/** The label added while questions are open. */
export const NEEDS_INFO_LABEL = 'needs-info';
/** Candidate matches kept in the plan. */
const MAX_MATCHES = 10;

/**
 * The plan for facts already extracted. `lines` are the log lines matched against the rules
 * (default: the error signatures of the facts; triage adds every other log line of the report).
 *
 * @example
 * planFromFacts('seed', extractFacts(report, ruleSet.facts), compileRules(ruleSet)).verdict // => 'known-bug-fix-available'
 */
export function planFromFacts(
  reportId: string,
  facts: Facts,
  compiled: CompiledRules,
  lines: readonly ReportLine[] = signatureLines(facts),
  prose: readonly string[] = [],
): TriagePlan {
  const all = rankMatches(evaluateRules(facts, compiled, lines), facts, { words: reporterWords(prose, compiled.descriptions), rules: compiled.bugs });
  // Without a confident match, bugs whose description resembles the report's words, after the
  // signature matches (match-descriptions.ts); the description index is loaded only here.
  const described = matchDescriptions(facts, prose, compiled, all);
  const ranked = all.slice(0, MAX_MATCHES - described.length);
  const matches = placeDescribed(ranked, described, facts, prose);
  const best = ranked[0];
  const confident = best?.confident === true ? best : null;
  const verdict = matches[0]?.verdict ?? 'no-match';

  const playbooks =
    confident === null
      ? selectPlaybooks(facts, compiled.playbooks, unique(ranked.map((r) => r.evaluation.rule.subsystem)))
      : [];
  // What the report is about: the possible matches' and the chosen playbooks' subsystems.
  const subsystems = [...ranked.map((r) => r.evaluation.rule.subsystem), ...playbooks.flatMap((p) => p.playbook.subsystems)];
  const nextSteps = unique(
    confident !== null ? stepsForMatch(confident, facts) : stepsWithoutMatch(ranked, playbooks.map((p) => p.playbook.nextSteps).flat(), facts, described, matches[0]?.basis === 'description' ? matches[0].ruleId : null),
  );

  const asks: AskQuestion[] = confident !== null ? [...confident.evaluation.rule.ask] : playbooks.flatMap((p) => p.playbook.ask);
  const questions = unique([
    ...(confident !== null && facts.kernel.running === null ? [KERNEL_VERSION_QUESTION] : []),
    ...asks.filter((ask) => !Object.hasOwn(facts.config, ask.fact)).map((ask) => ask.question),
    ...(confident !== null ? vocabularyQuestions(confident, facts, compiled) : []),
    ...(confident === null ? facts.missing.filter((missing) => missing !== 'configuration' || storageInView(subsystems)).map((missing) => MISSING_INFO_QUESTIONS[missing]) : []),
  ]);

  const baseLabels = confident !== null ? confident.evaluation.rule.labels : playbooks.flatMap((p) => p.playbook.labels);
  const labels = unique([...baseLabels, ...(questions.length > 0 ? [NEEDS_INFO_LABEL] : [])]).sort();

  const actions: Action[] = [{ kind: 'upsert-comment' }];
  if (labels.length > 0) actions.push({ kind: 'add-labels', labels });
  if (questions.length > 0) actions.push({ kind: 'ask', questions });

  const fingerprint = hashText(
    JSON.stringify({
      verdict,
      matches: matches.map((m) => [m.ruleId, m.verdict, Math.round(m.confidence * 100), m.fixStatus, m.fixReason, m.evidence.map((e) => e.quote)]),
      nextSteps,
      questions,
      labels,
    }),
  );
  return { reportId, facts, matches, verdict, nextSteps, questions, labels, actions, fingerprint };
}

function stepsForMatch(ranked: RankedMatch, facts: Facts): string[] {
  const { match } = ranked;
  const rule = ranked.evaluation.rule;
  const context = { facts, fixed: rule.affected.fixed, fix: rule.fix };
  const fill = (text: string) => fillTemplate(text, context);
  const ruleSteps = rule.nextSteps;
  // A rule without a step naming the fix still tells the reporter what fixes it.
  const fixSteps = ruleSteps.some(mentionsFix) ? [] : [DEFAULT_FIX_STEP];
  switch (match.verdict) {
    case 'known-bug-fix-present': {
      const steps = FIX_PRESENT_STEPS.map((step) => step.replace('{{reason}}', match.fixReason));
      const working = facts.kernel.working[facts.kernel.working.length - 1];
      // A kernel that worked turns "tell us" into "bisect between these two".
      if (working !== undefined) steps[1] = fill(BISECT_STEP.replace('{{working}}', codeSpan(working.version.raw)));
      return [...steps, ...ruleSteps.filter((s) => !mentionsFix(s)).map(fill)];
    }
    case 'known-bug-version-unknown':
      return [whereFixedStep(facts, rule.affected.fixed), ...ruleSteps.filter((s) => !mentionsFix(s))].map(fill);
    default:
      return [...fixSteps, ...ruleSteps].map(fill);
  }
}

/** Where the fix is, for a kernel that cannot be placed: with what the rule lists, never an empty template. */
function whereFixedStep(facts: Facts, fixed: BugRule['affected']['fixed']): string {
  if (facts.kernel.running !== null && !isUpstreamBuild(facts.kernel.running.version)) {
    return DISTRO_CHECK_STEP.replace('{{upstream}}', fixed.mainline === null ? '' : DISTRO_UPSTREAM);
  }
  if (fixed.mainline !== null) return fixed.stable.length > 0 ? `${VERSION_UNKNOWN_STEP} ${VERSION_UNKNOWN_STABLE}` : VERSION_UNKNOWN_STEP;
  return fixed.stable.length > 0 ? VERSION_UNKNOWN_STABLE_ONLY_STEP : VERSION_UNKNOWN_NO_RELEASE_STEP;
}

function stepsWithoutMatch(ranked: readonly RankedMatch[], playbookSteps: string[], facts: Facts, described: readonly DescribedMatch[], leadOffer: string | null): string[] {
  const possible = ranked.slice(0, 2).map((r) => {
    const rule = r.evaluation.rule;
    const hit = r.evaluation.exact[0] ?? r.evaluation.near[0];
    const signature = hit === undefined ? rule.signatures[0] : rule.signatures[hit.signature];
    const step = POSSIBLE_MATCH_STEP.replace('{{title}}', rule.title)
      .replace('{{where}}', rule.affected.fixed.mainline === null ? '' : FIX_WHERE)
      .replace('{{signature}}', signature === undefined ? 'in the rule' : codeSpan(signature.pattern));
    return fillTemplate(step, { facts, fixed: rule.affected.fixed, fix: rule.fix });
  });
  // The best bug offered by description: one step, saying it is by description only. When the
  // plan puts an offer first (placeDescribed: it names the crash function, the possible matches
  // share no word with the report), its step comes first too.
  const lead = described.find((d) => d.match.ruleId === leadOffer);
  const offers = lead === undefined ? described : [lead, ...described.filter((d) => d !== lead)];
  const byDescription = offers.slice(0, possible.length > 0 ? 1 : 2).map(({ match, fixed }) => {
    const step = BY_DESCRIPTION_STEP.replace('{{title}}', match.title).replace('{{where}}', fixed.mainline === null ? '' : FIX_WHERE);
    return fillTemplate(step, { facts, fixed, fix: match.fix });
  });
  const steps = playbookSteps.map((step) => fillTemplate(step, { facts, fixed: null, fix: [] }));
  const fallback = facts.missing.includes('kernel-log') ? [] : [FULL_LOG_STEP];
  return [...(lead === undefined ? [...possible, ...byDescription] : [...byDescription, ...possible]), ...(steps.length > 0 ? steps : fallback)];
}

/** Whether the storage-stack question can help: some subsystem in view is storage, or none is known. */
function storageInView(subsystems: readonly string[]): boolean {
  // `kernel` (the any-oops playbook) is about nothing in particular.
  const specific = subsystems.filter((subsystem) => subsystem !== 'kernel');
  return specific.length === 0 || specific.some((subsystem) => !NON_STORAGE_SUBSYSTEMS.some((listed) => subsystem === listed || subsystem.startsWith(`${listed}/`)));
}

/** Unknown facts a confident match's `when` depends on, asked with the vocabulary's question when the rule has none. */
function vocabularyQuestions(ranked: RankedMatch, facts: Facts, compiled: CompiledRules): string[] {
  const asked = new Set(ranked.evaluation.rule.ask.map((a) => a.fact));
  return ranked.evaluation.conditions.results
    .filter((r) => r.state === 'unknown' && !asked.has(r.fact) && !Object.hasOwn(facts.config, r.fact))
    .map((r) => compiled.facts.get(r.fact)?.question ?? null)
    .filter((q): q is string => q !== null);
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
