import fc from 'fast-check';
import { buildAutomaton } from '../../src/extract/aho-corasick.js';

function searchAll(patterns: string[], text: string): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  buildAutomaton(patterns).search(text, (pattern, end) => found.push([pattern, end]));
  return found.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
}

/** Every occurrence the slow way, to compare against. */
function naive(patterns: string[], text: string): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  const seen = new Set<string>();
  patterns.forEach((pattern, index) => {
    if (pattern.length === 0 || seen.has(pattern)) return;
    seen.add(pattern);
    for (let at = text.indexOf(pattern); at >= 0; at = text.indexOf(pattern, at + 1)) found.push([index, at + pattern.length]);
  });
  return found.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
}

describe('buildAutomaton', () => {
  it('finds overlapping patterns and patterns inside others (the textbook example)', () => {
    expect(searchAll(['he', 'she', 'his', 'hers'], 'ushers')).toEqual([
      [0, 4],
      [1, 4],
      [3, 6],
    ]);
  });

  it('finds canonical kernel signatures inside report lines', () => {
    const patterns = ['device-mapper: space map common: unable to decrement a reference count below <N>', 'failed: error = -22'];
    const line = 'device-mapper: thin: <DEV>: dm_thin_insert_block() failed: error = -22';
    expect(searchAll(patterns, line)).toEqual([[1, line.length]]);
  });

  it('ignores empty patterns and reports a duplicate under its first index', () => {
    expect(searchAll(['', 'ab', 'ab'], 'xabx')).toEqual([[1, 3]]);
  });

  it('handles characters outside the Basic Latin range', () => {
    expect(searchAll(['Grüße', '💥 oops'], 'viele Grüße 💥 oops')).toEqual([
      [0, 11],
      [1, 19],
    ]);
  });

  it('agrees with a naive search on random patterns and texts', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' '), maxLength: 6 });
    fc.assert(
      fc.property(fc.array(word, { maxLength: 12 }), fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' '), maxLength: 60 }), (patterns, text) => {
        expect(searchAll(patterns, text)).toEqual(naive(patterns, text));
      }),
      { numRuns: 300 },
    );
  });
});
