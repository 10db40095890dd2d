import fc from 'fast-check';
import { stringify } from 'yaml';
import { parseRuleFiles } from '../../src/rules/index.js';
import { FACTS_YAML, ruleFileText, validBug } from './support/rule-text.js';

/** Fragments that make random text look like YAML: indentation, keys, flow collections, tags, anchors. */
const FRAGMENTS = [
  'bugs:', 'facts:', 'playbooks:', '  - ', '    ', 'id: ', 'title: ', 'signatures:', '- log: ', '- regex: ', 'weight: ',
  'when: {', '}', '[', ']', ', ', ': ', '"', "'", '&a ', '*a', '!!js/function ', '!tag ', '<<: ', '? ', '---\n', '...\n',
  '#', '\n', '\t', '{{', '}}', 'examples:', 'no_match:', 'affected:', 'fixed:', 'mainline: ', '3.14', '3.12.x', '-rc', 'null', 'true',
  '(a+)+$', '(?=x)', '\\1', '0x', '\u0000', '\u2028', '\ufeff', '😀',
];

const yamlish = fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8 })), { maxLength: 60 }).map((parts) => parts.join(''));

/** Every problem must point inside the file it names. */
function problemsInside(files: Array<{ path: string; text: string }>, problems: ReturnType<typeof parseRuleFiles>['problems']): boolean {
  return problems.every((p) => {
    const file = files.find((f) => f.path === p.file);
    if (!file) return false;
    const lines = file.text.split(/\r\n|\r|\n/).length;
    return p.line >= 1 && p.col >= 1 && p.line <= lines + 1 && p.message.length > 0;
  });
}

it('never throws on random YAML-ish text, and every problem points inside its file', () => {
  fc.assert(
    fc.property(yamlish, (text) => {
      const files = [{ path: 'r.yml', text }];
      const { ruleSet, problems } = parseRuleFiles(files);
      expect(Array.isArray(ruleSet.bugs)).toBe(true);
      expect(problemsInside(files, problems)).toBe(true);
    }),
    { numRuns: 400 },
  );
});

it('never throws on random structured values (any JSON turned into YAML)', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
      const files = [{ path: 'facts.yml', text: FACTS_YAML }, { path: 'j.yml', text: stringify({ bugs: [value] }) }];
      const { problems } = parseRuleFiles(files);
      expect(problemsInside(files, problems)).toBe(true);
    }),
    { numRuns: 300 },
  );
});

it('a valid bug with one field replaced by a random value either parses or is reported, never crashes', () => {
  const keys = Object.keys(validBug());
  fc.assert(
    fc.property(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 3 }), (key, value) => {
      const bug = { ...validBug(), [key]: value };
      const files = [{ path: 'facts.yml', text: FACTS_YAML }, { path: 'm.yml', text: ruleFileText([bug]) }];
      const { ruleSet, problems } = parseRuleFiles(files);
      // Exactly one of: the bug is in the rule set, or an error names it.
      const reported = problems.some((p) => p.severity === 'error' && p.file === 'm.yml');
      expect(ruleSet.bugs.length === 1).toBe(!reported);
    }),
    { numRuns: 300 },
  );
});
