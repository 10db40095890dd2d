import fc from 'fast-check';
import { buildDescriptionIndex, countDescriptionTerms, countTerms, describeDocument, descriptionSearcher, descriptionTerms, inverseDocumentFrequency } from '../../src/match/index.js';

/*
 * The TF-IDF description index (issue 10, item 5): which words count, how documents are weighed,
 * and what a search returns.
 */

// Each row: a text and the terms TF-IDF counts in it.
it.each<[string, string, string[]]>([
  // English words are stemmed (natural's Porter stemmer), stop words dropped
  ['prose', 'fstrim blocks suspend', ['fstrim', 'block', 'suspend']],
  // kernel identifiers stay whole: the words a fix message and a trace share
  ['identifiers', 'raid1_write_request and md_bitmap_startwrite', ['raid1_write_request', 'md_bitmap_startwrite']],
  // a hyphen joins words, it does not make one
  ['hyphenated words', 'write-mostly device', ['write', 'mostli', 'devic']],
  // addresses, numbers, build ids and register names say nothing about the bug
  ['log noise', 'RIP: 0010 ffffffff81234567 rax 0000000000000000 6.19.0 g1a2b3c4d5', []],
  // driver names with a few digits are names
  ['driver names', 'r8169 carrier flaps', ['r8169', 'carrier', 'flap']],
  // words every kernel fix message uses
  ['boilerplate', 'Fixes: this commit fixes the kernel bug. Signed-off-by: someone', ['someon']],
])('%s', (_name, text, terms) => {
  expect(descriptionTerms(text)).toEqual(terms);
});

// A long report is tokenised a piece at a time (issue 12: memory): the pieces end between words,
// so the terms are those of its lines one by one, wherever the cuts fall.
it.each([0, 1, 7, 30])('gives a long text the terms of its lines (lines shifted by %i characters)', (shift) => {
  const lines = [' '.repeat(shift)];
  for (let n = 0; n < 900; n++) {
    lines.push(`raid1_write_request${n % 7} delays writes to a write-mostly member’s disk; the pool’s metadata filled ${n} blocks`);
    if (n % 300 === 150) lines.push(`btrfs_${'extent_'.repeat(3000)}map and rescan`);
  }
  const text = lines.join('\n');
  expect(text.length).toBeGreaterThan(4 * 16_384);
  expect(descriptionTerms(text)).toEqual(lines.flatMap((line) => descriptionTerms(line)));
});

const TEXTS = [
  { id: 'raid1', text: 'md/raid1: fix data corruption with write-mostly devices: raid1_write_request delays writes to a write-mostly member; a resync then reads stale data' },
  { id: 'fstrim', text: 'block: fstrim blocks system suspend: blkdev_issue_discard loops without checking for a freezing task' },
  { id: 'ext4', text: 'ext4: fix access to uninitialised lock in fc replay path: ext4_fc_replay and __ext4_journal_get_write_access' },
  { id: 'raid10', text: 'md/raid10: fix reshape stuck when a device is removed during reshape' },
];

describe('countDescriptionTerms', () => {
  it('counts the terms of texts as those of the texts joined by line breaks, in the order each first occurs', () => {
    // Words, kernel identifiers, contractions, numbers and separators: no word spans a line break.
    const piece = fc.constantFrom('fstrim', 'blocks', 'raid1_write_request', "didn't", 'write-mostly', '0x1f', '123456', '_', "'", '’', ' ', ',', '.', 'Kernel', 'a'.repeat(70));
    const text = fc.array(piece, { maxLength: 12 }).map((pieces) => pieces.join(''));
    fc.assert(
      fc.property(fc.array(text, { maxLength: 6 }), (texts) => {
        const seen: string[] = [];
        const counts = countDescriptionTerms(texts, (term) => seen.push(term));
        expect([...counts]).toEqual([...countTerms(descriptionTerms(texts.join('\n')))]);
        expect(seen).toEqual(descriptionTerms(texts.join('\n')));
      }),
    );
  });
});

describe('buildDescriptionIndex', () => {
  const index = buildDescriptionIndex(TEXTS);

  it('counts every document and the document frequency of the kept terms', () => {
    expect(index.documents).toBe(4);
    // "md" is in two documents, "fstrim" in one
    expect(index.df.get('md')).toBe(2);
    expect(index.df.get('fstrim')).toBe(1);
  });

  it('keeps at most `keep` terms per document, the rarest first at equal counts', () => {
    const small = buildDescriptionIndex(TEXTS, 3);
    expect(small.docs.every((doc) => doc.terms.length === 3)).toBe(true);
    // "md" (two documents) weighs less than raid1's own words
    expect(small.docs[0]!.terms.map(([term]) => term)).not.toContain('md');
  });

  it('is deterministic', () => {
    expect(buildDescriptionIndex(TEXTS)).toEqual(index);
  });

  it("uses natural's idf: 1 + ln(N / (1 + df))", () => {
    expect(inverseDocumentFrequency(index, 'md')).toBeCloseTo(1 + Math.log(4 / 3));
    expect(inverseDocumentFrequency(index, 'never-seen')).toBeCloseTo(1 + Math.log(4));
  });
});

describe('descriptionSearcher', () => {
  const searcher = descriptionSearcher(buildDescriptionIndex(TEXTS));

  it('ranks the document whose words the query shares most', () => {
    const hits = searcher.search(descriptionTerms('raid1 with a write-mostly device corrupts data after resync'));
    expect(hits[0]?.id).toBe('raid1');
    expect(hits[0]!.similarity).toBeGreaterThan(0.3);
    expect(hits[0]!.similarity).toBeLessThanOrEqual(1);
    expect(hits[0]!.shared).toEqual(expect.arrayContaining(['write', 'mostli', 'resync', 'raid1']));
    // the raid10 document shares only "md"-family words, far behind
    expect(hits.find((h) => h.id === 'raid10')?.similarity ?? 0).toBeLessThan(hits[0]!.similarity / 2);
  });

  it('finds a fix message by the functions a trace names', () => {
    expect(searcher.search(['ext4_fc_replay', '__ext4_journal_get_write_access'])[0]?.id).toBe('ext4');
  });

  it('leaves out hits below the thresholds, and returns nothing for words no document has', () => {
    expect(searcher.search(descriptionTerms('fstrim hangs'), { minShared: 2 })).toEqual([]);
    expect(searcher.search(descriptionTerms('fstrim blocks suspend'), { minShared: 2 }).map((h) => h.id)).toEqual(['fstrim']);
    expect(searcher.search(descriptionTerms('fstrim blocks suspend'), { minSimilarity: 0.99 })).toEqual([]);
    expect(searcher.search(descriptionTerms('bluetooth pairing'))).toEqual([]);
    expect(searcher.search([])).toEqual([]);
  });

  it('takes a query as its terms or as their counts (countTerms), with the same hits and scores', () => {
    const terms = descriptionTerms('raid1 with a write-mostly device corrupts data after resync, raid1 again');
    expect(searcher.search(countTerms(terms))).toEqual(searcher.search(terms));
    expect(searcher.search(new Map())).toEqual([]);
  });

  it('scores extra documents (a maintainer\'s rules) with the same idf', () => {
    const hits = searcher.search(descriptionTerms('fstrim blocks suspend'), { extra: [{ id: 'rule:fstrim-suspend', terms: [['fstrim', 1], ['suspend', 1], ['block', 1]] }] });
    expect(hits.map((h) => h.id)).toEqual(['rule:fstrim-suspend', 'fstrim']);
  });
});

describe('a document that stands in for one of the index (leave-one-out, a fresher text)', () => {
  const index = buildDescriptionIndex(TEXTS);

  it('is described as the index keeps documents, and replaces its namesake in a search', () => {
    const fresh = describeDocument('ext4', 'ext4: fix access to uninitialised lock in fc replay path', index);
    expect(fresh.terms.map(([term]) => term)).toEqual(expect.arrayContaining(['uninitialis', 'replai', 'lock']));
    expect(fresh.terms.map(([term]) => term)).not.toContain('ext4_fc_replay');
    const searcher = descriptionSearcher(index);
    // The index's own document is found by the trace's function; the stand-in, which does not name it, is not.
    expect(searcher.search(['ext4_fc_replay'])[0]?.id).toBe('ext4');
    expect(searcher.search(['ext4_fc_replay'], { exclude: new Set(['ext4']), extra: [fresh] })).toEqual([]);
    // Its own words still find it, once.
    const hits = searcher.search(['uninitialis', 'lock', 'replai'], { exclude: new Set(['ext4']), extra: [fresh] });
    expect(hits.map((hit) => hit.id)).toEqual(['ext4']);
  });
});
