import { keepShape } from './keep-shape.js';

/**
 * One physical line of a report part, with its offsets into the part's text and its Markdown
 * context (quote depth, inside a code fence): a view of one row of a LineTable, built when a
 * reader needs the line as a value (evidence, a table row's source). Everything in extract/ that
 * quotes evidence starts from these offsets, so evidence ranges are exact.
 */
export interface TextLine {
  /** 0-based line number within the part's text. */
  line: number;
  /** Offset of the line's first character. */
  start: number;
  /** Offset just past the line's last character (newline and a trailing \r excluded). */
  end: number;
  /** Offset where the content starts: after `>` quote markers and the indentation that follows them. */
  contentStart: number;
  /** The line without quote markers (indentation after them removed). */
  content: string;
  /** Number of `>` quote markers (0 = the author's own text). */
  quoteDepth: number;
  /** Inside a Markdown code fence (the fence lines themselves included). */
  inFence: boolean;
  /** The line opens or closes a code fence. */
  isFence: boolean;
}

/** Lines longer than this are not scanned for structure past this point (a 10 MB line is junk). */
export const MAX_SCAN = 8192;

/**
 * A set of ASCII characters as a lookup table, for `includesAny`: readers whose patterns all need
 * one of a few marks (a `:` of a header, a `[` of a timestamp) pass over a line without one on a
 * character scan instead of a slice and a regex per line (issue 12: a million 2-byte lines).
 *
 * @example
 * includesAny('a b', 0, 3, charSet(':[')) // => false
 */
export function charSet(chars: string): Uint8Array {
  const set = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) {
    const c = chars.charCodeAt(i);
    if (c >= 128) throw new Error(`charSet: ${chars[i]} is not ASCII`);
    set[c] = 1;
  }
  return set;
}

/** Whether `text` holds a character of `set` in [from, to). */
export function includesAny(text: string, from: number, to: number, set: Uint8Array): boolean {
  for (let at = from; at < to; at++) {
    const c = text.charCodeAt(at);
    if (c < 128 && set[c] === 1) return true;
  }
  return false;
}

/** Flag bits of a row. */
const IN_FENCE = 1;
const IS_FENCE = 2;
/** The line ended in `\r\n`: `end` is one before the newline. */
const CR = 4;
/** A byte column holds values below this; larger ones (rare: 255 `>` markers) live in a map. */
const SMALL = 255;

/**
 * The lines of one text as columns of numbers, one row per physical line: where it starts, its
 * quote-marker prefix length and depth, fence flags. About 7 bytes a line, where an object per
 * line cost about 90 (issue 12: a million 2-byte lines of `a` took a hundred times the input).
 * A line's text is sliced only when a reader asks for it (`content(i)`), usually after a cheap
 * test on the numbers; `at(i)` builds the TextLine view of one row. Readers walk rows by index.
 *
 * @example
 * const lines = splitLines('hi\n> quoted');
 * lines.length // => 2
 * lines.quoteDepth(1) // => 1
 * lines.content(1) // => 'quoted'
 */
export class LineTable implements Iterable<TextLine> {
  /** Number of physical lines (an empty text has one, empty). */
  readonly length: number;
  readonly text: string;
  private readonly starts: Int32Array;
  private readonly prefixes: Uint8Array;
  private readonly depths: Uint8Array;
  private readonly flags: Uint8Array;
  /** Prefix lengths and quote depths of SMALL or more, by row. */
  private readonly largePrefixes = new Map<number, number>();
  private readonly largeDepths = new Map<number, number>();

  constructor(text: string) {
    this.text = text;
    let count = 1;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
    this.length = count;
    this.starts = new Int32Array(count);
    this.prefixes = new Uint8Array(count);
    this.depths = new Uint8Array(count);
    this.flags = new Uint8Array(count);
    this.read();
  }

  /** Offset of line i's first character. */
  start(i: number): number {
    return this.starts[i]!;
  }

  /** Offset just past line i's last character (newline and a trailing \r excluded). */
  end(i: number): number {
    const next = i + 1 < this.length ? this.starts[i + 1]! - 1 : this.text.length;
    return (this.flags[i]! & CR) !== 0 ? next - 1 : next;
  }

  /** Offset where line i's content starts (after `>` quote markers and the indentation after them). */
  contentStart(i: number): number {
    const prefix = this.prefixes[i]!;
    return this.starts[i]! + (prefix === SMALL ? this.largePrefixes.get(i)! : prefix);
  }

  /** Length of line i's content. */
  contentLength(i: number): number {
    return this.end(i) - this.contentStart(i);
  }

  /** Line i without quote markers: sliced from the text on every call (callers keep it while they need it). */
  content(i: number): string {
    return this.text.slice(this.contentStart(i), this.end(i));
  }

  /** The first `max` characters of line i's content (MAX_SCAN: what structure readers look at). */
  head(i: number, max: number = MAX_SCAN): string {
    const from = this.contentStart(i);
    return this.text.slice(from, Math.min(this.end(i), from + max));
  }

  /** Whether line i's content (its first `max` characters) holds a character of `set` (charSet). */
  includesAny(i: number, set: Uint8Array, max: number = MAX_SCAN): boolean {
    const from = this.contentStart(i);
    return includesAny(this.text, from, Math.min(this.end(i), from + max), set);
  }

  quoteDepth(i: number): number {
    const depth = this.depths[i]!;
    return depth === SMALL ? this.largeDepths.get(i)! : depth;
  }

  inFence(i: number): boolean {
    return (this.flags[i]! & IN_FENCE) !== 0;
  }

  isFence(i: number): boolean {
    return (this.flags[i]! & IS_FENCE) !== 0;
  }

  /**
   * Whether line i's content (its first `max` characters) is empty or whitespace only, as
   * `trim() === ''` says: no slice unless a non-ASCII character needs the full rule.
   */
  isBlank(i: number, max: number = Number.POSITIVE_INFINITY): boolean {
    const from = this.contentStart(i);
    const end = Math.min(this.end(i), from + max);
    for (let at = from; at < end; at++) {
      const c = this.text.charCodeAt(at);
      if (c === 32 || (c >= 9 && c <= 13)) continue;
      if (c < 128) return false;
      return this.text.slice(at, end).trim() === '';
    }
    return true;
  }

  /** Line i as a value. */
  at(i: number): TextLine {
    return {
      line: i,
      start: this.start(i),
      end: this.end(i),
      contentStart: this.contentStart(i),
      content: this.content(i),
      quoteDepth: this.quoteDepth(i),
      inFence: this.inFence(i),
      isFence: this.isFence(i),
    };
  }

  *[Symbol.iterator](): Iterator<TextLine> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  /** One pass: offsets, quote markers, code-fence state. */
  private read(): void {
    const text = this.text;
    let fence: { char: number; length: number; depth: number } | null = null;
    let offset = 0;
    // Filled in place line after line: one object per table, not one per line (issue 12: 4 M
    // lines of `a` made 160 MB of them).
    const marks = { depth: 0, contentStart: 0 };
    for (let n = 0; n < this.length; n++) {
      const newline = n + 1 < this.length ? text.indexOf('\n', offset) : -1;
      const lineEnd = newline === -1 ? text.length : newline;
      const cr = lineEnd > offset && text.charCodeAt(lineEnd - 1) === 13;
      const end = cr ? lineEnd - 1 : lineEnd;
      this.starts[n] = offset;
      // Quote markers and fences start with a space, `>`, a backtick or a tilde: a line starting
      // with anything else has neither, and its row stays zero (no object read per line).
      const first = offset < end ? text.charCodeAt(offset) : -1;
      if (first !== 32 && first !== 62 && first !== 96 && first !== 126) {
        this.flags[n] = (cr ? CR : 0) | (fence ? IN_FENCE : 0);
        offset = newline + 1;
        continue;
      }
      readQuoteMarkers(text, offset, end, marks);
      const { depth, contentStart } = marks;
      this.setSmall(this.prefixes, this.largePrefixes, n, contentStart - offset);
      this.setSmall(this.depths, this.largeDepths, n, depth);
      let flags = cr ? CR : 0;
      const marker = readFence(text, contentStart, end);
      if (fence) {
        flags |= IN_FENCE;
        if (marker && marker.char === fence.char && marker.length >= fence.length && marker.bare && depth === fence.depth) {
          flags |= IS_FENCE;
          fence = null;
        }
      } else if (marker) {
        fence = { char: marker.char, length: marker.length, depth };
        flags |= IN_FENCE | IS_FENCE;
      }
      this.flags[n] = flags;
      offset = newline + 1;
    }
  }

  private setSmall(column: Uint8Array, large: Map<number, number>, i: number, value: number): void {
    if (value < SMALL) column[i] = value;
    else {
      column[i] = SMALL;
      large.set(i, value);
    }
  }
}

// A table that lives as long as the process, so that a full collection between reports does not
// take the class's map and the readers' optimised code with it (keep-shape.ts).
keepShape(new LineTable(''));

/**
 * Split a part's text into its line table: offsets, quote depth and code-fence state. Linear in
 * the text length; never throws. An unclosed fence runs to the end of the text (as GitHub renders it).
 *
 * @example
 * splitLines('hi\n> quoted\n```\n[1.0] x\n```').at(1)
 * // => { line: 1, start: 3, end: 11, contentStart: 5, content: 'quoted', quoteDepth: 1, inFence: false, isFence: false }
 */
export function splitLines(text: string): LineTable {
  return new LineTable(text);
}

/**
 * A fence opener/closer: three or more backticks or tildes, up to three spaces of indentation
 * (`/^ {0,3}(`{3,}|~{3,})(.*)$/` on the content within MAX_SCAN characters, read without a slice:
 * most lines fail on their first characters). `bare`: nothing but whitespace after the marker (a
 * closer may carry no info string).
 */
function readFence(text: string, from: number, end: number): { char: number; length: number; bare: boolean } | null {
  const limit = Math.min(end, from + MAX_SCAN);
  let i = from;
  while (i < limit && i - from < 3 && text.charCodeAt(i) === 32) i++;
  const char = i < limit ? text.charCodeAt(i) : -1;
  if (char !== 96 && char !== 126) return null;
  let j = i;
  while (j < limit && text.charCodeAt(j) === char) j++;
  const length = j - i;
  if (length < 3) return null;
  // `(.*)$` without the s flag: a line terminator other than \n inside the line (\r, U+2028/9)
  // stops `.*` before `$` can match, so the line is no fence.
  for (let k = j; k < limit; k++) if (isTerminator(text.charCodeAt(k))) return null;
  return { char, length, bare: text.slice(j, limit).trim() === '' };
}

const isTerminator = (c: number): boolean => c === 13 || c === 10 || c === 0x2028 || c === 0x2029;

/** Count `>` markers (each optionally followed by one space) and skip the indentation after them. */
function readQuoteMarkers(text: string, start: number, end: number, out: { depth: number; contentStart: number }): void {
  let i = start;
  let depth = 0;
  // Up to three spaces may precede the first marker (Markdown); more is an indented code block.
  let indent = 0;
  while (i < end && text.charCodeAt(i) === 32 && indent < 3) {
    i++;
    indent++;
  }
  if (i < end && text.charCodeAt(i) === 62) {
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c === 62) {
        depth++;
        i++;
      } else if (c === 32 || c === 9) {
        i++;
      } else break;
    }
    out.depth = depth;
    out.contentStart = i;
    return;
  }
  out.depth = 0;
  out.contentStart = start;
}
