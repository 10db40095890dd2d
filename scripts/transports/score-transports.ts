// The transport benchmark: every corpus log whose clean title is right, carried each way a report
// carries it, must still give that title. Scored per transport and per half of the corpus (a stable
// hash of the file name), so heuristics are tuned on one half and judged on the other.
import { extractCrashes } from '../../src/extract/crash/index.js';
import type { CorpusCase } from '../../src/extract/crash/score-titles.js';
import { TRANSPORTS, type Transport } from './transports.js';

export type Half = 'held-out' | 'tune';

/**
 * FNV-1a of the file name, even -> tune, odd -> held-out: stable across machines, corpus orderings
 * and added files (a new file never moves an old one to the other half).
 */
export function halfOf(name: string): Half {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return hash % 2 === 0 ? 'tune' : 'held-out';
}

export interface TransportScore {
  /** Logs whose clean title is right and that this transport changes. */
  total: number;
  matched: number;
  /** Logs the transport leaves unchanged (a trim needs a long trace, a frame shape needs frames). */
  unchanged: number;
  failures: Array<{ name: string; expected: string; got: string }>;
}

export interface TransportScores {
  /** Logs that expect a crash and whose clean (untransported) title is right, per half. */
  baseline: Record<Half, number>;
  byTransport: Array<{ transport: Transport; halves: Record<Half, TransportScore> }>;
}

const emptyScore = (): TransportScore => ({ total: 0, matched: 0, unchanged: 0, failures: [] });

/** Scores `cases` (only those of `halves`) under every transport in `transports`. */
export function scoreTransports(cases: readonly CorpusCase[], transports: readonly Transport[] = TRANSPORTS, halves: readonly Half[] = ['tune', 'held-out']): TransportScores {
  const baseline: Record<Half, number> = { tune: 0, 'held-out': 0 };
  const byTransport = transports.map((transport) => ({ transport, halves: { tune: emptyScore(), 'held-out': emptyScore() } }));
  for (const item of cases) {
    const half = halfOf(item.name);
    if (!item.expected || !halves.includes(half)) continue;
    const expected = item.expected.title;
    // Only logs whose clean title is right say anything about the transport.
    if (extractCrashes(item.log)[0]?.title !== expected) continue;
    baseline[half]++;
    for (const { transport, halves: scores } of byTransport) {
      const score = scores[half];
      const carried = transport.carry(item.log, expected);
      if (carried === item.log) {
        score.unchanged++;
        continue;
      }
      score.total++;
      const got = extractCrashes(carried)[0]?.title ?? '(no crash)';
      if (got === expected) score.matched++;
      else score.failures.push({ name: item.name, expected, got });
    }
  }
  return { baseline, byTransport };
}

/** Percent rounded down to one decimal (100 when nothing was scored), the figure a floor records. */
export function rate(score: TransportScore): number {
  return score.total === 0 ? 100 : Math.floor((1000 * score.matched) / score.total) / 10;
}
