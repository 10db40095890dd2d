import { isDistinctiveFrame } from '../extract/index.js';
import type { CrashReport, Evidence, Facts } from '../model.js';
import type { BugRule } from '../rules/index.js';
import { BISECT_KEY_LENGTH, crashGroup, logGroup, namedFunctions, type CompiledRules, type SignatureRef, type StackSignature } from './compile-rules.js';
import { evaluateConditions, type ConditionsOutcome } from './evaluate-conditions.js';
import { signatureLines, type ReportLine } from './read-report-lines.js';

/** A rule signature found in the report. */
export interface SignatureHit {
  signature: number;
  evidence: Evidence;
  /** Position of the report line among the report's signatures (crashes after them): root causes first. */
  order: number;
  /** The report's text that matched (canonical line or crash title). */
  reportText: string;
  /** How many rules carry the same log line or crash title (1 = only this one); 1 for other kinds. */
  owners?: number;
  /**
   * Share of the signature found, 1 when whole. Only a `stack` signature is found in part: some of
   * its functions in one trace, the rest inlined, tail-called or cut away, or found only as
   * frames the unwinder was unsure of (`? f+0x..`, each counting UNSURE_FRAME_SHARE) (RANKING.md).
   */
  credit?: number;
  /** The functions of a `stack` hit found only as `? f+0x..` frames. */
  unsure?: string[];
}

/** A function the rule's fix names, found among the report's frames. */
export interface NamedFrame {
  name: string;
  evidence: Evidence;
  /** Found only as a `? f+0x..` frame (the unwinder was unsure it is part of the chain). */
  unsure: boolean;
  /** Found not in a chain but at a lockdep lock site (`..., at: f+0x..`): it took a lock of the report. */
  lock: boolean;
}

/**
 * What a function found only as a `? f+0x..` frame counts for, against a frame of the chain: the
 * unwinder found its return address on the stack, so the code ran, but maybe for an earlier call
 * (a stale address) rather than on the path that crashed. Half: two such frames weigh what one
 * frame of the chain does.
 */
export const UNSURE_FRAME_SHARE = 0.5;

/** A rule signature the report nearly matches. */
export interface NearHit extends SignatureHit {
  similarity: number;
}

/** Everything matching found out about one rule that the report touches. */
export interface RuleEvaluation {
  rule: BugRule;
  /** Index into CompiledRules.bugs. */
  index: number;
  /** Signatures found exactly, one hit per signature (its first occurrence), in report order. */
  exact: SignatureHit[];
  /** Near misses (only when nothing matched exactly), best first. */
  near: NearHit[];
  conditions: ConditionsOutcome;
  /** Functions the rule's fix subjects and title name that are frames of the report's traces (only for rules with an exact hit). */
  namedFrames: NamedFrame[];
}

/** Report lines tried for near misses: the root causes come first, the tail is consequences. */
const MAX_FUZZY_LINES = 32;
/** Near-miss rules kept per report line. */
const MAX_FUZZY_PER_LINE = 3;

/**
 * Find every rule the report touches: exact signature hits (literal automaton, crash-title map, RE2
 * set) and, for rules without one, near misses of the error lines; then each rule's `when` against
 * the facts. Rules the report does not touch are not returned. Deterministic: rules in rule-set order.
 *
 * `lines` are the log lines to search: by default the error signatures of the facts; triage adds
 * every other log line of the report (reportLines, from the lines extraction read).
 *
 * @example
 * evaluateRules(facts, compileRules(ruleSet)).map((e) => e.rule.id) // => ['dm-sm-metadata-refcount-below-zero']
 */
export function evaluateRules(facts: Facts, compiled: CompiledRules, lines: readonly ReportLine[] = signatureLines(facts)): RuleEvaluation[] {
  const exact = new Map<number, Map<number, SignatureHit>>();
  const record = (ref: SignatureRef, hit: Omit<SignatureHit, 'signature'>): void => {
    let bySignature = exact.get(ref.rule);
    if (!bySignature) exact.set(ref.rule, (bySignature = new Map()));
    // First occurrence wins, except that a whole stack signature replaces one found in part.
    const before = bySignature.get(ref.signature);
    if (before === undefined || (before.credit ?? 1) < (hit.credit ?? 1)) bySignature.set(ref.signature, { signature: ref.signature, ...hit });
  };

  for (const line of lines) {
    const hit = { evidence: line.evidence, order: line.order, reportText: line.canonical };
    compiled.literals.search(line.canonical, (pattern) => {
      const refs = compiled.literalOwners[pattern]!;
      const owners = new Set(refs.map((ref) => ref.rule)).size;
      for (const ref of refs) record(ref, { ...hit, owners });
    });
    if (compiled.regexes) for (const ref of compiled.regexes.match(line.text)) record(ref, { ...hit, reportText: line.text });
  }
  const crashes = allCrashes(facts);
  crashes.forEach((crash, i) => {
    const order = facts.signatures.length + i;
    for (const title of [crash.title, ...crash.alt]) {
      const refs = compiled.crashTitles.get(title) ?? [];
      const owners = new Set(refs.map((ref) => ref.rule)).size;
      for (const ref of refs) record(ref, { evidence: crash.evidence, order, reportText: title, owners });
    }
  });

  findStackHits(facts, compiled, record);
  findBisectHits(facts, compiled, record);

  const near = findNearMisses(facts, crashes, compiled, exact);
  const touched = [...new Set([...exact.keys(), ...near.keys()])].sort((a, b) => a - b);
  const frames = frameEvidence(facts);
  return touched.map((index) => {
    const rule = compiled.bugs[index]!;
    const hits = [...(exact.get(index)?.values() ?? [])].sort((a, b) => a.order - b.order || a.signature - b.signature);
    const named = hits.length === 0 ? [] : namedFunctions(rule).flatMap((name) => {
      const found = frames.get(name);
      // A generated rule leans on the chain only (its record's frames were reliable ones, its lock lines no frames).
      return found === undefined || ((found.unsure || found.lock) && rule.origin === 'generated') ? [] : [{ name, ...found }];
    });
    return {
      rule,
      index,
      exact: hits,
      near: hits.length > 0 ? [] : (near.get(index) ?? []),
      conditions: evaluateConditions(rule.when, facts.config),
      namedFrames: named,
    };
  });
}

/**
 * Every function of every trace and lockdep lock list, with its first frame's evidence: a frame of
 * a chain before a lock site, a lock site before a `? f+0x..` frame.
 */
function frameEvidence(facts: Facts): Map<string, { evidence: Evidence; unsure: boolean; lock: boolean }> {
  const frames = new Map<string, { evidence: Evidence; unsure: boolean; lock: boolean }>();
  const rank = (found: { unsure: boolean; lock: boolean }): number => (found.unsure ? 2 : found.lock ? 1 : 0);
  for (const trace of facts.stacks) {
    for (const frame of trace.frames) {
      const found = { evidence: frame.evidence, unsure: frame.unreliable, lock: trace.locks === true };
      const known = frames.get(frame.function);
      if (known === undefined || rank(found) < rank(known)) frames.set(frame.function, found);
    }
  }
  return frames;
}

/**
 * `stack` signatures: every listed function in ONE trace (order free). A trace of a crash takes
 * the crash's order (root causes first); a trace without a crash header comes after every crash.
 *
 * Found in part: a signature of several functions of which at least half are in one trace, the
 * first one listed among them and distinctive (`cdrom_mrw_exit`, not `kthread`), is a hit with that
 * share as its credit. The first function is the one the writer leads with: where the fix is, or
 * the faulting function; callers after it are the path. The
 * writer lists the path the fix message describes; a reporter's trace loses frames to inlining,
 * tail calls and cuts (`sr_free_disk -> cdrom_mrw_exit` with `unregister_cdrom` tail-called away),
 * or reaches the same functions from another caller. A whole hit in another trace replaces it.
 *
 * A function found only as a `? f+0x..` frame of the trace counts UNSURE_FRAME_SHARE toward the
 * credit, for hand-written rules (`unsure`); a generated rule's functions must be in the chain.
 */
function findStackHits(facts: Facts, compiled: CompiledRules, record: (ref: SignatureRef, hit: Omit<SignatureHit, 'signature'>) => void): void {
  if (compiled.stackFunctions.size === 0) return;
  const stacks = facts.stacks;
  stacks.forEach((trace, i) => {
    // lockdep's lock sites are no call chain.
    if (trace.locks) return;
    // The chain's frames, then the functions found only as `? f+0x..` frames.
    const frames = new Map<string, Evidence>();
    const unsure = new Map<string, Evidence>();
    for (const frame of trace.frames) if (!frame.unreliable && !frames.has(frame.function)) frames.set(frame.function, frame.evidence);
    for (const frame of trace.frames) if (frame.unreliable && !frames.has(frame.function) && !unsure.has(frame.function)) unsure.set(frame.function, frame.evidence);
    const tried = new Set<StackSignature>();
    for (const name of [...frames.keys(), ...unsure.keys()]) {
      for (const candidate of compiled.stackFunctions.get(name) ?? []) {
        if (tried.has(candidate)) continue;
        if (!candidate.unsure && !frames.has(name)) continue;
        tried.add(candidate);
        const found = candidate.functions.filter((f) => frames.has(f) || (candidate.unsure && unsure.has(f)));
        const whole = found.length === candidate.functions.length;
        if (!whole && !(candidate.partial && 2 * found.length >= candidate.functions.length && found[0] === candidate.functions[0] && isDistinctiveFrame(candidate.functions[0]!))) continue;
        const unsureFound = found.filter((f) => !frames.has(f));
        const credit = (found.length - unsureFound.length + UNSURE_FRAME_SHARE * unsureFound.length) / candidate.functions.length;
        const order = trace.crashIndex === null ? facts.signatures.length + facts.crashes.length + i : facts.signatures.length + trace.crashIndex;
        record(candidate.ref, {
          evidence: frames.get(found[0]!) ?? unsure.get(found[0]!)!,
          order,
          reportText: found.join(' '),
          ...(credit < 1 ? { credit } : {}),
          ...(unsureFound.length > 0 ? { unsure: unsureFound } : {}),
        });
      }
    }
  });
}

/** `bisect` signatures: a sha the report's bisection names, compared by prefix (either may be abbreviated). */
function findBisectHits(facts: Facts, compiled: CompiledRules, record: (ref: SignatureRef, hit: Omit<SignatureHit, 'signature'>) => void): void {
  if (compiled.bisectCommits.size === 0) return;
  for (const bisect of facts.bisect) {
    const sha = bisect.commit.toLowerCase();
    // Fewer than 7 digits (git's shortest abbreviation) names no commit in a tree this size.
    if (!/^[0-9a-f]{7,40}$/.test(sha)) continue;
    // A 7-digit abbreviation cannot use the 12-digit key; scan then (reports with a bisect are few).
    const candidates = sha.length >= BISECT_KEY_LENGTH ? (compiled.bisectCommits.get(sha.slice(0, BISECT_KEY_LENGTH)) ?? []) : [...compiled.bisectCommits.values()].flat();
    for (const { sha: ruleSha, ref } of candidates) {
      if (!ruleSha.startsWith(sha) && !sha.startsWith(ruleSha)) continue;
      record(ref, { evidence: bisect.evidence, order: 0, reportText: bisect.commit });
    }
  }
}

/** facts.crashes, with facts.crash first when an extractor left it out of the list. */
function allCrashes(facts: Facts): CrashReport[] {
  if (facts.crash === null || facts.crashes.includes(facts.crash)) return facts.crashes;
  return [facts.crash, ...facts.crashes];
}

function findNearMisses(
  facts: Facts,
  crashes: CrashReport[],
  compiled: CompiledRules,
  exact: ReadonlyMap<number, unknown>,
): Map<number, NearHit[]> {
  const near = new Map<number, NearHit[]>();
  const skip = (ref: SignatureRef) => exact.has(ref.rule);
  const add = (ref: SignatureRef, hit: Omit<NearHit, 'signature'>): void => {
    const list = near.get(ref.rule) ?? [];
    if (!list.some((h) => h.signature === ref.signature)) list.push({ signature: ref.signature, ...hit });
    near.set(ref.rule, list);
  };
  facts.signatures.slice(0, MAX_FUZZY_LINES).forEach((line, order) => {
    for (const found of compiled.fuzzy.search(line.canonical, logGroup(line.canonical), skip).slice(0, MAX_FUZZY_PER_LINE)) {
      add(found.value, { evidence: line.evidence, order, reportText: line.canonical, similarity: found.similarity });
    }
  });
  crashes.forEach((crash, i) => {
    const order = facts.signatures.length + i;
    for (const found of compiled.fuzzy.search(crash.title, crashGroup(crash.title), skip).slice(0, MAX_FUZZY_PER_LINE)) {
      add(found.value, { evidence: crash.evidence, order, reportText: crash.title, similarity: found.similarity });
    }
  });
  for (const list of near.values()) list.sort((a, b) => b.similarity - a.similarity || a.order - b.order);
  return near;
}
