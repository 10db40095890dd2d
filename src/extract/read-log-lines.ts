import { findHostPrefixes, type HostPrefixReader } from './find-host-prefixes.js';
import { findLineCounters } from './find-line-counters.js';
import { findSubsystem, isDeviceLine, isNoise, isOopsLine, isUserspaceMessage } from './kernel-message-table.js';
import { charSet, includesAny, MAX_SCAN, splitLines, type LineTable } from './split-lines.js';

/** How the line was prefixed when the reporter pasted it. */
export type LogPrefixKind = 'bare' | 'console' | 'dmesg' | 'human' | 'journal' | 'syslog';

/**
 * One kernel log message found in a text, its prefixes (syslog/journal header, timestamp, printk
 * caller id, loglevel) removed and a line that a mail client or Bugzilla wrapped re-joined.
 */
export interface LogLine {
  /** The kernel's message: prefixes removed, wrapped continuation lines re-joined, trimmed. */
  message: string;
  /** 0-based line number of the (first) physical line. */
  line: number;
  /** 0-based line number of the last physical line (> line when re-joined). */
  lastLine: number;
  /** Offset of the first physical line's content (after `>` quote markers) in the text. */
  start: number;
  /** Offset just past the last physical line's content. */
  end: number;
  /** Offset where the message starts (after the prefixes) in the text. */
  messageStart: number;
  /**
   * The line as quoted in evidence: `text.slice(start, end)` for a single physical line; for a
   * re-joined line, the physical lines' contents joined the way the message was (no newlines).
   */
  quote: string;
  /** `>` quote depth (0 = the author's own paste); quoted lines repeat earlier ones. */
  quoteDepth: number;
  /** Inside a Markdown code fence. */
  inFence: boolean;
  /** Seconds since boot (`[101754.726823]`), or null when the line has no monotonic timestamp. */
  timestamp: number | null;
  /** printk caller id (`T1234` task, `C1` CPU) when CONFIG_PRINTK_CALLER printed one. */
  callerId: string | null;
  /** syslog/journal host name, when the line has one. */
  host: string | null;
  kind: LogPrefixKind;
}

/**
 * Find every kernel log line in a text: dmesg (`[101754.726823] msg`), syslog and journalctl
 * (`Jan 15 20:15:44 host kernel: [...] msg`, ISO and monotonic journal forms), `dmesg -T` human
 * timestamps, serial console (`<4>[  12.3] msg`), printk caller ids (`[T1234]`, `[C1]`), a counter the
 * paste put before every line (`01818 [  12.3] msg`, see find-line-counters.ts), and bare
 * messages that start with a known subsystem prefix (`EXT4-fs error (device sda1): ...`) or are
 * oops lines of a decoded trace (`RIP: 0010:f+0x1/0x2`, `assertion failed: ...`); see `kind`.
 *
 * Lines wrapped by a mail client or Bugzilla are re-joined (`...failed: erro` + `r = -22`);
 * rate-limit noise (`N callbacks suppressed`) is dropped. Quoted lines are returned with their
 * `quoteDepth` so callers can skip repeats. Linear time; never throws.
 *
 * @example
 * readLogLines('Jan 15 20:15:44 zarniwoop kernel: [101754.735191] device-mapper: thin: 253:6: switching pool to read-only mode')[0]
 * // => { message: 'device-mapper: thin: 253:6: switching pool to read-only mode', timestamp: 101754.735191, host: 'zarniwoop', kind: 'syslog', line: 0, ... }
 */
export function readLogLines(
  text: string,
  lines: LineTable = splitLines(text),
  counters: Uint8Array = findLineCounters(lines),
  hosts: Uint16Array = findLogHostPrefixes(lines),
): LogLine[] {
  const found: LogLine[] = [];
  // A counter the paste put before every line ("01818 RIP: ...") is looked past like a timestamp
  // (`counters`: findLineCounters of these lines, passed by a caller that needs them too).
  // Each line's prefix is read once: the continuation check looks one line ahead, so the last
  // line read is remembered (one slot, not a map: nothing is allocated per line).
  let lastIndex = -1;
  let lastHead: Prefix | null = null;
  // A host prefix learned from the report (`hosts`: findLogHostPrefixes) is looked past the same
  // way, before the counter; the line then reads as the relayed console line it carries.
  const headOf = (index: number): Prefix | null => {
    if (index !== lastIndex) {
      const counter = counters[index]!;
      const host = hosts[index]!;
      lastHead = readPrefixAt(text, lines.contentStart(index) + host + counter, lines.end(index));
      if (lastHead && counter + host > 0) lastHead.length += counter + host;
      if (lastHead && host > 0) withHost(lastHead, lines.head(index, host));
      lastIndex = index;
    }
    return lastHead;
  };
  for (let i = 0; i < lines.length; i++) {
    const head = headOf(i);
    if (!head) continue;
    const contentStart = lines.contentStart(i);
    const messageStart = contentStart + head.length;
    let message = text.slice(Math.min(messageStart, lines.end(i)), lines.end(i));
    const trimmed = message.trim();
    // dmsetup/lvm2/mdadm output in the kernel's words is not a kernel message (kernel-message-table.ts).
    if (trimmed === '' || isNoise(trimmed) || isUserspaceMessage(trimmed)) continue;
    let quote: string | null = null;
    let last = i;
    // Re-join wrapped continuation lines.
    for (let k = 1; k <= MAX_CONTINUATIONS && i + k < lines.length; k++) {
      const next = i + k;
      // A line with its own counter is a line of its own, never the tail of the one above.
      if (counters[next]! > 0 || !isContinuation(lines, last, next, hosts, () => headOf(next) !== null)) break;
      const separator = joinSeparator(lines, last, next, hosts);
      const tail = lines.content(next).slice(hosts[next]).trim();
      quote ??= lines.content(i);
      message += separator + tail;
      quote += separator + tail;
      last = next;
    }
    found.push({
      message: last === i ? trimmed : message.trim(),
      line: i,
      lastLine: last,
      start: contentStart,
      end: last === i ? lines.end(i) : lines.contentStart(last) + lines.content(last).trimEnd().length,
      messageStart,
      quote: quote ?? text.slice(contentStart, lines.end(i)),
      quoteDepth: lines.quoteDepth(i),
      inFence: lines.inFence(i),
      timestamp: head.timestamp,
      callerId: head.callerId,
      host: head.host,
      kind: head.kind,
    });
    i = last;
  }
  return found;
}

/**
 * The transport prefix of one line read alone (no neighbours: no line counter, no re-joining), as
 * readLogLines would read a text of that one line: null when the line is no kernel log line or its
 * message is rate-limit noise or a userspace tool's. For readers that walk every line themselves
 * (read-console-lines.ts) without building a text and a line table per line.
 *
 * @example
 * readLinePrefix('Jan 15 20:15:44 host kernel: md: x') // => { length: 29, kind: 'syslog', host: 'host', ... }
 */
export function readLinePrefix(content: string): Prefix | null {
  const head = readPrefix(content);
  if (!head) return null;
  const message = content.slice(head.length).trim();
  return message === '' || isNoise(message) || isUserspaceMessage(message) ? null : head;
}

/**
 * The host prefixes a text's lines carry (findHostPrefixes), read with this file's header table:
 * what readLogLines and the crash parser's line reader look past.
 *
 * @example
 * findLogHostPrefixes(splitLines('node-07: BUG: KASAN: use-after-free in f\nnode-07: Read of size 8')) // => Uint16Array [9, 9]
 */
export function findLogHostPrefixes(lines: LineTable): Uint16Array {
  return findHostPrefixes(lines, HOST_PREFIX_READER);
}

const HOST_PREFIX_READER: HostPrefixReader = {
  whole: (content) => {
    const head = readPrefix(content);
    if (!head) return null;
    return head.kind === 'console' && head.host !== null ? 'host' : 'own';
  },
  rest: (rest) => {
    const head = readLinePrefix(rest);
    return head ? { timestamped: head.timestamp !== null && (head.kind === 'dmesg' || head.kind === 'console') } : null;
  },
};

/** The host a learned prefix named (`node-07: ` -> node-07); a relayed kernel timestamp reads as the serial console row would read it. */
function withHost(head: Prefix, prefix: string): void {
  head.host = prefix.trim().replace(/\s*(?::|\|)$/, '');
  if (head.kind === 'dmesg' && head.timestamp !== null) head.kind = 'console';
}

export interface Prefix {
  length: number;
  kind: LogPrefixKind;
  timestamp: number | null;
  callerId: string | null;
  host: string | null;
}

const MAX_CONTINUATIONS = 3;

/**
 * Each row: a header that may stand before the kernel message, and `lead`, the characters it can
 * start with (after spaces), so a line is tried against the few rows its first character allows.
 */
const HEADERS: ReadonlyArray<{ lead: RegExp; pattern: RegExp; kind: LogPrefixKind }> = [
  // syslog / journalctl short and short-precise: "Jan 15 20:15:44 zarniwoop kernel: "
  { lead: /[<A-Z]/, pattern: /^\s*(?:<\d{1,3}>)?[A-Z][a-z]{2} {1,2}\d{1,2} \d\d:\d\d:\d\d(?:\.\d{1,9})? (?<host>[^\s:]{1,255}) kernel(?:\[\d{1,10}\])?: ?/, kind: 'syslog' },
  // journalctl -o short-iso(-precise) and rsyslog's RFC 3339 timestamps
  { lead: /\d/, pattern: /^\s*\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)? (?<host>[^\s:]{1,255}) kernel(?:\[\d{1,10}\])?: ?/, kind: 'journal' },
  // journalctl -o short-monotonic: "[  123.456789] host kernel: "
  { lead: /\[/, pattern: /^\s*\[ {0,12}(?<ts>\d{1,10}\.\d{1,9})\] (?<host>[^\s:[\]]{1,255}) kernel: ?/, kind: 'journal' },
  // metalog and syslog-ng's default template: "Mar 03 09:12:01 [kernel] " (no host)
  { lead: /[A-Z]/, pattern: /^\s*[A-Z][a-z]{2} {1,2}\d{1,2} \d\d:\d\d:\d\d(?:\.\d{1,9})? \[kernel\] ?/, kind: 'syslog' },
  // busybox syslogd and OpenWrt's logread print facility.level before the tag:
  // "Mar  3 09:12:01 host kern.err kernel: ", "Mon Mar  3 09:12:01 2025 kern.err kernel: "
  {
    lead: /[A-Z]/, pattern: /^\s*(?:[A-Z][a-z]{2} )?[A-Z][a-z]{2} {1,2}\d{1,2} \d\d:\d\d:\d\d(?: \d{4})?(?: (?<host>[^\s:]{1,255}))? kern\.(?:emerg|alert|crit|err|warn|warning|notice|info|debug) kernel(?:\[\d{1,10}\])?: ?/,
    kind: 'syslog',
  },
  // RFC 5424: "<3>1 2024-01-15T20:15:44.123456+00:00 host kernel - - - " (PROCID, MSGID, structured data)
  { lead: /</, pattern: /^\s*<\d{1,3}>1 \S{1,64} (?<host>[^\s:]{1,255}) kernel (?:-|\d{1,10}) \S{1,32} (?:-|(?:\[[^\]]{0,512}\]){1,8}) ?/, kind: 'journal' },
  // journalctl -k -o cat with the identifier kept, or a bare syslog tag
  { lead: /k/, pattern: /^\s*kernel: /, kind: 'journal' },
  // journalctl -o verbose: the message is the MESSAGE= field of a record (other fields are skipped);
  // the field holds the message as the kernel printed it, so its own console prefix is read too
  { lead: /M/, pattern: /^\s+MESSAGE=(?:\s*(?:<\d{1,3}>)?(?=\[ {0,12}\d{1,10}\.\d{1,9}\]))?/, kind: 'journal' },
  // dmesg -x: facility and level before the kernel's prefix ("kern  :err   : [ 8.41] ")
  { lead: /[a-z]/, pattern: /^\s*(?:kern|user|mail|daemon|auth|syslog|lpr|news|local\d) *:(?:emerg|alert|crit|err|warn|notice|info|debug) *: /, kind: 'dmesg' },
  // dmesg -T: "[Mon Jan 15 20:15:44 2024] ", and in the reporter's locale: "[mer.  1 janv. 10:58:53 2025] "
  { lead: /\[/, pattern: /^\s*\[(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} {1,2}\d{1,2} \d\d:\d\d:\d\d \d{4}\] ?/, kind: 'human' },
  { lead: /\[/, pattern: /^\s*\[\p{L}{2,9}\.? {1,2}(?:\d{1,2}\.? {1,2}\p{L}{2,9}\.?|\p{L}{2,9}\.? {1,2}\d{1,2}\.?) \d\d:\d\d:\d\d \d{4}\] ?/u, kind: 'human' },
  // dmesg --time-format=iso: "2024-01-15T20:15:44,123456+01:00 "
  { lead: /\d/, pattern: /^\s*\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d,\d{6}[+-]\d\d:\d\d ?/, kind: 'human' },
  // serial console with the loglevel kept: "<4>[   12.345678] "
  { lead: /</, pattern: /^\s*<\d{1,3}>\[ {0,12}(?<ts>\d{1,10}\.\d{1,9})\] ?/, kind: 'console' },
  // dmesg: "[101754.726823] "
  { lead: /\[/, pattern: /^\s*\[ {0,12}(?<ts>\d{1,10}\.\d{1,9})\] ?/, kind: 'dmesg' },
  // dmesg --reltime / -d deltas: "[  +2.697798] " (a delta, not a time since boot)
  { lead: /\[/, pattern: /^\s*\[ {0,12}\+\d{1,10}\.\d{1,9}\] ?/, kind: 'dmesg' },
  // a console server, pdsh or a lab's serial logger naming the host before the kernel's own prefix:
  // "node-07: [   12.3] ", "node-07 | <4>[   12.3] " (only with that prefix after it: any word and a
  // colon would do otherwise)
  { lead: /[A-Za-z0-9]/, pattern: /^\s*(?<host>[A-Za-z0-9][\w.-]{0,62})(?::| \|) (?:<\d{1,3}>)?(?=\[ {0,12}\d{1,10}\.\d{1,9}\])/, kind: 'console' },
];

/**
 * A bare message (no timestamp) must also look like one: a `:`, `(` or `[` within its first words
 * ("EXT4-fs error (device sda1): ...", "md/raid1:md0: ..."), so prose that starts with a subsystem
 * name ("dm-integrity checksum failures under md raid6") is not taken for a log line.
 */
const BARE_SHAPE = /^\S{1,60}(?: \S{1,60}){0,2}? ?[:([]/;

/** Where BARE_SHAPE's `:`, `(` or `[` can stand at the latest: three words of 60 characters, two spaces and one more. */
const BARE_MARK_REACH = 60 * 3 + 2 + 1 + 1;

/**
 * Whether a BARE_SHAPE mark is within its reach: a line without one (a version list, words) is
 * passed over on a character scan, not on the regex, whose lazy words backtrack on every line.
 */
function hasBareMark(trimmed: string): boolean {
  const reach = Math.min(trimmed.length, BARE_MARK_REACH);
  for (let i = 0; i < reach; i++) {
    const c = trimmed.charCodeAt(i);
    if (c === 58 || c === 40 || c === 91) return true;
  }
  return false;
}

/** After a syslog/journal header, the dmesg timestamp may follow. */
const TIMESTAMP = /^\[ {0,12}(?<ts>\d{1,10}\.\d{1,9})\] ?/;
/** printk caller id, after the timestamp: "[ T1234] " or, run together, "][T1234]". */
const CALLER = /^\[ {0,6}(?<id>[TC]\d{1,10})\] ?/;

/** Every header starts with one of these (after spaces): frame, register and hex-dump lines that start with punctuation are rejected on one character. */
const HEADER_START = /^\s*([[<A-Za-z0-9])/;

/**
 * The rows a line can match by its first character after spaces (HEADER_START), in table order,
 * indexed by that character's code; every header starts with an ASCII character. Read for every
 * line of every text: an array lookup, no match object.
 */
const HEADERS_BY_LEAD: ReadonlyArray<typeof HEADERS> = Array.from({ length: 128 }, (_, code) => {
  const lead = String.fromCharCode(code);
  return HEADER_START.test(lead) ? HEADERS.filter((row) => row.lead.test(lead)) : [];
});

/** The first character after leading whitespace (as `\s` counts it), or -1. */
function leadCode(scan: string): number {
  for (let i = 0; i < scan.length; i++) {
    const c = scan.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) continue;
    // Other whitespace (no-break and Unicode spaces) is rare: the regex decides.
    if (c > 127) return WHITESPACE.test(scan[i]!) ? leadCodeSlow(scan) : -1;
    return c;
  }
  return -1;
}

const WHITESPACE = /\s/;

function leadCodeSlow(scan: string): number {
  const lead = HEADER_START.exec(scan)?.[1];
  return lead === undefined ? -1 : lead.charCodeAt(0);
}

function readPrefix(content: string): Prefix | null {
  return readPrefixAt(content, 0, content.length);
}

/**
 * Every HEADERS row needs one of these (a time's `:`, a timestamp's `[`, `<N>`, `MESSAGE=`), and so
 * do BARE_SHAPE (hasBareMark) and every DEVICE_LINE_STARTS row: a line without any is at most an
 * oops line that names itself without one (`kernel BUG at`, `general protection fault`).
 */
const PREFIX_MARKS = charSet(':[<=(');

/** readPrefix of `text.slice(from, end)`. */
function readPrefixAt(text: string, from: number, end: number): Prefix | null {
  const limit = Math.min(end, from + MAX_SCAN);
  // Most lines of prose, lists and junk carry no mark: one character scan and one anchored regex.
  if (!includesAny(text, from, limit, PREFIX_MARKS)) return readMarklessPrefix(text.slice(from, limit));
  const scan = text.slice(from, limit);
  const lead = leadCode(scan);
  for (const { pattern, kind } of lead === -1 ? [] : HEADERS_BY_LEAD[lead]!) {
    const m = pattern.exec(scan);
    if (!m) continue;
    let length = m[0].length;
    let timestamp = m.groups?.ts ? Number(m.groups.ts) : null;
    if (timestamp === null) {
      const ts = TIMESTAMP.exec(scan.slice(length));
      if (ts) {
        timestamp = Number(ts.groups!.ts);
        length += ts[0].length;
      }
    }
    let callerId: string | null = null;
    const caller = CALLER.exec(scan.slice(length));
    if (caller) {
      callerId = caller.groups!.id!;
      length += caller[0].length;
    }
    return { length, kind, timestamp, callerId, host: m.groups?.host ?? null };
  }
  // A bare message: only when it starts with a subsystem the kernel is known to print, names itself
  // (an oops or lockdep line), or is a driver's message about a device by its bus address.
  const trimmed = scan.trimStart();
  if (trimmed.length > 0 && ((hasBareMark(trimmed) && BARE_SHAPE.test(trimmed) && findSubsystem(trimmed)) || isOopsLine(trimmed) || isDeviceLine(trimmed))) {
    return { length: scan.length - trimmed.length, kind: 'bare', timestamp: null, callerId: null, host: null };
  }
  return null;
}

/** readPrefixAt's verdict on a line without PREFIX_MARKS: only a self-naming oops line is one. */
function readMarklessPrefix(scan: string): Prefix | null {
  const trimmed = scan.trimStart();
  return trimmed.length > 0 && isOopsLine(trimmed) ? { length: scan.length - trimmed.length, kind: 'bare', timestamp: null, callerId: null, host: null } : null;
}

/**
 * Whether `next` continues the wrapped log line ending at `last`. A wrapped tail has the same quote
 * depth, no log prefix of its own, and does not start like a sentence or a list item; and wrapping
 * only happens to long lines.
 */
function isContinuation(lines: LineTable, last: number, next: number, hosts: Uint16Array, hasPrefix: () => boolean): boolean {
  if (lines.quoteDepth(next) !== lines.quoteDepth(last) || lines.inFence(next) !== lines.inFence(last) || lines.isFence(next)) return false;
  if (lines.isBlank(next)) return false;
  const content = lines.content(next).slice(hosts[next]).trim();
  if (content === '' || content.length > 200) return false;
  if (!wasWrapped(lines.end(last) - lines.start(last), content)) return false;
  if (/^[A-Z][a-z]/.test(content) || /^[-*+] /.test(content) || /^\d+[.)] /.test(content)) return false;
  if (hasPrefix() || isJournalField(lines.content(next))) return false;
  return !isNoise(content) && !isUserspaceMessage(content);
}

/**
 * `journalctl -o verbose` prints a record's other fields on indented lines after MESSAGE=
 * (`    _BOOT_ID=0f3c...`, `    _HOSTNAME=host`): a field of the record, never the tail of a
 * wrapped message. Field names are upper case, digits and underscores (sd_journal_send(3)).
 */
const JOURNAL_FIELD = /^\s+_{0,2}[A-Z][A-Z0-9_]{0,63}=/;

export function isJournalField(content: string): boolean {
  return JOURNAL_FIELD.test(content);
}

/** Lines shorter than this were not wrapped: mail clients and Bugzilla wrap at 72-80 columns or more. */
const MIN_WRAPPED_LENGTH = 60;
/** The narrowest wrap in use (mail clients at 72; Bugzilla and others at 76-80). */
const MIN_WRAP_WIDTH = 72;
/** Below this a line is no wrapped head, however long the next word. */
const MIN_HEAD_LENGTH = 40;

/**
 * Whether a line of `length` columns can have been broken before `next`: it is long, or the next
 * line's first word would not have fitted on it (`"echo 0 >` + `/proc/sys/kernel/hung_task_timeout_secs"
 * disables ...`, `INFO: task` + `kworker/3:2:411 blocked ...` under a long syslog prefix).
 */
function wasWrapped(length: number, next: string): boolean {
  if (length >= MIN_WRAPPED_LENGTH) return true;
  const space = next.indexOf(' ');
  return length >= MIN_HEAD_LENGTH && length + 1 + (space === -1 ? next.length : space) > MIN_WRAP_WIDTH;
}
/** A line this long that ends mid-word was cut at a fixed column (Bugzilla), not at a space. */
const HARD_WRAP_LENGTH = 100;

/**
 * How the two halves join. A line that ends in a space was wrapped at that space (keep it). A
 * long line that ends mid-word was cut at a fixed column (`erro` + `r = -22`). A shorter one was
 * word-wrapped (`space map` + `common:`) and lost the space. A continuation indented deeper than
 * its first line was laid out by the program that printed it (journalctl aligns a multi-line
 * message, `ata3.00: cmd ... in` + `res 41/40:...`), not cut: one space.
 */
function joinSeparator(lines: LineTable, last: number, next: number, hosts: Uint16Array): string {
  const lastChar = lines.text.charCodeAt(lines.end(last) - 1);
  if (lastChar === 32 || lastChar === 9) return '';
  if (indentOf(lines.content(next).slice(hosts[next])) > indentOf(lines.content(last).slice(hosts[last]))) return ' ';
  return lines.end(last) - lines.start(last) >= HARD_WRAP_LENGTH ? '' : ' ';
}

const indentOf = (content: string): number => content.length - content.trimStart().length;
