import { extractFactsAndLines, isGenericFrame, reliableFrames } from '../extract/index.js';
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
  /** Word overlap with the match example (Jaccard weighted by word rarity, 0..1). */
  similarity: number;
  /** Candidates looked at. */
  considered: number;
  /** Candidates the draft DOES match (confidently or possibly), closest first: the maintainer should look at them. */
  matched: string[];
}

/** A long candidate is cut to this many lines around its first kernel log line. */
const MAX_NO_MATCH_LINES = 40;

/**
 * The closest text the draft must not match: candidates ranked by how much of the draft's log
 * they share, by signature first — the functions of their call traces (generic plumbing left
 * out), the words of their crash titles and error lines — then by text, each word weighted by its
 * rarity among the texts compared; the first one the draft gives neither a confident nor a possible
 * match wins. The closer the negative, the more the example says: another bug of the same
 * subsystem's functions shows where the rule stops. Every candidate is tried, so `matched` lists
 * all that the draft would claim.
 *
 * @example
 * chooseNoMatch(report, example, [{ name: 'md.yml no_match 1', text: '...' }], compiled, vocabulary).from // => 'md.yml no_match 1'
 */
export function chooseNoMatch(report: BugReport, example: string, candidates: readonly DraftCandidate[], draft: CompiledRules, vocabulary: readonly FactDefinition[]): NoMatchChoice {
  const mine = read(example, draft, vocabulary);
  const usable = candidates.filter((candidate) => candidate.text.trim() !== '' && candidate.text.trim() !== example.trim());
  const theirs = usable.map((candidate) => read(candidate.text, draft, vocabulary));
  const bySignature = inverseFrequency([mine.signature, ...theirs.map((t) => t.signature)]);
  const byText = inverseFrequency([mine.text, ...theirs.map((t) => t.text)]);
  const scored = usable
    .map((candidate, i) => {
      const them = theirs[i]!;
      const similarity = 0.7 * weightedJaccard(mine.signature, them.signature, bySignature) + 0.3 * weightedJaccard(mine.text, them.text, byText);
      return { candidate, similarity, matched: them.matched };
    })
    .sort((a, b) => b.similarity - a.similarity || a.candidate.name.localeCompare(b.candidate.name));
  const matched: string[] = [];
  let chosen: { text: string; from: string; similarity: number } | null = null;
  for (const { candidate, similarity, matched: claimed } of scored) {
    if (claimed) {
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

/** A text as the ranking sees it: its signature words, all its words, and whether the draft matches it. */
function read(text: string, draft: CompiledRules, vocabulary: readonly FactDefinition[]): { signature: Set<string>; text: Set<string>; matched: boolean } {
  const report: BugReport = { source: 'file', id: 'candidate', url: null, title: '', body: text, comments: [], attachments: [], fields: {} };
  const { facts, lines } = extractFactsAndLines(report, vocabulary);
  const signature = new Set<string>();
  for (const trace of facts.stacks) for (const frame of reliableFrames(trace)) if (!isGenericFrame(frame.function)) addWords(signature, frame.function);
  for (const crash of facts.crashes) addWords(signature, crash.title);
  for (const line of facts.signatures) addWords(signature, line.canonical);
  const all = new Set<string>();
  addWords(all, text);
  return { signature, text: all, matched: rankMatches(evaluateRules(facts, draft, reportLines(facts, lines)), facts).length > 0 };
}

/** Whether the draft (alone) gives the text any match, confident or possible: what `ktriage test` fails a no_match example for. */
export function matches(text: string, draft: CompiledRules, vocabulary: readonly FactDefinition[]): boolean {
  const report: BugReport = { source: 'file', id: 'candidate', url: null, title: '', body: text, comments: [], attachments: [], fields: {} };
  const { facts, lines } = extractFactsAndLines(report, vocabulary);
  return rankMatches(evaluateRules(facts, draft, reportLines(facts, lines)), facts).length > 0;
}

/**
 * The words that identify a log: identifiers and message words of 3+ letters, lower case, and the
 * parts of snake_case identifiers (`bfq_bio_bfqg` also gives `bfq`, `bio`, `bfqg`: functions of one
 * subsystem share a prefix); numbers and hex dropped.
 */
function addWords(out: Set<string>, text: string): void {
  for (const m of text.toLowerCase().matchAll(/[a-z_][a-z0-9_]{2,}/g)) {
    const word = m[0];
    if (/^(?:0x)?[0-9a-f]+$/.test(word) || /^_+$/.test(word)) continue;
    out.add(word);
    if (word.includes('_')) for (const part of word.split('_')) if (part.length >= 3 && !/^[0-9a-f]+$/.test(part)) out.add(part);
  }
}

/**
 * Each word's weight: rare words say more (log of the inverse document frequency over the texts
 * compared), so `KASAN`, `Call Trace` and `kernel` make two logs less alike than `bfq` does.
 */
function inverseFrequency(texts: ReadonlyArray<ReadonlySet<string>>): (word: string) => number {
  const df = new Map<string, number>();
  for (const text of texts) for (const word of text) df.set(word, (df.get(word) ?? 0) + 1);
  return (word) => Math.log((texts.length + 1) / ((df.get(word) ?? 0) + 1)) + 0.01;
}

/** Shared weight over the union's weight (0..1). */
function weightedJaccard(a: ReadonlySet<string>, b: ReadonlySet<string>, weight: (word: string) => number): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  let union = 0;
  for (const word of a) {
    const w = weight(word);
    union += w;
    if (b.has(word)) shared += w;
  }
  for (const word of b) if (!a.has(word)) union += weight(word);
  return union === 0 ? 0 : shared / union;
}

/** A long candidate cut to MAX_NO_MATCH_LINES lines from its first line that looks like kernel log output. */
function shorten(text: string): string {
  const lines = text.trim().split('\n');
  if (lines.length <= MAX_NO_MATCH_LINES) return text.trim();
  const first = Math.max(0, lines.findIndex((line) => /^\s*(?:<\d>)?\[\s*\d+\.\d+\]|\bkernel: /.test(line)));
  return lines.slice(first, first + MAX_NO_MATCH_LINES).join('\n').trim();
}
