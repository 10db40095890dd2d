import { extractFactsAndLines } from '../extract/index.js';
import { evaluateRules, rankMatches, reportLines, type CompiledRules } from '../match/index.js';
import type { BugReport, FactDefinition } from '../model.js';

/** A text the draft must not match: a bundled rule's example, a public negative, another report. */
export interface DraftCandidate {
  /** Where it comes from, as the review note names it (`rules/md.yml md-raid10-... no_match 1`, `041-neg-...yml`). */
  name: string;
  text: string;
}

/** The draft's no_match example and how it was chosen. */
export interface NoMatchChoice {
  text: string;
  /** The candidate's name, or `the report's prose` when no candidate qualified. */
  from: string;
  /** Word overlap with the match example (Jaccard, 0..1). */
  similarity: number;
  /** Candidates looked at. */
  considered: number;
  /** Candidates the draft DOES match (confidently or possibly), closest first: the maintainer should look at them. */
  matched: string[];
}

/** A long candidate is cut to this many lines around its first kernel log line. */
const MAX_NO_MATCH_LINES = 40;

/**
 * The closest text the draft must not match: candidates ranked by word overlap with the draft's
 * match example (the words of log lines: function names, message words, subsystems), the first
 * one the draft gives neither a confident nor a possible match. The closer the negative, the more
 * the example says: a line of the same subsystem that is another bug shows where the rule stops.
 * Every candidate is tried, so `matched` lists all that the draft would claim.
 *
 * @example
 * chooseNoMatch(report, example, [{ name: 'md.yml no_match 1', text: '...' }], compiled, vocabulary).from // => 'md.yml no_match 1'
 */
export function chooseNoMatch(report: BugReport, example: string, candidates: readonly DraftCandidate[], draft: CompiledRules, vocabulary: readonly FactDefinition[]): NoMatchChoice {
  const mine = words(example);
  const scored = candidates
    .filter((candidate) => candidate.text.trim() !== '' && candidate.text.trim() !== example.trim())
    .map((candidate) => ({ candidate, similarity: jaccard(mine, words(candidate.text)) }))
    .sort((a, b) => b.similarity - a.similarity || a.candidate.name.localeCompare(b.candidate.name));
  const matched: string[] = [];
  let chosen: { text: string; from: string; similarity: number } | null = null;
  for (const { candidate, similarity } of scored) {
    if (matches(candidate.text, draft, vocabulary)) {
      matched.push(candidate.name);
      continue;
    }
    if (chosen !== null) continue;
    const text = shorten(candidate.text);
    if (text !== candidate.text && matches(text, draft, vocabulary)) continue;
    chosen = { text, from: candidate.name, similarity };
  }
  if (chosen === null) {
    // No candidate: the report's prose (what it says around the log) is never the bug by itself.
    const prose = report.body
      .split('\n')
      .filter((line) => line.trim() !== '' && !example.includes(line.trim()))
      .slice(0, 12)
      .join('\n')
      .trim();
    const text = prose !== '' && !matches(prose, draft, vocabulary) ? prose : 'The machine froze during boot; nothing was printed on the console.';
    chosen = { text, from: prose === text ? "the report's prose" : 'a report with no kernel log', similarity: 0 };
  }
  return { ...chosen, similarity: Number(chosen.similarity.toFixed(3)), considered: scored.length, matched };
}

/** Whether the draft (alone) gives the text any match, confident or possible: what `ktriage test` fails a no_match example for. */
export function matches(text: string, draft: CompiledRules, vocabulary: readonly FactDefinition[]): boolean {
  const report: BugReport = { source: 'file', id: 'candidate', url: null, title: '', body: text, comments: [], attachments: [], fields: {} };
  const { facts, lines } = extractFactsAndLines(report, vocabulary);
  return rankMatches(evaluateRules(facts, draft, reportLines(facts, lines)), facts).length > 0;
}

/** The words that identify a log: identifiers and message words of 3+ letters, lower case; numbers and hex dropped. */
function words(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.toLowerCase().matchAll(/[a-z_][a-z0-9_]{2,}/g)) {
    const word = m[0];
    if (/^(?:0x)?[0-9a-f]+$/.test(word) || /^_+$/.test(word)) continue;
    out.add(word);
  }
  return out;
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared / (a.size + b.size - shared);
}

/** A long candidate cut to MAX_NO_MATCH_LINES lines from its first line that looks like kernel log output. */
function shorten(text: string): string {
  const lines = text.trim().split('\n');
  if (lines.length <= MAX_NO_MATCH_LINES) return text.trim();
  const first = Math.max(0, lines.findIndex((line) => /^\s*(?:<\d>)?\[\s*\d+\.\d+\]|\bkernel: /.test(line)));
  return lines.slice(first, first + MAX_NO_MATCH_LINES).join('\n').trim();
}
