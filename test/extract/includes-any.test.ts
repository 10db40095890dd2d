// charSet/includesAny: the character scan readers use to pass over lines without the marks their
// patterns need (issue 12). It must say exactly what a regex character class says.
import fc from 'fast-check';
import { charSet, includesAny, splitLines } from '../../src/extract/split-lines.js';

const escape = (chars: string): string => chars.replace(/[\\\]^-]/g, (c) => `\\${c}`);

describe('includesAny', () => {
  it('agrees with a character class on any text and range', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ minLength: 1, maxLength: 8 }).map((s) => [...s].map((c) => (c.charCodeAt(0) < 128 ? c : 'x')).join('')), fc.nat(70), fc.nat(70), (text, chars, a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const expected = new RegExp(`[${escape(chars)}]`).test(text.slice(from, to));
        expect(includesAny(text, from, Math.min(to, text.length), charSet(chars))).toBe(expected);
      }),
    );
  });

  it('reads a line of a table within its content and reach', () => {
    const lines = splitLines('> a:b\nplain\n[ 1.0] x');
    const marks = charSet(':[');
    expect([0, 1, 2].map((i) => lines.includesAny(i, marks))).toEqual([true, false, true]);
    // Quote markers are not content; the reach counts from the content's start.
    expect(lines.includesAny(0, charSet('>'))).toBe(false);
    expect(lines.includesAny(0, marks, 1)).toBe(false);
    expect(lines.includesAny(0, marks, 2)).toBe(true);
  });

  it('refuses a set it cannot hold', () => {
    expect(() => charSet('é')).toThrow(/not ASCII/);
  });
});
