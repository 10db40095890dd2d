import { DescriptionIndexError, formatDescriptionIndex, parseDescriptionIndex } from '../../src/import/description-file.js';
import { buildDescriptionIndex } from '../../src/match/index.js';

// descriptions.tsv: the pack's description index as text, and back.
describe('the description index file', () => {
  const index = buildDescriptionIndex([
    { id: 'CVE-2024-1', text: 'md/raid1: write-mostly write-mostly corruption' },
    { id: 'CVE-2024-2', text: 'md/raid10: reshape stuck' },
  ]);

  it('round-trips, leaving out the frequencies of terms one record has', () => {
    const text = formatDescriptionIndex(index, '2026-08-21');
    expect(text).toContain('=documents\t2');
    expect(text).toContain('=df\tmd\t2');
    expect(text).not.toContain('=df\treshap');
    expect(text).toContain('write*2');
    const parsed = parseDescriptionIndex(text);
    expect(parsed.documents).toBe(2);
    expect(parsed.docs).toEqual(index.docs);
    expect([...parsed.df]).toEqual([['md', 2]]);
  });

  it('skips malformed lines and refuses a file that is not an index', () => {
    const parsed = parseDescriptionIndex('=documents\t3\n=df\tmd\tx\nCVE-1\tmd raid*0 raid1*2\nbroken line\n');
    expect(parsed.df.size).toBe(0);
    expect(parsed.docs).toEqual([{ id: 'CVE-1', terms: [['md', 1], ['raid1', 2]] }]);
    expect(() => parseDescriptionIndex('# nothing here\n')).toThrow(DescriptionIndexError);
    expect(() => parseDescriptionIndex('=documents\t0\n')).toThrow('no `=documents` line');
  });
});
