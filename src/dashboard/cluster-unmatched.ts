import { PorterStemmer } from 'natural/lib/natural/stemmers/index.js';
import { TfIdf } from 'natural/lib/natural/tfidf/index.js';
import type { ReportRow } from '../store/index.js';

/**
 * What an unmatched cluster's reports share, strongest first: the same crash title, the same
 * canonical key lines, the same top stack frames, or (reports without a log) similar words.
 */
export type ClusterKind = 'crash' | 'frames' | 'lines' | 'text';

export interface UnmatchedCluster {
  kind: ClusterKind;
  /** What the reports share, as shown ("KASAN: use-after-free Read in foo", "frames: a < b < c"). */
  label: string;
  /** The reports, newest first. */
  reports: ReportRow[];
}

/** Two log-less reports whose TF-IDF vectors are at least this close (cosine) are one cluster. */
export const TEXT_SIMILARITY = 0.35;

/** Frames compared for the stack key: the innermost distinctive ones. */
const KEY_FRAMES = 3;

/**
 * Groups reports that matched no rule so a maintainer sees recurring unknown bugs, largest first
 * (ties: the most recent report first, then the label). A report with a crash title groups by it
 * (syzkaller's titles are already canonical); else by its canonical key lines; else by its top
 * frames; a report without any log groups by text similarity (natural's TF-IDF over Porter stems,
 * greedy: it joins the first cluster whose first report is close enough).
 *
 * @example
 * clusterUnmatched([a, b]).map((c) => [c.kind, c.label, c.reports.length]) // => [['crash', 'WARNING in foo', 2]]
 */
export function clusterUnmatched(rows: readonly ReportRow[]): UnmatchedCluster[] {
  const keyed = new Map<string, UnmatchedCluster>();
  const textual: ReportRow[] = [];
  for (const row of rows) {
    const key = keyOf(row);
    if (key === null) {
      textual.push(row);
      continue;
    }
    const id = `${key.kind}\u0000${key.label}`;
    const cluster = keyed.get(id) ?? { ...key, reports: [] };
    cluster.reports.push(row);
    keyed.set(id, cluster);
  }
  const clusters = [...keyed.values(), ...clusterByText(textual)];
  for (const cluster of clusters) cluster.reports.sort(newestFirst);
  return clusters.sort((a, b) => b.reports.length - a.reports.length || newestFirst(a.reports[0]!, b.reports[0]!) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

function keyOf(row: ReportRow): { kind: ClusterKind; label: string } | null {
  if (row.crashTitle) return { kind: 'crash', label: row.crashTitle };
  if (row.keyLines.length > 0) return { kind: 'lines', label: row.keyLines.join('\n') };
  if (row.frames.length > 0) return { kind: 'frames', label: row.frames.slice(0, KEY_FRAMES).join(' < ') };
  return null;
}

function newestFirst(a: ReportRow, b: ReportRow): number {
  return a.decidedAt < b.decidedAt ? 1 : a.decidedAt > b.decidedAt ? -1 : a.report < b.report ? -1 : a.report > b.report ? 1 : 0;
}

const WORD = /[a-z][a-z0-9_]{2,}/g;
const STOP = new Set(['the', 'and', 'for', 'with', 'that', 'this', 'from', 'have', 'has', 'was', 'were', 'are', 'not', 'but', 'when', 'after', 'then', 'there', 'can', 'will', 'would', 'could', 'should', 'been', 'also', 'into', 'only', 'any', 'all', 'our', 'your', 'you', 'which', 'what', 'some', 'other', 'more', 'than', 'does', 'did', 'how', 'why', 'here', 'they', 'them', 'its', 'just', 'get', 'got', 'see', 'use', 'using', 'used']);

function stems(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).filter((word) => !STOP.has(word)).map((word) => PorterStemmer.stem(word));
}

function clusterByText(rows: readonly ReportRow[]): UnmatchedCluster[] {
  if (rows.length === 0) return [];
  const tfidf = new TfIdf();
  for (const row of rows) tfidf.addDocument(stems(`${row.title}\n${row.excerpt}`));
  const vectors = rows.map((_, index) => {
    const vector = new Map<string, number>();
    for (const term of tfidf.listTerms(index)) vector.set(term.term, term.tfidf);
    return vector;
  });
  const norms = vectors.map((vector) => Math.sqrt([...vector.values()].reduce((sum, weight) => sum + weight * weight, 0)));
  const clusters: { seed: number; members: number[] }[] = [];
  rows.forEach((_, index) => {
    const home = clusters.find((cluster) => cosine(vectors[cluster.seed]!, norms[cluster.seed]!, vectors[index]!, norms[index]!) >= TEXT_SIMILARITY);
    if (home) home.members.push(index);
    else clusters.push({ seed: index, members: [index] });
  });
  return clusters.map((cluster) => ({ kind: 'text' as const, label: topTerms(vectors[cluster.seed]!, rows[cluster.seed]!.title), reports: cluster.members.map((index) => rows[index]!) }));
}

function cosine(a: Map<string, number>, normA: number, b: Map<string, number>, normB: number): number {
  if (normA === 0 || normB === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [term, weight] of small) dot += weight * (large.get(term) ?? 0);
  return dot / (normA * normB);
}

/** A text cluster's label: its first report's title, or its heaviest words when untitled. */
function topTerms(vector: Map<string, number>, title: string): string {
  if (title.trim() !== '') return `similar to: ${title.trim().slice(0, 120)}`;
  return `words: ${[...vector.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([term]) => term).join(', ')}`;
}
