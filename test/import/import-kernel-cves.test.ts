import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { bucketName, compareCveIds, importKernelCves } from '../../src/import/import-kernel-cves.js';
import { cveRecordToRule } from '../../src/import/cve-record-to-rule.js';
import { checkFixesAgainstRecords, mergeCveRecords } from '../../src/import/merge-cve-records.js';
import { readCveRecord } from '../../src/import/read-cve-record.js';
import { parseRecordIndex } from '../../src/import/record-index.js';
import { readVulnsDir } from '../../src/io/read-vulns-dir.js';
import { compileRules } from '../../src/match/index.js';
import { parseRuleFiles } from '../../src/rules/index.js';
import { triage } from '../../src/triage.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/kernel-cves/', import.meta.url));
const EXPECTED = path.join(FIXTURES, 'expected');
const YEAR_2024 = path.join(FIXTURES, 'cve/published/2024');
const read = (name: string) => readFileSync(path.join(YEAR_2024, name), 'utf8');

describe('readCveRecord', () => {
  it('reads the fix, the introduced release and commit, and the first fixed release per stable branch from affected[1] and the dyad', () => {
    const record = readCveRecord(read('CVE-2024-50081.json'), { dyad: read('CVE-2024-50081.dyad'), sha1: read('CVE-2024-50081.sha1') });
    expect(record).toMatchObject({
      id: 'CVE-2024-50081',
      subject: 'blk-mq: setup queue ->tag_set before initializing hctx',
      files: ['block/blk-mq.c'],
      mainlineSha: 'c25c0c9035bb8b28c844dfddeda7b8bdbcfcae95',
      introducedVersion: '6.10',
      introducedSha: '7b815817aa58d2e2101feb2fcf64c60cae0b2695',
      fixedMainline: '6.12',
      // 6.1.160 and 6.6.120 took the bug and the fix together: not listed as affected, not "first fixed".
      fixedStable: [{ version: '6.11.5', sha: 'd28b256db525d9432bc3eb2c8d83f7d3f5e1cc87' }],
    });
    expect(record.description.startsWith('blk-mq: setup queue ->tag_set before initializing hctx\n')).toBe(true);
  });

  it('falls back to the dyad and the git ranges for the mainline sha when the .sha1 file is missing', () => {
    const withDyad = readCveRecord(read('CVE-2024-50081.json'), { dyad: read('CVE-2024-50081.dyad') });
    const jsonOnly = readCveRecord(read('CVE-2024-50081.json'));
    expect(withDyad.mainlineSha).toBe('c25c0c9035bb8b28c844dfddeda7b8bdbcfcae95');
    expect(jsonOnly.mainlineSha).toBe('c25c0c9035bb8b28c844dfddeda7b8bdbcfcae95');
    expect(jsonOnly.fixedStable).toEqual([{ version: '6.11.5', sha: null }]);
  });

  it.each([
    ['not JSON', '{', 'not JSON'],
    ['no id', '{"containers":{}}', 'no cveMetadata.cveId'],
    ['no fix commit', '{"cveMetadata":{"cveId":"CVE-2099-0001"},"containers":{"cna":{"title":"x: fix y","affected":[]}}}', 'no mainline fix commit'],
  ])('rejects a record with %s, naming what is missing', (_what, json, message) => {
    expect(() => readCveRecord(json)).toThrow(message);
  });
});

describe('cveRecordToRule', () => {
  // CVE-2024-45023 (cve/published/2024/CVE-2024-45023.json of the CNA's vulns repository): the
  // message quotes a call chain in prose and no log; its subject reads like a log line to the
  // extractor (`md/raid1: ...`), and was once the rule's only signature.
  const record = {
    id: 'CVE-2024-45023',
    subject: 'md/raid1: Fix data corruption for degraded array with slow disk',
    description: [
      'md/raid1: Fix data corruption for degraded array with slow disk',
      '',
      'read_balance() will avoid reading from slow disks as much as possible,',
      'however, if valid data only lands in slow disks, and a new normal disk',
      'is still in recovery, unrecovered data can be read:',
      '',
      'Root cause is that the checking of recovery is missing in',
      'choose_bb_rdev(). Hence add such checking to fix the problem.',
    ].join('\n'),
    files: ['drivers/md/raid1.c'],
    mainlineSha: 'c916ca35308d3187c9928664f9be249b22a3a701',
    introducedVersion: '6.9',
    introducedSha: null,
    fixedMainline: '6.11',
    fixedStable: [],
  };

  it('never takes the fix subject for a log line: a record whose only "log" is its subject gives no rule', () => {
    expect(cveRecordToRule(record, undefined, { snapshot: null })).toEqual({ skipped: 'no kernel log output in the description' });
  });

  it('keeps the log lines the message does quote', () => {
    const withLog = { ...record, description: `${record.description}\n\n  md/raid1:md0: Disk failure on sdb1, disabling device.\n  md/raid1:md0: Operation continuing on 1 devices.` };
    const outcome = cveRecordToRule(withLog, undefined, { snapshot: null });
    expect('rule' in outcome && outcome.rule.signatures).toEqual([{ log: 'md/raid1:md0: Disk failure on sdb1, disabling device.', weight: 0.3 }]);
  });
});

describe('importKernelCves on real records', () => {
  const records = () => readVulnsDir(FIXTURES);

  it('matches the golden pack (UPDATE_FIXTURES=1 rewrites test/fixtures/kernel-cves/expected/)', async () => {
    const result = importKernelCves(await records(), { snapshot: '2026-08-21' });
    if (process.env.UPDATE_FIXTURES === '1') {
      rmSync(EXPECTED, { recursive: true, force: true });
      mkdirSync(EXPECTED, { recursive: true });
      for (const file of result.files) writeFileSync(path.join(EXPECTED, file.name), file.text);
    }
    const expected = readdirSync(EXPECTED).sort();
    expect(result.files.map((f) => f.name)).toEqual(expected);
    for (const file of result.files) expect(file.text).toBe(readFileSync(path.join(EXPECTED, file.name), 'utf8'));
    expect(result.stats).toMatchObject({ records: 7, unreadable: 0, skipped: { 'no kernel log output in the description': 1 } });
  });

  it('is deterministic whatever the input order', async () => {
    const input = await records();
    const a = importKernelCves(input, { snapshot: '2026-08-21' });
    const b = importKernelCves([...input].reverse(), { snapshot: '2026-08-21' });
    expect(b.files).toEqual(a.files);
  });

  it('writes rules that lint clean, are generated with provenance, and match their own log but not their prose', async () => {
    const { files } = importKernelCves(await records(), { snapshot: '2026-08-21' });
    const ruleFiles = files.filter((f) => f.name.endsWith('.yml')).map((f) => ({ path: f.name, text: f.text }));
    const { ruleSet, problems } = parseRuleFiles(ruleFiles);
    expect(problems).toEqual([]);
    expect(ruleSet.bugs.map((b) => b.id)).toEqual(['cve-2021-47343', 'cve-2023-52487', 'cve-2024-26616', 'cve-2024-26845', 'cve-2024-50014', 'cve-2024-50022']);
    for (const bug of ruleSet.bugs) {
      expect(bug.origin).toBe('generated');
      expect(bug.provenance).toEqual({ source: 'kernel-cve', record: bug.id.toUpperCase(), snapshot: '2026-08-21', url: `https://www.cve.org/CVERecord?id=${bug.id.toUpperCase()}` });
      expect(bug.labels[0]).toBe('known-bug');
      expect(bug.links[1]).toMatch(/^https:\/\/git\.kernel\.org\/stable\/c\/[0-9a-f]{40}$/);
    }
    const compiled = compileRules(ruleSet);
    const now = new Date('2026-09-01T00:00:00Z');
    for (const bug of ruleSet.bugs) {
      const report = (body: string) => ({ source: 'file' as const, id: bug.id, url: null, title: '', body, comments: [], attachments: [], fields: {} });
      expect(triage(report(bug.examples.match[0]!), compiled, { now }).matches.map((m) => m.ruleId)).toContain(bug.id);
      const prose = triage(report(bug.examples.noMatch[0]!), compiled, { now }).matches.filter((m) => m.ruleId === bug.id && m.verdict !== 'possible-match');
      expect(prose).toEqual([]);
    }
  });

  it('a specific crash title alone makes a known bug; one key line alone is at most possible', async () => {
    const { files } = importKernelCves(await records(), { snapshot: null });
    const { ruleSet } = parseRuleFiles(files.filter((f) => f.name.endsWith('.yml')).map((f) => ({ path: f.name, text: f.text })));
    const hung = ruleSet.bugs.find((b) => b.id === 'cve-2024-26845')!;
    expect(hung.signatures.filter((s) => s.kind === 'crash')).toEqual([expect.objectContaining({ pattern: 'INFO: task hung in core_tmr_lun_reset', weight: 1 })]);
    const compiled = compileRules(ruleSet);
    const oneLine = 'Memory failure: 0x200c9742: recovery action for dax page: Recovered';
    const plan = triage({ source: 'file', id: 'x', url: null, title: '', body: `[  1.0] ${oneLine}\n`, comments: [], attachments: [], fields: {} }, compiled, { now: new Date('2026-09-01T00:00:00Z') });
    expect(plan.matches.find((m) => m.ruleId === 'cve-2024-50022')?.verdict).toBe('possible-match');
  });

  it('files records by year and bucket of numbers, and sorts ids numerically', () => {
    expect(bucketName('CVE-2024-50081')).toBe('2024-50000.yml');
    expect(bucketName('CVE-2021-4439')).toBe('2021-04000.yml');
    expect(['CVE-2024-10000', 'CVE-2023-52487', 'CVE-2024-9999'].sort(compareCveIds)).toEqual(['CVE-2023-52487', 'CVE-2024-9999', 'CVE-2024-10000']);
  });
});

describe('curated rules and the records', () => {
  const curated = (sha: string, stable: string[] = []) => `bugs:
  - id: blk-mq-tag-set
    title: "blk-mq oops"
    subsystem: block
    links: [https://example.com/1]
    signatures:
      - crash: "BUG: unable to handle kernel NULL pointer dereference in blk_mq_hctx_notify_online"
    affected:
      fixed:
        stable: [${stable.map((s) => `"${s}"`).join(', ')}]
    fix:
      - commit: ${sha}
        subject: "blk-mq: setup queue ->tag_set before initializing hctx"
    examples:
      match: ["x"]
      no_match: ["y"]
`;
  const index = async () => parseRecordIndex(importKernelCves(await readVulnsDir(FIXTURES), { snapshot: null }).files.find((f) => f.name === 'records.tsv')!.text);

  it('records.tsv carries the files each fix touches, and a pack written before that column still parses (no files)', async () => {
    const records = await index();
    expect(records.find((record) => record.id === 'CVE-2024-26845')!.files).toEqual(['drivers/target/target_core_device.c', 'drivers/target/target_core_transport.c']);
    const old = '# cve\tmainline_sha\tintroduced\tfixed_mainline\tfixed_stable\tsubject\nCVE-2024-50081\tc25c0c9035bb8b28c844dfddeda7b8bdbcfcae95\t6.10\t6.12\t6.11.5\tblk-mq: setup queue ->tag_set before initializing hctx\n';
    expect(parseRecordIndex(old)).toEqual([
      { id: 'CVE-2024-50081', sha: 'c25c0c9035bb8b28c844dfddeda7b8bdbcfcae95', introduced: '6.10', fixedMainline: '6.12', fixedStable: ['6.11.5'], subject: 'blk-mq: setup queue ->tag_set before initializing hctx', files: [] },
    ]);
  });

  it('lint: a fix subject equal to a record whose sha differs (a pre-rebase sha) is a warning naming the mainline commit', async () => {
    const { ruleSet } = parseRuleFiles([{ path: 'block.yml', text: curated('cd6279bd6e3c022bb74f88bd2299daf63ae519e6') }]);
    const problems = checkFixesAgainstRecords(ruleSet.bugs, await index());
    expect(problems).toEqual([expect.objectContaining({ file: 'block.yml', ruleId: 'blk-mq-tag-set', severity: 'warning', message: expect.stringContaining('CVE-2024-50081 names this subject with mainline commit c25c0c9035bb (fixed in 6.12, 6.11.5)') })]);
    const right = parseRuleFiles([{ path: 'block.yml', text: curated('c25c0c9035bb') }]);
    expect(checkFixesAgainstRecords(right.ruleSet.bugs, await index())).toEqual([]);
  });

  it('one known bug per fix: the curated rule stands, takes the branches it lacks, and the CVE rule for that fix is dropped', async () => {
    const records = await index();
    const { ruleSet } = parseRuleFiles([{ path: 'block.yml', text: curated('c25c0c9035bb', ['6.6.99']) }]);
    const cveRule = { ...ruleSet.bugs[0]!, id: 'cve-2024-50081', origin: 'generated' as const, source: { file: 'pack.yml', line: 1, col: 1 } };
    const merged = mergeCveRecords({ ...ruleSet, bugs: [...ruleSet.bugs, cveRule] }, records, (bug) => bug.source.file === 'pack.yml');
    expect(merged.ruleSet.bugs.map((b) => b.id)).toEqual(['blk-mq-tag-set']);
    expect(merged.ruleSet.bugs[0]!.affected.fixed).toEqual({ mainline: '6.12', stable: ['6.6.99', '6.11.5'], distro: {} });
    expect(merged.superseded).toEqual(new Map([['cve-2024-50081', 'blk-mq-tag-set']]));
    expect(ruleSet.bugs[0]!.affected.fixed.stable).toEqual(['6.6.99']);
  });

  it('one known bug per fix holds across abbreviations: a curated 12-digit sha supersedes the CVE rule naming the full sha, and the other way round', async () => {
    const records = await index();
    const full = records.find((record) => record.id === 'CVE-2024-50081')!.sha;
    expect(full).toHaveLength(40);
    for (const [curatedSha, cveSha] of [
      ['c25c0c9035bb', full],
      [full, 'c25c0c9035bb'],
    ] as const) {
      const { ruleSet } = parseRuleFiles([{ path: 'block.yml', text: curated(curatedSha) }]);
      const base = ruleSet.bugs[0]!;
      const cveRule = { ...base, id: 'cve-2024-50081', origin: 'generated' as const, source: { file: 'pack.yml', line: 1, col: 1 }, fix: [{ ...base.fix[0]!, sha: cveSha }] };
      const merged = mergeCveRecords({ ...ruleSet, bugs: [...ruleSet.bugs, cveRule] }, records, (bug) => bug.source.file === 'pack.yml');
      expect(merged.ruleSet.bugs.map((b) => b.id)).toEqual(['blk-mq-tag-set']);
      expect(merged.superseded).toEqual(new Map([['cve-2024-50081', 'blk-mq-tag-set']]));
      expect(merged.borrowed.get('blk-mq-tag-set')).toEqual(['CVE-2024-50081']);
    }
  });

  it('fixes compare as sameCommit does: case aside, and two full shas sharing only 12 digits are two fixes', async () => {
    const records = await index();
    const full = records.find((record) => record.id === 'CVE-2024-50081')!.sha;
    // The record written in upper case (as a hand-made index may be): still the curated rule's fix.
    const upper = records.map((record) => (record.id === 'CVE-2024-50081' ? { ...record, sha: record.sha.toUpperCase() } : record));
    const { ruleSet } = parseRuleFiles([{ path: 'block.yml', text: curated(full) }]);
    const base = ruleSet.bugs[0]!;
    expect(mergeCveRecords(ruleSet, upper, () => false).borrowed.get('blk-mq-tag-set')).toEqual(['CVE-2024-50081']);
    // Another commit whose sha starts with the same 12 digits: not the curated rule's fix, its CVE rule stays.
    const twin = `${full.slice(0, 12)}${full.slice(12).replace(/./g, (c) => (c === '0' ? '1' : '0'))}`;
    const cveRule = { ...base, id: 'cve-2099-00001', origin: 'generated' as const, source: { file: 'pack.yml', line: 1, col: 1 }, fix: [{ ...base.fix[0]!, sha: twin }] };
    const merged = mergeCveRecords({ ...ruleSet, bugs: [...ruleSet.bugs, cveRule] }, records, (bug) => bug.source.file === 'pack.yml');
    expect(merged.ruleSet.bugs.map((b) => b.id)).toEqual(['blk-mq-tag-set', 'cve-2099-00001']);
    expect(merged.superseded).toEqual(new Map());
  });
});

describe('ktriage import kernel-cves', () => {
  let out: string;
  beforeEach(() => {
    out = mkdtempSync(path.join(tmpdir(), 'ktriage-cves-'));
  });
  afterEach(() => rmSync(out, { recursive: true, force: true }));
  const io = () => {
    let stdout = '';
    let stderr = '';
    return { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, stdin: new PassThrough(), env: {}, cwd: process.cwd(), out: () => stdout, err: () => stderr };
  };

  it('writes the pack, replaces the files a previous import wrote, and leaves other files alone', async () => {
    writeFileSync(path.join(out, '1999-00000.yml'), 'bugs: []\n');
    writeFileSync(path.join(out, 'NOTES.md'), 'mine\n');
    const run = io();
    expect(await main(['import', 'kernel-cves', FIXTURES, '--out', out, '--snapshot', '2026-08-21'], run)).toBe(0);
    expect(run.out()).toContain('7 records: 6 known bugs');
    expect(readdirSync(out).sort()).toEqual([...readdirSync(EXPECTED), 'NOTES.md'].sort());
  });

  it('exits 2 with the expected layout for a folder that is not a vulns repository, and for a bad date', async () => {
    const run = io();
    expect(await main(['import', 'kernel-cves', out, '--out', out], run)).toBe(2);
    expect(run.err()).toContain('expected cve/published/<year>/CVE-*.json');
    const date = io();
    expect(await main(['import', 'kernel-cves', FIXTURES, '--snapshot', 'yesterday'], date)).toBe(2);
    expect(date.err()).toContain('--snapshot is a date, YYYY-MM-DD');
  });
});
