import type { Match, TriagePlan } from '../model.js';
import { cleanPlainText } from '../markdown/index.js';
import { BY_DESCRIPTION_WORDS, candidateKind, commitUrl, describeEvidenceLocation, FIX_STATUS_WORDS, planHeadline, shortSha, TIE_WORDS, UNKNOWN_SHA_WORDS } from './verdict-wording.js';

/** Bugzilla shows comments as preformatted text; keep lines readable in a 80-column view. */
const QUOTE_INDENT = '    ';
const MAX_EVIDENCE = 6;
const MAX_QUOTE = 1000;

/**
 * The Bugzilla comment for a plan: plain text, no Markdown or HTML (Bugzilla shows comments
 * verbatim). Evidence lines are indented; fix commits are given with their git.kernel.org URL.
 *
 * @example
 * renderPlainText(plan).split('\n')[0] // => 'ktriage: Known bug: your kernel lacks the fix'
 */
export function renderPlainText(plan: TriagePlan): string {
  const sections: string[] = [`ktriage: ${planHeadline(plan)}`];
  const best = plan.matches[0];
  if (best !== undefined) sections.push(renderBest(plan, best));
  else {
    const running = plan.facts.kernel.running;
    sections.push(`None of the known-bug rules matched this report (${running === null ? 'no kernel version found' : `kernel ${running.version.raw}`}).`);
  }
  if (plan.nextSteps.length > 0) sections.push(['Next steps:', ...plan.nextSteps.map((step, i) => `${i + 1}. ${step}`)].join('\n'));
  if (plan.questions.length > 0) sections.push(['Questions:', ...plan.questions.map((q) => `- ${q}`)].join('\n'));
  if (best !== undefined && best.evidence.length > 0) sections.push(renderEvidence(best));
  if (best !== undefined && best.reasons.length > 0) {
    const heading = best.verdict === 'possible-match' ? 'Why it may match:' : 'Why it matched:';
    sections.push([heading, ...best.reasons.map((r) => `- ${r}`)].join('\n'));
  }
  const others = plan.matches.slice(1, 6);
  if (others.length > 0) {
    sections.push(['Other candidates:', ...others.map((m) => `- ${m.title} (${m.ruleId}): ${candidateKind(m)}, confidence ${percent(m.confidence)}`)].join('\n'));
  }
  const labels = plan.labels.length === 0 ? '' : `, keywords: ${plan.labels.join(', ')}`;
  sections.push(`-- ktriage (${plan.verdict}${labels}; fingerprint ${plan.fingerprint})`);
  return `${cleanPlainText(sections.join('\n\n'))}\n`;
}

function renderBest(plan: TriagePlan, match: Match): string {
  const running = plan.facts.kernel.running;
  const lines = [
    `${match.title} (${match.ruleId}, confidence ${percent(match.confidence)})`,
    `Your kernel: ${running === null ? 'unknown' : running.version.raw}, ${FIX_STATUS_WORDS[match.fixStatus]}: ${match.fixReason}.`,
  ];
  for (const fix of match.fix) lines.push(`Fix: ${fix.sha === null ? `(${UNKNOWN_SHA_WORDS})` : shortSha(fix.sha)} ("${fix.subject}")\n     ${commitUrl(fix)}`);
  if (match.tiedWith.length > 0) lines.push(`Tied with: ${match.tiedWith.join(', ')}: ${TIE_WORDS}`);
  if (match.basis === 'description') lines.push(BY_DESCRIPTION_WORDS);
  return lines.join('\n');
}

function renderEvidence(match: Match): string {
  const shown = match.evidence.slice(0, MAX_EVIDENCE).map((evidence) => {
    const quote = evidence.quote.length > MAX_QUOTE ? `${evidence.quote.slice(0, MAX_QUOTE)} [...]` : evidence.quote;
    const body = quote.split(/\r?\n/).map((line) => `${QUOTE_INDENT}${line}`).join('\n');
    return `From ${describeEvidenceLocation(evidence)}:\n${body}`;
  });
  const more = match.evidence.length - MAX_EVIDENCE;
  if (more > 0) shown.push(`...and ${more} more line${more === 1 ? '' : 's'}.`);
  return ['Evidence (the report lines this relies on):', ...shown].join('\n');
}

function percent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}
