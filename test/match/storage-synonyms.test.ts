import { buildDescriptionIndex, descriptionSearcher, descriptionTerms, withStorageSynonyms } from '../../src/match/index.js';

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
