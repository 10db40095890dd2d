import type { BugReport, ReportPart } from '../model.js';
import { anyPattern } from './any-pattern.js';
import { findLineCounters } from './find-line-counters.js';
import { findListingLines } from './find-listing-lines.js';
import { findLogHostPrefixes, readLogLines, type LogLine } from './read-log-lines.js';
import { charSet, MAX_SCAN, splitLines, type LineTable } from './split-lines.js';

/** One text of the report (title, body, a comment, an attachment), with its lines read once. */
export interface ReportText {
  part: ReportPart;
  index: number;
  text: string;
  /** The text's line table (offsets, quote depth, fences), shared by every reader. */
  lines: LineTable;
  /** findLineCounters of the lines: read once, for the log, listing and console line readers. */
  counters: Uint8Array;
  /** findLogHostPrefixes of the lines: read once, for the log and console line readers. */
  hostPrefixes: Uint16Array;
  /** Kernel log lines, quoted ones included (see LogLine.quoteDepth). */
  logLines: LogLine[];
  /** Prose sentences of the author's own text (quotes, code and log lines excluded), in order. */
  sentences: Sentence[];
  /** Rows of the unquoted lines inside code fences that are not kernel log lines (command output, configs). */
  codeLines: Int32Array;
  /**
   * Line numbers of listings of what is loaded or available (`Modules linked in:` and its wrapped
   * lines, `lsmod`, `/proc/modules`, `/proc/filesystems`): neither prose nor configuration facts.
   */
  listingLines: ReadonlySet<number>;
  /** Written by the reporter (or unknown: plain files); false for other people. */
  byReporter: boolean;
  /**
   * Whether a line of this text is the reporter's. Usually `byReporter` for every line; a Bugzilla
   * page saved as text holds everyone's comments under "Comment N <author> <date>" headers, and
   * only the lines under the reporter's own headers (the "Description" author's) are theirs.
   */
  byReporterAt: (line: number) => boolean;
}

/** A prose sentence with its exact offsets in the part's text. */
export interface Sentence {
  /** The sentence, whitespace runs (line breaks included) collapsed to one space. */
  text: string;
  start: number;
  end: number;
  /** Line number of the sentence's first character. */
  line: number;
  /** Ends with a question mark: asks, does not assert. */
  isQuestion: boolean;
  /**
   * When this is the first sentence after a quoted question ("> Did you resize the metadata?"
   * followed by "No, we never resized it."), the question: the answer's subject.
   */
  answerTo: string | null;
  /** 0-based index of the paragraph within the part (sentences of one paragraph share context). */
  paragraph: number;
}

/**
 * Cut a report into the texts extraction reads, in report order: title, body, attachments (usually
 * uploaded with the description), then comments. Bot comments are skipped: they are not statements
 * of anybody involved (ktriage's own earlier comment quotes the report back).
 *
 * @example
 * segmentReport({ ...report, body: 'We run 3.12.6.\n\n> Did you resize it?\nNo.' }).find((t) => t.part === 'body')!.sentences
 * // => [{ text: 'We run 3.12.6.', ... }, { text: 'No.', answerTo: 'Did you resize it?', ... }]
 */
export function segmentReport(report: BugReport): ReportText[] {
  const texts: ReportText[] = [];
  texts.push(readText('title', 0, report.title ?? '', true));
  texts.push(readText('body', 0, report.body ?? '', true));
  (report.attachments ?? []).forEach((attachment, i) => {
    if (typeof attachment.text === 'string') texts.push(readText('attachment', i, attachment.text, true));
  });
  (report.comments ?? []).forEach((comment, i) => {
    if (comment.isBot) return;
    texts.push(readText('comment', i, comment.text ?? '', comment.isReporter));
  });
  return texts;
}

/** Read one text: lines, log lines, prose sentences and code lines. */
export function readText(part: ReportPart, index: number, text: string, byReporter: boolean): ReportText {
  const lines = splitLines(text);
  // A title that starts like a kernel message ("dm-crypt: I/O errors with ...") is a summary, not a log line.
  // Line counters are found once for both readers that look past them.
  const counters = findLineCounters(lines);
  // The host prefixes too: reading them is a regex per line with a `:` or `|` (every line of most
  // logs), and their column costs 2 bytes a line (issue 12: a million 2-byte lines).
  const hostPrefixes = findLogHostPrefixes(lines);
  const logLines = readLogLines(text, lines, counters, hostPrefixes).filter((l) => part !== 'title' || l.kind !== 'bare');
  // One flag per line (a Set of numbers costs more on long logs).
  const logLineNumbers = new Uint8Array(lines.length);
  for (const log of logLines) for (let n = log.line; n <= log.lastLine; n++) logLineNumbers[n] = 1;
  const isCode = (i: number): boolean => lines.inFence(i) && !lines.isFence(i) && lines.quoteDepth(i) === 0 && logLineNumbers[i] !== 1 && !lines.isBlank(i);
  let codeCount = 0;
  for (let i = 0; i < lines.length; i++) if (isCode(i)) codeCount++;
  const codeLines = new Int32Array(codeCount);
  for (let i = 0, k = 0; i < lines.length; i++) if (isCode(i)) codeLines[k++] = i;
  const listingLines = findListingLines(lines, logLines, counters);
  // A module list wrapped onto bare lines below its log line is not prose either (the same flags:
  // no second array per line).
  for (const n of listingLines) logLineNumbers[n] = 1;
  const sentences = readSentences(text, lines, logLineNumbers);
  const byReporterAt = byReporter ? readDumpAuthors(lines) : () => false;
  return { part, index, text, lines, counters, hostPrefixes, logLines, sentences, codeLines, listingLines, byReporter, byReporterAt };
}

/** Bugzilla's text rendering of a bug: "Description Jane Doe 2014-01-16 12:30:58 UTC", "Comment 4 Mike Snitzer 2014-...". */
const DUMP_HEADER = /^\s*(Description|Comment \d+) (.{1,120}?) \d{4}-\d\d-\d\d \d\d:\d\d(?::\d\d)?(?: [A-Z]{2,5})?\s*$/;

/** Who wrote each line of a saved Bugzilla page; every line is the reporter's when the text has no such headers. */
function readDumpAuthors(lines: LineTable): (line: number) => boolean {
  const starts: Array<{ line: number; author: string }> = [];
  let reporter: string | null = null;
  // Every header names itself: a text without the words is not read line by line.
  if (!lines.text.includes('Description') && !lines.text.includes('Comment')) return () => true;
  for (let i = 0; i < lines.length; i++) {
    if (lines.quoteDepth(i) > 0 || lines.inFence(i) || lines.contentLength(i) > 300) continue;
    // Every header starts with a `D` or `C` after spaces: other lines are not sliced.
    if (!startsWithHeaderLetter(lines, i)) continue;
    const m = DUMP_HEADER.exec(lines.content(i));
    if (!m) continue;
    const author = m[2]!.trim();
    if (m[1] === 'Description') reporter ??= author;
    starts.push({ line: i, author });
  }
  if (starts.length === 0 || reporter === null) return () => true;
  const owner = reporter;
  return (line: number) => {
    // Binary search for the last header at or above the line.
    let lo = 0;
    let hi = starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]!.line <= line) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    // Lines above the first header (the bug's field table) belong to the report itself.
    return found === -1 || starts[found]!.author === owner;
  };
}

/** Whether line i's first character after whitespace is `D` or `C` (or not ASCII: the regex decides). */
function startsWithHeaderLetter(lines: LineTable, i: number): boolean {
  const end = lines.end(i);
  for (let at = lines.contentStart(i); at < end; at++) {
    const c = lines.text.charCodeAt(at);
    if (c === 32 || (c >= 9 && c <= 13)) continue;
    return c === 68 || c === 67 || c > 127;
  }
  return false;
}

/** Lines that frame a reply or a tracker dump rather than say anything. */
const CONTEXT_LINES: readonly RegExp[] = [
  /^\s*\(In reply to .{0,200}\)\s*$/, // Bugzilla's quote header
  /^\s*On .{0,200} wrote:\s*$/, // mail clients
  /^\s*(?:Comment \d+|Description) .{0,200}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?: UTC)?\s*$/, // Bugzilla text dump headers
  /^\s*Created attachment \d+/,
  /^\s*<!--.*-->\s*$/, // hidden markers (ktriage's own, issue templates)
];

const ANY_CONTEXT_LINE = anyPattern(CONTEXT_LINES);
/** Every CONTEXT_LINES row needs one of these (`(In reply to`, `wrote:`, a date, an attachment number, `<!--`). */
const CONTEXT_MARKS = charSet('(:<0123456789');

function isProse(lines: LineTable, i: number, logLineNumbers: Uint8Array): boolean {
  if (lines.quoteDepth(i) > 0 || lines.inFence(i) || logLineNumbers[i] === 1) return false;
  return !lines.includesAny(i, CONTEXT_MARKS) || !ANY_CONTEXT_LINE.test(lines.head(i));
}

/**
 * Whether `text[from, end)` holds a sentence end's or a bullet's character (SENTENCE_END: `.!?`;
 * BULLET: `-*+•` or a number's `.` or `)`): a line without any is one piece, no bullet.
 */
function hasSentenceMark(text: string, from: number, end: number): boolean {
  for (let at = from; at < end; at++) {
    const c = text.charCodeAt(at);
    if (c === 46 || c === 33 || c === 63 || c === 45 || c === 42 || c === 43 || c === 41 || c === 0x2022) return true;
  }
  return false;
}

/** Offset just past the last non-whitespace character of `text[from, end)` (what trimEnd keeps), or `from`. */
function trimmedEnd(text: string, from: number, end: number): number {
  let at = end;
  while (at > from) {
    const c = text.charCodeAt(at - 1);
    if (c === 32 || (c >= 9 && c <= 13)) at--;
    else if (c < 128) return at;
    // Other whitespace (no-break and Unicode spaces) is rare: trimEnd decides.
    else return from + text.slice(from, at).trimEnd().length;
  }
  return from;
}

/** A sentence ends at . ! ? (and closing quotes/brackets) followed by whitespace, or at a bullet. */
const SENTENCE_END = /[.!?]+["')\]]*(?=\s|$)/g;
const BULLET = /^\s*(?:[-*+•]|\d{1,3}[.)])\s+/;

function readSentences(text: string, lines: LineTable, logLineNumbers: Uint8Array): Sentence[] {
  const sentences: Sentence[] = [];
  let paragraph = -1;
  let pendingQuestion: string | null = null;
  // The quoted block being read: a run of rows [quoteFrom, quoteTo) (empty when equal).
  let quoteFrom = 0;
  let quoteTo = 0;
  let gap = 0;
  let previousWasProse = false;
  // Whether the last sentence read ends with . ! ? (checked once per line; kept here so a sentence
  // continued over many lines is not rescanned for it).
  let lastEnds = true;
  for (let i = 0; i < lines.length; i++) {
    if (sentences.length >= MAX_SENTENCES) break;
    if (lines.quoteDepth(i) > 0 && !lines.inFence(i)) {
      // Quoted lines come in runs: a block only grows by the row below its last.
      if (quoteTo === quoteFrom) quoteFrom = i;
      quoteTo = i + 1;
      previousWasProse = false;
      gap = 0;
      continue;
    }
    if (quoteTo > quoteFrom) {
      pendingQuestion = lastQuestion(lines, quoteFrom, quoteTo);
      quoteFrom = quoteTo = 0;
    }
    const blank = lines.isBlank(i);
    if (blank || !isProse(lines, i, logLineNumbers)) {
      if (blank && !lines.inFence(i)) gap++;
      else pendingQuestion = null;
      // A question is answered right below it (one blank line allowed), or not at all.
      if (gap > 1) pendingQuestion = null;
      previousWasProse = false;
      continue;
    }
    if (!previousWasProse) paragraph++;
    gap = 0;
    // A sentence that never ends, read up to MAX_SENTENCE already, continued by a line without a
    // sentence end or bullet: the line only moves the sentence's end (what the loop below does,
    // without slicing the line: a million lines of "a" are one such sentence).
    if (previousWasProse && !lastEnds && sentences.length > 0) {
      const prev = sentences[sentences.length - 1]!;
      const base = lines.contentStart(i);
      const end = lines.end(i);
      if (prev.end >= prev.start + MAX_SENTENCE && !hasSentenceMark(text, base, end)) {
        prev.end = trimmedEnd(text, base, end);
        previousWasProse = true;
        continue;
      }
    }
    // Each line is cut into sentences; a sentence continuing on the next line of the same
    // paragraph is merged below.
    const body = lines.content(i);
    const bullet = BULLET.exec(body.length > MAX_SCAN ? body.slice(0, MAX_SCAN) : body);
    const base = lines.contentStart(i);
    let from = bullet ? bullet[0].length : 0;
    const continues = previousWasProse && !bullet && sentences.length > 0 && !lastEnds;
    let first = true;
    SENTENCE_END.lastIndex = from;
    while (sentences.length < MAX_SENTENCES) {
      const m = SENTENCE_END.exec(body);
      const to = m ? m.index + m[0].length : body.length;
      const piece = body.slice(from, to);
      if (piece.trim() !== '') {
        const leading = piece.length - piece.trimStart().length;
        const start = base + from + leading;
        const end = base + from + piece.trimEnd().length;
        if (first && continues) {
          // Append only the new piece: re-collapsing the whole sentence for each of its lines made
          // a sentence that never ends (a million lines of "a") cost its length on every line.
          // The result is what collapse(text.slice(prev.start, end)) gives: the piece is on a new
          // line (whitespace between), and nothing past MAX_SENTENCE raw characters is read.
          const prev = sentences[sentences.length - 1]!;
          const limit = Math.min(end, prev.start + MAX_SENTENCE);
          const more = limit > prev.end ? collapse(text.slice(prev.end, limit)) : '';
          if (more !== '') {
            prev.text = `${prev.text} ${more}`;
            prev.isQuestion = more.endsWith('?');
            lastEnds = endsSentence(more);
          }
          prev.end = end;
        } else {
          const sentenceText = collapse(text.slice(start, end));
          sentences.push({ text: sentenceText, start, end, line: i, isQuestion: sentenceText.endsWith('?'), answerTo: pendingQuestion, paragraph });
          lastEnds = endsSentence(sentenceText);
          pendingQuestion = null;
        }
      }
      first = false;
      if (!m || to >= body.length) break;
      from = to;
      if (m[0].length === 0) SENTENCE_END.lastIndex++;
    }
    previousWasProse = true;
  }
  return sentences;
}

function endsSentence(sentence: string): boolean {
  return /[.!?]["')\]]*$/.test(sentence);
}

function collapse(s: string): string {
  return (s.length > MAX_SENTENCE ? s.slice(0, MAX_SENTENCE) : s).replace(/\s+/g, ' ').trim();
}

/**
 * Prose sentences read per text. A real report has a few hundred; past this a text is a paste or an
 * attack, and its later sentences are not read (log lines and code lines still are).
 */
const MAX_SENTENCES = 10_000;

/** Sentences are matched up to this length; a longer "sentence" is a paste, not prose. */
const MAX_SENTENCE = 2000;

/**
 * The questions of a quoted block that ends with one ("> Has the metadata LV been extended? If so,
 * how?"): all its question sentences, since the fact may be named in any of them.
 */
function lastQuestion(lines: LineTable, from: number, to: number): string | null {
  // What `block.map(content).join(' ').slice(-MAX_SENTENCE)` gives, reading only the rows that
  // reach into those last characters (a quoted paste may be a million lines).
  const tail: string[] = [];
  let length = -1;
  for (let i = to - 1; i >= from && length < MAX_SENTENCE; i--) {
    const content = lines.content(i);
    tail.push(content);
    length += content.length + 1;
  }
  const joined = collapse(tail.reverse().join(' ').slice(-MAX_SENTENCE));
  if (!joined.endsWith('?')) return null;
  const questions = joined.split(/(?<=[.!?])\s+/).filter((s) => s.endsWith('?'));
  return questions.length > 0 ? questions.join(' ') : null;
}
