/**
 * Crash titles: every kernel oops in a text (BUG, WARNING, KASAN/KMSAN/KCSAN/UBSAN, general
 * protection fault, Oops, hung task, RCU stall, soft lockup, lockdep splats, memory leaks, panics)
 * named with one syzkaller-compatible title that stays the same whatever addresses, PIDs, CPUs,
 * timestamps or console prefixes the log holds.
 */
import type { CrashReport } from '../../model.js';
import { findOops, parseCrashAt, startsOwnReport } from './parse-crash.js';
import { readConsoleLines } from './read-console-lines.js';

/** The console timestamp and caller id, which differ between repeats of one header. */
const CONSOLE_PREFIX = /^.*?\[ *\d+\.\d+\](?:\[ *[CT]\d+\])? ?/;
/** Numbers, addresses and offsets: what differs between repeats of one header. */
const VOLATILE = /\b(?:0x)?[0-9a-f]*[0-9][0-9a-f]*\b/g;

export type CrashFinding = Omit<CrashReport, 'evidence'> & {
  /** 0-based line of the oops header in the text. */
  line: number;
  /** Character offsets [start, end) of the header line in the text. */
  start: number;
  end: number;
  /** The header line (re-joined when it was mail-wrapped). */
  quote: string;
};

/** Reports parsed at most per text: later oopses are nearly always consequences of the first. */
const MAX_PARSES = 16;

/**
 * Every distinct crash in a text, the first crash first. Later crashes are kept when they start a
 * report of their own (not a panic following the first), are not corrupted and have a new title.
 * Pure, never throws, linear in the text.
 *
 * @example
 * extractCrashes('[  1.0] BUG: KASAN: use-after-free in consume_skb+0x1/0x2\n...')[0]?.title
 * // => 'KASAN: use-after-free Read in consume_skb' (given the full report)
 */
export function extractCrashes(text: string): CrashFinding[] {
  try {
    return extract(text);
  } catch {
    // A parser bug must not take the triage down; the report simply shows no crash.
    return [];
  }
}

function extract(text: string): CrashFinding[] {
  const lines = readConsoleLines(text);
  const vmDisconnected = text.includes('serialport: VM disconnected.');
  const findings: CrashFinding[] = [];
  const seen = new Set<string>();
  // A log may repeat one oops many times; a header seen before is not parsed again, so the
  // parse budget goes to headers that may name a new crash.
  const seenHeaders = new Set<string>();
  let from = 0;
  for (let parses = 0; parses < MAX_PARSES; ) {
    const found = findOops(lines, from);
    if (!found) break;
    from = found.index + 1;
    const header = lines[found.index]!;
    if (findings.length > 0 && !startsOwnReport(header.text)) continue;
    const headerKey = header.text.replace(CONSOLE_PREFIX, '').replace(VOLATILE, '#');
    if (seenHeaders.has(headerKey)) continue;
    seenHeaders.add(headerKey);
    parses++;
    const crash = parseCrashAt(lines, found.index, found.kind, vmDisconnected);
    if (!crash.recognised) continue;
    if (findings.length > 0 && (crash.corrupted || seen.has(crash.title))) continue;
    seen.add(crash.title);
    findings.push({
      title: crash.title,
      alt: crash.alt,
      type: crash.type,
      frame: crash.frame,
      corrupted: crash.corrupted,
      corruptedReason: crash.corruptedReason,
      line: header.line,
      start: header.start,
      end: header.end,
      quote: quoteLine(text.slice(header.start, header.end)),
    });
  }
  return findings;
}

/** The header line as quoted in evidence; a re-joined wrapped line reads as one line. */
function quoteLine(raw: string): string {
  if (!raw.includes('\n')) return raw;
  return raw
    .split('\n')
    .map((piece, i) => (i === 0 ? piece.replace(/\s+$/, '') : piece.replace(/^[ \t>]+/, '').trim()))
    .join(' ');
}
