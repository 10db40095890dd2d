import { MAX_ALIAS_COUNT, MAX_RULE_FILE_CHARS, formatProblem, parseRuleFiles } from '../../src/rules/index.js';
import { FACTS_YAML, ruleFileText, validBug } from './support/rule-text.js';

function parse(text: string) {
  return parseRuleFiles([{ path: 'hostile.yml', text }]);
}

/** A "billion laughs" document: each level aliases the previous one nine times. */
function yamlBomb(levels: number): string {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

// Each row: hostile or broken YAML, the message it must produce, and where.
const cases: Array<[string, string, string, { line: number; col: number } | null]> = [
  // billion laughs: expanding would take memory and time; refused at the first alias
  ['a YAML bomb', yamlBomb(9), `expands YAML aliases (\`*name\`) more than ${MAX_ALIAS_COUNT} times`, { line: 2, col: 10 }],
  // a JS-YAML style function tag must never be executed or kept
  ['!!js/function', 'bugs: !!js/function "function () { return 1 }"\n', 'custom tag `!!js/function` is not allowed: rule files are data only; remove the tag', { line: 1, col: 7 }],
  // application tags
  ['an unknown local tag', 'bugs:\n  - !bug { id: a }\n', 'custom tag `!bug` is not allowed', { line: 2, col: 5 }],
  // YAML 1.1 types that the core schema does not resolve
  ['!!binary', 'bugs: !!binary aGVsbG8=\n', 'custom tag `!!binary` is not allowed', { line: 1, col: 7 }],
  // the same key twice: YAML says the later wins silently in many parsers; here it is an error
  ['duplicate keys', 'bugs: []\nbugs: []\n', 'a key appears twice in the same mapping: keep one', { line: 2, col: 1 }],
  // a list at the root
  ['a list root', '- id: a\n- id: b\n', 'a rule file is a mapping with the keys `facts:`, `bugs:`, `playbooks:`; this file holds a list', { line: 1, col: 1 }],
  // a scalar root
  ['a scalar root', 'just some text\n', 'this file holds a single value', { line: 1, col: 1 }],
  // two documents in one file
  ['two documents', 'bugs: []\n---\nbugs: []\n', 'the file holds more than one YAML document', { line: 2, col: 1 }],
  // nesting that would blow the parser's stack
  ['deep flow nesting', `bugs: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, 'nested too deeply', null],
  // nesting below the parser's limit but beyond any rule file
  ['deep block nesting', `bugs:\n${Array.from({ length: 80 }, (_, i) => `${'  '.repeat(i + 1)}- `).join('\n')}x\n`, 'nested', null],
  // tabs
  ['tab indentation', 'bugs:\n\t- id: a\n', 'tabs cannot indent YAML: use spaces', { line: 2, col: 1 }],
  // merge keys are a YAML 1.1 feature that hides where values come from
  ['a merge key', 'bugs:\n  - <<: { id: a }\n', 'merge keys (`<<: *name`) are not supported', { line: 2, col: 5 }],
  // complex keys
  ['a complex key', '? [a, b]\n: c\n', 'a key must be a plain word', { line: 1, col: 3 }],
  // a section that is not a list
  ['bugs as a mapping', 'bugs:\n  id: a\n', '`bugs` must be a list of entries', { line: 2, col: 3 }],
  // an unknown top-level key
  ['a misspelt section', 'bug:\n  - id: a\n', 'unknown top-level key `bug` — did you mean `bugs`?', { line: 1, col: 1 }],
  // unclosed quotes
  ['an unclosed quote', 'bugs:\n  - id: "abc\n', 'YAML syntax error', null],
];

describe.each(cases)('hostile input: %s', (_name, text, message, position) => {
  it('gives a clear error, never a crash', () => {
    const { ruleSet, problems } = parse(text);
    const match = problems.find((p) => p.message.includes(message));
    expect(match).toBeDefined();
    if (position) expect({ line: match!.line, col: match!.col }).toEqual(position);
    expect(ruleSet.bugs).toEqual([]);
  });
});

it('refuses a huge file unread, with the size and the fix', () => {
  const { problems } = parse(`# ${'x'.repeat(MAX_RULE_FILE_CHARS)}\n`);
  expect(problems.map(formatProblem)).toEqual([
    `hostile.yml:1:1: the file has ${MAX_RULE_FILE_CHARS + 3} characters; rule files are limited to ${MAX_RULE_FILE_CHARS}: split it into several files`,
  ]);
});

it('allows a few aliases (shared lists) below the bomb limit', () => {
  const bug = validBug();
  const text = `${FACTS_YAML}bugs:\n  - id: a-bug\n    title: t\n    subsystem: ext4\n    links: &links [https://example.org/1]\n    signatures: [{ crash: "WARNING in foo" }]\n    fix: [{ commit: ${String((bug.fix as Array<{ commit: string }>)[0]!.commit)}, subject: s }]\n    examples: { match: [a], no_match: [b] }\n  - id: b-bug\n    title: t\n    subsystem: ext4\n    links: *links\n    signatures: [{ crash: "WARNING in bar" }]\n    fix: [{ commit: cebc2de44d3b, subject: s }]\n    examples: { match: [a], no_match: [b] }\n`;
  const { ruleSet, problems } = parse(text);
  expect(problems).toEqual([]);
  expect(ruleSet.bugs.map((b) => b.links)).toEqual([['https://example.org/1'], ['https://example.org/1']]);
});

it('a custom tag inside one bug disables that bug only', () => {
  const good = validBug('good-bug');
  const text = `${FACTS_YAML}${ruleFileText([good, validBug('tagged-bug')]).replace(/title: (.*)\n(?![\s\S]*title:)/, 'title: !exec $1\n')}`;
  const { ruleSet, problems } = parse(text);
  expect(problems.map((p) => [p.message, p.ruleId])).toEqual([['custom tag `!exec` is not allowed: rule files are data only; remove the tag', 'tagged-bug']]);
  expect(ruleSet.bugs.map((b) => b.id)).toEqual(['good-bug']);
});

it('an empty file and a comment-only file hold no rules and no problems', () => {
  expect(parse('')).toEqual({ ruleSet: { bugs: [], playbooks: [], facts: [] }, problems: [] });
  expect(parse('# nothing yet\n')).toEqual({ ruleSet: { bugs: [], playbooks: [], facts: [] }, problems: [] });
});

it('a NUL byte or control characters give an error, not a crash', () => {
  const { problems } = parse('bugs:\n  - id: "a\u0000b"\n\u0007');
  expect(Array.isArray(problems)).toBe(true);
  expect(problems.length).toBeGreaterThan(0);
});

it('shows at most 500 problems per file, then says how many more there are', () => {
  const text = `bugs:\n${'  - id: broken\n'.repeat(600)}`;
  const { problems, ruleSet } = parse(text);
  expect(ruleSet.bugs).toEqual([]);
  expect(problems).toHaveLength(501);
  const last = problems[problems.length - 1]!;
  // 600 entries x 6 missing keys (title, subsystem, links, signatures, fix, examples) + 599 duplicate ids, minus the 500 shown.
  expect(last.message).toBe(`${600 * 6 + 599 - 500} more problems in this file are not shown: fix the ones above first`);
  expect(problems.slice(0, 500).every((p) => p.message !== 'not shown')).toBe(true);
});

it('refuses aliases that multiply a big list (each alias allowed, the expansion too large)', () => {
  const items = Array.from({ length: 20000 }, (_, i) => `x${i}`).join(', ');
  let text = `lists:\n  - &big [${items}]\n`;
  for (let i = 0; i < 60; i++) text += `  - *big\n`;
  const { problems } = parse(text);
  expect(problems.map(formatProblem)).toEqual(['hostile.yml:3:5: aliases (`*name`) expand this file to more than 1000000 values: alias small values only, or write them out']);
});
