import type { LineTable } from './split-lines.js';

/** A leading counter: 3 to 8 digits, then spaces or a tab, then the line ("01818 RIP: 0010:..."). */
const COUNTER = /^(\s{0,4})(\d{3,8})(?: {1,4}|\t)(?=\S)/;

/**
 * Whether `text[from, end)` can match COUNTER: at most four spaces, then three digits. A character
 * other than ASCII there (a Unicode space) leaves it to the regex.
 */
function mayStartWithCounter(text: string, from: number, end: number): boolean {
  let at = from;
  for (let spaces = 0; at < end && spaces < 5; at++, spaces++) {
    const c = text.charCodeAt(at);
    if (c > 127) return true;
    if (!(c === 32 || (c >= 9 && c <= 13))) break;
  }
  for (let digits = 0; digits < 3; digits++, at++) {
    if (at >= end) return false;
    const c = text.charCodeAt(at);
    if (c > 127) return true;
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Non-blank lines looked at on each side of a line to decide whether its number is a counter. */
const NEIGHBOURS = 4;
const THREE_DIGITS = /[0-9]{3}/;

/**
 * Some pastes put a fixed-width counter before every line: a test harness's run id
 * (`01818 EXT4-fs (dm-0): mounted ...`), `cat -n`-style line numbers (`00042 [  12.3] BUG: ...`).
 * For each line, the length of such a counter with the spaces after it, or 0. A number counts as a
 * counter only when at least half of the nearest non-blank lines on one side of it (up to NEIGHBOURS,
 * the same quote depth) start with a number of the same width: a lone "2014 was the year..." keeps
 * its number. Linear; never throws.
 *
 * @example
 * findLineCounters(splitLines('01818 EXT4-fs (dm-0): x\n01818 Buffer I/O error on dev dm-0'))
 * // => Uint8Array [6, 6]
 */
export function findLineCounters(lines: LineTable): Uint8Array {
  // A counter has three digits in a row: a text without them has none (one scan, no loop per line).
  if (!THREE_DIGITS.test(lines.text)) return new Uint8Array(lines.length);
  const width = new Uint8Array(lines.length);
  const length = new Uint8Array(lines.length);
  // Rows of the non-blank lines, in order (a typed array: a text of a million short lines has a
  // million of them).
  const nonBlank = new Int32Array(lines.length);
  let count = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines.isBlank(i, 64)) continue;
    nonBlank[count++] = i;
    // A counter starts within the first characters: only a line with three digits after at most
    // four spaces is sliced (a list of versions, dates and sizes starts with one or two).
    if (!mayStartWithCounter(lines.text, lines.contentStart(i), lines.end(i))) continue;
    const m = COUNTER.exec(lines.head(i, 64));
    if (m) {
      width[i] = m[2]!.length;
      length[i] = m[0].length;
    }
  }
  const counters = new Uint8Array(lines.length);
  /** Whether most of the non-blank lines nonBlank[from..to) (at least one) start with a number of the given width. */
  const mostly = (from: number, to: number, i: number): boolean => {
    let seen = 0;
    let same = 0;
    const depth = lines.quoteDepth(i);
    for (let k = from; k < to; k++) {
      const j = nonBlank[k]!;
      if (lines.quoteDepth(j) !== depth) continue;
      seen++;
      if (width[j] === width[i]) same++;
    }
    // Half is enough: a mail client that wrapped the log leaves counter-less continuations between
    // the counted lines (`01818 RIP: ...` between `04/01/2014` and `e8 01 fd ...`).
    return seen > 0 && same * 2 >= seen;
  };
  for (let k = 0; k < count; k++) {
    const i = nonBlank[k]!;
    if (width[i] === 0) continue;
    // Either side will do: the first line of a numbered paste has prose above it, the last below.
    if (mostly(Math.max(0, k - NEIGHBOURS), k, i) || mostly(k + 1, Math.min(count, k + 1 + NEIGHBOURS), i)) counters[i] = length[i]!;
  }
  return counters;
}
