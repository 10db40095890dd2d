import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileRules, type CompiledRules } from '../../src/match/index.js';
import type { BugReport, ReportComment } from '../../src/model.js';
import { parseRuleFiles, type RuleSet } from '../../src/rules/index.js';

/** The repository root (test/triage/ is two levels down). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The small rule set of test/fixtures/rules/match/, parsed and checked to have no problems. */
export function fixtureRuleSet(name = 'basic.yml'): RuleSet {
  const file = path.join(REPO_ROOT, 'test/fixtures/rules/match', name);
  const { ruleSet, problems } = parseRuleFiles([{ path: file, text: readFileSync(file, 'utf8') }]);
  if (problems.some((p) => p.severity === 'error')) throw new Error(`fixture rules have problems: ${JSON.stringify(problems)}`);
  return ruleSet;
}

let compiled: CompiledRules | null = null;
export function fixtureRules(): CompiledRules {
  compiled ??= compileRules(fixtureRuleSet());
  return compiled;
}

/** A plain-text report: the body, and optional follow-up comments by the reporter. */
export function textReport(body: string, comments: string[] = [], extra: Partial<BugReport> = {}): BugReport {
  const followUps: ReportComment[] = comments.map((text) => ({ author: 'reporter', time: null, text, isBot: false, isReporter: true }));
  return { source: 'file', id: 'test-report', url: null, title: '', body, comments: followUps, attachments: [], fields: {}, ...extra };
}
