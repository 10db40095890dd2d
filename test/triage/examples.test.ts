import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseReportText } from '../../src/cli/read-report-file.js';
import { loadRulePacks } from '../../src/io/load-rule-packs.js';
import { compileRules, type CompiledRules } from '../../src/match/index.js';
import { triage } from '../../src/triage.js';
import { REPO_ROOT } from './support.js';

/**
 * Every report in examples/ triaged with the bundled rules: the verdict, the best rule and the
 * labels are pinned in examples-expected.json, so the examples README's claims stay true. A change
 * in behaviour is a reviewable diff: `UPDATE_FIXTURES=1` rewrites the expectations.
 */
const EXAMPLES = path.join(REPO_ROOT, 'examples');
const EXPECTED = path.join(REPO_ROOT, 'test/triage/examples-expected.json');

interface Expectation {
  verdict: string;
  best: string | null;
  fixStatus: string | null;
  labels: string[];
}

const files = readdirSync(EXAMPLES).filter((name) => name !== 'README.md').sort();
const expected = JSON.parse(readFileSync(EXPECTED, 'utf8')) as Record<string, Expectation>;
const actual: Record<string, Expectation> = {};
let rules: CompiledRules;

beforeAll(async () => {
  const loaded = await loadRulePacks();
  rules = compileRules(loaded.ruleSet, { descriptions: loaded.descriptions });
});

afterAll(() => {
  if (process.env.UPDATE_FIXTURES === '1') writeFileSync(EXPECTED, `${JSON.stringify(actual, null, 2)}\n`);
});

describe('examples/', () => {
  it('has an expectation for every example', () => {
    if (process.env.UPDATE_FIXTURES === '1') return;
    expect(Object.keys(expected).sort()).toEqual(files);
  });

  it.each(files)('%s', (name) => {
    const { report } = parseReportText(readFileSync(path.join(EXAMPLES, name), 'utf8'), name);
    const plan = triage(report, rules);
    const best = plan.matches[0];
    actual[name] = { verdict: plan.verdict, best: best?.ruleId ?? null, fixStatus: best?.fixStatus ?? null, labels: plan.labels };
    if (process.env.UPDATE_FIXTURES === '1') return;
    expect(actual[name]).toEqual(expected[name]);
  });
});
