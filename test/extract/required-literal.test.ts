import fc from 'fast-check';
import { RE2JS } from 're2js';
import { requiredLiteral } from '../../src/extract/required-literal.js';

describe('requiredLiteral', () => {
  it.each<[string, string | null]>([
    // escaped parentheses are literal; the alternation group ends the run
    ['dm_thin_insert_block\\(\\) failed: error = -(22|61)', 'dm_thin_insert_block() failed: error = -'],
    // a character escape (\d) breaks the run; the longest run wins
    ['nvme nvme\\d+: I/O \\d+ QID \\d+ timeout, (?:aborting|reset controller)', ' timeout, '],
    // an optional atom is dropped: "s?" may be absent
    ['reads? failed on device', ' failed on device'],
    // "+" keeps one copy of the atom, then the run ends
    ['abcd+efg', 'abcd'],
    // a class and a dot break runs
    ['[0-9a-f]+ corrupted at .* block', ' corrupted at '],
    // top-level alternation: no single literal is required
    ['foo failed|bar failed', null],
    // case-insensitive flag: a literal would be wrong
    ['(?i)buffer i/o error', null],
    // too short to be worth a prefilter
    ['a.b.c', null],
    // counted repetition makes the atom optional
    ['xfs_ab{0,3}c_failure', 'c_failure'],
  ])('%s -> %j', (source, expected) => {
    expect(requiredLiteral(source)).toBe(expected);
  });

  it('is a real requirement: whenever the regex matches a text, the text contains the literal', () => {
    const atom = fc.constantFrom('a', 'b', 'ab', '\\(', '\\)', '.', '\\d', '[ab]', '(a|b)', 'x', 'y', ' ');
    const quantifier = fc.constantFrom('', '', '', '*', '+', '?', '{1,2}');
    const regex = fc.array(fc.tuple(atom, quantifier).map(([a, q]) => a + q), { minLength: 1, maxLength: 8 }).map((parts) => parts.join(''));
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'x', 'y', ' ', '(', ')', '1'), maxLength: 30 });
    fc.assert(
      fc.property(regex, text, (source, input) => {
        const literal = requiredLiteral(source);
        if (literal === null) return;
        if (RE2JS.compile(source).test(input)) expect(input).toContain(literal);
      }),
      { numRuns: 2000 },
    );
  });
});
