import type { TextLine } from './split-lines.js';

/** A leading counter: 3 to 8 digits, then spaces or a tab, then the line ("01818 RIP: 0010:..."). */
const COUNTER = /^(\s{0,4})(\d{3,8})(?: {1,4}|\t)(?=\S)/;

/** Non-blank lines looked at on each side of a line to decide whether its number is a counter. */
const NEIGHBOURS = 4;

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
 * // => Uint32Array [6, 6]
 */
export function findLineCounters(lines: readonly TextLine[]): Uint32Array {
  const width = new Uint8Array(lines.length);
  const length = new Uint32Array(lines.length);
  const nonBlank: number[] = [];
  lines.forEach((line, i) => {
    const head = line.content.length > 64 ? line.content.slice(0, 64) : line.content;
    if (head.trim() === '') return;
    nonBlank.push(i);
    const m = COUNTER.exec(head);
    if (m) {
      width[i] = m[2]!.length;
      length[i] = m[0].length;
    }
  });
  const counters = new Uint32Array(lines.length);
  /** Whether most of these lines (at least one) start with a number of the given width. */
  const mostly = (side: readonly number[], i: number): boolean => {
    let seen = 0;
    let same = 0;
    for (const j of side) {
      if (lines[j]!.quoteDepth !== lines[i]!.quoteDepth) continue;
      seen++;
      if (width[j] === width[i]) same++;
    }
    // Half is enough: a mail client that wrapped the log leaves counter-less continuations between
    // the counted lines (`01818 RIP: ...` between `04/01/2014` and `e8 01 fd ...`).
    return seen > 0 && same * 2 >= seen;
  };
  nonBlank.forEach((i, k) => {
    if (width[i] === 0) return;
    // Either side will do: the first line of a numbered paste has prose above it, the last below.
    if (mostly(nonBlank.slice(Math.max(0, k - NEIGHBOURS), k), i) || mostly(nonBlank.slice(k + 1, k + 1 + NEIGHBOURS), i)) counters[i] = length[i]!;
  });
  return counters;
}
