import { formatProblem, parseRuleFiles } from '../../src/rules/index.js';
import { FACTS_YAML } from './support/rule-text.js';

/**
 * Position accuracy: each file below is written by hand, and `^` comments would be unreadable in
 * YAML, so each expected problem names its line:col explicitly. Lines and columns are 1-based.
 */
const FILE = `bugs:
  - id: pos-test
    titel: "a title"
    subsystem: ext4
    links:
      - https://example.org/1
      - not a url
    signatures:
      - log: "EXT4-fs error: ext4_lookup: deleted inode referenced"
        weight: 1.5
      - regex: 'x(?=y)'
    when: { thin_pool: true, filesystm: ext4 }
    affected:
      fixed: { mainline: 3.10, stable: ["3.12.x"] }
    fix:
      - commit: cebc2de44d3bce53e46476e774126c298ca2c8a9
        subject: "fix"
    next_steps: ["Upgrade to {{fixed_for_runing}}."]
    examples:
      match: ["x"]
      no-match: ["y"]
`;

it('points every problem at its key or value', () => {
  const { problems } = parseRuleFiles([
    { path: 'facts.yml', text: FACTS_YAML },
    { path: 'pos.yml', text: FILE },
  ]);
  expect(problems.map(formatProblem)).toEqual([
    // the misspelt key itself, and the missing key at the start of the bug's mapping
    'pos.yml:2:5: missing required key `title`: add one line a maintainer would recognise',
    'pos.yml:3:5: unknown key `titel` — did you mean `title`?',
    // the second list item, after "- "
    'pos.yml:7:9: `links[1]`: write a full http(s) URL, like https://bugzilla.kernel.org/show_bug.cgi?id=68801',
    // the weight's value
    'pos.yml:10:17: `signatures[0].weight`: a weight is at most 1',
    // the regex's quoted value
    'pos.yml:11:16: `signatures[1].regex`: look-around `(?=`, `(?!`, `(?<=`, `(?<!` is JavaScript-only: RE2 matches in linear time and has none; match the surrounding text instead',
    // the unknown fact's key inside a flow mapping
    'pos.yml:12:30: `when`: unknown fact `filesystm` — did you mean `filesystem`?',
    // values inside a flow mapping
    'pos.yml:14:26: `affected.fixed.mainline` must be text (YAML reads 3.10 as the number 3.1): quote it, "3.10"',
    'pos.yml:14:41: `affected.fixed.stable[0]`: `3.12.x` is not a stable release: write a release like 3.12.15',
    // the templated string: the quoted item inside the flow list, not the `[`
    'pos.yml:18:18: `next_steps[0]`: unknown template `{{fixed_for_runing}}`: use one of {{fix_commit}}, {{fix_subject}}, {{fixed_for_running}}, {{fixed_mainline}}, {{fixed_stable}}, {{running}}, {{fact.<id>}}',
    // the alias key
    'pos.yml:21:7: warning: `no-match` is an old or alternative spelling: write `no_match`',
  ]);
});

it('locates YAML syntax errors where the parser notices them', () => {
  const { problems } = parseRuleFiles([{ path: 's.yml', text: 'bugs:\n  - id: a\n    title: "unclosed\n' }]);
  // An unclosed quote is noticed at the end of the file (line 4 is the empty last line).
  expect(problems.map(formatProblem)).toEqual(['s.yml:4:1: YAML syntax error: Missing closing "quote']);
  const bad = parseRuleFiles([{ path: 'b.yml', text: 'bugs:\n  - id: a\n   title: x\n' }]);
  expect(bad.problems[0]).toMatchObject({ file: 'b.yml', line: 3, severity: 'error' });
});

it('locates a duplicate key at its second occurrence', () => {
  const { problems } = parseRuleFiles([{ path: 'd.yml', text: 'bugs:\n  - id: a\n    id: b\n' }]);
  expect(problems.map(formatProblem)).toEqual(['d.yml:3:5: a key appears twice in the same mapping: keep one (YAML: Map keys must be unique)']);
});

it('counts lines in CRLF files the same way', () => {
  const { problems } = parseRuleFiles([{ path: 'crlf.yml', text: 'bugs:\r\n  - id: a\r\n    titel: x\r\n' }]);
  expect(problems.find((p) => p.message.startsWith('unknown key `titel`'))).toMatchObject({ line: 3, col: 5 });
});

it('counts lone-CR (old Mac) line endings and a byte-order mark like any other file', () => {
  const cr = parseRuleFiles([{ path: 'cr.yml', text: 'bugs:\r  - id: a\r    titel: x\r' }]);
  expect(cr.problems.find((p) => p.message.startsWith('unknown key `titel`'))).toMatchObject({ line: 3, col: 5 });
  const bom = parseRuleFiles([{ path: 'bom.yml', text: '\ufeffbugs:\n  - id: a\n    titel: x\n' }]);
  expect(bom.problems.find((p) => p.message.startsWith('unknown key `titel`'))).toMatchObject({ line: 3, col: 5 });
});

it('names the rule a problem belongs to', () => {
  const { problems } = parseRuleFiles([{ path: 'n.yml', text: 'bugs:\n  - id: named-bug\n    titel: x\n' }]);
  expect(new Set(problems.map((p) => p.ruleId))).toEqual(new Set(['named-bug']));
});

it('keeps messages on one line when keys and values hold backticks or line breaks', () => {
  const { problems } = parseRuleFiles([{ path: 'q.yml', text: 'bugs:\n  - id: a\n    "ti`tle\\nx": 1\n' }]);
  const lines = problems.map(formatProblem);
  expect(lines.some((l) => l.includes('unknown key `ti tle x`'))).toBe(true);
  expect(lines.every((l) => !l.includes('\n'))).toBe(true);
});
