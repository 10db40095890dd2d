import { fileURLToPath } from 'node:url';
import { DESCRIPTION_INDEX_FILE, parseDescriptionIndex } from '../../src/import/description-file.js';
import { importKernelCves } from '../../src/import/import-kernel-cves.js';
import { parseRecordIndex } from '../../src/import/record-index.js';
import { readVulnsDir } from '../../src/io/read-vulns-dir.js';
import { compileRules, type DescriptionPack } from '../../src/match/index.js';
import type { BugReport } from '../../src/model.js';
import { escapeMarkdownText, renderMarkdown, renderPlainText } from '../../src/render/index.js';
import { triage } from '../../src/triage.js';
import { toJson } from '../../src/cli/commands/triage.js';
import { parseWithFacts, ruleFileText, validBug } from '../rules/support/rule-text.js';

/*
 * Known bugs "possible, by description" (issue 10, item 5): a report whose log matches nothing
 * confidently is offered, at most three, bugs whose words resemble its prose, with low confidence,
 * never a known-bug verdict, and the comment says they are by description. The pack here is the
 * importer's output on the seven real records of test/fixtures/kernel-cves (their README cites them).
 */

const FIXTURES = fileURLToPath(new URL('../fixtures/kernel-cves/', import.meta.url));

let pack: DescriptionPack;
beforeAll(async () => {
  const { files } = importKernelCves(await readVulnsDir(FIXTURES), { snapshot: '2026-08-21' });
  const text = (name: string) => files.find((f) => f.name === name)!.text;
  const records = parseRecordIndex(text('records.tsv'));
  pack = { index: parseDescriptionIndex(text(DESCRIPTION_INDEX_FILE)), records: new Map(records.map((r) => [r.id, { ...r }])) };
});

const report = (title: string, body: string): BugReport => ({ source: 'file', id: 'r', url: null, title, body, comments: [], attachments: [], fields: {} });

/** The curated seed rule (dm refcount) and one curated rule naming CVE-2024-50081's fix. */
function compiled(load: () => DescriptionPack | null) {
  const blk = validBug('blk-mq-tag-set-before-hctx');
  blk.title = 'blk-mq: queue tag_set used before the hctx is initialised';
  blk.subsystem = 'block';
  blk.signatures = [{ crash: 'BUG: kernel NULL pointer dereference in blk_mq_hctx_notify_online' }];
  blk.when = {};
  blk.fix = [{ commit: 'c25c0c9035bb8b28c844dfddeda7b8bdbcfcae95', subject: 'blk-mq: setup queue ->tag_set before initializing hctx' }];
  delete blk.ask;
  blk.examples = { match: ['BUG: kernel NULL pointer dereference, address: 0000000000000008\nRIP: 0010:blk_mq_hctx_notify_online+0x1a/0x90'], no_match: ['blk-mq: nothing to see'] };
  const parsed = parseWithFacts(ruleFileText([validBug(), blk]));
  expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
  return compileRules(parsed.ruleSet, { descriptions: load });
}

describe('a report without a log', () => {
  const ext4 = report('ext4 fast commit replay complains at mount', 'After a crash, mounting our ext4 filesystem with fast_commit replays the journal and lockdep says the fc replay path takes an uninitialised lock.\nThe kernel is 6.10.3.');

  it('is offered the record whose fix message resembles its words, possible only, and said to be by description', () => {
    const plan = triage(ext4, compiled(() => pack));
    expect(plan.verdict).toBe('possible-match');
    const [best] = plan.matches;
    expect(best).toMatchObject({ ruleId: 'cve-2024-50014', basis: 'description', verdict: 'possible-match', origin: 'generated', evidence: [] });
    expect(best!.title).toBe('ext4: fix access to uninitialised lock in fc replay path');
    expect(best!.confidence).toBeLessThanOrEqual(0.3);
    expect(best!.fix[0]?.sha).toBe('23dfdb56581ad92a9967bcd720c8c23356af74c1');
    // the record's stable releases place the reporter's kernel
    expect(best!.fixStatus).toBe('lacks-fix');
    expect(best!.reasons[0]).toMatch(/^by description only \(similarity 0\.\d+\): the report's words .*`replai`.* also occur in the fix message of CVE-2024-50014$/);
    expect(plan.nextSteps[0]).toContain('Possible, by description only (no log line of this report matched it): the known bug "ext4: fix access to uninitialised lock in fc replay path"');
    expect(plan.labels).not.toContain('known-bug');
    expect(renderMarkdown(plan)).toContain('### ktriage: Possibly a known bug, by description only (no log line matched)');
    expect(renderPlainText(plan)).toContain('Possible, by description: no log line of this report matched this bug');
  });

  it('offers a record a curated rule names as that curated rule (one known bug per fix)', () => {
    const plan = triage(report('blk-mq tag_set not set up before hctx init', 'Onlining a CPU crashes: the queue tag_set is used before initializing the hctx in blk-mq.'), compiled(() => pack));
    expect(plan.matches.find((m) => m.basis === 'description')?.ruleId).toBe('blk-mq-tag-set-before-hctx');
    expect(plan.matches.some((m) => m.ruleId === 'cve-2024-50081')).toBe(false);
  });

  it('offers at most three, and nothing for a report with too few words', () => {
    const many = triage(report('lock hctx ext4 scrub btrfs dax tmr_list', 'ext4 lock replay; blk-mq hctx tag_set; btrfs scrub chunk; device-dax pgoff mapping; target tmr_list; dm btree remove new_root'), compiled(() => pack));
    expect(many.matches.filter((m) => m.basis === 'description').length).toBeLessThanOrEqual(3);
    expect(many.matches.filter((m) => m.basis === 'description').length).toBeGreaterThan(0);
    expect(triage(report('it hangs', 'It hangs.'), compiled(() => pack)).matches).toEqual([]);
  });

  it('falls back to the curated rules alone when there is no pack', () => {
    const plan = triage(report('thin pool refcount', 'dm space map metadata: the thin pool refcount decrement went below 0 and the metadata is corrupt'), compiled(() => null));
    expect(plan.matches[0]).toMatchObject({ ruleId: 'dm-refcount-below-zero', basis: 'description', verdict: 'possible-match' });
  });
});

it('a report whose log matches confidently gets no by-description offers, and the index is never loaded', () => {
  let loads = 0;
  const plan = triage(
    report('thin pool broke', 'We run 3.12.6 with a thin pool.\n[ 100.1] device-mapper: space map common: unable to decrement a reference count below 0\nuninitialised lock in the ext4 fc replay path as well'),
    compiled(() => {
      loads++;
      return pack;
    }),
  );
  expect(plan.matches[0]?.ruleId).toBe('dm-refcount-below-zero');
  expect(plan.matches.every((m) => m.basis !== 'description')).toBe(true);
  expect(loads).toBe(0);
});

describe('a report whose log matched nothing', () => {
  const trace = (title: string) =>
    report(
      title,
      [
        'Mounting after a power cut crashes the machine:',
        '[   12.345678] WARNING: CPU: 0 PID: 866 at kernel/locking/lockdep.c:1234 register_lock_class+0x759/0x7d0',
        '[   12.345679] Call Trace:',
        '[   12.345680]  <TASK>',
        '[   12.345681]  __ext4_journal_get_write_access+0xd5/0x160',
        '[   12.345682]  ext4_reserve_inode_write+0x61/0xb0',
        '[   12.345683]  ext4_ext_replay_set_iblocks+0x330/0x450',
        '[   12.345684]  ext4_fc_replay+0x14c8/0x1540',
        '[   12.345685]  do_one_pass+0x447/0xd00',
        '[   12.345686]  </TASK>',
      ].join('\n'),
    );

  it('is offered the fix whose message names the functions of its trace', () => {
    const plan = triage(trace('mount crashes after power loss'), compiled(() => pack));
    const offered = plan.matches.filter((m) => m.basis === 'description');
    expect(offered[0]?.ruleId).toBe('cve-2024-50014');
    expect(offered.every((m) => m.verdict === 'possible-match')).toBe(true);
  });

  it('is offered nothing on its title alone when its trace names no function a fix message names', () => {
    const plan = triage(report('ext4 fast commit replay uninitialised lock lockdep', '[   12.345678] EXT4-fs error (device sda1): ext4_lookup: deleted inode referenced: 12'), compiled(() => pack));
    expect(plan.matches.filter((m) => m.basis === 'description')).toEqual([]);
  });
});

describe('an offer that names the crash function and a weak possible signature match (RANKING.md)', () => {
  /** A hand-written rule whose one weak line is in the report: a possible match only. */
  function withWeakRule(title: string, load: () => DescriptionPack | null) {
    const weak = validBug('nvme-timeout-weak');
    weak.title = title;
    weak.subsystem = 'nvme';
    weak.signatures = [{ log: 'nvme nvme0: I/O 12 QID 3 timeout, reset controller', weight: 0.2 }];
    weak.when = {};
    weak.fix = [{ commit: '0123456789abcdef0123456789abcdef01234567', subject: title }];
    delete weak.ask;
    weak.examples = { match: ['nvme nvme0: I/O 12 QID 3 timeout, reset controller'], no_match: ['nvme nvme0: nothing'] };
    const parsed = parseWithFacts(ruleFileText([weak]));
    expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
    return compileRules(parsed.ruleSet, { descriptions: load });
  }
  const crashing = report(
    'mount crashes after power loss',
    [
      'Mounting after a power cut crashes the machine:',
      '[   11.000001] nvme nvme0: I/O 12 QID 3 timeout, reset controller',
      '[   12.345678] WARNING: CPU: 0 PID: 866 at fs/ext4/ext4_jbd2.c:100 __ext4_journal_get_write_access+0xd5/0x160',
      '[   12.345679] Call Trace:',
      '[   12.345680]  <TASK>',
      '[   12.345681]  __ext4_journal_get_write_access+0xd5/0x160',
      '[   12.345682]  ext4_reserve_inode_write+0x61/0xb0',
      '[   12.345683]  ext4_ext_replay_set_iblocks+0x330/0x450',
      '[   12.345684]  ext4_fc_replay+0x14c8/0x1540',
      '[   12.345685]  do_one_pass+0x447/0xd00',
      '[   12.345686]  </TASK>',
    ].join('\n'),
  );

  it('goes before a possible match whose rule shares no word with the report, and stays possible, by description', () => {
    const plan = triage(crashing, withWeakRule('nvme-pci: fix a use-after-free in the completion path', () => pack));
    expect(plan.matches.map((m) => [m.ruleId, m.basis ?? 'signatures'])).toEqual([
      ['cve-2024-50014', 'description'],
      ['nvme-timeout-weak', 'signatures'],
      ...plan.matches.slice(2).map((m) => [m.ruleId, 'description']),
    ]);
    const [offer] = plan.matches;
    expect(offer).toMatchObject({ verdict: 'possible-match' });
    expect(offer!.confidence).toBeLessThanOrEqual(0.3);
    expect(offer!.reasons.at(-1)).toBe(
      "placed before the possible signature match `nvme-timeout-weak`: its title and fix subject share no word with this report, while this fix's words name the function the report crashed in",
    );
    expect(plan.verdict).toBe('possible-match');
    expect(plan.labels).not.toContain('known-bug');
    expect(plan.nextSteps[0]).toContain('Possible, by description only (no log line of this report matched it): the known bug "ext4: fix access to uninitialised lock in fc replay path"');
    // a line of the report did match a (possible) known bug: the headline must not say no log line matched
    expect(renderMarkdown(plan)).toContain("### ktriage: Possibly a known bug, by description (other known bugs matched the report's lines, not confidently)");
    expect(renderMarkdown(plan)).not.toContain('no log line matched');
  });

  it('stays after a possible match whose rule shares a word with the report', () => {
    // "journal" is a word of the crash function (ext4_journal_get_write_access): the rule speaks of what the report shows.
    const plan = triage(crashing, withWeakRule('nvme: timeout while the journal is written', () => pack));
    expect(plan.matches[0]).toMatchObject({ ruleId: 'nvme-timeout-weak', verdict: 'possible-match' });
    expect(plan.matches[0]!.basis).not.toBe('description');
    expect(plan.matches.find((m) => m.ruleId === 'cve-2024-50014')).toMatchObject({ basis: 'description' });
  });

  it('stays after it when the offer does not name the crash function (the report crashed elsewhere)', () => {
    const elsewhere = report(
      crashing.title,
      crashing.body
        .replace('fs/ext4/ext4_jbd2.c:100 __ext4_journal_get_write_access+0xd5/0x160', 'fs/jbd2/transaction.c:100 jbd2_journal_dirty_metadata+0x1d/0x60')
        .replace('<TASK>\n', '<TASK>\n[   12.345681]  jbd2_journal_dirty_metadata+0x1d/0x60\n'),
    );
    const plan = triage(elsewhere, withWeakRule('nvme-pci: fix a use-after-free in the completion path', () => pack));
    expect(plan.matches[0]).toMatchObject({ ruleId: 'nvme-timeout-weak', verdict: 'possible-match' });
    expect(plan.matches[0]!.basis).not.toBe('description');
    // still offered, behind it
    expect(plan.matches.find((m) => m.ruleId === 'cve-2024-50014')).toMatchObject({ basis: 'description' });
  });
});

/*
 * The headline for every order the plan can take (issue 10 leftover): an offer by description may
 * lead alone, or before possible signature matches (placeDescribed); a signature match may lead
 * with offers behind it, or alone; or nothing matched. The GitHub comment, the Bugzilla comment and
 * the CLI's JSON must each say what is true: "no log line matched" only when no known bug matched a
 * line of the report, and a signature match's headline never says "by description".
 */
describe('the headline says what leads the plan, in every order (comment, Bugzilla comment, JSON)', () => {
  const weakRule = (title: string) => {
    const weak = validBug('nvme-timeout-weak');
    weak.title = title;
    weak.subsystem = 'nvme';
    weak.signatures = [{ log: 'nvme nvme0: I/O 12 QID 3 timeout, reset controller', weight: 0.2 }];
    weak.when = {};
    weak.fix = [{ commit: '0123456789abcdef0123456789abcdef01234567', subject: title }];
    delete weak.ask;
    weak.examples = { match: ['nvme nvme0: I/O 12 QID 3 timeout, reset controller'], no_match: ['nvme nvme0: nothing'] };
    const parsed = parseWithFacts(ruleFileText([validBug(), weak]));
    expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
    return compileRules(parsed.ruleSet, { descriptions: () => pack });
  };
  const crashLines = [
    '[   12.345678] WARNING: CPU: 0 PID: 866 at fs/ext4/ext4_jbd2.c:100 __ext4_journal_get_write_access+0xd5/0x160',
    '[   12.345679] Call Trace:',
    '[   12.345680]  <TASK>',
    '[   12.345681]  __ext4_journal_get_write_access+0xd5/0x160',
    '[   12.345682]  ext4_reserve_inode_write+0x61/0xb0',
    '[   12.345683]  ext4_ext_replay_set_iblocks+0x330/0x450',
    '[   12.345684]  ext4_fc_replay+0x14c8/0x1540',
    '[   12.345685]  do_one_pass+0x447/0xd00',
    '[   12.345686]  </TASK>',
  ];
  const nvmeLine = '[   11.000001] nvme nvme0: I/O 12 QID 3 timeout, reset controller';
  const unrelated = 'nvme-pci: fix a use-after-free in the completion path';
  const sharing = 'nvme: timeout while the journal is written';
  const ONLY = 'Possibly a known bug, by description only (no log line matched)';
  const AHEAD = "Possibly a known bug, by description (other known bugs matched the report's lines, not confidently)";

  // [case, report, rules, the plan's order (s: a signature match, d: an offer by description), headline]
  const cases: [string, BugReport, () => ReturnType<typeof compiled>, RegExp, string][] = [
    ['a known bug (offers are never made beside one)', report('thin pool broke', `We run 3.12.6 with a thin pool.\n[ 100.1] device-mapper: space map common: unable to decrement a reference count below 0`), () => weakRule(unrelated), /^s$/, 'Known bug: your kernel lacks the fix'],
    ['a possible signature match alone', report('nvme resets', `The controller resets now and then.\n${nvmeLine}`), () => weakRule(unrelated), /^s$/, 'Possibly a known bug (not a confident match)'],
    ['a possible signature match, then offers (its rule shares a word with the report)', report('mount crashes after power loss', [nvmeLine, ...crashLines].join('\n')), () => weakRule(sharing), /^sd+$/, 'Possibly a known bug (not a confident match)'],
    ['an offer placed before a possible signature match', report('mount crashes after power loss', [nvmeLine, ...crashLines].join('\n')), () => weakRule(unrelated), /^ds(d*)$/, AHEAD],
    ['offers alone, the report has a log', report('mount crashes after power loss', crashLines.join('\n')), () => weakRule(unrelated), /^d+$/, ONLY],
    ['offers alone, the report has no log', report('ext4 fast commit replay complains at mount', 'After a crash, mounting our ext4 filesystem with fast_commit replays the journal and lockdep says the fc replay path takes an uninitialised lock.\nThe kernel is 6.10.3.'), () => weakRule(unrelated), /^d+$/, ONLY],
    ['nothing', report('it hangs', 'It hangs.'), () => weakRule(unrelated), /^$/, 'No known bug matched'],
  ];

  it.each(cases)('%s', (_name, input, rules, order, headline) => {
    const plan = triage(input, rules());
    const bases = plan.matches.map((m) => (m.basis === 'description' ? 'd' : 's')).join('');
    expect(bases).toMatch(order);
    expect(renderMarkdown(plan).split('\n')[2]).toBe(`### ktriage: ${escapeMarkdownText(headline)}`);
    expect(renderPlainText(plan).split('\n')[0]).toBe(`ktriage: ${headline}`);
    const json = toJson(plan) as { headline: string; matches: { basis: string }[] };
    expect(json.headline).toBe(headline);
    expect(json.matches.map((m) => (m.basis === 'description' ? 'd' : 's')).join('')).toBe(bases);
    // "no log line matched" is said only when no known bug matched a line of the report
    if (renderPlainText(plan).includes('no log line matched')) expect(bases).not.toContain('s');
  });
});
