import fc from 'fast-check';
import { buildFuzzyIndex, fuzzyWords, MIN_SIMILARITY } from '../../src/match/fuzzy-index.js';
import { crashGroup, logGroup } from '../../src/match/compile-rules.js';

const RULES = [
  'device-mapper: space map common: unable to decrement a reference count below <N>',
  'device-mapper: thin: <DEV>: dm_thin_insert_block() failed: error = -22',
  'device-mapper: thin: <DEV>: switching pool to read-only mode',
  'device-mapper: btree spine: node_check failed: csum <N> != wanted <N>',
  'md/raid:<DEV>: read error not correctable (sector <N> on <DEV>).',
];
const CRASHES = ['KASAN: slab-use-after-free Read in bfq_setup_cooperator', 'WARNING in dec_ref_count'];

const index = buildFuzzyIndex([
  ...RULES.map((text, value) => ({ text, group: logGroup(text), value })),
  ...CRASHES.map((text, i) => ({ text, group: crashGroup(text), value: 100 + i })),
]);

describe('fuzzy index', () => {
  it.each<[string, number | null]>([
    // one word changed in a long line: a near miss of that rule
    ['device-mapper: space map common: unable to increment a reference count below <N>', 0],
    // another errno in the same message
    ['device-mapper: thin: <DEV>: dm_thin_insert_block() failed: error = -61', 1],
    // same subsystem, different message: nothing
    ['device-mapper: thin: <DEV>: reached low water mark for data device: sending event.', null],
    // a different subsystem with shared words: nothing (groups never mix)
    ['device-mapper: block manager: validator mismatch (old=sm_bitmap vs new=btree_node) for block <N>', null],
    // opposite meaning, few words shared: nothing
    ['md/raid:<DEV>: read error corrected (<N> sectors at <N> on <DEV>)', null],
  ])('%s -> %s', (line, expected) => {
    const hits = index.search(line, logGroup(line));
    expect(hits[0]?.value ?? null).toBe(expected);
    for (const hit of hits) expect(hit.similarity).toBeGreaterThanOrEqual(MIN_SIMILARITY);
  });

  it('compares crash titles only within the same function: another access kind is near, another function is not', () => {
    const write = 'KASAN: slab-use-after-free Write in bfq_setup_cooperator';
    expect(index.search(write, crashGroup(write))[0]?.value).toBe(100);
    const other = 'KASAN: slab-use-after-free Read in bfq_bio_bfqg';
    expect(index.search(other, crashGroup(other))).toEqual([]);
  });

  it('skips entries the caller excludes (rules already matched exactly)', () => {
    const line = 'device-mapper: space map common: unable to increment a reference count below <N>';
    expect(index.search(line, logGroup(line), (value) => value === 0)).toEqual([]);
  });

  it('reads words without placeholders or punctuation', () => {
    expect(fuzzyWords('device-mapper: thin: <DEV>: dm_thin_insert_block() failed: error = -22.')).toEqual(['device-mapper', 'thin', 'dm_thin_insert_block', 'failed', 'error', '-22']);
  });
});

describe('fuzzyWords', () => {
  /** The definition, written with regexes (how it read before it became a loop over character codes). */
  function reference(text: string): string[] {
    const words = new Set<string>();
    for (const raw of text.split(/[\s:,;()[\]{}"'=]+/)) {
      const word = raw.replace(/^[.!?]+|[.!?]+$/g, '');
      if (word.length === 0 || /^<[A-Z]+>$/.test(word) || !/[A-Za-z0-9]/.test(word)) continue;
      words.add(word.toLowerCase());
    }
    return [...words];
  }

  it('gives the words of the regex definition on any text (separators, unicode spaces, placeholders, sentence marks)', () => {
    const unit = fc.constantFrom('a', 'B', '7', '-', '_', ' ', '\t', '\u00a0', '\u2003', '\u3000', '\ufeff', ':', ',', ';', '(', ')', '[', ']', '{', '}', '"', "'", '=', '.', '!', '?', '<', '>', 'N', 'DEV', '\u00c9', '\u0130', '/');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), (text) => {
        expect(fuzzyWords(text)).toEqual(reference(text));
      }),
      { numRuns: 2000 },
    );
  });
});
