import fc from 'fast-check';
import { buildDescriptionIndex, descriptionSearcher, descriptionTerms, StoragePhrases, withStorageSynonyms } from '../../src/match/index.js';

describe('withStorageSynonyms', () => {
  it("adds the other phrases of a group whose phrase the query contains, once", () => {
    const terms = descriptionTerms('raid1 with a write-mostly member returns stale data after a write-mostly resync');
    const expanded = withStorageSynonyms(terms);
    expect(expanded.slice(0, terms.length)).toEqual(terms);
    expect(expanded.slice(terms.length)).toEqual([...descriptionTerms('slow disk'), ...descriptionTerms('recovery')]);
    expect(withStorageSynonyms(descriptionTerms('fstrim blocks suspend')).slice(3)).toEqual(descriptionTerms('discard trim unmap'));
  });

  it('needs the whole phrase: a word of it alone adds nothing', () => {
    const terms = descriptionTerms('slow writes on a raid1 array, mostly at night');
    expect(withStorageSynonyms(terms)).toEqual(terms);
  });
});

// Subjects of real fixes (the CNA's records CVE-2024-45023, CVE-2023-53098 and CVE-2024-50081 of
// the vulns repository) as the pack's description index holds them, and a reporter's words.
const RECORDS = [
  { id: 'CVE-2024-45023', text: 'md/raid1: Fix data corruption for degraded array with slow disk\nread_balance() will avoid reading from slow disks as much as possible, however, if valid data only lands in slow disks, and a new normal disk is still in recovery, unrecovered data can be read' },
  { id: 'CVE-2024-50081', text: 'blk-mq: setup queue ->tag_set before initializing hctx\nFor clearing hctx->tags->rqs[] in blk_mq_clear_rq_mapping(), the queue tag set is needed' },
  { id: 'CVE-2022-49000', text: 'md: fix a crash in mempool_free\nThere is a crash in mempool_free when the raid array is stopped while the superblock is written' },
];

it('lets a report in the reporter\'s words reach the fix that names the thing otherwise', () => {
  const searcher = descriptionSearcher(buildDescriptionIndex(RECORDS));
  const query = descriptionTerms('write-mostly mirror member returns stale files after resync');
  const options = { limit: 3, minSimilarity: 0.12, minShared: 3 };
  expect(searcher.search(query, options).map((hit) => hit.id)).not.toContain('CVE-2024-45023');
  expect(searcher.search(withStorageSynonyms(query), options).map((hit) => hit.id)[0]).toBe('CVE-2024-45023');
});

describe('StoragePhrases (withStorageSynonyms term by term)', () => {
  // The reference: the groups whose phrase occurs as consecutive terms, by a scan of the whole list.
  const GROUP_TERMS = [
    [descriptionTerms('write-mostly'), descriptionTerms('slow disk')],
    [descriptionTerms('discard'), descriptionTerms('trim'), descriptionTerms('fstrim'), descriptionTerms('unmap')],
    [descriptionTerms('resync'), descriptionTerms('recovery')],
  ];
  const contains = (terms: readonly string[], phrase: readonly string[]): boolean => terms.some((_, i) => phrase.length > 0 && phrase.every((p, k) => terms[i + k] === p));
  const reference = (terms: readonly string[]): string[] => {
    const present = new Set(terms);
    const added: string[] = [];
    for (const group of GROUP_TERMS.filter((g) => g.some((phrase) => contains(terms, phrase)))) {
      for (const term of group.flat()) {
        if (present.has(term)) continue;
        present.add(term);
        added.push(term);
      }
    }
    return [...terms, ...added];
  };

  it('finds the same groups and adds the same terms as a scan of the whole list', () => {
    const term = fc.constantFrom(...new Set(GROUP_TERMS.flat(2)), 'raid1', 'data', 'mostli', 'slow');
    fc.assert(fc.property(fc.array(term, { maxLength: 12 }), (terms) => expect(withStorageSynonyms(terms)).toEqual(reference(terms))));
  });

  it('adds nothing before a phrase is complete, and the group once it is', () => {
    const phrases = new StoragePhrases();
    phrases.see('write');
    expect(phrases.additions(new Set(['write']))).toEqual([]);
    phrases.see('mostli');
    expect(phrases.additions(new Set(['write', 'mostli']))).toEqual(['slow', 'disk']);
  });
});
