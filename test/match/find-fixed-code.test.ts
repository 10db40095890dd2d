import { distinctiveModules, endsApart, fixedCodeHit, fixedModules, regexIdentifiers, ruleFunctions, sameFamily } from '../../src/match/find-fixed-code.js';
import { buildDescriptionIndex, compileRules, evaluateRules, rankMatches, reporterWords, type DescriptionPack } from '../../src/match/index.js';
import type { Facts, StackTrace } from '../../src/model.js';
import { explainPlan, planFromFacts } from '../../src/plan/index.js';
import { renderExplain } from '../../src/render/index.js';
import { parseWithFacts, ruleFileText, validBug } from '../rules/support/rule-text.js';
import { factsWith, logLine, quoteAt, runningKernel } from '../support/facts-with.js';

/*
 * RANKING.md "Corroboration": the report passes through the code the fix changed (a function of
 * the family of one the rule names, or the crash site in the module the fix is titled for). The
 * shapes are synthetic, after the real reports' kinds: a rule written from the race's other side
 * (`cache_seq_next_rcu`) and a report crashing in `cache_check_rcu`; a weak device line and a crash
 * in `[ublk_drv]` for a `ublk:` fix.
 */

const evidence = quoteAt;

function trace(frames: Array<[string, string | null]>, crashIndex: number | null = 0): StackTrace {
  return {
    frames: frames.map(([fn, module], i) => ({ function: fn, module, source: null, inline: false, unreliable: false, evidence: evidence(`${fn}+0x10/0x80`, 10 + i) })),
    crashIndex,
    truncated: false,
  };
}

function facts(options: { running?: string | null; stacks?: StackTrace[]; line?: string; config?: Facts['config'] } = {}): Facts {
  return factsWith({
    kernel: runningKernel(options.running === undefined ? '6.19.0-rc3+' : options.running),
    signatures: options.line === undefined ? [] : [{ ...logLine(options.line, 1), subsystem: 'block' }],
    config: options.config ?? {},
    stacks: options.stacks ?? [],
  });
}

describe('regexIdentifiers', () => {
  it.each([
    ['alternations multiplied out', '\\b(?:dd|bfq|kyber)_insert_requests\\+0x', ['dd_insert_requests', 'bfq_insert_requests', 'kyber_insert_requests', '0x']],
    ['nested groups', 'in (?:cache_seq_(?:start|next|stop)_rcu|e_show)\\b', ['in', 'cache_seq_start_rcu', 'cache_seq_next_rcu', 'cache_seq_stop_rcu', 'e_show']],
    ['an optional group', 'xfs_iread_extents(?:_level0)?\\+0x', ['xfs_iread_extents_level0', 'xfs_iread_extents', '0x']],
    ['escapes and classes end a name', 'RIP: [0-9a-f]{4}:nfs_netfs_init_request\\+0x', ['RIP', '0', '9a', 'f', '4', 'nfs_netfs_init_request', '0x']],
    ['a group with a quantifier inside names nothing whole', 'in (?:foo_bar+|baz_qux)_x now', ['in', 'now']],
    // a group that is no name, every branch of which ends apart from one: the name after it is read
    ['a register-line prefix group before the function', '^(?:pc : |RIP: [0-9a-f]+:)blk_mq_hctx_notify_online\\+0x', ['blk_mq_hctx_notify_online', '0x']],
    ['an optional word group before the function', 'rmap\\.h:\\d+ (?:at )?folio_add_file_rmap_ptes\\+0x', ['rmap', 'h', 'folio_add_file_rmap_ptes', '0x']],
    ['a branch ending in an escaped character', '(?:x\\+|y:)blk_fn', ['blk_fn']],
    // a branch that may end inside a name (a class, a quantifier) joins it: the name after it is unknown
    ['a group ending in a class is part of the name', '(?:a |md[0-9]+)_raid1_fn\\b', []],
    ['a group ending in a quantified identifier is part of the name', '(?:pc : |RIP: ab+)_fn now', ['now']],
  ])('%s', (_name, source, expected) => {
    expect(regexIdentifiers(source)).toEqual(expected);
  });

  it('gives up on a group wider than it may expand', () => {
    const wide = `(?:${Array.from({ length: 6 }, (_, i) => `a${i}`).join('|')})_(?:${Array.from({ length: 6 }, (_, i) => `b${i}`).join('|')})_fn`;
    expect(regexIdentifiers(`at ${wide} or c_fn`)).toEqual(['at', 'or', 'c_fn']);
  });
});

describe('endsApart', () => {
  it.each([
    ['(?:pc : |RIP: [0-9a-f]+:)', true],
    ['(?:at )?', true],
    ['(?:slab-)?', true],
    ['(?:a\\+|b=)', true],
    ['(?:a|b:)', false], // one branch ends in an identifier character
    ['(?:a:|[0-9]+)', false], // a class may end inside a name
    ['(?:a:|b\\d)', false], // an escaped letter is a class, not a separator
    ['(?:a:|(?:b:))', false], // a nested group: not read here
    ['(?:a:|b\\\\)', true], // an escaped backslash matches a backslash, which no identifier holds
  ])('%s -> %s', (group, apart) => {
    expect(endsApart(group)).toBe(apart);
  });
});

describe('sameFamily', () => {
  it.each([
    ['cache_check_rcu', 'cache_seq_next_rcu', true],
    ['blk_mq_flush_plug_list', 'blk_mq_dispatch_plug_list', true],
    ['nfsd_cache_lookup', 'nfsd_cache_insert', false], // a shared prefix only: a subsystem, not a family
    ['xfs_iread_extents', 'xfs_bmap_add_extent', false],
    ['null_handle_rq', 'nullb_update_nr_hw_queues', false],
    ['cache_check_rcu', 'cache_check_rcu', false], // the same function is a named frame, not kin
    ['a_b', 'a_x_y_z_b', false], // too little in common for names this long
  ])('%s and %s: %s', (a, b, expected) => {
    expect(sameFamily(a, b)).toBe(expected);
    expect(sameFamily(b, a)).toBe(expected);
  });
});

describe('ruleFunctions and fixedModules', () => {
  const rule = {
    title: 'nfsd: use-after-free in svc_export_show() after the namespace is gone',
    fix: [{ sha: null, subject: 'null_blk: fix a race in nullb_update_nr_hw_queues()', repo: null }],
    signatures: [
      { kind: 'regex' as const, pattern: 'KASAN: [a-z-]*use-after-free in (?:cache_seq_(?:start|next)_rcu)\\b', text: '', weight: 0.7 },
      { kind: 'stack' as const, pattern: 'blk_mq_update_nr_hw_queues kfree', text: '', weight: 0.5 },
      { kind: 'crash' as const, pattern: 'BUG: unable to handle kernel NULL pointer dereference in simple_recursive_removal', text: '', weight: 0.4 },
      { kind: 'bisect' as const, pattern: '0123456789ab', text: '', weight: 1, implied: true },
    ],
  };
  it('collects the functions of the title, subjects, stacks, crash titles and regexes, not generic frames or words', () => {
    expect(ruleFunctions(rule).sort()).toEqual(
      ['blk_mq_update_nr_hw_queues', 'cache_seq_next_rcu', 'cache_seq_start_rcu', 'null_blk', 'nullb_update_nr_hw_queues', 'simple_recursive_removal', 'svc_export_show'].sort(),
    );
  });
  it('reads a module from a fix subject prefix, not a subsystem path', () => {
    expect(fixedModules(rule)).toEqual(['null_blk']);
    expect(fixedModules({ fix: [{ sha: null, subject: 'md/raid1: fix a hang', repo: null }, { sha: null, subject: 'scsi-mod: fix', repo: null }] })).toEqual(['scsi_mod']);
  });
});

describe('fixedCodeHit', () => {
  const rule = (subject: string, regex: string) => ({ title: 'a bug', fix: [{ sha: null, subject, repo: null }], signatures: [{ kind: 'regex' as const, pattern: regex, text: regex, weight: 0.2 }] });

  it('finds a frame of the family of a function the rule names, in any trace', () => {
    const hit = fixedCodeHit(rule('nfsd: fix', 'cache_seq_next_rcu\\+0x'), facts({ stacks: [trace([['kfree', null]]), trace([['cache_check_rcu', 'sunrpc']], null)] }));
    expect(hit?.reason).toMatch(/`cache_check_rcu` is of the family of `cache_seq_next_rcu`/);
    expect(hit?.evidence.quote).toBe('cache_check_rcu+0x10/0x80');
  });

  const every = () => true;
  it('finds the crash site in a distinctive module the fix is titled for, only among the crash trace top frames', () => {
    const crashing = trace([['__io_req_task_work_add', null], ['ublk_queue_rq', 'ublk_drv'], ['blk_mq_dispatch_rq_list', null]]);
    const ublk = rule('ublk: set up ublk_io on failure', 'dev ublkb\\d+');
    expect(fixedCodeHit(ublk, facts({ stacks: [crashing] }), every)?.reason).toMatch(/crash site `ublk_queue_rq` is in the module `ublk_drv`/);
    // Not weighed without knowing how many bugs are titled for the module, nor for a module of many.
    expect(fixedCodeHit(ublk, facts({ stacks: [crashing] }))).toBeNull();
    expect(fixedCodeHit(ublk, facts({ stacks: [crashing] }), (module) => module !== 'ublk')).toBeNull();
    // A trace without a crash (a hung task's, a lockdep chain) does not place a crash.
    expect(fixedCodeHit(ublk, facts({ stacks: [{ ...crashing, crashIndex: null }] }), every)).toBeNull();
    // Deep in the trace is not the crash site.
    const deep = trace([...Array.from({ length: 8 }, (_, i): [string, string | null] => [`fn_${i}_x`, null]), ['ublk_queue_rq', 'ublk_drv']]);
    expect(fixedCodeHit(ublk, facts({ stacks: [deep] }), every)).toBeNull();
  });

  it('takes a `? ` frame of the family as weaker evidence, a frame of the chain first, and never as the crash site', () => {
    const unsure = (t: StackTrace, at: number): StackTrace => ({ ...t, frames: t.frames.map((f, i) => (i === at ? { ...f, unreliable: true } : f)) });
    const nfsd = rule('nfsd: fix', 'cache_seq_next_rcu\\+0x');
    const guessed = fixedCodeHit(nfsd, facts({ stacks: [unsure(trace([['kfree', null], ['cache_check_rcu', 'sunrpc']]), 1)] }));
    expect(guessed).toMatchObject({ unsure: true, reason: expect.stringMatching(/`\? ` frame `cache_check_rcu` \(the unwinder was unsure/) });
    const both = fixedCodeHit(nfsd, facts({ stacks: [unsure(trace([['cache_check_rcu', 'sunrpc']]), 0), trace([['cache_seq_start_rcu_x', null], ['cache_seq_stop_rcu', 'sunrpc']], null)] }));
    expect(both).toMatchObject({ unsure: false, evidence: { quote: 'cache_seq_stop_rcu+0x10/0x80' } });
    // The crash site is where the chain starts: a `? ` frame in the module says nothing.
    const ublk = rule('ublk: set up ublk_io on failure', 'dev ublkb\\d+');
    expect(fixedCodeHit(ublk, facts({ stacks: [unsure(trace([['ublk_queue_rq', 'ublk_drv'], ['blk_mq_dispatch_rq_list', null]]), 0)] }), () => true)).toBeNull();
  });

  it('is not a named function found as it is, nor an unrelated trace', () => {
    expect(fixedCodeHit(rule('nfsd: fix', 'cache_seq_next_rcu\\+0x'), facts({ stacks: [trace([['cache_seq_next_rcu', 'sunrpc']])] }), every)).toBeNull();
    expect(fixedCodeHit(rule('nfsd: fix', 'cache_seq_next_rcu\\+0x'), facts({ stacks: [trace([['nfsd_cache_lookup', 'xfs']])] }), every)).toBeNull();
  });

  it('counts a module as distinctive when few rules are titled for it', () => {
    const titled = (subject: string) => ({ ...(validBug() as object), fix: [{ sha: null, subject, repo: null }] }) as unknown as Parameters<typeof distinctiveModules>[0][number];
    const rules = [...Array.from({ length: 5 }, () => titled('xfs: fix')), titled('ublk: fix'), ...Array.from({ length: 10 }, () => titled('md/raid1: fix'))];
    const distinctive = distinctiveModules(rules);
    expect([distinctive('ublk'), distinctive('xfs'), distinctive('null_blk')]).toEqual([true, false, true]);
  });

  it('does not count, or read the fixes of, generated rules (a lazily decoded record stays undecoded)', () => {
    const titled = (subject: string) => ({ ...(validBug() as object), fix: [{ sha: null, subject, repo: null }] }) as unknown as Parameters<typeof distinctiveModules>[0][number];
    const record = new Proxy({ id: 'cve-x', origin: 'generated' }, {
      get(target, key) {
        if (key !== 'id' && key !== 'origin') throw new Error(`read ${String(key)}`);
        return Reflect.get(target, key);
      },
    }) as unknown as Parameters<typeof distinctiveModules>[0][number];
    const distinctive = distinctiveModules([titled('ublk: fix'), ...Array.from({ length: 10 }, () => record)]);
    expect(distinctive('ublk')).toBe(true);
  });
});

// The pack's word frequencies, small: "export" and "proc" rare, "use-after-free" common.
const PACK: DescriptionPack = {
  index: buildDescriptionIndex([
    ...Array.from({ length: 1500 }, (_, i) => ({ id: `CVE-A-${i}`, text: `net: fix a use-after-free read ${i}` })),
    ...Array.from({ length: 500 }, (_, i) => ({ id: `CVE-B-${i}`, text: `block: fix a null pointer dereference ${i}` })),
    { id: 'CVE-C-1', text: 'nfsd: hold a reference for /proc/fs/nfs/exports' },
  ]),
  records: new Map(),
};

function nfsdRule(options: { generated?: boolean; when?: Record<string, unknown> } = {}): Record<string, unknown> {
  const bug = validBug('nfsd-exports-netns-uaf');
  bug.title = "nfsd: use-after-free reading /proc/fs/nfs/exports after the opener's network namespace is gone";
  bug.subsystem = 'nfsd';
  bug.signatures = [{ regex: 'KASAN: [a-z-]*use-after-free in cache_seq_(?:start|next)_rcu\\b', weight: 0.7 }];
  bug.when = options.when ?? {};
  bug.affected = { introduced: { version: '3.9' }, fixed: { mainline: '7.0' } };
  bug.fix = [{ commit: 'e7fcf179b82d3a3730fd8615da01b087cc654d0b', subject: 'NFSD: Hold net reference for the lifetime of /proc/fs/nfs/exports fd' }];
  bug.examples = { match: ['BUG: KASAN: slab-use-after-free in cache_seq_next_rcu+0x1d2/0x220 [sunrpc]'], no_match: ['BUG: KASAN: slab-use-after-free in nfsd4_open+0x1/0x2'] };
  delete bug.ask;
  if (options.generated) {
    bug.origin = 'generated';
    bug.provenance = { source: 'kernel-cve', record: 'CVE-2026-99999', snapshot: '2026-11-30' };
  }
  return bug;
}

const PROSE = ['The kernel crashes when sosreport reads the NFS export information from /proc.'];
const CRASH = trace([['cache_check_rcu', 'sunrpc'], ['e_show', 'nfsd']]);

function rank(rule: Record<string, unknown>, f: Facts, prose: readonly string[]) {
  const parsed = parseWithFacts(ruleFileText([rule]));
  expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
  const compiled = compileRules(parsed.ruleSet, { descriptions: () => PACK });
  return rankMatches(evaluateRules(f, compiled), f, { words: reporterWords(prose, compiled.descriptions), rules: compiled.bugs });
}

describe('ranking: the fixed code as corroboration', () => {
  it('a weak line, a family frame and a kernel just before the fix: confident, each a reason', () => {
    const rule = validBug('blk-mq-plugged-passthrough');
    rule.title = 'blk-mq: plugged passthrough requests inserted into the I/O scheduler';
    rule.subsystem = 'block';
    rule.signatures = [{ regex: '\\b(?:dd|bfq)_insert_requests\\+0x', weight: 0.2 }, { regex: '\\bblk_mq_dispatch_plug_list\\+0x', weight: 0.2 }];
    rule.when = {};
    rule.affected = { fixed: { mainline: '6.5-rc1' } };
    rule.fix = [{ commit: 'd97217e7f024bbe9aa62aea070771234c2879358', subject: "blk-mq: don't queue plugged passthrough requests into scheduler" }];
    rule.examples = { match: ['bfq_insert_requests+0x59/0x80'], no_match: ['nvme nvme0: I/O 12 QID 3 timeout'] };
    delete rule.ask;
    const line = ' bfq_insert_requests+0x59/0x80';
    const stacks = [trace([['bfq_bio_bfqg', null], ['bfq_insert_requests', null], ['blk_mq_flush_plug_list', null], ['blk_add_rq_to_plug', null]])];
    const [top] = rank(rule, facts({ running: '6.4.0-rc1+', stacks, line }), []);
    expect(top?.confident).toBe(true);
    expect(top?.match.reasons.join('\n')).toMatch(/`blk_mq_flush_plug_list` is of the family of `blk_mq_dispatch_plug_list`[^\n]*corroboration, weight 0.2[\s\S]*release cycle just before the fix/);
    // Without the kernel in the fix's window the same hit and frame stay possible.
    const [old] = rank(rule, facts({ running: '5.15.0', stacks, line }), []);
    expect(old?.confident).toBe(false);
  });
});

describe('ranking: named by corroboration alone', () => {
  it('not when the place is a `? ` frame: the required evidence must be on the chain', () => {
    const chain = trace([['cache_check_rcu', 'sunrpc'], ['seq_read_iter', null]]);
    const guessed: StackTrace = { ...chain, frames: chain.frames.map((f, i) => (i === 0 ? { ...f, unreliable: true } : f)) };
    expect(rank(nfsdRule(), facts({ running: '6.19.0-next-20260216', stacks: [chain] }), PROSE)).toHaveLength(1);
    expect(rank(nfsdRule(), facts({ running: '6.19.0-next-20260216', stacks: [guessed] }), PROSE)).toEqual([]);
  });

  it('the fixed code, the kernel just before the fix and the reporter words: confident with no signature', () => {
    const ranked = rank(nfsdRule(), facts({ running: '6.19.0-next-20260216', stacks: [CRASH] }), PROSE);
    expect(ranked).toHaveLength(1);
    expect(ranked[0]!.confident).toBe(true);
    expect(ranked[0]!.match.verdict).toBe('known-bug-fix-available');
    expect(ranked[0]!.match.confidence).toBe(0.7); // below a signature match of the same weight (0.81)
    expect(ranked[0]!.match.reasons.join('\n')).toMatch(/no signature of this bug matched[\s\S]*family of `cache_seq_(start|next)_rcu`[\s\S]*release cycle just before the fix[\s\S]*reporter's own words share/);
    expect(ranked[0]!.match.evidence.map((e) => e.quote)).toEqual(['cache_check_rcu+0x10/0x80']);
  });

  it.each([
    ['no kernel in the window', { running: '6.6.30', stacks: [CRASH] }, PROSE],
    ['no words in common', { running: '6.19.0-next-20260216', stacks: [CRASH] }, ['It crashed, please help.']],
    ['no frame of the fixed code', { running: '6.19.0-next-20260216', stacks: [trace([['nfsd_cache_lookup', null]])] }, PROSE],
    ['a kernel that predates the bug', { running: '3.2.0', stacks: [CRASH] }, PROSE],
  ])('two kinds are not enough, and nothing is listed (%s)', (_name, f, prose) => {
    expect(rank(nfsdRule(), facts(f), prose)).toEqual([]);
  });

  it('never for a generated rule, nor for a rule a known fact contradicts', () => {
    const f = facts({ running: '6.19.0-next-20260216', stacks: [CRASH] });
    expect(rank(nfsdRule({ generated: true }), f, PROSE)).toEqual([]);
    const contradicted = facts({ running: '6.19.0-next-20260216', stacks: [CRASH], config: { filesystem: { value: 'xfs', evidence: evidence('xfs', 2), confidence: 1, history: [] } } });
    expect(rank(nfsdRule({ when: { filesystem: 'btrfs' } }), contradicted, PROSE)).toEqual([]);
  });

  it('the plan names it as a known bug, and explain lists it with no signature found', () => {
    const f = facts({ running: '6.19.0-next-20260216', stacks: [CRASH] });
    const compiled = compileRules(parseWithFacts(ruleFileText([nfsdRule()])).ruleSet, { descriptions: () => PACK });
    const plan = planFromFacts('r1', f, compiled, [], PROSE);
    expect([plan.verdict, plan.matches[0]?.ruleId]).toEqual(['known-bug-fix-available', 'nfsd-exports-netns-uaf']);
    const explained = explainPlan(plan, compiled);
    expect(explained.rules.map((r) => [r.evaluation.rule.id, r.position, r.confident])).toEqual([['nfsd-exports-netns-uaf', 1, true]]);
    expect(renderExplain(explained)).toMatch(/`nfsd-exports-netns-uaf`[^\n]*\*\*matched, rank 1\*\*\n {2}- no signature found: named by corroboration alone/);
  });

  it('not when another rule is confident already', () => {
    const other = validBug('other-confident');
    other.signatures = [{ regex: 'Disk failure on sd[a-z]+1, disabling device' }];
    other.examples = { match: ['md/raid1:md0: Disk failure on sdb1, disabling device.'], no_match: ['md/raid1:md0: active'] };
    const f = facts({ running: '6.19.0-next-20260216', stacks: [CRASH], line: 'md/raid1:md0: Disk failure on sdb1, disabling device.' });
    const parsed = parseWithFacts(ruleFileText([nfsdRule(), other]));
    const compiled = compileRules(parsed.ruleSet, { descriptions: () => PACK });
    const ranked = rankMatches(evaluateRules(f, compiled), f, { words: reporterWords(PROSE, compiled.descriptions), rules: compiled.bugs });
    expect(ranked.map((r) => [r.match.ruleId, r.confident])).toEqual([['other-confident', true]]);
  });
});
