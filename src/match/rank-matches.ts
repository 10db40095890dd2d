import type { Evidence, Facts, FixStatus, KernelVersion, Match, Verdict } from '../model.js';
import { reliableFrames } from '../extract/index.js';
import { codeSpan } from '../markdown/index.js';
import type { BugRule } from '../rules/index.js';
import { describeCondition, type ConditionResult } from './evaluate-conditions.js';
import { UNSURE_FRAME_SHARE, type NamedFrame, type RuleEvaluation, type SignatureHit } from './evaluate-rules.js';
import { fixStatus, type VersionJudgement } from './fix-status.js';
import { isGenericCrashTitle, MANY_RULES } from './generic-signatures.js';
import { introducedStatus, type IntroducedStatus } from './introduced-status.js';
import { evaluateConditions } from './evaluate-conditions.js';
import { distinctiveModules, fixedCodeHit, type FixedCodeHit } from './find-fixed-code.js';
import { inFixWindow, sharedWords, type ReporterWordsSource } from './weigh-corroboration.js';

/**
 * The ranking heuristic's numbers in one place (RANKING.md explains them). Scores of confident
 * matches start at CONFIDENT_BASE, so every confident match outranks every possible one.
 */
export const RANKING = {
  /** Weights of a rule's distinct matched signatures, heaviest first, are summed with these factors. */
  signatureDecay: [1, 0.5, 0.25, 0.125] as readonly number[],
  /**
   * Below this total signature weight the evidence is a shared consequence line: possible match
   * only, unless every signature of the rule matched and a known fact satisfies one of its
   * conditions (rules whose specificity lies in `when`, like a drive model).
   */
  minConfidentWeight: 0.5,
  CONFIDENT_BASE: 1,
  /** The rule matched the report's first error line or first crash (the root cause). */
  rootCauseBonus: 0.1,
  satisfiedConditionBonus: 0.15,
  unknownConditionPenalty: 0.05,
  /** Confidence of a confident match: base + span * min(1, total weight), times per-unknown-fact factor. */
  confidentBase: 0.6,
  confidentSpan: 0.35,
  confidentMax: 0.97,
  unknownConditionFactor: 0.92,
  /** Possible matches stay at or below this confidence. */
  possibleMax: 0.5,
  /** Factor on a match whose kernel predates the bug's introduction. */
  predatesFactor: 0.5,
  /**
   * Fit of rules sharing a crash title (or line): how well the report's kernel fits each rule's
   * fix status. A kernel that lacks a rule's fix can have that bug; one that has it probably has
   * the other. Added to the condition score (satisfied +0.15, unknown -0.05) to order the rules
   * of one title; not used across titles.
   */
  fixFit: { 'lacks-fix': 0.1, unknown: 0, 'has-fix': -0.1 } as Readonly<Record<FixStatus, number>>,
  /** The kernel is known to be at or after the bug's introduction. */
  introducedFit: 0.05,
  /**
   * A generated rule matched more of the report than the text its group shares (its own stack or
   * line): above introducedFit, below the fix-status spread. Curated rules always carry it.
   */
  ownEvidenceFit: 0.06,
  /**
   * A function the rule's fix subject or title names, found among the report's frames: added to a
   * rule that another signature already matched (never a match by itself). Below
   * minConfidentWeight: it corroborates, it does not identify.
   */
  fixNamedFrameWeight: 0.3,
  /** Distinct (kind, line) hits a generated rule needs when it has no specific crash title. */
  generatedMinIndependent: 2,
  /**
   * Corroboration of a hand-written rule its signatures leave below minConfidentWeight
   * (RANKING.md): the reporter's kernel lies just before the fix, and the reporter's own words
   * share rare words with the rule's title and fix. Each alone is a hint; with a signature hit
   * both together reach the confident threshold.
   */
  fixWindowWeight: 0.2,
  reporterWordsWeight: 0.2,
  /**
   * The third kind: the report passes through the code the fix changed without a frame the rule
   * names (a function of the same family, the crash site in the fixed module; find-fixed-code.ts).
   */
  fixedCodeWeight: 0.2,
  /**
   * Confidence shown for a rule named by corroboration alone (no signature of it matched): a
   * known bug, but below what any signature match of the same weight shows.
   */
  corroboratedOnlyMax: 0.7,
} as const;

/** What ranking may weigh besides the evaluations and facts (all optional: absent evidence is not counted). */
export interface RankContext {
  /** The report's own words, for the "reporter's words" corroboration (weigh-corroboration.ts). */
  words?: ReporterWordsSource;
  /**
   * Every known bug, for the hand-written rules no signature matched but that corroboration alone
   * names (RANKING.md "Named by corroboration alone"); absent: only rules a signature matched rank.
   */
  rules?: readonly BugRule[];
}

/** Other failing kernels described in a match's reasons. */
const MAX_OTHER_KERNELS = 3;

/** Internal ranking data kept next to each Match (for explain and for the plan). */
export interface RankedMatch {
  match: Match;
  evaluation: RuleEvaluation;
  /** Confident: exact signatures with enough weight, conditions hold, kernel not older than the bug. */
  confident: boolean;
  introduced: VersionJudgement<IntroducedStatus> | null;
  /** How well conditions, fix status and introduction fit the report (orders rules that share a title). */
  fit: number;
  /** The report text the rule's evidence rests on (its crash title when it matched one): rules sharing it are ranked by fit. */
  groupKey: string | null;
}

/**
 * Turn rule evaluations into ranked matches: rules excluded by a known contradicting fact are
 * dropped; the rest are scored, given a verdict from the reporter's kernel, and ranked (confident
 * first, then score, confidence, rule id). Pure and deterministic.
 *
 * @example
 * rankMatches(evaluateRules(facts, compiled), facts)[0]?.match.verdict // => 'known-bug-fix-available'
 */
export function rankMatches(evaluations: readonly RuleEvaluation[], facts: Facts, context: RankContext = {}): RankedMatch[] {
  const scoreAll = (words: RankContext) => {
    const out: RankedMatch[] = [];
    for (const evaluation of evaluations) {
      if (!evaluation.conditions.applies) continue;
      if (evaluation.exact.length === 0 && evaluation.near.length === 0) continue;
      out.push(scoreEvaluation(evaluation, facts, words));
    }
    return out;
  };
  // The reporter's words are weighed only when nothing is confident without them: they load the
  // pack's word frequencies, which a report with a confident match never needs.
  let ranked = scoreAll({});
  if (context.words !== undefined && !ranked.some((r) => r.confident)) ranked = scoreAll(context);
  if (context.rules !== undefined && !ranked.some((r) => r.confident)) {
    const touched = new Set(evaluations.map((e) => e.rule.id));
    for (const [index, rule] of context.rules.entries()) {
      if (touched.has(rule.id)) continue;
      const entry = corroboratedOnly(rule, index, facts, context);
      if (entry !== null) ranked.push(entry);
    }
  }
  ranked.sort(
    (a, b) =>
      Number(b.confident) - Number(a.confident) ||
      Number(fixedLookAlike(a)) - Number(fixedLookAlike(b)) ||
      b.match.score - a.match.score ||
      b.match.confidence - a.match.confidence ||
      compareIds(a.match.ruleId, b.match.ruleId),
  );
  return orderSharedTitles(ranked);
}

/**
 * Confident rules that rest on the same crash title (or line) are one group, placed where its best
 * member ranks; inside it the rule whose conditions, fix status and introduction fit best comes
 * first, curated before generated at equal fit, then signature strength. Members that still tie
 * (same fit, origin and score) name each other in `tiedWith`: the comment says the report cannot
 * tell them apart instead of quietly picking one.
 */
function orderSharedTitles(ranked: RankedMatch[]): RankedMatch[] {
  const groups = new Map<string, RankedMatch[]>();
  const slots: Array<RankedMatch | RankedMatch[]> = [];
  for (const entry of ranked) {
    if (!entry.confident || entry.groupKey === null) {
      slots.push(entry);
      continue;
    }
    const group = groups.get(entry.groupKey);
    if (group) group.push(entry);
    else {
      const created = [entry];
      groups.set(entry.groupKey, created);
      slots.push(created);
    }
  }
  const out: RankedMatch[] = [];
  for (const slot of slots) {
    if (!Array.isArray(slot)) {
      out.push(slot);
      continue;
    }
    slot.sort(
      (a, b) =>
        b.fit - a.fit ||
        originRank(a) - originRank(b) ||
        b.match.score - a.match.score ||
        b.match.confidence - a.match.confidence ||
        compareIds(a.match.ruleId, b.match.ruleId),
    );
    for (const a of slot) {
      a.match.tiedWith = slot.filter((b) => b !== a && b.fit === a.fit && originRank(b) === originRank(a) && b.match.score === a.match.score).map((b) => b.match.ruleId);
    }
    out.push(...slot);
  }
  return out;
}

/**
 * A confident generated rule whose fix the reporter's kernel already carries: the kernel has that
 * bug's fix, so another bug with the same symptom is likelier than a regression of it. It ranks
 * below the confident matches whose fix the kernel lacks (or whose status is unknown), whatever its
 * signature strength: a record fixed years before the reporter's kernel shares a crash site
 * (`WARNING in find_free_extent`) with the newer bug the report shows. A curated rule's author
 * chose to recognise regressions too; its order is left to the score.
 */
const fixedLookAlike = (entry: RankedMatch): boolean => entry.confident && entry.match.origin === 'generated' && entry.match.fixStatus === 'has-fix';

const originRank = (entry: RankedMatch): number => (entry.match.origin === 'curated' ? 0 : 1);
const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Whether a generated rule's hits are specific enough for a known-bug verdict: a specific crash
 * title, or at least two independent hits (different kinds, or different report lines) none of
 * which is generic (a generic crash title, a line many rules carry, a stack of generic frames).
 */
function specificEnough(rule: BugRule, exact: readonly SignatureHit[], facts: Facts): { ok: boolean; why: string } {
  const specific = exact.filter((hit) => !isGenericHit(rule, hit));
  if (specific.some((hit) => rule.signatures[hit.signature]?.kind === 'crash')) return { ok: true, why: '' };
  const other = otherCrash(rule, exact, facts);
  if (other !== null) return { ok: false, why: other };
  const independent = new Set(specific.map((hit) => `${rule.signatures[hit.signature]?.kind}:${hit.evidence.part}:${hit.evidence.index}:${hit.evidence.line}`));
  // A title several rules share (`WARNING in remove_proc_entry`: records of several callers that
  // left a directory behind) still places the crash in a named function; it cannot tell those
  // records apart, so it is never enough alone, but beside a specific hit of another kind (the
  // record's own stack or line) it is the second independent signature. Counted once however many
  // shared titles matched: they describe one crash.
  const shared = exact.some((hit) => isSharedTitleHit(rule, hit));
  if (shared && specific.length > 0) independent.add('crash:shared-title');
  if (independent.size >= RANKING.generatedMinIndependent) return { ok: true, why: '' };
  const generic = exact.length - specific.length;
  return {
    ok: false,
    why: `a generated rule needs a specific crash title or ${RANKING.generatedMinIndependent} independent signatures; this report shows ${independent.size} specific one${independent.size === 1 ? '' : 's'}${generic > 0 ? ` and ${generic} generic one${generic === 1 ? '' : 's'} (lines or titles many bugs share)` : ''}`,
  };
}

/**
 * Why the report's crash rules this generated bug out as a known bug, or null: the rule names its
 * crash (a specific title), the report shows another specific crash, and the rule's crash function
 * appears nowhere in the report (no crash frame, no stack frame). Its other hits are then context
 * both logs print (a degraded mount's `devid N uuid U is missing`, the same ioctl path), not this bug.
 * A title the parser may word differently (`general protection fault` vs `BUG: unable to handle`)
 * still names the same function, which the report's frames then carry.
 */
function otherCrash(rule: BugRule, exact: readonly SignatureHit[], facts: Facts): string | null {
  const ruleTitles = rule.signatures.filter((s) => s.kind === 'crash' && !s.implied && !isGenericCrashTitle(s.pattern)).map((s) => s.pattern);
  if (ruleTitles.length === 0 || exact.some((hit) => rule.signatures[hit.signature]?.kind === 'crash')) return null;
  const reportTitles = facts.crashes.map((c) => c.title).filter((title) => !isGenericCrashTitle(title));
  if (reportTitles.length === 0) return null;
  const seen = new Set<string>();
  for (const crash of facts.crashes) if (crash.frame !== null) seen.add(crash.frame);
  for (const trace of facts.stacks) for (const frame of reliableFrames(trace)) seen.add(frame.function);
  if (ruleTitles.some((title) => { const frame = titleFrame(title); return frame !== null && seen.has(frame); })) return null;
  return `the report shows another crash (${codeSpan(reportTitles[0]!)}) than this bug's (${codeSpan(ruleTitles[0]!)}), and the bug's function is in none of its traces`;
}

/** The function a crash title names (`... in f`, `f (2)`, `f/g` -> `f`), or null for a title without one. */
function titleFrame(title: string): string | null {
  const at = title.lastIndexOf(' in ');
  if (at < 0) return null;
  return title.slice(at + 4).trim().split(/[\s/]/)[0] || null;
}

/** A crash title hit that names a real function but is carried by several rules (MANY_RULES or more). */
function isSharedTitleHit(rule: BugRule, hit: SignatureHit): boolean {
  return rule.signatures[hit.signature]?.kind === 'crash' && !isGenericCrashTitle(hit.reportText) && (hit.owners ?? 1) >= MANY_RULES;
}

function isGenericHit(rule: BugRule, hit: SignatureHit): boolean {
  const signature = rule.signatures[hit.signature];
  if (!signature) return true;
  if (signature.kind === 'crash') return isGenericCrashTitle(hit.reportText) || (hit.owners ?? 1) >= MANY_RULES;
  if (signature.kind === 'log' || signature.kind === 'regex') return (hit.owners ?? 1) >= MANY_RULES;
  return false;
}

/**
 * `fixedCode`: the "passes through the fixed code" hit of a rule named by corroboration alone,
 * which corroboratedOnly already found as its gate (computed once per candidate, not again here).
 */
function scoreEvaluation(evaluation: RuleEvaluation, facts: Facts, context: RankContext, fixedCode?: FixedCodeHit | null): RankedMatch {
  const { rule, exact, near, conditions } = evaluation;
  const running = facts.kernel.running?.version ?? null;
  const fix = running === null ? null : fixStatus(running, rule.affected.fixed);
  const introduced = running === null ? null : introducedStatus(running, rule.affected.introduced?.version ?? null);
  // A look-alike only when no kernel the report says fails is in the bug's range: "it broke on 5.3
  // and still does on 5.6" with a bug introduced in 5.4 is this bug, whichever kernel was read as running.
  const predates =
    introduced?.status === 'predates-bug' &&
    facts.kernel.failing.every((f) => introducedStatus(f.version, rule.affected.introduced?.version ?? null).status !== 'affected');

  const unknown = conditions.results.filter((r) => r.state === 'unknown').length;
  const satisfied = conditions.results.filter((r) => r.state === 'satisfied').length;
  const reasons: string[] = [];

  let score: number;
  let confidence: number;
  let confident: boolean;
  let evidence: Evidence[];
  if (exact.length > 0) {
    // The fix names a function of the report's trace: corroboration for a rule another signature
    // matched (a written one: an implied bisect signature alone is not enough to lean on).
    const named = corroboratingFrames(rule, exact, evaluation.namedFrames);
    const corroborated = named.length > 0 && exact.some((hit) => !rule.signatures[hit.signature]?.implied);
    // Found only as `? f+0x..` frames: the code ran, maybe not on the crashing path (half weight).
    const namedWeight = named.some((frame) => !frame.unsure) ? RANKING.fixNamedFrameWeight : RANKING.fixNamedFrameWeight * UNSURE_FRAME_SHARE;
    const weights = [...exact.map((hit) => signatureWeight(rule, hit)), ...(corroborated ? [namedWeight] : [])];
    const conditionScore = satisfied * RANKING.satisfiedConditionBonus - unknown * RANKING.unknownConditionPenalty;
    const written = rule.signatures.filter((s) => !s.implied).length;
    const allSignatures = exact.filter((hit) => !rule.signatures[hit.signature]?.implied && (hit.credit ?? 1) === 1).length === written && satisfied > 0;
    const corroborations =
      weights.reduce((sum, w) => sum + w, 0) < RANKING.minConfidentWeight && !allSignatures && !predates
        ? otherEvidence(rule, exact, fix?.status === 'lacks-fix' && running !== null ? running : null, facts, context)
        : [];
    for (const other of corroborations) weights.push(other.weight);
    weights.sort((a, b) => b - a);
    const total = weights.reduce((sum, w) => sum + w, 0);
    const strength = weights.reduce((sum, w, i) => sum + w * (RANKING.signatureDecay[i] ?? 0.0625), 0);
    const rootCause = exact.some((hit) => hit.order === 0 || hit.order === facts.signatures.length) ? RANKING.rootCauseBonus : 0;
    const specific = rule.origin === 'generated' ? specificEnough(rule, exact, facts) : { ok: true, why: '' };
    confident = (total >= RANKING.minConfidentWeight || allSignatures) && !predates && specific.ok;
    if (!specific.ok && !predates) reasons.push(`possible only: ${specific.why}`);
    if (confident) {
      score = RANKING.CONFIDENT_BASE + strength + rootCause + conditionScore;
      confidence = Math.min(RANKING.confidentMax, RANKING.confidentBase + RANKING.confidentSpan * Math.min(1, total)) * RANKING.unknownConditionFactor ** unknown;
    } else {
      score = (strength + rootCause) * 0.5;
      confidence = Math.min(RANKING.possibleMax, 0.25 + 0.5 * total);
      if (!predates && specific.ok) reasons.push(`only weak signatures matched (total weight ${round(total)} < ${RANKING.minConfidentWeight}): lines like these are shared by other bugs`);
    }
    for (const hit of exact) reasons.push(describeHit(rule, hit));
    if (corroborated) {
      const names = named.map((frame) => codeSpan(`${frame.name}()`)).join(', ');
      const where =
        namedWeight < RANKING.fixNamedFrameWeight
          ? "among the report's `? ` frames (the unwinder was unsure they are part of the chain)"
          : named.some((frame) => !frame.unsure && !frame.lock)
            ? "in the report's call trace"
            : "at a lock site of the report's lockdep output (it took a lock of the report)";
      reasons.push(`the fix names ${names}, found ${where} (corroboration, weight ${round(namedWeight)})`);
    }
    for (const other of corroborations) reasons.push(other.reason);
    evidence = [...exact.map((hit) => hit.evidence), ...(corroborated ? named.map((frame) => frame.evidence) : []), ...corroborations.flatMap((c) => (c.evidence ? [c.evidence] : []))];
  } else if (near.length === 0) {
    // Named by corroboration alone (corroboratedOnly): no signature, but every kind of evidence
    // besides one agrees. Confident only when together they reach the threshold.
    const found = corroborations(rule, fixedCode === undefined ? fixedCodeOf(rule, facts, context) : fixedCode, fix?.status === 'lacks-fix' && running !== null ? running : null, facts, context);
    const weights = found.map((c) => c.weight).sort((a, b) => b - a);
    const total = weights.reduce((sum, w) => sum + w, 0);
    const strength = weights.reduce((sum, w, i) => sum + w * (RANKING.signatureDecay[i] ?? 0.0625), 0);
    const conditionScore = satisfied * RANKING.satisfiedConditionBonus - unknown * RANKING.unknownConditionPenalty;
    confident = total >= RANKING.minConfidentWeight && !predates;
    score = confident ? RANKING.CONFIDENT_BASE + strength + conditionScore : strength * 0.5;
    confidence = confident
      ? Math.min(RANKING.corroboratedOnlyMax, RANKING.confidentBase + RANKING.confidentSpan * Math.min(1, total)) * RANKING.unknownConditionFactor ** unknown
      : Math.min(RANKING.possibleMax, 0.25 + 0.5 * total);
    reasons.push(`no signature of this bug matched; the report agrees with it in ${found.length} other way${found.length === 1 ? '' : 's'} (total weight ${round(total)})`);
    for (const other of found) reasons.push(other.reason);
    evidence = found.flatMap((c) => (c.evidence ? [c.evidence] : []));
  } else {
    const best = near[0]!;
    const weight = signatureWeight(rule, best);
    confident = false;
    score = 0.5 * best.similarity * weight;
    confidence = Math.min(RANKING.possibleMax, 0.5 * best.similarity * Math.max(weight, 0.5));
    for (const hit of near.slice(0, 3)) {
      reasons.push(`near miss (similarity ${round(hit.similarity)}): report line ${codeSpan(clipText(hit.reportText))} resembles the ${rule.signatures[hit.signature]!.kind} signature ${codeSpan(rule.signatures[hit.signature]!.pattern)}`);
    }
    evidence = near.slice(0, 3).map((hit) => hit.evidence);
  }
  if (predates) {
    confidence *= RANKING.predatesFactor;
    score *= RANKING.predatesFactor;
  }
  for (const result of conditions.results) {
    const words = describeConditionResult(result);
    if (words !== null) reasons.push(words);
  }
  if (fix !== null) reasons.push(`fix: ${fix.reason}`);
  // Another kernel reported to fail whose fix status differs (it has the fix, say) is worth a word:
  // a failure on a fixed kernel hints at a regression or another bug.
  const others = facts.kernel.failing
    .filter((f) => f.version.raw !== running?.raw)
    .map((f) => fixStatus(f.version, rule.affected.fixed))
    .filter((judged) => judged.status !== (fix?.status ?? 'unknown'))
    .slice(0, MAX_OTHER_KERNELS);
  for (const judged of others) reasons.push(`also reported failing: ${judged.reason}`);
  if (introduced !== null && introduced.status !== 'unknown') reasons.push(`introduced: ${introduced.reason}`);

  const fixStatusValue = fix?.status ?? 'unknown';
  const fit =
    satisfied * RANKING.satisfiedConditionBonus -
    unknown * RANKING.unknownConditionPenalty +
    RANKING.fixFit[fixStatusValue] +
    (introduced?.status === 'affected' ? RANKING.introducedFit : 0) +
    // Records sharing a title are told apart by what else their logs showed: a record whose own
    // stack or line matched too fits better than one that only shares the title. A curated rule
    // always gets it (its author chose the signature), so curated-before-generated holds.
    (rule.origin !== 'generated' || hasOwnEvidence(rule, exact) ? RANKING.ownEvidenceFit : 0);
  const verdict: Match['verdict'] = confident ? confidentVerdict(fixStatusValue, running !== null) : 'possible-match';
  const match: Match = {
    ruleId: rule.id,
    title: rule.title,
    verdict,
    score: round(score),
    confidence: round(confidence),
    fixStatus: fixStatusValue,
    fixReason: fixReason(fix, predates ? introduced : null),
    evidence: dedupeEvidence(evidence),
    fix: rule.fix,
    reasons,
    origin: rule.origin,
    tiedWith: [],
  };
  return { match, evaluation, confident, introduced, fit: round(fit), groupKey: groupKey(rule, exact) };
}

/**
 * The sentence after "Your kernel: X, lacks the fix:". A kernel older than the bug does lack the
 * fix, but on its own that reads as "upgrade"; the reporter needs to know the bug is not theirs.
 */
/**
 * Corroboration of a hand-written rule that a written signature matched but whose signatures weigh
 * too little to name it (RANKING.md "Corroboration"): the kernel just before the fix, and rare words
 * the reporter shares with the rule. Not for generated rules (their own route is two independent
 * signatures or a specific crash title), and never without a written signature hit.
 */
function otherEvidence(rule: BugRule, exact: readonly SignatureHit[], lacking: KernelVersion | null, facts: Facts, context: RankContext): Corroboration[] {
  if (rule.origin === 'generated' || !exact.some((hit) => !rule.signatures[hit.signature]?.implied)) return [];
  return corroborations(rule, fixedCodeOf(rule, facts, context), lacking, facts, context);
}

/**
 * A hand-written rule that no signature matched, named by corroboration alone (RANKING.md): the
 * report passes through the code its fix changed (a place in the report: required), and with the
 * kernel just before the fix and the reporter's own words the evidence reaches the confident
 * threshold. Anything less is not listed at all: a possible match on a family frame alone would
 * offer every bug of the subsystem. Not for generated rules, nor for a rule a known fact
 * contradicts, nor when the report's kernel predates the bug.
 */
function corroboratedOnly(rule: BugRule, index: number, facts: Facts, context: RankContext): RankedMatch | null {
  if (rule.origin === 'generated') return null;
  // The gate, and then one of the corroborations scoreEvaluation weighs: found once, passed on.
  // The place is required, so it must be on the chain: a `? f+0x..` frame may be a stale address.
  const code = fixedCodeOf(rule, facts, context);
  if (code === null || code.unsure) return null;
  const conditions = evaluateConditions(rule.when, facts.config);
  if (!conditions.applies) return null;
  const entry = scoreEvaluation({ rule, index, exact: [], near: [], conditions, namedFrames: [] }, facts, context, code);
  return entry.confident ? entry : null;
}

/** Whether the report passes through the code the rule's fix changed (find-fixed-code.ts), with the pack's distinctive modules when the ranking has every rule. */
function fixedCodeOf(rule: BugRule, facts: Facts, context: RankContext): FixedCodeHit | null {
  return fixedCodeHit(rule, facts, context.rules === undefined ? undefined : distinctiveModules(context.rules));
}

/** One kind of corroborating evidence: its weight, the reason shown, and where in the report (when it is a place). */
interface Corroboration {
  weight: number;
  reason: string;
  evidence?: Evidence;
}

/**
 * The corroborating evidence a hand-written rule has in this report, of every kind (RANKING.md
 * "Corroboration"); `code` is its fixed-code hit (fixedCodeOf), found by the caller.
 */
function corroborations(rule: BugRule, code: FixedCodeHit | null, lacking: KernelVersion | null, facts: Facts, context: RankContext): Corroboration[] {
  const out: Corroboration[] = [];
  if (code !== null) {
    const weight = code.unsure ? RANKING.fixedCodeWeight * UNSURE_FRAME_SHARE : RANKING.fixedCodeWeight;
    out.push({ weight, reason: `${code.reason} (corroboration, weight ${round(weight)})`, evidence: code.evidence });
  }
  const mainline = rule.affected.fixed?.mainline ?? null;
  if (lacking !== null && inFixWindow(lacking, mainline)) {
    out.push({ weight: RANKING.fixWindowWeight, reason: `the report's kernel ${codeSpan(lacking.raw)} is from the release cycle just before the fix (first in ${mainline}) (corroboration, weight ${RANKING.fixWindowWeight})` });
  }
  const words = context.words?.() ?? null;
  const shared = words === null ? [] : sharedWords(rule, words);
  if (shared.length > 0) {
    out.push({ weight: RANKING.reporterWordsWeight, reason: `the reporter's own words share ${shared.slice(0, 5).map((w) => codeSpan(w)).join(', ')} with the bug's title and fix (corroboration, weight ${RANKING.reporterWordsWeight})` });
  }
  return out;
}

function fixReason(fix: VersionJudgement<FixStatus> | null, predates: VersionJudgement<IntroducedStatus> | null): string {
  if (fix === null) return 'the report does not say which kernel it runs';
  if (predates === null) return fix.reason;
  return `${fix.reason}; but ${predates.reason}, so this is probably a different bug with the same symptom`;
}

function confidentVerdict(status: 'has-fix' | 'lacks-fix' | 'unknown', kernelKnown: boolean): Exclude<Verdict, 'no-match' | 'possible-match'> {
  if (!kernelKnown || status === 'unknown') return 'known-bug-version-unknown';
  return status === 'lacks-fix' ? 'known-bug-fix-available' : 'known-bug-fix-present';
}

/**
 * Whether any report could give this rule a confident match: its signatures together reach
 * `minConfidentWeight`, or it has a `when` condition a known fact can satisfy (the all-signatures
 * route above). A rule that can do neither is possible-only by design (its lines are shared with
 * other causes), and its positive examples can only ever be possible matches.
 *
 * @example
 * canBeConfident({ signatures: [{ weight: 0.25 }, { weight: 0.2 }], when: {} }) // => false
 */
export function canBeConfident(rule: Pick<BugRule, 'signatures' | 'when'>): boolean {
  return writtenWeight(rule) >= RANKING.minConfidentWeight || Object.values(rule.when).some((condition) => condition !== 'any');
}

/**
 * The weight of the signatures the author wrote under `signatures:`. Implied ones (the bisect
 * signature `affected.introduced.commit` stands for) are left out: a report rarely carries them,
 * so they cannot make a rule confident-capable, and quoting them in "weighs X" misleads the author.
 *
 * @example
 * writtenWeight({ signatures: [{ weight: 0.4 }, { weight: 1, implied: true }] }) // => 0.4
 */
export function writtenWeight(rule: Pick<BugRule, 'signatures'>): number {
  return rule.signatures.reduce((sum, signature) => sum + (signature.implied ? 0 : signature.weight), 0);
}

/** The report text a rule's match rests on: its crash title when it matched one, else its heaviest hit's line. */
function groupKey(rule: BugRule, exact: readonly SignatureHit[]): string | null {
  const key = keyHit(rule, exact);
  return key ? `${rule.signatures[key.signature]?.kind ?? ''}:${key.reportText}` : null;
}

/** The hit a rule's match rests on: its crash-title hit, else its heaviest (first on ties). */
function keyHit(rule: BugRule, exact: readonly SignatureHit[]): SignatureHit | null {
  const crash = exact.find((hit) => rule.signatures[hit.signature]?.kind === 'crash');
  if (crash) return crash;
  return [...exact].sort((a, b) => signatureWeight(rule, b) - signatureWeight(rule, a) || a.order - b.order)[0] ?? null;
}

/**
 * Whether a generated rule's log showed the report more than the text its group shares: a specific
 * hit (its own stack, a line few rules carry) of another kind or on another line than the key hit.
 */
function hasOwnEvidence(rule: BugRule, exact: readonly SignatureHit[]): boolean {
  const key = keyHit(rule, exact);
  if (key === null) return false;
  const kindOf = (hit: SignatureHit) => rule.signatures[hit.signature]?.kind;
  return exact.some(
    (hit) => hit !== key && !rule.signatures[hit.signature]?.implied && !isGenericHit(rule, hit) && (kindOf(hit) !== kindOf(key) || hit.evidence.line !== key.evidence.line || hit.evidence.index !== key.evidence.index),
  );
}

/**
 * The named frames that say something the rule's hits do not: a function that is already the place
 * of its crash title (`INFO: task hung in raise_barrier`), a function of its stack hit, or a word
 * of a line it matched counts once, at the weight the author gave that signature. Counting it again
 * would overrule an author who weighed a shared crash title low on purpose.
 */
function corroboratingFrames(rule: BugRule, exact: readonly SignatureHit[], named: readonly NamedFrame[]): NamedFrame[] {
  if (named.length === 0) return [];
  const used = new Set<string>();
  for (const hit of exact) {
    const kind = rule.signatures[hit.signature]?.kind;
    if (kind === 'crash') used.add(hit.reportText.slice(hit.reportText.lastIndexOf(' in ') + 4).split(/[\s/]/)[0] ?? '');
    else if (kind === 'stack') for (const name of hit.reportText.split(' ')) used.add(name);
    else if (kind === 'log' || kind === 'regex') for (const word of hit.reportText.split(/[^A-Za-z0-9_]+/)) used.add(word);
  }
  return named.filter((frame) => !used.has(frame.name));
}

function signatureWeight(rule: BugRule, hit: SignatureHit): number {
  return (rule.signatures[hit.signature]?.weight ?? 1) * (hit.credit ?? 1);
}

function describeHit(rule: BugRule, hit: SignatureHit): string {
  const signature = rule.signatures[hit.signature]!;
  const weight = signature.weight === 1 ? '' : ` (weight ${signature.weight})`;
  if (signature.kind === 'bisect') {
    const how = signature.implied ? 'the commit that introduced the bug' : 'the bisect signature';
    return `the report bisects to ${codeSpan(hit.reportText)}, ${how} (${codeSpan(signature.pattern.slice(0, 12))})${weight}`;
  }
  const what = { crash: 'crash title', log: 'log signature', regex: 'regex signature', stack: 'stack signature' }[signature.kind];
  if (hit.credit !== undefined && hit.credit < 1) {
    const unsure = hit.unsure === undefined ? '' : `, ${hit.unsure.map((name) => codeSpan(name)).join(', ')} only as \`? \` frames (the unwinder was unsure they are part of the chain)`;
    const how = hit.reportText.split(' ').length < signature.pattern.split(' ').filter((name) => name.length > 0).length ? 'found in part' : 'found';
    return `${what} ${codeSpan(signature.text)} ${how}: ${codeSpan(hit.reportText)} in one call trace${unsure} (credit ${round(hit.credit)} of weight ${signature.weight})`;
  }
  return `${what} ${codeSpan(signature.kind === 'log' ? signature.pattern : signature.text)} found${weight}`;
}

function describeConditionResult(result: ConditionResult): string | null {
  const condition = describeCondition(result.fact, result.condition);
  const value = result.value === null ? '' : codeSpan(String(result.value));
  switch (result.state) {
    case 'satisfied':
      return `condition ${condition}: reported ${value}`;
    case 'unknown':
      return `condition ${condition}: not known from the report (asked)`;
    case 'ambiguous':
      return `condition ${condition}: the report states different values over time, not evidence either way`;
    case 'contradicted':
      return `condition ${condition}: contradicted (reported ${value})`;
    case 'irrelevant':
      return null;
  }
}

function dedupeEvidence(list: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const evidence of list) {
    const key = `${evidence.part}:${evidence.index}:${evidence.start}:${evidence.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(evidence);
  }
  return out;
}

/** Report lines quoted in reasons are cut: a reason is one line of a comment. */
function clipText(text: string, max = 300): string {
  return text.length <= max ? text : `${text.slice(0, max)} […]`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
