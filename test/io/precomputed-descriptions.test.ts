import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DESCRIPTION_INDEX_FILE, parseDescriptionIndex } from '../../src/import/description-file.js';
import { bundledCvePackDir } from '../../src/io/load-rule-packs.js';
import { stampOf } from '../../src/io/file-stamp.js';
import { decodeDescriptionPostings, encodeDescriptionPostings, readFreshDescriptionPostings } from '../../src/io/precomputed-descriptions.js';
import { buildDescriptionIndex, compileRules, descriptionSearcher, type DescriptionIndex, type DescriptionPack } from '../../src/match/index.js';
import { triage } from '../../src/triage.js';
import { parseWithFacts, ruleFileText, validBug } from '../rules/support/rule-text.js';

/*
 * The description index precomputed at build time (issue 10, item 4): the posting lists read from
 * the build's form must give exactly the offers the index built from descriptions.tsv gives, and a
 * form built from another descriptions.tsv than the one beside the pack is not used.
 */

const TSV = path.join(bundledCvePackDir(), DESCRIPTION_INDEX_FILE);

describe('the bundled pack\'s description index, precomputed and built at run time', () => {
  let index: DescriptionIndex;
  let records: DescriptionPack['records'];
  beforeAll(() => {
    const bytes = readFileSync(TSV);
    index = parseDescriptionIndex(bytes.toString('utf8'));
    records = new Map(index.docs.map((doc) => [doc.id, { id: doc.id, sha: '0'.repeat(40), subject: doc.id, introduced: null, fixedMainline: null, fixedStable: [], files: [] }]));
  });

  it('gives the same hits, similarities, shared words and order over a sample of queries', () => {
    const decoded = decodeDescriptionPostings(encodeDescriptionPostings(index, { size: 1, mtimeMs: 2, sha256: 'x' }))!;
    expect(decoded.source).toEqual({ size: 1, mtimeMs: 2, sha256: 'x' });
    const built = descriptionSearcher(index);
    const sample = index.docs.filter((_, i) => i % 173 === 0);
    expect(sample.length).toBeGreaterThan(80);
    const other = { id: 'rule:mine', terms: [['fstrim', 1], ['suspend', 2]] as Array<[string, number]> };
    for (const doc of sample) {
      // The document's heaviest words and a few of another's: a query that finds it and its neighbours.
      const query = [...doc.terms.slice(0, 6).map(([term]) => term), 'suspend', 'fstrim', 'raid1'];
      for (const options of [{ limit: 12 }, { limit: 12, minSimilarity: 0.12, minShared: 3 }, { limit: 5, anyOf: new Set(query.slice(0, 2)), extra: [other], exclude: new Set([doc.id]) }]) {
        expect(decoded.searcher.search(query, options)).toEqual(built.search(query, options));
      }
    }
  });

  it('gives the same offers in a triage', () => {
    const decoded = decodeDescriptionPostings(encodeDescriptionPostings(index, { size: 1, mtimeMs: 2, sha256: 'x' }))!;
    const parsed = parseWithFacts(ruleFileText([validBug()]));
    const runTime = compileRules(parsed.ruleSet, { descriptions: () => ({ index, records }) });
    const precomputed = compileRules(parsed.ruleSet, { descriptions: () => ({ index: decoded.stats, searcher: decoded.searcher, records }) });
    const reports = [
      'fstrim blocks system suspend on a raid1 array with discard enabled',
      'ext4 fast commit replay takes an uninitialised lock at mount after a crash',
      'nvme controller reset while a namespace is being scanned hangs the machine',
      'btrfs scrub reports checksum errors on a raid5 filesystem after a device replace',
      'KASAN use-after-free in the usb gadget configfs code when unbinding the function',
    ];
    for (const text of reports) {
      const report = { source: 'file' as const, id: 'r', url: null, title: text, body: `${text}. It happens every time.`, comments: [], attachments: [], fields: {} };
      const offers = (rules: typeof runTime) => triage(report, rules).matches.map((m) => [m.ruleId, m.score, m.confidence, m.reasons]);
      const expected = offers(runTime);
      expect(expected.length).toBeGreaterThan(0);
      expect(offers(precomputed)).toEqual(expected);
    }
  });
});

describe('a precomputed form and the descriptions.tsv it stands for', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ktriage-descriptions-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const index = buildDescriptionIndex([
    { id: 'CVE-1', text: 'fstrim blocks suspend' },
    { id: 'CVE-2', text: 'raid1 write-mostly corrupts data' },
  ]);
  function write(text: string): { tsv: string; bin: string } {
    const tsv = path.join(dir, DESCRIPTION_INDEX_FILE);
    const bin = path.join(dir, 'description-index.bin');
    writeFileSync(tsv, text);
    writeFileSync(bin, encodeDescriptionPostings(index, stampOf(text, statSync(tsv))));
    return { tsv, bin };
  }

  it('is used while the text is the one it was built from, touched or not', () => {
    const { tsv, bin } = write('the text\n');
    expect(readFreshDescriptionPostings(bin, tsv)?.searcher.search(['fstrim'])[0]?.id).toBe('CVE-1');
    utimesSync(tsv, new Date(), new Date(Date.now() + 5000));
    expect(readFreshDescriptionPostings(bin, tsv)).not.toBeNull();
  });

  it('is not used when the text changed (same size or not), or when it is not a precomputed form', () => {
    const { tsv, bin } = write('the text\n');
    writeFileSync(tsv, 'the TEXT\n');
    expect(readFreshDescriptionPostings(bin, tsv)).toBeNull();
    writeFileSync(tsv, 'another text\n');
    expect(readFreshDescriptionPostings(bin, tsv)).toBeNull();
    write('the text\n');
    writeFileSync(bin, readFileSync(bin).subarray(0, 100));
    expect(readFreshDescriptionPostings(bin, tsv)).toBeNull();
    writeFileSync(bin, 'not an index');
    expect(readFreshDescriptionPostings(bin, tsv)).toBeNull();
    expect(readFreshDescriptionPostings(path.join(dir, 'missing.bin'), tsv)).toBeNull();
  });
});
