import { compileRules, evaluateRules, hashText, signatureTables } from '../../src/match/index.js';
import { selectPlaybooks } from '../../src/plan/index.js';
import type { Facts, LogSignature } from '../../src/model.js';
import type { RuleSet } from '../../src/rules/index.js';
import { fixtureRuleSet } from '../triage/support.js';
import { factsWith, logLine } from '../support/facts-with.js';

const signature = (text: string, canonical = text): LogSignature => logLine(text, 0, canonical);

function facts(lines: string[]): Facts {
  return factsWith({ signatures: lines.map((line) => signature(line)) });
}

describe('compileRules', () => {
  it('finds literal signatures as substrings of canonical lines, one automaton for all rules', () => {
    const compiled = compileRules(fixtureRuleSet());
    const evaluations = evaluateRules(facts(['device-mapper: space map common: unable to decrement a reference count below <N> (extra words)']), compiled);
    expect(evaluations.map((e) => e.rule.id)).toEqual(['refcount-below-zero']);
    expect(evaluations[0]!.exact.map((h) => h.signature)).toEqual([0]);
  });

  it('shares one pattern between rules that use the same canonical line', () => {
    const base = fixtureRuleSet();
    const twin = { ...base.bugs[0]!, id: 'refcount-twin' };
    const compiled = compileRules({ ...base, bugs: [...base.bugs, twin] });
    const ids = evaluateRules(facts(['device-mapper: space map common: unable to decrement a reference count below <N>']), compiled).map((e) => e.rule.id);
    expect(ids).toEqual(['refcount-below-zero', 'refcount-twin']);
  });

  it('reports a regex RE2 refuses instead of throwing, and keeps the other rules working', () => {
    const base = fixtureRuleSet();
    const broken: RuleSet = {
      ...base,
      bugs: [...base.bugs, { ...base.bugs[2]!, id: 'broken-regex', signatures: [{ kind: 'regex', pattern: '(?<=x)lookbehind|(a', text: '', weight: 1 }] }],
    };
    const compiled = compileRules(broken);
    expect(compiled.problems).toEqual([expect.objectContaining({ ruleId: 'broken-regex', signature: 0 })]);
    const ids = evaluateRules(facts(['nvme nvme0: I/O 5 QID 1 timeout, aborting']), compiled).map((e) => e.rule.id);
    expect(ids).toEqual(['nvme-timeout-regex']);
  });

  it('compiles from a precomputed signature index without reading any rule\'s signatures, only for the list it was built for', () => {
    const base = fixtureRuleSet();
    const tables = signatureTables(base.bugs);
    // JSON-shaped (the precompiled form stores it) and deterministic.
    expect(JSON.parse(JSON.stringify(tables))).toEqual(signatureTables(base.bugs));
    // Rules whose signatures throw when read: the index must be all compileRules reads of them.
    const sealed = base.bugs.map((bug) => Object.defineProperty({ ...bug }, 'signatures', { get: () => { throw new Error(`read the signatures of ${bug.id}`); }, enumerable: true }));
    const fromIndex = compileRules({ ...base, bugs: sealed }, { signatureTables: { bugs: sealed, tables } });
    const walked = compileRules(base);
    const shape = (c: ReturnType<typeof compileRules>) => JSON.stringify([c.literalOwners, [...c.crashTitles], [...c.stackFunctions], [...c.bisectCommits], c.literals.size, c.problems, c.fuzzy.tables()]);
    expect(shape(fromIndex)).toBe(shape(walked));
    const lines = ['device-mapper: space map common: unable to decrement a reference count below <N>'];
    expect(evaluateRules(facts(lines), fromIndex).map((e) => [e.rule.id, e.exact.map((h) => h.signature)])).toEqual(evaluateRules(facts(lines), walked).map((e) => [e.rule.id, e.exact.map((h) => h.signature)]));
    // Built for another list (one rule fewer): ignored, the rules are read.
    const fewer = { ...base, bugs: base.bugs.slice(1) };
    expect(shape(compileRules(fewer, { signatureTables: { bugs: base.bugs, tables } }))).toBe(shape(compileRules(fewer)));
  });

  it('runs regexes without a required literal through an RE2 set, with linear time on hostile lines', () => {
    const base = fixtureRuleSet();
    const hostile: RuleSet = {
      ...base,
      bugs: [{ ...base.bugs[2]!, id: 'catastrophic', signatures: [{ kind: 'regex', pattern: '(a+)+$', text: '', weight: 1 }] }],
    };
    const compiled = compileRules(hostile);
    // A backtracking engine would take minutes on this line; RE2 answers at once.
    expect(evaluateRules(facts([`${'a'.repeat(5000)}!`]), compiled)).toEqual([]);
    expect(evaluateRules(facts(['aaaa']), compiled).map((e) => e.rule.id)).toEqual(['catastrophic']);
  });

  it('finds a regex whose required literals are alternatives by any of them, once per line', () => {
    const base = fixtureRuleSet();
    const alternatives: RuleSet = {
      ...base,
      bugs: [{ ...base.bugs[2]!, id: 'either-caller', signatures: [{ kind: 'regex', pattern: '(?:nvme_uring_cmd_io|blk_rq_map_user_iov)\\+0x', text: '', weight: 1 }] }],
    };
    const compiled = compileRules(alternatives);
    const hits = (line: string) => compiled.regexes!.match(line).map((ref) => ref.rule);
    expect(hits('RIP: nvme_uring_cmd_io+0x1c/0x90')).toEqual([0]);
    expect(hits('blk_rq_map_user_iov+0x2f0/0x3c0')).toEqual([0]);
    expect(hits('nvme_uring_cmd_io blk_rq_map_user_iov+0x2f0/0x3c0')).toEqual([0]);
    expect(hits('nvme_uring_cmd_io() returned -22')).toEqual([]);
  });
});

describe('selectPlaybooks', () => {
  const ruleSet = fixtureRuleSet();

  it('chooses by signature prefix, root-cause line first', () => {
    const chosen = selectPlaybooks(facts(['WARNING: CPU: 1 PID: 2 at x.c:1 f+0x1/0x2', 'device-mapper: thin: <DEV>: switching pool to read-only mode']), ruleSet.playbooks, []);
    expect(chosen.map((c) => c.playbook.id)).toEqual(['any-oops', 'dm-thin']);
  });

  it('chooses by the subsystem of a possible match', () => {
    const chosen = selectPlaybooks(facts([]), ruleSet.playbooks, ['device-mapper/thin']);
    expect(chosen.map((c) => [c.playbook.id, c.reason])).toEqual([['dm-thin', 'a possibly matching known bug is in device-mapper/thin']]);
  });

  it('lets a family\'s generic playbook give way to its specific one (no step asked twice)', () => {
    const dmThin = ruleSet.playbooks.find((p) => p.id === 'dm-thin')!;
    const generic = { ...dmThin, id: 'device-mapper', subsystems: ['device-mapper'], signaturePrefixes: ['device-mapper:'] };
    const playbooks = [...ruleSet.playbooks, generic];
    const thinLine = facts(['device-mapper: thin: <DEV>: switching pool to read-only mode']);
    expect(selectPlaybooks(thinLine, playbooks, []).map((c) => c.playbook.id)).toEqual(['dm-thin']);
    // alone, the generic one is chosen as before
    expect(selectPlaybooks(facts(['device-mapper: table: 253:3: linear: dm-linear: Device lookup failed']), playbooks, []).map((c) => c.playbook.id)).toEqual(['device-mapper']);
  });

  it('chooses nothing for an unrelated report', () => {
    expect(selectPlaybooks(facts(['usb 1-1: device descriptor read/64, error -71']), ruleSet.playbooks, [])).toEqual([]);
  });
});

describe('hashText', () => {
  it('is FNV-1a 64 (two lanes), stable and sensitive to every character', () => {
    expect(hashText('')).toBe('811c9dc5050c5d1f');
    expect(hashText('plan')).toBe(hashText('plan'));
    expect(hashText('plan a')).not.toBe(hashText('plan b'));
    expect(hashText('ab')).not.toBe(hashText('ba'));
  });
});
