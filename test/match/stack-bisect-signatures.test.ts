import { normalizeFunctionName } from '../../src/extract/index.js';
import { compileRules, evaluateRules, rankMatches } from '../../src/match/index.js';
import type { BisectFact, Evidence, Facts, StackTrace } from '../../src/model.js';
import { parseWithFacts, ruleFileText, validBug } from '../rules/support/rule-text.js';

const evidence = (quote: string, line = 0): Evidence => ({ part: 'body', index: 0, line, start: 0, end: quote.length, quote });

function trace(names: string[], crashIndex: number | null = null): StackTrace {
  return {
    frames: names.map((name, line) => ({ function: normalizeFunctionName(name), module: null, source: null, inline: false, unreliable: false, evidence: evidence(name, line) })),
    crashIndex,
    truncated: false,
  };
}

function facts(stacks: StackTrace[], bisect: BisectFact[] = []): Facts {
  return {
    kernel: { running: null, failing: [], working: [], mentioned: [], distro: null },
    signatures: [],
    config: {},
    missing: [],
    crash: null,
    crashes: [],
    stacks,
    bisect,
  };
}

/** One rule with the given signatures (and an optional introducing commit), parsed like a rule file. */
function compiledWith(signatures: unknown[], introduced?: string) {
  const bug = validBug('xfs-iwalk');
  bug.signatures = signatures;
  bug.when = {};
  if (introduced !== undefined) bug.affected = { introduced: { commit: introduced }, fixed: { mainline: '3.14-rc6' } };
  const parsed = parseWithFacts(ruleFileText([bug]));
  expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
  return compileRules(parsed.ruleSet);
}

const STACK = { stack: ['xfs_iwalk_run_callbacks', 'xfs_iwalk_ag', 'xfs_iwalk'] };

describe('stack signatures', () => {
  // Each row: the traces of a report, and whether the rule's stack signature matches.
  it.each<[string, StackTrace[], boolean]>([
    ['all functions in one trace, in order', [trace(['xfs_iwalk_run_callbacks', 'xfs_iwalk_ag', 'xfs_iwalk', 'xfs_bulkstat'])], true],
    // order is free: the reporter's trace shape may list callers first (crash(8)) or last
    ['all functions, another order', [trace(['xfs_iwalk', 'kthread', 'xfs_iwalk_ag', 'xfs_iwalk_run_callbacks'])], true],
    // frames written with clone suffixes and offsets are the same functions
    ['clone suffixes in the trace', [trace(['xfs_iwalk_run_callbacks.isra.0+0x1c/0x2f0', 'xfs_iwalk_ag.constprop.3', 'xfs_iwalk.cold'])], true],
    // split over two traces of one report: not one trace, so no match
    ['functions split over two traces', [trace(['xfs_iwalk_run_callbacks', 'xfs_iwalk_ag']), trace(['xfs_iwalk'])], false],
    ['one function missing', [trace(['xfs_iwalk_run_callbacks', 'xfs_iwalk_ag', 'xfs_bulkstat'])], false],
    ['no traces', [], false],
  ])('%s', (_name, stacks, matches) => {
    const evaluations = evaluateRules(facts(stacks), compiledWith([STACK]));
    expect(evaluations.some((e) => e.exact.length > 0)).toBe(matches);
  });

  it('gives a confident match whose reason names the signature and whose evidence is a frame line', () => {
    const report = facts([trace(['xfs_iwalk_run_callbacks', 'xfs_iwalk_ag', 'xfs_iwalk'], null)]);
    const [top] = rankMatches(evaluateRules(report, compiledWith([STACK])), report);
    expect(top?.confident).toBe(true);
    expect(top?.match.reasons[0]).toBe('stack signature `xfs_iwalk_run_callbacks, xfs_iwalk_ag, xfs_iwalk` found');
    expect(top?.match.evidence[0]?.quote).toBe('xfs_iwalk_run_callbacks');
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
