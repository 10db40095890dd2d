import type { Facts, KernelVersionFact } from '../model.js';
import { codeBlock, codeSpan, escapeMarkdownText } from '../markdown/index.js';
import type { ExplainedRule, Explanation } from '../plan/index.js';
import { GITHUB_COMMENT_LIMIT } from './render-markdown.js';
import { describeEvidenceLocation } from './verdict-wording.js';

/** Marks the explain reply; a different marker from the triage comment so the two are never confused. */
export const EXPLAIN_MARKER = '<!-- ktriage:explain -->';

const MAX_SIGNATURES = 20;
/** Longer error lines are cut in the facts list (the explain reply must fit one comment). */
const MAX_LINE = 300;

/**
 * Why each rule matched or did not, with the facts found: the reply to `/ktriage explain`.
 * Lists the facts (kernel versions with roles, error lines, crashes, configuration facts, missing
 * information), then every rule the report touches (exact and near signatures, each condition,
 * the fix status) and how many rules it does not touch. Report text appears only in code spans
 * and code blocks.
 *
 * @example
 * renderExplain(explainPlan(plan, compileRules(ruleSet))).startsWith(EXPLAIN_MARKER) // => true
 */
export function renderExplain(explanation: Explanation): string {
  const { plan } = explanation;
  const blocks = [EXPLAIN_MARKER, `### ktriage explain: ${escapeMarkdownText(plan.verdict)}`, renderFacts(plan.facts)];
  const lines = explanation.rules.map(renderExplainedRule);
  if (explanation.moreRules > 0) lines.push(`_…and ${explanation.moreRules} more rules the report touches._`);
  const untouched = explanation.untouched;
  lines.push(`${untouched} other rule${untouched === 1 ? '' : 's'} did not match: none of their signatures (or anything close) appear in the report.`);
  blocks.push(`**Rules**\n\n${lines.join('\n')}`);

  const playbooks = explanation.playbooks;
  if (playbooks !== null) {
    blocks.push(
      playbooks.length === 0
        ? '**Playbooks:** none selected (no report line starts with a playbook prefix, and no playbook facts hold).'
        : `**Playbooks**\n\n${playbooks.map((p) => `- ${codeSpan(p.playbook.id)}: ${escapeMarkdownText(p.reason)}`).join('\n')}`,
    );
  }
  const body = `${blocks.join('\n\n')}\n`;
  return body.length <= GITHUB_COMMENT_LIMIT ? body : `${body.slice(0, GITHUB_COMMENT_LIMIT - 200).replace(/[^\n]*$/, '')}\n_(cut to fit the comment size limit)_\n`;
}

function renderFacts(facts: Facts): string {
  const kernel = facts.kernel;
  const version = (fact: KernelVersionFact) => `${codeSpan(fact.version.raw)} (${describeEvidenceLocation(fact.evidence)})`;
  const lines = [
    `- running kernel: ${kernel.running === null ? 'not found' : `${version(kernel.running)}${kernel.running.fromQuote ? ', from a quoted line: no unquoted line names it' : ''}`}`,
    `- failing: ${kernel.failing.length === 0 ? 'none' : kernel.failing.map(version).join(', ')}`,
    `- working: ${kernel.working.length === 0 ? 'none' : kernel.working.map(version).join(', ')}`,
  ];
  if (kernel.distro !== null) lines.push(`- distro: ${codeSpan(kernel.distro)}`);
  const config = Object.keys(facts.config).sort();
  lines.push(
    `- configuration: ${
      config.length === 0
        ? 'none found'
        : config
            .map((id) => {
              const fact = facts.config[id]!;
              const history = fact.history.length > 1 ? ` (stated ${fact.history.map((s) => codeSpan(String(s.value))).join(' then ')})` : '';
              return `${id} = ${codeSpan(String(fact.value))}${history}`;
            })
            .join('; ')
    }`,
  );
  for (const crash of facts.crashes) lines.push(`- crash: ${codeSpan(crash.title)}${crash.alt.length > 0 ? ` (also ${crash.alt.map(codeSpan).join(', ')})` : ''}`);
  if (facts.missing.length > 0) lines.push(`- missing: ${facts.missing.join(', ')}`);
  const signatures = facts.signatures.slice(0, MAX_SIGNATURES).map((s) => (s.canonical.length > MAX_LINE ? `${s.canonical.slice(0, MAX_LINE)} […]` : s.canonical));
  const more = facts.signatures.length - signatures.length;
  const errorLines =
    signatures.length === 0 ? '\n\nNo error lines found.' : `\n\nError lines (canonical, root cause first${more > 0 ? `; ${more} more not shown` : ''}):\n\n${codeBlock(signatures.join('\n'))}`;
  return `**Facts found**\n\n${lines.join('\n')}${errorLines}`;
}

function renderExplainedRule({ evaluation, position, confident, fixReason, conditions }: ExplainedRule): string {
  const rule = evaluation.rule;
  const state = !evaluation.conditions.applies
    ? 'excluded by a condition'
    : position === null
      ? 'not matched'
      : `${confident ? 'matched' : 'possible match'}, rank ${position}`;
  const details: string[] = [];
  for (const hit of evaluation.exact) {
    const signature = rule.signatures[hit.signature]!;
    details.push(`${signature.kind} signature ${codeSpan(signature.pattern)} (weight ${signature.weight}) found in ${describeEvidenceLocation(hit.evidence)}`);
  }
  for (const hit of evaluation.near.slice(0, 3)) {
    const signature = rule.signatures[hit.signature]!;
    details.push(`near miss, similarity ${hit.similarity.toFixed(2)}: ${codeSpan(hit.reportText.slice(0, MAX_LINE))} vs ${codeSpan(signature.pattern)}`);
  }
  if (evaluation.exact.length === 0 && evaluation.near.length === 0 && position !== null) {
    details.push('no signature found: named by corroboration alone (the fixed code, the kernel just before the fix and the reporter’s words; the comment gives each)');
  }
  for (const condition of conditions) {
    const value = condition.value === null ? 'unknown' : codeSpan(String(condition.value));
    details.push(`condition ${escapeMarkdownText(condition.description)}: ${condition.state} (report: ${value})`);
  }
  if (fixReason !== null) details.push(`fix status: ${escapeMarkdownText(fixReason)}`);
  return [`- ${codeSpan(rule.id)} — ${escapeMarkdownText(rule.title)}: **${state}**`, ...details.map((d) => `  - ${d}`)].join('\n');
}
