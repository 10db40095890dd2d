import { compileRules, MAX_NAMED_OTHERS, testRuleExamples, type ExampleFinding } from '../../src/match/index.js';
import { parseRuleFiles, type RuleSet } from '../../src/rules/index.js';
import { fixtureRuleSet } from '../triage/support.js';

const REFCOUNT_LINE = '[101754.726823] device-mapper: space map common: unable to decrement a reference count below 0';
const READ_ONLY_LINE = '[ 1.0] device-mapper: thin: 253:6: switching pool to read-only mode';
const LOW_WATER_LINE = '[ 1.0] device-mapper: thin: 253:6: reached low water mark for data device: sending event.';

/** A rule file of `bugs:` entries, each given as its id, signatures and examples (YAML snippets). */
function bug(id: string, signatures: string, match: string[], noMatch: string[], extra = ''): string {
  const list = (items: string[]) => items.map((item) => `\n        - ${JSON.stringify(item)}`).join('');
  return `  - id: ${id}
    title: "${id}"
    subsystem: device-mapper/thin
    links: [https://example.org/${id}]
    signatures:
${signatures}
${extra}    fix:
      - commit: cebc2de44d3bce53e46476e774126c298ca2c8a9
        subject: "made-up"
    examples:
      match:${list(match)}
      no_match:${list(noMatch)}
`;
}

function ruleSet(text: string): RuleSet {
  const parsed = parseRuleFiles([{ path: 'rules.yml', text }]);
  const errors = parsed.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new Error(`test rules have errors: ${JSON.stringify(errors)}`);
  return parsed.ruleSet;
}

const brief = (findings: ExampleFinding[]) => findings.map((f) => `${f.ruleId} ${f.example.kind}[${f.example.index}] ${f.kind}: ${f.message}`);

const REFCOUNT_SIGNATURE = '      - log: "device-mapper: space map common: unable to decrement a reference count below 0"';
const READ_ONLY_SIGNATURE = '      - log: "device-mapper: thin: <DEV>: switching pool to read-only mode"';

describe('testRuleExamples', () => {
  it('passes the fixture rule set; its deliberately weak rule is possible-only, and says so in a note', () => {
    expect(brief(testRuleExamples(compileRules(fixtureRuleSet())))).toEqual([
      // the fixture's refcount rule lists a consequence line its one example does not show
      'refcount-below-zero signature[1] note: the log signature `device-mapper: thin: 253:6: dm_thin_insert_block() failed: error = -22` is exercised by no match example: add an example that shows it, or remove it',
      'read-only-switch-weak match[0] note: possible-only rule: its written signatures weigh 0.3 < 0.5 together and it has no `when` condition, so no report can match it confidently; its match examples were checked for a possible match (raise a weight or add a condition if that is not intended)',
    ]);
  });

  it.each([
    // A positive example without any of the rule's lines.
    ['a match example that does not match', bug('refcount', REFCOUNT_SIGNATURE, [LOW_WATER_LINE], [READ_ONLY_LINE]), ['refcount match[0] failure: does not match the rule']],
    // A negative example that holds the rule's own line.
    ['a no_match example that matches', bug('refcount', REFCOUNT_SIGNATURE, [REFCOUNT_LINE], [REFCOUNT_LINE]), ['refcount no_match[0] failure: matches the rule (log signature `device-mapper: space map common: unable to decrement a reference count below <N>` found): make a signature']],
    // A rule that could be confident (its signatures weigh 0.8 together) but whose example holds
    // only its weak line (a consequence other bugs print too): a possible match is not enough.
    ['a match example that gives only a possible match', bug('refcount', `${REFCOUNT_SIGNATURE}\n        weight: 0.4\n${READ_ONLY_SIGNATURE}\n        weight: 0.4`, [REFCOUNT_LINE], [LOW_WATER_LINE]), ['refcount match[0] failure: does not match the rule confidently, only as a possible match: only weak signatures matched (total weight 0.4 < 0.5)']],
    // A possible-only rule (0.4 in all, no condition) cannot be confident: its example is checked
    // for a possible match and the rule gets a note saying so.
    ['a possible-only rule', bug('refcount', `${REFCOUNT_SIGNATURE}\n        weight: 0.4`, [REFCOUNT_LINE], [LOW_WATER_LINE]), ['refcount match[0] note: possible-only rule: its written signatures weigh 0.4 < 0.5 together']],
    // The bisect signature `affected.introduced.commit` implies is not counted in the figure: the
    // rule is possible-only for what its author wrote, and "weighs 1.4 < 0.5" read as a contradiction.
    ['a possible-only rule with an introducing commit', bug('refcount', `${REFCOUNT_SIGNATURE}\n        weight: 0.4`, [REFCOUNT_LINE], [LOW_WATER_LINE], '    affected:\n      introduced: { commit: 5b564d80f8bc, version: "3.12-rc1" }\n'), ['refcount match[0] note: possible-only rule: its written signatures weigh 0.4 < 0.5 together']],
    // A possible-only rule's example must still hold one of its lines.
    ['a possible-only rule whose example misses', bug('refcount', `${REFCOUNT_SIGNATURE}\n        weight: 0.4`, [LOW_WATER_LINE], [READ_ONLY_LINE]), ['refcount match[0] note: possible-only rule', 'refcount match[0] failure: does not match the rule']],
    // A negative example may not give even a possible match of its rule.
    ['a no_match example that gives a possible match', bug('refcount', `${REFCOUNT_SIGNATURE}\n        weight: 0.4\n${READ_ONLY_SIGNATURE}`, [READ_ONLY_LINE], [REFCOUNT_LINE]), ['refcount signature[0] note: the log signature `device-mapper: space map common: unable to decrement a reference count below 0` is exercised by no match example', 'refcount no_match[0] failure: possibly matches the rule (only weak signatures matched']],
    // Nor a near miss: the same subsystem's line, a few words off the signature.
    ['a no_match example that is a near miss', bug('refcount', REFCOUNT_SIGNATURE, [REFCOUNT_LINE], ['[ 1.0] device-mapper: space map common: unable to increment a reference count above 0']), ['refcount no_match[0] failure: possibly matches the rule (near miss']],
    // Prose around the line does not hide it; a log line in a journalctl prefix still counts.
    ['a journalctl-prefixed positive example', bug('refcount', REFCOUNT_SIGNATURE, [`We saw this:\nJan 14 06:36:23 host kernel: ${REFCOUNT_LINE}`], [LOW_WATER_LINE]), []],
  ])('%s', (_name, rules, expected) => {
    const findings = brief(testRuleExamples(compileRules(ruleSet(`bugs:\n${rules}`))));
    expect(findings).toHaveLength(expected.length);
    expected.forEach((start, i) => expect(findings[i]).toMatch(new RegExp(`^${start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)));
  });

  it('reports another rule that outranks an example (failure) and one ranked below it (note)', () => {
    const rules = ruleSet(
      `bugs:\n${bug('greedy', '      - log: "device-mapper: thin: 253:6: switching pool to read-only mode"', [READ_ONLY_LINE], [LOW_WATER_LINE])}${bug(
        'overlap',
        `${READ_ONLY_SIGNATURE}\n      - log: "device-mapper: thin: <DEV>: switching pool"\n        weight: 0.5`,
        [READ_ONLY_LINE.replace('253:6', '253:9')],
        [LOW_WATER_LINE],
      )}`,
    );
    const findings = testRuleExamples(compileRules(rules));
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: 'greedy', example: { kind: 'match', index: 0 }, kind: 'failure', message: expect.stringMatching(/^rule overlap matches it too and ranks above this rule \(score [\d.]+ vs [\d.]+\)$/) }),
      expect.objectContaining({ ruleId: 'overlap', example: { kind: 'match', index: 0 }, kind: 'note', message: 'rule greedy matches it too, ranked below this rule' }),
    ]);
    // The location is the rule's, for adapters to point at.
    expect(findings[0]!.source).toEqual({ file: 'rules.yml', line: 2, col: 5 });
  });

  it('notes another rule that only possibly matches a positive example', () => {
    const rules = ruleSet(
      `bugs:\n${bug('refcount', REFCOUNT_SIGNATURE, [`${REFCOUNT_LINE}\n${READ_ONLY_LINE}`], [LOW_WATER_LINE])}${bug('read-only', `${READ_ONLY_SIGNATURE}\n        weight: 0.3`, [READ_ONLY_LINE], [LOW_WATER_LINE])}`,
    );
    expect(brief(testRuleExamples(compileRules(rules)))).toEqual([
      expect.stringMatching(/^refcount match\[0\] note: rule read-only possibly matches it too \(only weak signatures matched .*\), ranked below this rule$/),
      // read-only (0.3, no condition) can only ever give a possible match: a note, not a failure.
      expect.stringMatching(/^read-only match\[0\] note: possible-only rule/),
    ]);
  });

  it('runs only the selected rules, each example still meeting the whole rule set', () => {
    const rules = ruleSet(`bugs:\n${bug('broken', REFCOUNT_SIGNATURE, [LOW_WATER_LINE], [READ_ONLY_LINE])}${bug('greedy', READ_ONLY_SIGNATURE, [READ_ONLY_LINE], [REFCOUNT_LINE])}`);
    const compiled = compileRules(rules);
    // broken's failing example is not run; greedy's negative example holds broken's line, which is no problem of greedy's.
    expect(testRuleExamples(compiled, { select: (b) => b.id === 'greedy' })).toEqual([]);
    expect(brief(testRuleExamples(compiled, { select: (b) => b.id === 'broken' }))).toEqual([expect.stringMatching(/^broken match\[0\] failure: does not match the rule/)]);
  });

  it("reads the examples with the rule set's facts, or the vocabulary given: a fact an example states can rule its rule out", () => {
    const facts = `facts:
  - id: thin_pool
    description: A dm-thin pool is in the stack
    type: boolean
    patterns:
      - value: false
        phrases: ["no thin pool"]
`;
    const rules = ruleSet(`${facts}bugs:\n${bug('refcount', REFCOUNT_SIGNATURE, [REFCOUNT_LINE], [`There is no thin pool here.\n${REFCOUNT_LINE}`], '    when:\n      thin_pool: true\n')}`);
    const compiled = compileRules(rules);
    // By default the rule set's own facts: the negative example says there is no thin pool.
    expect(testRuleExamples(compiled)).toEqual([]);
    // Without a vocabulary the fact stays unknown and the negative example matches the rule.
    expect(brief(testRuleExamples(compiled, { vocabulary: [] }))).toEqual([expect.stringMatching(/^refcount no_match\[0\] failure/)]);
  });
});

describe("the maintainer's loop: signatures the examples never exercise", () => {
  const OOPS = [
    '[  100.000001] WARNING: CPU: 1 PID: 2120 at fs/xfs/xfs_inode.c:1843 xfs_iunlink_lookup+0x45/0x60 [xfs]',
    '[  100.000004] RIP: 0010:xfs_iunlink_lookup+0x45/0x60 [xfs]',
    '[  100.000005] Call Trace:',
    '[  100.000007]  xfs_iunlink_reload_next+0x1a/0x80 [xfs]',
    '[  100.000008]  xfs_iunlink_remove+0x40/0x100 [xfs]',
    '[  100.000009]  xfs_ifree+0x50/0x300 [xfs]',
    '[  100.000012]  xfs_inodegc_worker+0x80/0x140 [xfs]',
    '[  100.000013]  process_one_work+0x1d0/0x3e0',
    '[  100.000015]  kthread+0xe5/0x120',
  ].join('\n');
  const LINE = '[  100.000000] XFS (sda1): Internal error xfs_iunlink_lookup at line 1843 of file fs/xfs/xfs_inode.c';
  const signaturesFor = (crash: string) => `      - crash: "${crash}"\n      - log: "XFS (sda1): Internal error xfs_iunlink_lookup at line 1843"\n      - stack: [xfs_iunlink_remove, xfs_inodegc_worker]`;
  const findings = (crash: string, match: string[]): ExampleFinding[] =>
    testRuleExamples(compileRules(ruleSet(`bugs:\n${bug('iunlink', signaturesFor(crash), match, [LOW_WATER_LINE])}`))).filter((f) => f.example.kind === 'signature');

  // Each row: the rule's crash title, its match examples, and the signature findings (kind, signature index, message start).
  it.each<[string, string, string[], Array<[string, number, string]>]>([
    // every signature shown by the one example: nothing to say
    ['all exercised', 'WARNING in xfs_iunlink_lookup', [`${LINE}\n${OOPS}`], []],
    // the log line is in no example
    ['a log signature no example shows', 'WARNING in xfs_iunlink_lookup', [OOPS], [['note', 1, 'the log signature `XFS (sda1): Internal error xfs_iunlink_lookup at line 1843` is exercised by no match example']]],
    // the rule names a title the extractor never gives for its own crash: a failure that shows the title it gives
    ['a crash title the extractor never gives', 'WARNING in xfs_iunlink_remove', [`${LINE}\n${OOPS}`], [['failure', 0, 'the crash signature `WARNING in xfs_iunlink_remove` can never match: ktriage titles the crash of match example 1 `WARNING in xfs_iunlink_lookup`']]],
    // the example's oops is cut before its RIP and trace: the title cannot be checked, the example needs the whole oops
    ['an example whose trace is cut', 'general protection fault in xfs_iunlink_lookup', [`${LINE}\n[  100.000001] general protection fault, probably for non-canonical address 0xdffffc0000000000: 0000 [#1] PREEMPT SMP KASAN`], [['note', 0, 'the crash signature `general protection fault in xfs_iunlink_lookup` is not checked: match example 1\'s crash comes out as `general protection fault in corrupted`'], ['note', 2, 'the stack signature']]],
  ])('%s', (_name, crash, match, expected) => {
    const got = findings(crash, match).map((f) => [f.kind, f.example.index, f.message]);
    expect(got).toHaveLength(expected.length);
    expected.forEach(([kind, index, start], i) => {
      expect(got[i]![0]).toBe(kind);
      expect(got[i]![1]).toBe(index);
      expect(got[i]![2]).toContain(start);
    });
  });

  it('names up to MAX_NAMED_OTHERS other rules per example and counts the rest in one finding (a pack of rules sharing one line)', () => {
    const count = MAX_NAMED_OTHERS + 15;
    const ids = Array.from({ length: count }, (_, i) => `shared-${String(i).padStart(2, '0')}`);
    const text = `bugs:\n${ids.map((id) => bug(id, REFCOUNT_SIGNATURE, [REFCOUNT_LINE], [LOW_WATER_LINE])).join('')}`;
    const findings = testRuleExamples(compileRules(ruleSet(text)));
    for (const id of ids) {
      const own = findings.filter((f) => f.ruleId === id && f.example.kind === 'match' && f.example.index === 0);
      // every other rule is counted once: named, or in the one summary finding
      expect(own).toHaveLength(MAX_NAMED_OTHERS + 1);
      const summary = own[own.length - 1]!;
      const counted = Number(/^(\d+) more rules/.exec(summary.message)?.[1]);
      const below = Number(/\((\d+) more below\)/.exec(summary.message)?.[1] ?? 0);
      expect(counted + below).toBe(count - 1 - MAX_NAMED_OTHERS);
    }
    // equal rules tie: all but the first ranked rule see another above them, and fail
    expect(new Set(findings.filter((f) => f.kind === 'failure').map((f) => f.ruleId)).size).toBe(count - 1);
  });
});
