import type { Match, TriagePlan } from '../model.js';
import { codeBlock, codeSpan, escapeMarkdownText } from '../markdown/index.js';
import {
  BY_DESCRIPTION_WORDS,
  candidateKind,
  commitUrl,
  describeEvidenceLocation,
  FIX_STATUS_WORDS,
  shortSha,
  TIE_WORDS,
  UNKNOWN_SHA_WORDS,
  planHeadline,
} from './verdict-wording.js';

/** The hidden marker that identifies ktriage's own comment, so adapters edit it in place. */
export const COMMENT_MARKER = '<!-- ktriage -->';

/** GitHub refuses comment bodies longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface MarkdownOptions {
  /** Upper bound on the comment's length (default: GitHub's 65,536). */
  maxLength?: number;
}

/** How much detail a rendering includes; tighter levels are tried until the comment fits. */
interface DetailLevel {
  matches: number;
  evidencePerMatch: number;
  quoteChars: number;
  listItems: number;
}

const LEVELS: readonly DetailLevel[] = [
  { matches: 10, evidencePerMatch: 8, quoteChars: 2000, listItems: 30 },
  { matches: 5, evidencePerMatch: 4, quoteChars: 600, listItems: 20 },
  { matches: 3, evidencePerMatch: 2, quoteChars: 200, listItems: 10 },
  { matches: 1, evidencePerMatch: 1, quoteChars: 120, listItems: 5 },
];

/**
 * The GitHub comment for a plan: the hidden marker, the verdict, the best match with its fix
 * (linked on git.kernel.org) and the reporter's fix status, next steps, questions, and collapsible
 * details (evidence quoted in code blocks, reasons, other candidates). Report text only appears
 * inside code spans and code blocks; the whole body stays under GitHub's length limit.
 *
 * @example
 * renderMarkdown(plan).startsWith(COMMENT_MARKER) // => true
 */
export function renderMarkdown(plan: TriagePlan, options: MarkdownOptions = {}): string {
  const limit = Math.max(1000, options.maxLength ?? GITHUB_COMMENT_LIMIT);
  let blocks: string[] = [];
  for (const level of LEVELS) {
    blocks = renderBlocks(plan, level);
    if (joinBlocks(blocks).length <= limit) return joinBlocks(blocks);
  }
  // Still too long (enormous rule text): drop whole blocks from the end, never half a code block.
  const note = '_(details cut to fit the comment size limit)_';
  while (blocks.length > 2 && joinBlocks([...blocks, note]).length > limit) blocks.pop();
  const body = joinBlocks([...blocks, note]);
  return body.length <= limit ? body : `${COMMENT_MARKER}\n${note}`;
}

function joinBlocks(blocks: string[]): string {
  return `${blocks.join('\n\n')}\n`;
}

function renderBlocks(plan: TriagePlan, level: DetailLevel): string[] {
  const blocks: string[] = [COMMENT_MARKER, `### ktriage: ${escapeMarkdownText(planHeadline(plan))}`];
  const best = plan.matches[0];
  if (best !== undefined) blocks.push(renderBestMatch(plan, best));
  else blocks.push(renderNoMatchSummary(plan));

  if (plan.nextSteps.length > 0) blocks.push(`**Next steps**\n\n${numbered(plan.nextSteps, level.listItems)}`);
  if (plan.questions.length > 0) blocks.push(`**Questions**\n\n${bulleted(plan.questions, level.listItems)}`);

  for (const match of plan.matches.slice(0, level.matches)) {
    const evidence = renderEvidence(match, level);
    if (evidence !== null) blocks.push(evidence);
  }
  if (best !== undefined && best.reasons.length > 0) {
    blocks.push(details(`Why ${best.ruleId} ${best.verdict === 'possible-match' ? 'may match' : 'matched'}`, bulleted(best.reasons, level.listItems)));
  }
  const others = plan.matches.slice(1, level.matches);
  if (others.length > 0) {
    blocks.push(details(`Other candidates (${others.length})`, others.map(renderCandidate).join('\n')));
  }
  blocks.push(renderFooter(plan));
  return blocks;
}

function renderBestMatch(plan: TriagePlan, match: Match): string {
  const lines = [`**${escapeMarkdownText(match.title)}** (${codeSpan(match.ruleId)}, confidence ${percent(match.confidence)})`];
  const running = plan.facts.kernel.running;
  const kernel = running === null ? 'unknown' : codeSpan(running.version.raw);
  lines.push(`**Your kernel:** ${kernel}, ${FIX_STATUS_WORDS[match.fixStatus]}: ${escapeMarkdownText(match.fixReason)}.`);
  for (const fix of match.fix) lines.push(`**Fix:** ${renderCommit(fix.sha, commitUrl(fix), fix.subject)}`);
  if (match.tiedWith.length > 0) lines.push(`**Tied with:** ${match.tiedWith.map(codeSpan).join(', ')}: ${TIE_WORDS}`);
  if (match.basis === 'description') lines.push(`_${escapeMarkdownText(BY_DESCRIPTION_WORDS)}_`);
  return lines.join('  \n');
}

function renderNoMatchSummary(plan: TriagePlan): string {
  const running = plan.facts.kernel.running;
  const signatures = plan.facts.signatures.length;
  const kernel = running === null ? 'no kernel version found' : `kernel ${codeSpan(running.version.raw)}`;
  return `None of the known-bug rules matched this report (${kernel}, ${signatures} error line${signatures === 1 ? '' : 's'} found).`;
}

function renderCommit(sha: string | null, url: string, subject: string): string {
  if (sha === null) return `"${escapeMarkdownText(subject)}" (${UNKNOWN_SHA_WORDS}: [search the log](${url}))`;
  return `[${codeSpan(shortSha(sha))}](${url}) "${escapeMarkdownText(subject)}"`;
}

function renderEvidence(match: Match, level: DetailLevel): string | null {
  if (match.evidence.length === 0) return null;
  const shown = match.evidence.slice(0, level.evidencePerMatch);
  const parts = shown.map((evidence) => `From ${describeEvidenceLocation(evidence)}:\n\n${codeBlock(clip(evidence.quote, level.quoteChars))}`);
  const more = match.evidence.length - shown.length;
  if (more > 0) parts.push(`_…and ${more} more line${more === 1 ? '' : 's'}._`);
  return details(`Evidence for ${match.ruleId} (${match.evidence.length} line${match.evidence.length === 1 ? '' : 's'})`, parts.join('\n\n'));
}

function renderCandidate(match: Match): string {
  const fix = match.fix[0];
  const commit = fix === undefined ? '' : `; fix ${renderCommit(fix.sha, commitUrl(fix), fix.subject)}`;
  return `- **${escapeMarkdownText(match.title)}** (${codeSpan(match.ruleId)}): ${candidateKind(match)}, confidence ${percent(match.confidence)}, ${FIX_STATUS_WORDS[match.fixStatus]}${commit}`;
}

function renderFooter(plan: TriagePlan): string {
  const labels = plan.labels.length === 0 ? '' : ` · labels: ${plan.labels.map(codeSpan).join(', ')}`;
  return `<sub>ktriage · ${plan.verdict}${labels} · fingerprint ${codeSpan(plan.fingerprint)}</sub>`;
}

/** A collapsible section. The summary is HTML (Markdown is not rendered there): only rule ids and counts go in it. */
function details(summary: string, body: string): string {
  const safe = summary.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<details><summary>${safe}</summary>\n\n${body}\n\n</details>`;
}

function numbered(items: string[], max: number): string {
  const shown = items.slice(0, max).map((item, i) => `${i + 1}. ${escapeMarkdownText(item)}`);
  if (items.length > max) shown.push(`${max + 1}. _…and ${items.length - max} more._`);
  return shown.join('\n');
}

function bulleted(items: string[], max: number): string {
  const shown = items.slice(0, max).map((item) => `- ${escapeMarkdownText(item)}`);
  if (items.length > max) shown.push(`- _…and ${items.length - max} more._`);
  return shown.join('\n');
}

function percent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)} […]`;
}
