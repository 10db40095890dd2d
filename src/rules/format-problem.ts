import type { RuleProblem } from './rule-schema.js';

/**
 * One problem as a line editors and CI understand: `file:line:col: message` (warnings say so).
 *
 * @example
 * formatProblem({ file: 'rules/a.yml', line: 3, col: 5, message: 'unknown key `titel` — did you mean `title`?', ruleId: 'x', severity: 'error' })
 * // => 'rules/a.yml:3:5: unknown key `titel` — did you mean `title`?'
 */
export function formatProblem(problem: RuleProblem): string {
  const kind = problem.severity === 'warning' ? 'warning: ' : '';
  return `${problem.file}:${problem.line}:${problem.col}: ${kind}${problem.message}`;
}
