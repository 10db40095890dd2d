import fc from 'fast-check';
import { buildAutomaton } from '../../src/extract/aho-corasick.js';
import { buildWindowIndex, WINDOW } from '../../src/match/build-window-index.js';

type Build = (patterns: string[]) => { search(text: string, found: (pattern: number, end: number) => void): void };

function searchAll(build: Build, patterns: string[], text: string): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  build(patterns).search(text, (pattern, end) => found.push([pattern, end]));
  return found.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
}

describe('buildWindowIndex', () => {
  const dm = 'device-mapper: space map common: unable to decrement a reference count below <N>';

  it('finds a long canonical signature inside a report line, with its end offset', () => {
    const line = `prefix ${dm} suffix`;
    expect(searchAll(buildWindowIndex, [dm], line)).toEqual([[0, 7 + dm.length]]);
  });

  it('finds patterns sharing their start (one subsystem), every occurrence, and short patterns too', () => {
    const patterns = ['device-mapper: thin: <DEV>: switching pool to read-only mode', 'device-mapper: thin: <DEV>: metadata operation failed', 'BUG: oops', ''];
    const text = `${patterns[1]} ${patterns[0]} BUG: oops ${patterns[1]}`;
    expect(searchAll(buildWindowIndex, patterns, text)).toEqual(searchAll(buildAutomaton, patterns, text));
    expect(searchAll(buildWindowIndex, patterns, text)).toHaveLength(4);
  });

  it('reports a duplicate under its first index, and characters beyond the Basic Latin range', () => {
    const long = 'viele Grüße 💥 oops, vom Kernel';
    expect(searchAll(buildWindowIndex, [long, long], `>> ${long}`)).toEqual([[0, 3 + long.length]]);
  });

  it('never reports a hash collision: a match is confirmed on the text', () => {
    // Every window of the text is looked up; only true occurrences come back.
    const patterns = Array.from({ length: 500 }, (_, i) => `subsystem: event number ${i} happened here`);
    const text = patterns.filter((_, i) => i % 7 === 0).join(' | ');
    expect(searchAll(buildWindowIndex, patterns, text)).toEqual(searchAll(buildAutomaton, patterns, text));
  });

  it('agrees with Aho-Corasick on random patterns (short and long) and texts', () => {
    const unit = fc.constantFrom('a', 'b', ' ', '<', 'N', '>');
    const pattern = fc.oneof(fc.string({ unit, maxLength: 5 }), fc.string({ unit, minLength: WINDOW, maxLength: WINDOW + 8 }));
    fc.assert(
      fc.property(fc.array(pattern, { maxLength: 10 }), fc.array(fc.nat({ max: 9 }), { maxLength: 6 }), fc.string({ unit, maxLength: 40 }), (patterns, picks, noise) => {
        // The text holds some of the patterns between random noise, so long ones do occur.
        const text = picks.map((i) => `${patterns[i] ?? ''}${noise.slice(0, i * 3)}`).join(noise.slice(0, 4));
        expect(searchAll(buildWindowIndex, patterns, text)).toEqual(searchAll(buildAutomaton, patterns, text));
      }),
      { numRuns: 400 },
    );
  });
});
