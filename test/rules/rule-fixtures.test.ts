import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatProblem, parseRuleFiles } from '../../src/rules/index.js';

/**
 * Every test/fixtures/rules/invalid/NAME.yml is linted alone; its exact output (formatted problems,
 * then the ids that survive) is NAME.expected beside it. `UPDATE_FIXTURES=1` rewrites the expected
 * files, so a change of message or position is a reviewable diff.
 */
const DIR = fileURLToPath(new URL('../fixtures/rules/invalid/', import.meta.url));
const update = process.env.UPDATE_FIXTURES === '1';
const names = readdirSync(DIR).filter((n) => n.endsWith('.yml')).sort();

function lintOutput(name: string): string {
  const { ruleSet, problems } = parseRuleFiles([{ path: name, text: readFileSync(`${DIR}${name}`, 'utf8') }]);
  const survivors = [...ruleSet.facts, ...ruleSet.bugs, ...ruleSet.playbooks].map((r) => r.id);
  return `${problems.map(formatProblem).join('\n')}\n-- valid: ${survivors.join(', ') || '(none)'}\n`;
}

it('has fixtures', () => {
  expect(names.length).toBeGreaterThanOrEqual(5);
});

it.each(names)('%s', (name) => {
  const expectedPath = `${DIR}${name.replace(/\.yml$/, '.expected')}`;
  const actual = lintOutput(name);
  if (update || !existsSync(expectedPath)) writeFileSync(expectedPath, actual);
  expect(actual).toBe(readFileSync(expectedPath, 'utf8'));
});
