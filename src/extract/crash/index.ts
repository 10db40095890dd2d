/**
 * Crash titles: every kernel oops in a text (BUG, WARNING, KASAN/KMSAN/KCSAN/UBSAN, general
 * protection fault, Oops, hung task, RCU stall, soft lockup, lockdep splats, memory leaks, panics)
 * named with one syzkaller-compatible title that stays the same whatever addresses, PIDs, CPUs,
 * timestamps or console prefixes the log holds.
 */
import type { CrashReport } from '../../model.js';
import { extractStacks, type StackFinding, type StackFrameFinding } from './extract-stacks.js';
import { isCutMarker } from './frame-shapes.js';
import { findOops, parseCrashAt, startsOwnReport } from './parse-crash.js';
import { splitLines, type LineTable } from '../split-lines.js';
import { readConsoleLineTable, type ConsoleLines } from './read-console-lines.js';

export { readFrameLine, type FrameLine } from './read-frame-line.js';
export type { StackFinding, StackFrameFinding } from './extract-stacks.js';

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
    return extract(readConsoleLineTable(splitLines(text)), text).findings;
  } catch {
    // A parser bug must not take the triage down; the report simply shows no crash.
    return [];
  }
}

export interface CrashesAndStacks {
  crashes: CrashFinding[];
  /** Every call trace, each linked to the crash it belongs to (index into `crashes`, null for none). */
  stacks: Array<Omit<StackFinding, 'frames'> & { frames: Array<StackFrameFinding & { quote: string }>; crash: number | null }>;
}

/** A trace further than this below its oops header is not taken for part of that report. */
const MAX_TRACE_DISTANCE = 600;

/**
 * extractCrashes, and every call trace of the text (any shape) linked to its crash: the last oops
 * header above the trace owns it; a panic or a repeat of an earlier header hands it to the crash
 * that header repeats. Pure, never throws.
 *
 * @example
 * const { crashes, stacks } = extractCrashesAndStacks(log);
 * stacks[0]?.crash // => 0 (the trace under the first crash's header)
 */
export function extractCrashesAndStacks(text: string, physicalLines?: LineTable, counters?: Uint8Array, hostPrefixes?: Uint16Array): CrashesAndStacks {
  try {
    const lines = readConsoleLineTable(physicalLines ?? splitLines(text), counters, hostPrefixes);
    const { findings, owners } = extract(lines, text);
    const paragraphs = proseParagraphs(lines);
    const stacks = extractStacks(lines).map((stack) => {
      let owner: Owner | undefined;
      for (const candidate of owners) if (candidate.line <= stack.line) owner = candidate;
      const linked =
        owner !== undefined &&
        owner.title !== null &&
        stack.line - owner.line <= MAX_TRACE_DISTANCE &&
        !paragraphs.some((line) => line > owner!.line && line < stack.line);
      const crash = linked ? findings.findIndex((finding) => finding.title === owner!.title) : -1;
      const frames = stack.frames.map((frame) => ({ ...frame, quote: quoteLine(text.slice(frame.start, frame.end)) }));
      return { ...stack, frames, crash: crash === -1 ? null : crash };
    });
    return { crashes: findings, stacks };
  } catch {
    return { crashes: [], stacks: [] };
  }
}

/**
 * Lines where the reporter's prose starts a paragraph ("Here is the other task's stack:"): a
 * trace below one is not part of the oops above it. A paragraph start without a console timestamp
 * that reads as words (no hex, no `key:` register pairs) counts; kernel lines and frames do not.
 */
function proseParagraphs(lines: ConsoleLines, from = 0, to = lines.length): number[] {
  const starts: number[] = [];
  for (let i = from + 1; i < to; i++) {
    // Only a line after a blank one can start a paragraph: the others are not sliced.
    if (!lines.isBlank(i - 1)) continue;
    const text = lines.text(i);
    if (PROSE_START.test(text) && !HEXISH.test(text)) starts.push(lines.line(i));
  }
  return starts;
}

const PROSE_START = /^\s*[A-Z][a-z']*(?: [a-zA-Z',()-]+){2,}/;
const HEXISH = /[0-9a-f]{8}|\+0x|\[ *\d+\.\d+\]/;

/** Whether the reporter cut the text between two physical lines: a cut marker or a paragraph of their prose. */
function reporterCutBetween(lines: ConsoleLines, from: number, to: number): boolean {
  // Console lines are in text order: the lines strictly between are one run of them.
  let first = 0;
  while (first < lines.length && lines.line(first) <= from) first++;
  let end = first;
  while (end < lines.length && lines.line(end) < to) end++;
  for (let k = first; k < end; k++) if (isCutMarker(lines.text(k).replace(CONSOLE_PREFIX, ''))) return true;
  return proseParagraphs(lines, first, end).length > 0;
}

/** A title without its guilty frame: "BUG: unable to handle kernel NULL pointer dereference". */
function titleKind(title: string): string {
  return title.replace(/ in \S+$/, '');
}

/** An oops header line and the title of the crash it belongs to (null: none known). */
interface Owner {
  line: number;
  title: string | null;
}

function extract(lines: ConsoleLines, text: string): { findings: CrashFinding[]; owners: Owner[] } {
  const vmDisconnected = text.includes('serialport: VM disconnected.');
  const findings: CrashFinding[] = [];
  const seen = new Set<string>();
  // A log may repeat one oops many times; a header seen before is not parsed again, so the
  // parse budget goes to headers that may name a new crash.
  // A header whose first report was cut (corrupted) may be whole when it comes again: it is parsed again.
  const seenHeaders = new Map<string, { title: string | null; corrupted: boolean }>();
  const owners: Owner[] = [];
  let from = 0;
  for (let parses = 0; parses < MAX_PARSES; ) {
    const found = findOops(lines, from);
    if (!found) break;
    from = found.index + 1;
    const header = lines.at(found.index);
    // A panic after an oops is part of that oops' report (its trace too).
    const previousTitle = owners[owners.length - 1]?.title ?? null;
    if (findings.length > 0 && !startsOwnReport(header.text)) {
      owners.push({ line: header.line, title: previousTitle });
      continue;
    }
    const headerKey = header.text.replace(CONSOLE_PREFIX, '').replace(VOLATILE, '#');
    const before = seenHeaders.get(headerKey);
    if (before && !before.corrupted) {
      owners.push({ line: header.line, title: before.title });
      continue;
    }
    parses++;
    const crash = parseCrashAt(lines, found.index, found.kind, vmDisconnected);
    seenHeaders.set(headerKey, { title: crash.recognised ? crash.title : null, corrupted: crash.corrupted });
    owners.push({ line: header.line, title: crash.recognised ? crash.title : previousTitle });
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
  // When the first oops was cut and a later one of the same kind is whole, the whole one names the
  // report: a reporter pasting the same oops twice often trimmed the first. A different later oops
  // is a consequence and does not (syzkaller's titles agree).
  // Only a cut the reporter made counts (a `<snip>`, or their prose between the two): a console
  // that interleaved two oopses is corrupted as a whole, and syzkaller names its first.
  const first = findings[0];
  if (first?.corrupted) {
    const whole = findings.findIndex((finding) => !finding.corrupted && titleKind(finding.title) === titleKind(first.title));
    if (whole > 0 && reporterCutBetween(lines, first.line, findings[whole]!.line)) findings.unshift(...findings.splice(whole, 1));
  }
  return { findings, owners };
}

/** The header line as quoted in evidence; a re-joined wrapped line reads as one line. */
function quoteLine(raw: string): string {
  if (!raw.includes('\n')) return raw;
  return raw
    .split('\n')
    .map((piece, i) => (i === 0 ? piece.replace(/\s+$/, '') : piece.replace(/^[ \t>]+/, '').trim()))
    .join(' ');
}
