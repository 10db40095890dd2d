import fc from 'fast-check';
import { RE2JS } from 're2js';
import { requiredLiterals } from '../../src/extract/required-literal.js';

describe('requiredLiterals', () => {
  it.each<[string, number, string[] | null]>([
    // one literal: escaped parentheses are literal; the alternation group ends the run
    ['dm_thin_insert_block\\(\\) failed', 4, ['dm_thin_insert_block() failed']],
    ['dm_thin_insert_block\\(\\) failed: error = -(22|61)', 4, ['dm_thin_insert_block() failed: error = -']],
    // `\d` with a quantifier ends the run; the longest run wins
    ['nvme nvme\\d+: I/O \\d+ QID \\d+ timeout, (?:aborting|reset controller)', 4, [' timeout, ']],
    // an optional atom is dropped: "s?" may be absent
    ['reads? failed on device', 4, [' failed on device']],
    // "+" keeps one copy of the atom, then the run ends
    ['abcd+efg', 4, ['abcd']],
    // a large class and a dot break runs
    ['[0-9a-f]+ corrupted at .* block', 4, [' corrupted at ']],
    // case-insensitive flag: a literal would be wrong
    ['(?i)buffer i/o error', 4, null],
    // too short to be worth a prefilter
    ['a.b.c', 4, null],
    // counted repetition makes the atom optional
    ['xfs_ab{0,3}c_failure', 4, ['c_failure']],
    // a top-level alternation: one literal per branch
    ['\\bkubernetes\\b|\\bk8s\\b', 3, ['kubernetes', 'k8s']],
    // both branches need the same word
    ['\\bA2000\\b.*\\bkingston\\b|\\bkingston\\b.*\\bA2000\\b', 3, ['kingston']],
    // a branch without a literal: no set
    ['foo failed|[0-9]+', 4, null],
    // a group every match passes through stands for its branches (named and plain groups too)
    ['\\b(?:Samsung SSD|Micron|SK ?hynix)', 3, ['Samsung SSD', 'Micron', 'hynix']],
    ['model: (?P<m>WD_BLACK|KIOXIA)', 3, ['model: ']],
    ['(?P<m>WD_BLACK|KIOXIA) x', 4, ['WD_BLACK', 'KIOXIA']],
    ['x (abcd|efgh)+', 4, ['abcd', 'efgh']],
    // an optional or counted group may be absent; a flag group is not read
    ['x (?:abcd|efgh)?', 4, null],
    ['x (?:abcd|efgh){0,2}', 4, null],
    ['x(?i:abcd|efgh)', 4, null],
    // a small class is each of its characters; `\d` too; a `+` keeps one
    ['\\bi[3-6]86\\b', 3, ['i386', 'i486', 'i586', 'i686']],
    ['CT\\d+P\\d', 3, ['CT0', 'CT1', 'CT2', 'CT3', 'CT4', 'CT5', 'CT6', 'CT7', 'CT8', 'CT9']],
    // large, negated or escaped classes end the run
    ['ab[a-z]cd', 3, null],
    ['abc[^x]de', 3, ['abc']],
    ['abc[\\d]de', 3, ['abc']],
    // escaped bars and bars in classes are not alternation
    ['abcd\\|efgh', 4, ['abcd|efgh']],
    ['ab[|]cdef', 4, ['ab|cdef']],
  ])('%s (at least %d) -> %j', (source, minLength, expected) => {
    expect(requiredLiterals(source, minLength)).toEqual(expected);
  });

  it('is a real requirement: whenever the regex matches a text, the text contains one of the literals', () => {
    const atom = fc.constantFrom('a', 'b', 'ab', 'xy', '\\(', '.', '\\d', '[ab]', '[a-c]', '[^a]', '(a|b)', '(?:ab|xy)', '(?:a|yx)', '(ba|x)', 'x', 'y', ' ', '\\|', '1');
    const quantifier = fc.constantFrom('', '', '', '*', '+', '?', '{1,2}', '{0,1}', '+?');
    const branch = fc.array(fc.tuple(atom, quantifier).map(([a, q]) => a + q), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));
    const regex = fc.array(branch, { minLength: 1, maxLength: 3 }).map((branches) => branches.join('|'));
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'x', 'y', ' ', '(', '|', '1', '2'), maxLength: 30 });
    fc.assert(
      fc.property(regex, text, fc.constantFrom(1, 2, 3), (source, input, minLength) => {
        const literals = requiredLiterals(source, minLength);
        if (literals === null) return;
        expect(literals.length).toBeGreaterThan(0);
        if (RE2JS.compile(source).test(input)) expect([source, input, literals.some((literal) => input.includes(literal))]).toEqual([source, input, true]);
      }),
      { numRuns: 5000 },
    );
  });
});
