/**
 * The kernel console lines of a report, whatever way they reached the reporter: raw serial console
 * or dmesg output, syslog (`Jan 15 20:15:44 host kernel: `), journalctl, `dmesg -T` human
 * timestamps, Markdown code fences, `> ` mail quoting and mail-wrapped long lines. Each line keeps
 * where it came from so a finding can quote the report.
 *
 * External prefixes are removed; a dmesg timestamp is kept (it carries the printk caller id the
 * report boundaries rely on), and a line whose timestamp the transport replaced gets a neutral
 * `[    0.000000] ` so it parses exactly like the raw console line.
 *
 * Kept minimal and private to crash/: the shared line reader of extract/ replaces it once landed.
 */
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

const QUOTE = /^(?:[ \t]*>[ \t]?)+/;
const FENCE = /^[ \t]*(?:```|~~~)/;
const SYSLOG =
  /^(?:[A-Z][a-z]{2} +\d{1,2} \d{2}:\d{2}:\d{2}|\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?) +\S+ kernel: ?/;
const JOURNAL_KERNEL = /^kernel: ?/;
// dmesg -T in any locale: "[Mon Jan 15 20:15:44 2024]", "[mer.  1 janv. 10:58:53 2025]".
const HUMAN_TIME = /^\[[^\]\d]{0,24}\d{1,2}[^\]\d]{0,16}\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)? \d{4}\] ?/;
const CUT_TIME = /^ *(\d+\.\d{6}\] )/;
// A pasted log indented as a Markdown code block or by a mail client.
const INDENTED_TIME = /^[ \t]+(?=(?:<\d+>)?\[ *\d+\.\d+\])/;
const DMESG_TIME = /^(?:\*\* \d+ printk messages dropped \*\* )?(?:<\d+>)?\[ *\d+\.\d+\]/;
const NEUTRAL_TIME = '[    0.000000] ';

/**
 * @example
 * readConsoleLines('Jan 15 20:15:44 host kernel: BUG: x')[0]?.text // => '[    0.000000] BUG: x'
 */
export function readConsoleLines(text: string): ConsoleLine[] {
  const lines: ConsoleLine[] = [];
  let start = 0;
  let index = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const contentEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    const raw = text.slice(start, Math.min(contentEnd, start + MAX_LINE));
    lines.push({ text: stripTransport(raw), line: index, start, end: contentEnd });
    index++;
    start = end + 1;
    if (end === text.length) break;
  }
  return rejoinDangling(rejoinMailWrapped(lines));
}

function stripTransport(raw: string): string {
  let line = raw;
  const quote = QUOTE.exec(line);
  if (quote) line = line.slice(quote[0].length);
  if (FENCE.test(line)) return '';
  const indent = INDENTED_TIME.exec(line);
  if (indent) return line.slice(indent[0].length);
  // A quote that cut the opening bracket of the first timestamp: "  363.495058] INFO: ...".
  const cut = CUT_TIME.exec(line);
  if (cut) return `[${line.slice(cut[0].length - cut[1]!.length)}`;
  const prefix = SYSLOG.exec(line) ?? HUMAN_TIME.exec(line) ?? JOURNAL_KERNEL.exec(line);
  if (!prefix) return line;
  line = line.slice(prefix[0].length);
  return DMESG_TIME.test(line) ? line : NEUTRAL_TIME + line;
}

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
function rejoinMailWrapped(lines: ConsoleLine[]): ConsoleLine[] {
  let stamped = 0;
  let continuations = 0;
  let long = 0;
  for (let i = 0; i < lines.length; i++) {
    const current = lines[i]!;
    // A mail client breaks every line it can; only a line without a space to break at (a hex
    // string, a long path) stays longer than the wrap width.
    // Prose around the log may be unwrapped; only log lines tell whether the log was wrapped.
    const isStamped = DMESG_TIME.test(current.text);
    if (isStamped && current.end - current.start > WRAP_WIDTH + 4 && current.text.lastIndexOf(' ', WRAP_WIDTH) > 0) long++;
    if (isStamped) stamped++;
    else if (i > 0 && isContinuation(lines[i - 1]!, current)) continuations++;
  }
  if (stamped < 1 || continuations === 0 || long > 0) return lines;
  const joined: ConsoleLine[] = [];
  let openLength = 0;
  for (const current of lines) {
    const previous = joined[joined.length - 1];
    if (previous && openLength + 1 + firstWordLength(current.text) > MIN_WRAP_WIDTH && isContinuation(previous, current)) {
      const glue = previous.text.endsWith('=') ? '' : ' ';
      const head = glue === '' ? previous.text.slice(0, -1) : previous.text.replace(/\s+$/, '');
      previous.text = (head + glue + current.text.replace(/^\s+/, '')).slice(0, MAX_LINE);
      previous.end = current.end;
      openLength = current.end - current.start;
      continue;
    }
    joined.push({ ...current });
    openLength = current.end - current.start;
  }
  return joined;
}

function isContinuation(previous: ConsoleLine, current: ConsoleLine): boolean {
  return current.text.trim() !== '' && previous.text.trim() !== '' && !DMESG_TIME.test(current.text) && DMESG_TIME.test(previous.text);
}

/**
 * Without timestamps a wrapped continuation cannot be told from a new line in general, but some
 * breaks are certain: the kernel never ends a line with these, nor starts one with a bare source
 * location or frame offset. Only these are joined, so an unwrapped log is never changed.
 */
const DROPPED_MESSAGES = /^\*\* \d+ printk messages dropped \*\*/;
const DANGLING_ENDS = [/, at:$/, / at$/, / in$/, / from$/];
const CONTINUATION_STARTS = [/^[a-zA-Z0-9_\-/.]+\.[ch]:\d+/, /^\+0x[0-9a-f]+\/0x[0-9a-f]+/, /^\[inline\]/];

function rejoinDangling(lines: ConsoleLine[]): ConsoleLine[] {
  const joined: ConsoleLine[] = [];
  for (const current of lines) {
    const previous = joined[joined.length - 1];
    const text = current.text;
    if (
      previous &&
      text !== '' &&
      !/^\s/.test(text) &&
      !DMESG_TIME.test(text) &&
      !DROPPED_MESSAGES.test(text) &&
      previous.text.trim() !== '' &&
      (DANGLING_ENDS.some((re) => re.test(previous.text)) || CONTINUATION_STARTS.some((re) => re.test(text)))
    ) {
      previous.text = (previous.text + (text.startsWith('+') ? '' : ' ') + text).slice(0, MAX_LINE);
      previous.end = current.end;
      continue;
    }
    joined.push(current);
  }
  return joined;
}
