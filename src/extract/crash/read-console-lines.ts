/**
 * The kernel console lines of a report, whatever way they reached the reporter: raw serial console
 * or dmesg output, syslog (`Jan 15 20:15:44 host kernel: `), journalctl, `dmesg -T` human
 * timestamps, Markdown code fences, `> ` mail quoting and mail-wrapped long lines. Each line keeps
 * where it came from so a finding can quote the report.
 *
 * Physical lines, quoting and fences come from extract/'s splitLines, transport prefixes from
 * extract/'s readLogLines (one line at a time). Crash parsing needs more than those give: every
 * line (stack frames of a log without timestamps are no log lines to readLogLines), and the
 * console prefix kept, because the printk caller id in it keeps interleaved tasks apart. So a
 * line whose transport replaced the kernel's timestamp gets it back (or a neutral
 * `[    0.000000] `), and it parses exactly like the raw console line.
 */
import { anyPattern } from '../any-pattern.js';
import { keepShape } from '../keep-shape.js';
import { findLineCounters } from '../find-line-counters.js';
import { findLogHostPrefixes, isJournalField, readLinePrefix } from '../read-log-lines.js';
import { charSet, includesAny, splitLines, type LineTable } from '../split-lines.js';

export interface ConsoleLine {
  /** The console line, external prefixes removed, cut at MAX_LINE characters. */
  text: string;
  /** 0-based index of the (first) physical line in the input. */
  line: number;
  /** Offsets [start, end) of the physical line(s) in the input. */
  start: number;
  end: number;
}

/** No printk line is longer than 1 KiB; longer input lines are junk and are cut before matching. */
export const MAX_LINE = 2048;

// What readLogLines does not know: dmesg -T in other locales ("[mer.  1 janv. 10:58:53 2025]")
// and a quote that cut the opening bracket of the first timestamp ("  363.495058] INFO: ...").
const LOCALE_HUMAN_TIME = /^\[[^\]\d]{0,24}\d{1,2}[^\]\d]{0,16}\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)? \d{4}\] ?/;
const CUT_TIME = /^ *(\d+\.\d{6}\] )/;
const DMESG_TIME = /^(?:\*\* \d+ printk messages dropped \*\* )?(?:<\d+>)?\[ *\d+\.\d+\]/;
const NEUTRAL_TIME = '[    0.000000] ';
const INDENTED_DMESG = /^\s*(?:\*\* \d+ printk messages dropped \*\* )?(?:<\d+>)?\[ *\d+\.\d+\]/;
const KERNEL_PREFIX = /\[ *\d+\.\d+\](?:\[ *[CT]\d+\])?/;
const VERBOSE_MESSAGE = /^\s+MESSAGE=/;
/** A verbose record's first line: its realtime stamp and cursor (`Mon 2024-01-15 20:15:44.664955 UTC [s=5b9f...;i=1a2b;...]`). */
const VERBOSE_RECORD_HEADER = /^\s*(?:[A-Z][a-z]{2} )?\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,9})? [\w/+-]{1,32} \[s=[0-9a-f]{32};/;
const MONOTONIC_JOURNAL = /^\s*\[ *\d+\.\d+\] [^\s:[\]]{1,255} kernel: /;

/**
 * The console lines of a text as one array (each line a value). The crash parser reads the same
 * lines through readConsoleLineTable, which keeps no object per line.
 *
 * @example
 * readConsoleLines('Jan 15 20:15:44 host kernel: BUG: x')[0]?.text // => '[    0.000000] BUG: x'
 */
export function readConsoleLines(text: string, physicalLines: LineTable = splitLines(text)): ConsoleLine[] {
  const table = readConsoleLineTable(physicalLines);
  return Array.from({ length: table.length }, (_, k) => table.at(k));
}

/**
 * The console lines of a text, read by index: most console lines are their physical line's text
 * (cut at MAX_LINE), so only the lines a step below changed keep a string of their own, and the
 * physical row each console line starts at is stored only once lines have been re-joined. A
 * million 2-byte lines cost no object each (issue 12).
 */
export class ConsoleLines implements Iterable<ConsoleLine> {
  readonly length: number;

  /**
   * @param physical the text's line table
   * @param firsts the physical row each console line starts at (null: console line k is row k)
   * @param texts the console lines whose text is not their row's text, by index
   */
  constructor(
    private readonly physical: LineTable,
    private readonly firsts: Int32Array | null,
    private readonly texts: ChangedTexts,
    length: number,
  ) {
    this.length = length;
  }

  /** The text the console lines were read from. */
  get physicalText(): string {
    return this.physical.text;
  }

  /** The console line's text (prefixes removed, re-joined, cut at MAX_LINE). */
  text(k: number): string {
    return this.texts.get(k) ?? this.physical.head(this.line(k), MAX_LINE);
  }

  /** Whether the console line's text holds a character of `set` (charSet), read in place when no step changed it. */
  includesAny(k: number, set: Uint8Array): boolean {
    const changed = this.texts.get(k);
    return changed === undefined ? this.physical.includesAny(this.line(k), set, MAX_LINE) : includesAny(changed, 0, changed.length, set);
  }

  /**
   * Whether the console line's text may match `cursor`'s regex (a global one whose matches hold no
   * line break): a changed text is tested, a row's own text looked up in the text's matches, found
   * one at a time as the rows are asked in order (no slice per row, no scan of the whole text
   * unless rows are asked that far).
   */
  mayMatch(k: number, cursor: MatchCursor): boolean {
    const changed = this.texts.get(k);
    if (changed !== undefined) {
      cursor.regex.lastIndex = 0;
      return cursor.regex.test(changed);
    }
    const row = this.line(k);
    return cursor.startsWithin(this.physical.start(row), this.physical.end(row));
  }

  /** Whether the console line's text is empty or whitespace only (`text(k).trim() === ''`), read in place when no step changed it. */
  isBlank(k: number): boolean {
    const changed = this.texts.get(k);
    return changed === undefined ? this.physical.isBlank(this.line(k), MAX_LINE) : changed.trim() === '';
  }

  /** The text when a step changed it from the row's own, else undefined. */
  changedText(k: number): string | undefined {
    return this.texts.get(k);
  }

  /** 0-based index of the (first) physical line. */
  line(k: number): number {
    return this.firsts === null ? k : this.firsts[k]!;
  }

  /** Offset of the first physical line's start. */
  start(k: number): number {
    return this.physical.start(this.line(k));
  }

  /** Offset just past the last physical line of this console line (re-joined lines run to the next console line's row). */
  end(k: number): number {
    const next = k + 1 < this.length ? this.line(k + 1) : this.physical.length;
    return this.physical.end(next - 1);
  }

  at(k: number): ConsoleLine {
    return { text: this.text(k), line: this.line(k), start: this.start(k), end: this.end(k) };
  }

  *[Symbol.iterator](): Iterator<ConsoleLine> {
    for (let k = 0; k < this.length; k++) yield this.at(k);
  }
}

/**
 * The matches of a global regex in a text, found lazily in text order: `startsWithin(from, to)`
 * asks whether a match starts in [from, to); asked with growing `from`, the text is scanned once.
 */
export class MatchCursor {
  /** Where the next match at or after the last `from` starts (Infinity: none), -1 before the first look. */
  private next = -1;
  private from = -1;

  constructor(
    private readonly text: string,
    readonly regex: RegExp,
  ) {}

  startsWithin(from: number, to: number): boolean {
    if (this.next !== Number.POSITIVE_INFINITY && (this.next < from || from < this.from)) {
      this.regex.lastIndex = from;
      const m = this.regex.exec(this.text);
      this.next = m === null ? Number.POSITIVE_INFINITY : m.index;
    }
    this.from = from;
    return this.next < to;
  }
}

const NONE = 0;
const CHANGED = 1;
const EMPTY = 2;

/**
 * The texts a step changed, by console line. A flag per line spares the others the map lookup:
 * every line's text is read several times (host prefixes, re-joins, oops headers, traces).
 */
class ChangedTexts {
  private readonly flags: Uint8Array;
  private readonly map = new Map<number, string>();

  constructor(capacity: number) {
    this.flags = new Uint8Array(capacity);
  }

  get(k: number): string | undefined {
    const flag = this.flags[k]!;
    return flag === NONE ? undefined : flag === EMPTY ? '' : this.map.get(k);
  }

  set(k: number, text: string): void {
    // An emptied line (a fence, a host prefix alone) needs no map entry.
    if (text === '') this.flags[k] = EMPTY;
    else {
      this.flags[k] = CHANGED;
      this.map.set(k, text);
    }
  }
}

/**
 * readConsoleLines as a ConsoleLines table: what the crash parser and the stack reader walk.
 *
 * @example
 * readConsoleLineTable(splitLines('Jan 15 20:15:44 host kernel: BUG: x')).text(0) // => '[    0.000000] BUG: x'
 */
export function readConsoleLineTable(
  physical: LineTable,
  counters: Uint8Array = findLineCounters(physical),
  hostPrefixes: Uint16Array = findLogHostPrefixes(physical),
): ConsoleLines {
  const hosts = new Map<string, number>();
  // `counters`: a counter the paste put before every line ("01818 RIP: ..."), found the way
  // readLogLines finds it (by its neighbours, which one line alone does not have): off before the
  // line is read, so the crash parser sees the same lines the log and stack readers see.
  const texts = new ChangedTexts(physical.length);
  let verboseJournal = false;
  for (let i = 0; i < physical.length; i++) {
    // A line without a mark any step reads is its own console line: nothing to slice or match.
    if (counters[i] === 0 && hostPrefixes[i] === 0 && !physical.isFence(i) && !physical.includesAny(i, CONSOLE_MARKS, Number.POSITIVE_INFINITY)) continue;
    // A host prefix the report repeats (findLogHostPrefixes) is off first: the relayed line is read as it was printed.
    let text = physical.isFence(i) ? '' : toConsoleText(withoutCounter(withoutHost(physical.content(i), hostPrefixes[i]!), counters[i]!), hosts);
    text = restampCounted(text, counters[i]!);
    verboseJournal ||= VERBOSE_MESSAGE.test(physical.content(i));
    // Only a text the steps changed is kept: the others are sliced from the input when read.
    if (text !== physical.head(i, MAX_LINE)) texts.set(i, text);
  }
  const lines = new ConsoleLines(physical, null, texts, physical.length);
  // The hosts learned from the report are off already; otherwise a dominant one may still be.
  if (!hostPrefixes.some((length) => length > 0)) stripHostPrefix(lines, texts, hosts);
  return rejoinDangling(rejoinMailWrapped(verboseJournal ? foldJournalRecords(lines, physical) : lines, physical), physical);
}

/**
 * What toConsoleText and the verbose-journal test need one of: a time's or a header's `:`, a
 * timestamp's brackets, `<N>`, `MESSAGE=`, a /dev/kmsg record's `;` (readLinePrefix's bare lines
 * are read as lines without a prefix, as are lines without these).
 */
const CONSOLE_MARKS = charSet(':[]<=;');

/** The line without its host prefix (`node-07: `); the indentation after it stays. */
function withoutHost(content: string, length: number): string {
  return length === 0 ? content : content.slice(length);
}

/** The counter and the one space after it: the frame indentation behind it stays. */
function withoutCounter(content: string, counter: number): string {
  if (counter === 0) return content;
  const cut = /^\s*\d+[ \t]/.exec(content)?.[0].length ?? counter;
  return content.slice(cut);
}

/**
 * The counter stands where the kernel's timestamp would: each counted line is one console line of
 * one capture. Those without a timestamp get the neutral one, for two reasons. A harness may keep
 * the timestamp on some lines and not others (`00412 [ 93.1] Oops: ...`, `00415 RIP: 0010:...`),
 * and the crash parser takes a line without the header's console prefix for another context and
 * leaves it out of the report. And a mail client wrapping the log leaves continuation lines
 * without a counter: with the stamp, the mail-wrap rule below re-joins them as it does for dmesg.
 */
function restampCounted(text: string, counter: number): string {
  return counter > 0 && text.trim() !== '' && !DMESG_TIME.test(text) ? NEUTRAL_TIME + text : text;
}

/**
 * A console server or pdsh puts the host before every line it relays, also before the lines that
 * carry no kernel timestamp (a trace's continuation, a memory leak's backtrace, a program's own
 * output). Once lines with the kernel's prefix have shown the host, it is taken off the others too.
 */
function stripHostPrefix(lines: ConsoleLines, texts: ChangedTexts, hosts: Map<string, number>): void {
  const known = [...hosts].filter(([, count]) => count >= MIN_HOST_LINES).map(([host]) => host);
  const prefixes = (known.length > 0 ? known : dominantHost(lines)).map((host) => [`${host}: `, `${host} | `]).flat();
  if (prefixes.length === 0) return;
  for (let k = 0; k < lines.length; k++) {
    const text = lines.text(k).trimStart();
    const prefix = prefixes.find((candidate) => text.startsWith(candidate));
    if (prefix) texts.set(k, text.slice(prefix.length));
  }
}

/** Lines with the kernel's prefix behind a host name before the host is stripped from other lines. */
const MIN_HOST_LINES = 2;
const HOST_PREFIX = /^\s*([A-Za-z0-9][\w.-]{0,62})(?::| \|) /;
const HOST_MARKS = charSet(':|');

/**
 * A log without kernel timestamps (a decoded report, a memory leak read from debugfs) relayed with a
 * host prefix: the same `host: ` before nearly every line (9 in 10, at least 5 lines) is one.
 */
function dominantHost(lines: ConsoleLines): string[] {
  // No step puts a `: ` or ` | ` into a line: a text without one has no host prefix to count.
  if (!lines.physicalText.includes(': ') && !lines.physicalText.includes(' | ')) return [];
  const counts = new Map<string, number>();
  let nonEmpty = 0;
  for (let k = 0; k < lines.length; k++) {
    if (lines.isBlank(k)) continue;
    nonEmpty++;
    // HOST_PREFIX needs ': ' or ' | ': most lines have neither and are not sliced.
    if (!lines.includesAny(k, HOST_MARKS)) continue;
    const text = lines.text(k);
    const host = text.includes(': ') || text.includes(' | ') ? HOST_PREFIX.exec(text)?.[1] : undefined;
    if (host) counts.set(host, (counts.get(host) ?? 0) + 1);
  }
  const [host, count] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  return nonEmpty >= 5 && count >= 0.9 * nonEmpty ? [host] : [];
}

function toConsoleText(physicalContent: string, hosts: Map<string, number>): string {
  const content = dmesgToConsole(physicalContent.length > MAX_LINE ? physicalContent.slice(0, MAX_LINE) : physicalContent);
  // Most lines of a pasted log are plain dmesg lines: no transport prefix to look up (but
  // journalctl -o short-monotonic starts like one: "[  8.41] host kernel: ").
  if (INDENTED_DMESG.test(content) && !MONOTONIC_JOURNAL.test(content)) return content.trimStart();
  // readLogLines skips empty and rate-limit messages, which still belong to a report: a probe word
  // after the content makes every line a message, and only its prefix is used. The line is read
  // alone, as readLogLines reads a one-line text (no counter, no re-joining).
  const log = readLinePrefix(content + PROBE);
  if (!log || log.kind === 'bare') {
    const cut = CUT_TIME.exec(content);
    if (cut) return `[${content.slice(cut[0].length - cut[1]!.length)}`;
    const human = LOCALE_HUMAN_TIME.exec(content);
    return human ? NEUTRAL_TIME + content.slice(human[0].length) : content;
  }
  // dmesg and serial console lines carry the kernel's own prefix: keep it (indentation off).
  if ((log.kind === 'dmesg' || log.kind === 'console') && log.host === null) return content.trimStart();
  if (log.kind === 'console' && log.host !== null) hosts.set(log.host, (hosts.get(log.host) ?? 0) + 1);
  const prefixLength = Math.min(content.length, log.length);
  const message = content.slice(prefixLength);
  // The kernel's own prefix as printed (padding and caller id included), else a neutral one.
  const kernelPrefix = KERNEL_PREFIX.exec(content.slice(0, prefixLength));
  return `${kernelPrefix ? kernelPrefix[0] : NEUTRAL_TIME.trimEnd()} ${message}`;
}

const PROBE = ' ktriage';

/**
 * Forms of the kernel's own prefix that only the dmesg tool prints, turned into the console form:
 * `dmesg -x` facility/level (`kern  :err   : [ 12.3] ...`), the caller id after a space
 * (`[ 12.3] [ T77] ...`, the console has no space) and raw /dev/kmsg records
 * (`4,1234,12345678,-,caller=T77;...`).
 */
function dmesgToConsole(content: string): string {
  let line = content;
  const decoded = DMESG_DECODE.exec(line);
  if (decoded) line = line.slice(decoded[0].length);
  const caller = SPACED_CALLER.exec(line);
  if (caller) return `${caller[1]}${caller[2]}${line.slice(caller[0].length)}`;
  const kmsg = KMSG_RECORD.exec(line);
  if (kmsg) {
    const micros = kmsg[1]!.padStart(7, '0');
    const seconds = `${micros.slice(0, -6)}.${micros.slice(-6)}`.padStart(12, ' ');
    return `[${seconds}]${kmsg[2] ? `[${kmsg[2]}]` : ''} ${line.slice(kmsg[0].length)}`;
  }
  return line;
}

const DMESG_DECODE = /^ *(?:kern|user|mail|daemon|auth|syslog|lpr|news|local\d) *:(?:emerg|alert|crit|err|warn|notice|info|debug) *: /;
const SPACED_CALLER = /^(\s*(?:<\d+>)?\[ *\d+\.\d+\]) (\[ *[CT]\d+\])/;
const KMSG_RECORD = /^\d{1,3},\d+,(\d+),[^;,]*(?:,caller=([CT]\d+))?[^;]*;/;

/**
 * `journalctl -o verbose` prints a record per message: a header (realtime stamp and cursor), then
 * the fields, the message in MESSAGE=. The header and the other fields are no console lines: each
 * is folded into the console line before it (its text unchanged), so the messages of a trace stay
 * adjacent as the kernel printed them, and a field is never taken for a wrapped line's tail.
 */
function foldJournalRecords(lines: ConsoleLines, physical: LineTable): ConsoleLines {
  const joined = new Joined(lines);
  for (let k = 0; k < lines.length; k++) {
    const content = physical.content(lines.line(k));
    const isRecordLine = VERBOSE_RECORD_HEADER.test(content) || (isJournalField(content) && !VERBOSE_MESSAGE.test(content));
    const last = joined.lastText();
    if (isRecordLine && last !== null) joined.extend(last);
    else joined.push(k);
  }
  return joined.done(physical);
}

/** DMESG_TIME needs one. */
const BRACKET = charSet('[');

/** A mail client wraps at 72-80 columns; a log holding longer lines was not wrapped. */
const WRAP_WIDTH = 80;
/** A continuation's first word did not fit on the line before: the wrap broke there. */
const MIN_WRAP_WIDTH = 70;

function firstWordLength(line: string): number {
  const trimmed = line.trimStart();
  const space = trimmed.indexOf(' ');
  return space === -1 ? trimmed.length : space;
}

/**
 * Mail-wrapped logs: no breakable line is longer than WRAP_WIDTH, and continuation lines lack the
 * console timestamp their first half carries. Continuations are joined back (with the space the
 * wrap ate). A raw console log always has breakable lines longer than that, so it is left alone.
 */
function rejoinMailWrapped(lines: ConsoleLines, physical: LineTable): ConsoleLines {
  let stamped = 0;
  let continuations = 0;
  let long = 0;
  // Whether the line before is stamped: only a line after a stamped one can continue it
  // (isContinuation), and a line without a `[` is not stamped: most lines are not sliced.
  let previousStamped = false;
  for (let k = 0; k < lines.length && long === 0; k++) {
    const text = lines.includesAny(k, BRACKET) ? lines.text(k) : null;
    // A mail client breaks every line it can; only a line without a space to break at (a hex
    // string, a long path) stays longer than the wrap width.
    // Prose around the log may be unwrapped; only log lines tell whether the log was wrapped.
    const isStamped = text !== null && DMESG_TIME.test(text);
    if (isStamped && lines.end(k) - lines.start(k) > WRAP_WIDTH + 4 && text.lastIndexOf(' ', WRAP_WIDTH) > 0) long++;
    if (isStamped) stamped++;
    else if (k > 0 && previousStamped && !lines.isBlank(k)) continuations++;
    previousStamped = isStamped;
  }
  if (stamped < 1 || continuations === 0 || long > 0) return lines;
  const joined = new Joined(lines);
  let openLength = 0;
  for (let k = 0; k < lines.length; k++) {
    const text = lines.text(k);
    const length = lines.end(k) - lines.start(k);
    const last = joined.lastText();
    if (last !== null && openLength + 1 + firstWordLength(text) > MIN_WRAP_WIDTH && isContinuation(last, text)) {
      const glue = last.endsWith('=') ? '' : ' ';
      const head = glue === '' ? last.slice(0, -1) : last.replace(/\s+$/, '');
      joined.extend((head + glue + text.replace(/^\s+/, '')).slice(0, MAX_LINE));
    } else joined.push(k);
    openLength = length;
  }
  return joined.done(physical);
}

/**
 * Console lines being re-joined: each output line is a run of input lines (none is dropped), so
 * the output stores the row each run starts at and the texts that differ from their row's.
 */
class Joined {
  private readonly firsts: Int32Array;
  private readonly texts: ChangedTexts;
  private count = 0;
  private last: string | null = null;

  constructor(private readonly input: ConsoleLines) {
    this.firsts = new Int32Array(input.length);
    this.texts = new ChangedTexts(input.length);
  }

  /** The text of the last output line, null before the first. */
  lastText(): string | null {
    return this.last;
  }

  /** Input line k starts an output line. */
  push(k: number): void {
    this.firsts[this.count] = this.input.line(k);
    const changed = this.input.changedText(k);
    if (changed !== undefined) this.texts.set(this.count, changed);
    this.count++;
    this.last = this.input.text(k);
  }

  /** The input line read joins the last output line, whose text becomes `text`. */
  extend(text: string): void {
    this.texts.set(this.count - 1, text);
    this.last = text;
  }

  done(physical: LineTable): ConsoleLines {
    return new ConsoleLines(physical, this.firsts.subarray(0, this.count), this.texts, this.count);
  }
}

// One of each per-report class lives as long as the process, so that a full collection between
// reports does not take their maps and the crash reader's optimised code with them (keep-shape.ts).
keepShape(new Joined(keepShape(new ConsoleLines(splitLines(''), null, keepShape(new ChangedTexts(0)), 0))));
keepShape(new MatchCursor('', /$/g));

function isContinuation(previous: string, current: string): boolean {
  return current.trim() !== '' && previous.trim() !== '' && !DMESG_TIME.test(current) && DMESG_TIME.test(previous);
}

/**
 * Without timestamps a wrapped continuation cannot be told from a new line in general, but some
 * breaks are certain: the kernel never ends a line with these, nor starts one with a bare source
 * location or frame offset. Only these are joined, so an unwrapped log is never changed.
 */
const DROPPED_MESSAGES = /^\*\* \d+ printk messages dropped \*\*/;
// `WARNING: CPU: 1 PID: 6576 at fs/overlayfs/dir.c:212 ovl_create_real+0x272/0x520` always names the
// function after the source location: ending right after it, the line was cut there.
const DANGLING_ENDS = [/, at:$/, / at$/, / in$/, / from$/, /^WARNING: CPU: \d+ PID: \d+ at \S+:\d+$/];
const CONTINUATION_STARTS = [/^[a-zA-Z0-9_\-/.]+\.[ch]:\d+/, /^\+0x[0-9a-f]+\/0x[0-9a-f]+/, /^\[inline\]/];

const ANY_DANGLING_END = anyPattern(DANGLING_ENDS);
/** Every DANGLING_ENDS row holds a space; every CONTINUATION_STARTS row one of these. */
const SPACE = charSet(' ');
const CONTINUATION_MARKS = charSet(':+[');
const ANY_CONTINUATION_START = anyPattern(CONTINUATION_STARTS);

function rejoinDangling(lines: ConsoleLines, physical: LineTable): ConsoleLines {
  // Nothing to join in most texts: the lines are kept as they are until the first join.
  // A dangling end needs a space on the line before, a continuation start one of its marks: lines
  // with neither are not sliced.
  let found = false;
  for (let k = 1; k < lines.length && !found; k++) {
    if (!lines.includesAny(k - 1, SPACE) && !lines.includesAny(k, CONTINUATION_MARKS)) continue;
    found = danglesOnto(lines.text(k - 1), lines.text(k));
  }
  if (!found) return lines;
  const joined = new Joined(lines);
  for (let j = 0; j < lines.length; j++) {
    const text = lines.text(j);
    const last = joined.lastText();
    if (last !== null && danglesOnto(last, text)) joined.extend((last + (text.startsWith('+') ? '' : ' ') + text).slice(0, MAX_LINE));
    else joined.push(j);
  }
  return joined.done(physical);
}

/** Whitespace first (a regex literal in the function below would be a new object per line). */
const LEADING_SPACE = /^\s/;

/** Whether console line `text` is the cut-off rest of `previous`. */
function danglesOnto(previous: string, text: string): boolean {
  return (
    text !== '' &&
    !LEADING_SPACE.test(text) &&
    !DMESG_TIME.test(text) &&
    !DROPPED_MESSAGES.test(text) &&
    previous.trim() !== '' &&
    (ANY_DANGLING_END.test(previous) || ANY_CONTINUATION_START.test(text))
  );
}
