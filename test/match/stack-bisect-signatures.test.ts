import { canonicalizeLogLine, normalizeFunctionName } from '../../src/extract/index.js';
import { compileRules, evaluateRules, rankMatches } from '../../src/match/index.js';
import type { BisectFact, Facts, StackTrace } from '../../src/model.js';
import { factsWith, quoteAt } from '../support/facts-with.js';
import { parseWithFacts, ruleFileText, validBug } from '../rules/support/rule-text.js';

const evidence = quoteAt;

/** A trace of the named frames; a name written `? f` is a frame the unwinder was unsure of. */
function trace(names: string[], crashIndex: number | null = null): StackTrace {
  return {
    frames: names.map((name, line) => ({ function: normalizeFunctionName(name.replace(/^\? /, '')), module: null, source: null, inline: false, unreliable: name.startsWith('? '), evidence: evidence(name, line) })),
    crashIndex,
    truncated: false,
  };
}

function facts(stacks: StackTrace[], bisect: BisectFact[] = []): Facts {
  return factsWith({ stacks, bisect });
}

/** One rule with the given signatures (and an optional introducing commit), parsed like a rule file. */
function compiledWith(signatures: unknown[], introduced?: string, more: Record<string, unknown> = {}) {
  const bug = { ...validBug('xfs-iwalk'), ...more };
  bug.signatures = signatures;
  bug.when = {};
  if (introduced !== undefined) bug.affected = { introduced: { commit: introduced }, fixed: { mainline: '3.14-rc6' } };
  const parsed = parseWithFacts(ruleFileText([bug]));
  expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
  return compileRules(parsed.ruleSet);
}

const STACK = { stack: ['xfs_iwalk_run_callbacks', 'xfs_iwalk_ag', 'xfs_iwalk'] };

describe('stack signatures', () => {
  // Each row: the traces of a report, and the share of the rule's stack signature found (0: no hit).
  it.each<[string, StackTrace[], number]>([
    ['all functions in one trace, in order', [trace(['xfs_iwalk_run_callbacks', 'xfs_iwalk_ag', 'xfs_iwalk', 'xfs_bulkstat'])], 1],
    // order is free: the reporter's trace shape may list callers first (crash(8)) or last
    ['all functions, another order', [trace(['xfs_iwalk', 'kthread', 'xfs_iwalk_ag', 'xfs_iwalk_run_callbacks'])], 1],
    // frames written with clone suffixes and offsets are the same functions
    ['clone suffixes in the trace', [trace(['xfs_iwalk_run_callbacks.isra.0+0x1c/0x2f0', 'xfs_iwalk_ag.constprop.3', 'xfs_iwalk.cold'])], 1],
    // split over two traces of one report: the larger part counts, never the whole
    ['functions split over two traces', [trace(['xfs_iwalk_run_callbacks', 'xfs_iwalk_ag']), trace(['xfs_iwalk'])], 2 / 3],
    // a caller inlined or tail-called away: found in part, the lead function among what is there
    ['one caller missing', [trace(['xfs_iwalk_run_callbacks', 'xfs_iwalk_ag', 'xfs_bulkstat'])], 2 / 3],
    // the lead function (where the writer says the fix is) missing: the callers alone are any path through them
    ['the lead function missing', [trace(['xfs_iwalk_ag', 'xfs_iwalk', 'xfs_bulkstat'])], 0],
    // less than half of the functions
    ['only the lead function of three', [trace(['xfs_iwalk_run_callbacks', 'xfs_bulkstat'])], 0],
    // a whole hit in a later trace wins over a part in an earlier one
    ['a part, then the whole', [trace(['xfs_iwalk_run_callbacks', 'xfs_iwalk_ag']), trace(['xfs_iwalk_run_callbacks', 'xfs_iwalk_ag', 'xfs_iwalk'])], 1],
    ['no traces', [], 0],
    // a function found only as a `? ` frame (the unwinder was unsure of it) counts half
    ['one function only as a `? ` frame', [trace(['xfs_iwalk_run_callbacks', '? xfs_iwalk_ag', 'xfs_iwalk'])], (2 + 0.5) / 3],
    ['the same function on the chain too', [trace(['xfs_iwalk_run_callbacks', '? xfs_iwalk_ag', 'xfs_iwalk_ag', 'xfs_iwalk'])], 1],
    // found in part through a `? ` frame: the lead function and one half-counted caller
    ['in part, a caller only as a `? ` frame', [trace(['xfs_iwalk_run_callbacks', '? xfs_iwalk_ag', 'xfs_bulkstat'])], 1.5 / 3],
    ['every function only as a `? ` frame', [trace(['? xfs_iwalk_run_callbacks', '? xfs_iwalk_ag', '? xfs_iwalk'])], 0.5],
  ])('%s', (_name, stacks, share) => {
    const hits = evaluateRules(facts(stacks), compiledWith([STACK])).flatMap((e) => e.exact);
    expect(hits.map((hit) => hit.credit ?? 1)).toEqual(share === 0 ? [] : [share]);
  });

  it('gives a confident match whose reason names the signature and whose evidence is a frame line', () => {
    const report = facts([trace(['xfs_iwalk_run_callbacks', 'xfs_iwalk_ag', 'xfs_iwalk'], null)]);
    const [top] = rankMatches(evaluateRules(report, compiledWith([STACK])), report);
    expect(top?.confident).toBe(true);
    expect(top?.match.reasons[0]).toBe('stack signature `xfs_iwalk_run_callbacks, xfs_iwalk_ag, xfs_iwalk` found');
    expect(top?.match.evidence[0]?.quote).toBe('xfs_iwalk_run_callbacks');
  });

  it('weighs a stack signature found in part by the share found, and says what was found', () => {
    const report = facts([trace(['xfs_iwalk_run_callbacks', 'xfs_iwalk_ag', 'xfs_bulkstat'])]);
    // 2 of 3 functions of a full-weight signature: 0.667, confident
    const [whole] = rankMatches(evaluateRules(report, compiledWith([STACK])), report);
    expect(whole?.confident).toBe(true);
    expect(whole?.match.reasons).toContain('stack signature `xfs_iwalk_run_callbacks, xfs_iwalk_ag, xfs_iwalk` found in part: `xfs_iwalk_run_callbacks xfs_iwalk_ag` in one call trace (credit 0.667 of weight 1)');
    // ... of a 0.7 signature: 0.467, a possible match
    const [weaker] = rankMatches(evaluateRules(report, compiledWith([{ ...STACK, weight: 0.7 }])), report);
    expect(weaker?.confident).toBe(false);
  });

  it('says which functions were found only as `? ` frames', () => {
    const report = facts([trace(['xfs_iwalk_run_callbacks', '? xfs_iwalk_ag', 'xfs_iwalk'])]);
    const [top] = rankMatches(evaluateRules(report, compiledWith([STACK])), report);
    expect(top?.confident).toBe(true);
    expect(top?.match.reasons).toContain(
      'stack signature `xfs_iwalk_run_callbacks, xfs_iwalk_ag, xfs_iwalk` found: `xfs_iwalk_run_callbacks xfs_iwalk_ag xfs_iwalk` in one call trace, `xfs_iwalk_ag` only as `? ` frames (the unwinder was unsure they are part of the chain) (credit 0.833 of weight 1)',
    );
  });

  it('finds a generated rule\'s functions on the chain only: a stale `? ` address is no independent signature', () => {
    const provenance = { source: 'kernel-cves', record: 'CVE-2099-0001', snapshot: '2026-12-01', url: 'https://example.org/CVE-2099-0001' };
    const compiled = compiledWith([STACK], undefined, { origin: 'generated', provenance });
    expect(evaluateRules(facts([trace(['xfs_iwalk_run_callbacks', '? xfs_iwalk_ag', 'xfs_iwalk'])]), compiled)).toEqual([]);
    expect(evaluateRules(facts([trace(['xfs_iwalk_run_callbacks', 'xfs_iwalk_ag', 'xfs_iwalk'])]), compiled).flatMap((e) => e.exact)).toHaveLength(1);
  });

  it('finds no generated rule in part: an importer lists the top frames of one trace, and part of them is any path', () => {
    const provenance = { source: 'kernel-cves', record: 'CVE-2099-0001', snapshot: '2026-12-01', url: 'https://example.org/CVE-2099-0001' };
    const compiled = compiledWith([STACK], undefined, { origin: 'generated', provenance });
    expect(evaluateRules(facts([trace(['xfs_iwalk_run_callbacks', 'xfs_iwalk_ag'])]), compiled)).toEqual([]);
  });
});

describe('functions the fix names', () => {
  const weakLine = { log: 'XFS (sda): Corruption detected. Unmount and run xfs_repair', weight: 0.3 };
  const named = { title: 'xfs: iwalk loops forever', fix: [{ commit: 'a5336d6bb2d02d0e9d4d3c8be04b80b8b68d56c8', subject: 'xfs: fix the forward progress assertion in xfs_iwalk_run_callbacks' }] };
  const withLine = (stacks: StackTrace[]): Facts => ({
    ...facts(stacks),
    signatures: [{ text: 'XFS (sda): Corruption detected. Unmount and run xfs_repair', canonical: canonicalizeLogLine('XFS (sda): Corruption detected. Unmount and run xfs_repair'), subsystem: 'XFS', count: 1, evidence: evidence('XFS (sda): Corruption detected.'), severity: 'error' }],
  });

  it('corroborate another hit of the rule: a weak line plus the named function in the trace is confident', () => {
    const report = withLine([trace(['xfs_iwalk_run_callbacks', 'xfs_iwalk_ag'])]);
    const [top] = rankMatches(evaluateRules(report, compiledWith([weakLine], undefined, named)), report);
    expect(top?.confident).toBe(true);
    expect(top?.match.reasons).toContain("the fix names `xfs_iwalk_run_callbacks()`, found in the report's call trace (corroboration, weight 0.3)");
  });

  it('count half when found only as a `? ` frame: a weak line stays possible', () => {
    const report = withLine([trace(['? xfs_iwalk_run_callbacks', 'xfs_iwalk_ag'])]);
    const [top] = rankMatches(evaluateRules(report, compiledWith([weakLine], undefined, named)), report);
    expect(top?.confident).toBe(false);
    expect(top?.match.reasons).toContain("the fix names `xfs_iwalk_run_callbacks()`, found among the report's `? ` frames (the unwinder was unsure they are part of the chain) (corroboration, weight 0.15)");
    // ... and a frame of the chain wins over the `? ` one
    const both = withLine([trace(['? xfs_iwalk_run_callbacks', 'xfs_iwalk_ag']), trace(['xfs_iwalk_run_callbacks'])]);
    expect(rankMatches(evaluateRules(both, compiledWith([weakLine], undefined, named)), both)[0]?.confident).toBe(true);
  });

  it('are no match by themselves', () => {
    const report = facts([trace(['xfs_iwalk_run_callbacks', 'xfs_iwalk_ag'])]);
    expect(evaluateRules(report, compiledWith([weakLine], undefined, named))).toEqual([]);
  });

  it('do not count twice a function a hit of the rule already rests on (the author weighed that hit)', () => {
    const report = facts([trace(['xfs_iwalk_run_callbacks', 'xfs_iwalk_ag', 'xfs_bulkstat'])]);
    const [top] = rankMatches(evaluateRules(report, compiledWith([{ ...STACK, weight: 0.7 }], undefined, named)), report);
    expect(top?.confident).toBe(false);
    expect(top?.match.reasons.some((r) => r.startsWith('the fix names'))).toBe(false);
  });
});

describe('lockdep lock sites', () => {
  const weakLine = { log: 'XFS (sda): Corruption detected. Unmount and run xfs_repair', weight: 0.3 };
  const named = { title: 'xfs: iwalk loops forever', fix: [{ commit: 'a5336d6bb2d02d0e9d4d3c8be04b80b8b68d56c8', subject: 'xfs: fix the lock order in xfs_iwalk_run_callbacks' }] };
  const locks = (names: string[]): StackTrace => ({ ...trace(names), locks: true });
  const withLine = (stacks: StackTrace[]): Facts => ({
    ...facts(stacks),
    signatures: [{ text: weakLine.log, canonical: canonicalizeLogLine(weakLine.log), subsystem: 'XFS', count: 1, evidence: evidence(weakLine.log), severity: 'error' }],
  });

  it('are no call trace for stack signatures', () => {
    expect(evaluateRules(facts([locks(['xfs_iwalk_run_callbacks', 'xfs_iwalk_ag', 'xfs_iwalk'])]), compiledWith([STACK]))).toEqual([]);
  });

  it('name a function the fix names: full corroboration, said as a lock site', () => {
    const report = withLine([locks(['xfs_iwalk_run_callbacks', 'process_one_work'])]);
    const [top] = rankMatches(evaluateRules(report, compiledWith([weakLine], undefined, named)), report);
    expect(top?.confident).toBe(true);
    expect(top?.match.reasons).toContain("the fix names `xfs_iwalk_run_callbacks()`, found at a lock site of the report's lockdep output (it took a lock of the report) (corroboration, weight 0.3)");
  });
});

describe('bisect signatures', () => {
  const bisect = (commit: string): BisectFact => ({ commit, subject: null, evidence: evidence(`first bad commit: [${commit}]`) });

  // Each row: the sha the report bisected to, the rule's sha, whether they name the same commit.
  it.each<[string, string, string, boolean]>([
    ['full sha vs 12-digit rule sha', '5b564d80f8bc21094c0cd2b19b679d983aabcc29', '5b564d80f8bc', true],
    ['7-digit report sha vs full rule sha', '5b564d8', '5b564d80f8bc21094c0cd2b19b679d983aabcc29', true],
    ['12-digit both', '5b564d80f8bc', '5b564d80f8bc', true],
    ['another commit', '5b564d80f8bd', '5b564d80f8bc', false],
    // fewer than 7 digits name no commit of a tree this size
    ['only 6 digits reported', '5b564d', '5b564d80f8bc', false],
  ])('%s', (_name, reported, ruleSha, matches) => {
    const evaluations = evaluateRules(facts([], [bisect(reported)]), compiledWith([{ bisect: ruleSha.slice(0, Math.max(12, ruleSha.length)) }]));
    expect(evaluations.some((e) => e.exact.length > 0)).toBe(matches);
  });

  it("matches the rule's affected.introduced.commit as an implied bisect signature", () => {
    const report = facts([], [bisect('5b564d80f8bc21094c0cd2b19b679d983aabcc29')]);
    const compiled = compiledWith([STACK], '5b564d80f8bc');
    const [top] = rankMatches(evaluateRules(report, compiled), report);
    expect(top?.match.reasons[0]).toBe('the report bisects to `5b564d80f8bc21094c0cd2b19b679d983aabcc29`, the commit that introduced the bug (`5b564d80f8bc`)');
    expect(top?.confident).toBe(true);
  });
});
