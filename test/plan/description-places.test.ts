import { buildDescriptionIndex, compileRules, type DescriptionPack, type DescriptionRecord } from '../../src/match/index.js';
import { extractFactsAndLines } from '../../src/extract/index.js';
import type { BugReport } from '../../src/model.js';
import { modulesOfFile, reportPlaces } from '../../src/plan/match-descriptions.js';
import { triage } from '../../src/triage.js';
import { parseWithFacts, ruleFileText, validBug } from '../rules/support/rule-text.js';

/*
 * Offers by description ordered by where the report's trace runs and by fix status (issue 10:
 * evidence that is not a log line but is specific; "rank by how well fix status and facts fit").
 * Synthetic records: what each test needs is two records the words alone cannot tell apart.
 */

const report = (title: string, body: string): BugReport => ({ source: 'file', id: 'r', url: null, title, body, comments: [], attachments: [], fields: {} });

interface Synthetic {
  id: string;
  text: string;
  files: string[];
  fixedMainline?: string;
  fixedStable?: string[];
}

function packOf(records: readonly Synthetic[]): DescriptionPack {
  const index = buildDescriptionIndex(records.map((r) => ({ id: r.id, text: r.text })));
  const entries: Array<[string, DescriptionRecord]> = records.map((r) => [
    r.id,
    { id: r.id, sha: r.id.replace(/\D/g, '').padEnd(40, 'a'), subject: r.text.split('\n')[0]!, introduced: '5.4', fixedMainline: r.fixedMainline ?? '6.10', fixedStable: r.fixedStable ?? [], files: r.files },
  ]);
  return { index, records: new Map(entries) };
}

function compiled(pack: DescriptionPack) {
  const parsed = parseWithFacts(ruleFileText([validBug()]));
  return compileRules(parsed.ruleSet, { descriptions: () => pack });
}

const offers = (r: BugReport, pack: DescriptionPack) => triage(r, compiled(pack)).matches.filter((m) => m.basis === 'description');

/** Filler records so that idf weighs the words (an index of three documents has no rare words). */
const FILLER: Synthetic[] = Array.from({ length: 40 }, (_, i) => ({
  id: `CVE-2020-${String(1000 + i)}`,
  text: `subsystem${i}: fix leak of widget${i} in probe path\nThe driver forgot to release widget${i} on the error path of probe.`,
  files: [`drivers/misc/widget${i}.c`],
}));

const NULL_BLK_CRASH = [
  'BUG: kernel NULL pointer dereference, address: 0000000000000130',
  'Oops: 0002 [#1] PREEMPT SMP PTI',
  'CPU: 0 PID: 1724 Comm: sh Not tainted 6.9.2 #1',
  'RIP: 0010:null_handle_rq+0x3f/0x500 [null_blk]',
  'Call Trace:',
  ' <TASK>',
  ' null_handle_rq+0x3f/0x500 [null_blk]',
  ' null_process_cmd+0xb4/0x100 [null_blk]',
  ' null_queue_rq+0x130/0x200 [null_blk]',
  ' blk_mq_dispatch_rq_list+0x100/0x200',
  ' </TASK>',
].join('\n');

describe('the places of a report', () => {
  it('are the modules and symbolized files of its traces\' top frames, module names as the kernel loads them', () => {
    const r = report('x', [NULL_BLK_CRASH, '', 'RIP: 0010:mb_update_avg_fragment_size+0x84/0x2e0 fs/ext4/mballoc.c:835', 'Call Trace:', ' <TASK>', ' mb_mark_used+0xb5c/0xcc0 fs/ext4/mballoc.c:1958', ' ext4_trim_extent+0xd4/0x340 fs/ext4/mballoc.c:6352', ' </TASK>'].join('\n'));
    const { facts } = extractFactsAndLines(r, parseWithFacts(ruleFileText([validBug()])).ruleSet.facts);
    const places = reportPlaces(facts);
    expect([...places.modules]).toEqual(['null_blk']);
    expect([...places.files]).toEqual(['fs/ext4/mballoc.c']);
  });

  it('of a record are its files\' directories and base names, and a directory joined to a base name', () => {
    expect(modulesOfFile('drivers/block/null_blk/main.c')).toEqual(expect.arrayContaining(['null_blk', 'block']));
    expect(modulesOfFile('drivers/block/ublk_drv.c')).toContain('ublk_drv');
    expect(modulesOfFile('drivers/nvme/host/core.c')).toContain('nvme_core');
    expect(modulesOfFile('fs/xfs/libxfs/xfs_attr_remote.c')).toContain('xfs');
    expect(modulesOfFile('drivers/md/dm-crypt.c')).toContain('dm_crypt');
  });
});

describe('offers by description', () => {
  // Two fixes described in the same words (ties go by id: 0001 first); only their files differ.
  const words = 'block: fix null pointer dereference when power is toggled\nToggling power while I/O is queued dereferences a freed queue in null_handle_rq.';
  const inDriver: Synthetic = { id: 'CVE-2024-0002', text: words, files: ['drivers/block/null_blk/main.c'] };
  const elsewhere: Synthetic = { id: 'CVE-2024-0001', text: words, files: ['drivers/block/loop.c'] };

  it('put first the record whose fix touches the module the report crashed in, and say so', () => {
    const offered = offers(report('kernel panic toggling power', NULL_BLK_CRASH), packOf([elsewhere, inDriver, ...FILLER]));
    expect(offered.map((m) => m.ruleId)).toEqual(['cve-2024-0002', 'cve-2024-0001']);
    expect(offered[0]!.reasons).toContain("the fix changes a file of `null_blk`, where the report's trace runs");
    expect(offered[1]!.reasons.some((r) => r.includes('where the report\'s trace runs'))).toBe(false);
    expect(offered.every((m) => m.verdict === 'possible-match' && m.confidence <= 0.3)).toBe(true);
  });

  it('without files (a pack written before they were recorded) order by the words, as before', () => {
    const offered = offers(report('kernel panic toggling power', NULL_BLK_CRASH), packOf([{ ...elsewhere, files: [] }, { ...inDriver, files: [] }, ...FILLER.map((f) => ({ ...f, files: [] }))]));
    expect(offered.map((m) => m.ruleId)).toEqual(['cve-2024-0001', 'cve-2024-0002']);
  });

  it('put a record whose fix the reporter\'s kernel already carries after one it lacks', () => {
    const fixedLongAgo = { ...inDriver, id: 'CVE-2024-0001', fixedMainline: '6.8' };
    const offered = offers(report('kernel panic toggling power', NULL_BLK_CRASH), packOf([fixedLongAgo, inDriver, ...FILLER]));
    expect(offered.map((m) => [m.ruleId, m.fixStatus])).toEqual([
      ['cve-2024-0002', 'lacks-fix'],
      ['cve-2024-0001', 'has-fix'],
    ]);
  });

  it('offer a record that names none of the trace\'s functions when its fix touches a rare module of the trace', () => {
    const writer: Synthetic = { id: 'CVE-2024-0003', text: "null_blk: fix race between power and submit_queues configuration\nWriting 'power' while 'submit_queues' changes frees the queues under a panic.", files: ['drivers/block/null_blk/main.c'] };
    expect(offers(report('kernel panic toggling power', NULL_BLK_CRASH), packOf([writer, ...FILLER])).map((m) => m.ruleId)).toEqual(['cve-2024-0003']);
    // the same record, its files unknown: no function of the trace named, no offer
    expect(offers(report('kernel panic toggling power', NULL_BLK_CRASH), packOf([{ ...writer, files: [] }, ...FILLER]))).toEqual([]);
  });
});

describe('an offer whose fix touches a rare place of the trace, and a weak possible signature match', () => {
  /** A hand-written rule whose one weak line is in the report: a possible match only, sharing no word with it. */
  function withWeakRule(pack: DescriptionPack) {
    const weak = validBug('nvme-timeout-weak');
    weak.title = 'nvme: reset the controller on an admin command timeout';
    weak.subsystem = 'nvme';
    weak.signatures = [{ log: 'nvme nvme0: I/O 12 QID 3 timeout, reset controller', weight: 0.2 }];
    weak.when = {};
    weak.fix = [{ commit: '0123456789abcdef0123456789abcdef01234567', subject: weak.title }];
    delete weak.ask;
    weak.examples = { match: ['nvme nvme0: I/O 12 QID 3 timeout, reset controller'], no_match: ['nvme nvme0: nothing'] };
    const parsed = parseWithFacts(ruleFileText([weak]));
    expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
    return compileRules(parsed.ruleSet, { descriptions: () => pack });
  }
  // Names no function of the trace: offered, and placed, on the place alone.
  const writer: Synthetic = { id: 'CVE-2024-0003', text: "null_blk: fix race between power and submit_queues configuration\nWriting 'power' while 'submit_queues' changes frees the queues under a panic.", files: ['drivers/block/null_blk/main.c'] };
  const body = `[   11.000001] nvme nvme0: I/O 12 QID 3 timeout, reset controller\n${NULL_BLK_CRASH}`;

  it('goes before it, stays possible, by description, and says why', () => {
    const plan = triage(report('kernel panic toggling power', body), withWeakRule(packOf([writer, ...FILLER])));
    expect(plan.matches.map((m) => [m.ruleId, m.basis ?? 'signature'])).toEqual([
      ['cve-2024-0003', 'description'],
      ['nvme-timeout-weak', 'signature'],
    ]);
    expect(plan.verdict).toBe('possible-match');
    expect(plan.matches[0]!.reasons.at(-1)).toBe(
      "placed before the possible signature match `nvme-timeout-weak`: its title and fix subject share no word with this report, while this fix changes a file of `null_blk`, where the report's trace runs",
    );
  });

  it('stays after it when the place is common among the records (rarity under 0.6)', () => {
    const common = FILLER.map((f) => ({ ...f, files: [...f.files, 'drivers/block/null_blk/zoned.c'] }));
    const plan = triage(report('kernel panic toggling power', body), withWeakRule(packOf([writer, ...common])));
    expect(plan.matches.map((m) => m.ruleId)[0]).toBe('nvme-timeout-weak');
  });
});
