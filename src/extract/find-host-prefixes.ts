import { charSet, type LineTable } from './split-lines.js';

/**
 * How a line reads as a kernel log line: `own` when its first word is part of what the kernel or a
 * known header printed (`ata3.00: failed command`, `kernel: msg`), `host` when a console server's
 * host prefix stands before the kernel's timestamp (`node-07: [ 12.3] msg`), null when it is no log
 * line as it stands; and whether the rest after the candidate prefix is one.
 */
export interface HostPrefixReader {
  /** The line read whole: 'own' (a log line whose first word is the kernel's or a known header's), 'host' (the table's host-before-timestamp row), or null. */
  whole: (content: string) => 'own' | 'host' | null;
  /** The line with the candidate prefix off: null when no log line, else whether it starts with the kernel's timestamp. */
  rest: (rest: string) => { timestamped: boolean } | null;
}

/** A console server's or pdsh's prefix: a host name and `: ` or ` | ` (or the end of a relayed empty line). */
const HOST_PREFIX = /^\s*([A-Za-z0-9][\w.-]{0,62})(?::(?: |$)| \|(?: |$))/;
/** HOST_PREFIX reads at most this much of a line, and needs one of HOST_MARKS in it. */
const HOST_REACH = 80;
const HOST_MARKS = charSet(':|');

/** HOST_PREFIX on line i; a line without a `:` or `|` where one can stand is passed over on a character scan. */
function hostPrefixAt(lines: LineTable, i: number): RegExpExecArray | null {
  return lines.includesAny(i, HOST_MARKS, HOST_REACH) && !lines.isBlank(i) ? HOST_PREFIX.exec(lines.head(i, HOST_REACH)) : null;
}

/**
 * Names the kernel itself prints before an oops-worded message (its pr_fmt): `watchdog: BUG: soft
 * lockup - CPU#3 stuck for 26s!`, `rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:`. Repeated
 * before such lines they look like a relaying host, but they are part of the kernel's message.
 */
const KERNEL_OWN_PREFIXES: ReadonlySet<string> = new Set(['watchdog', 'rcu', 'NMI', 'hrtimer', 'kernel']);

/** Lines a host must lead (in one run, or with the kernel's timestamp after it) before it is taken for one. */
const MIN_HOST_LINES = 2;

/**
 * A serial console server, netconsole collector or pdsh puts the sending host before every line it
 * relays (`node-07: BUG: KASAN: ...`, `node-07:  dump_stack+0x1/0x2`), also before the lines with
 * no kernel timestamp behind it, where nothing else tells the host from a word of the message. The
 * host is learned from the report's own repetition: the same `host: ` (or `host | `) leads a run of
 * at least MIN_HOST_LINES consecutive non-blank lines of one quote depth, one of which reads as a
 * kernel log line once it is off and none of which is a log line as it stands (`ata3.00: ` before
 * every line of a libata error is the kernel's own prefix; `kernel: ` is a known header); or it
 * stands before the kernel's timestamp on at least MIN_HOST_LINES lines. For each line, the length
 * of a learned host prefix before it (spaces included), or 0. Linear; never throws.
 *
 * @example
 * findHostPrefixes(splitLines('node-07: BUG: KASAN: use-after-free in f\nnode-07:  f+0x1/0x2'), reader)
 * // => Uint16Array [9, 9]
 */
export function findHostPrefixes(lines: LineTable, reader: HostPrefixReader): Uint16Array {
  const prefixes = new Uint16Array(lines.length);
  // HOST_PREFIX needs a `:` or `|`: a text without either is not read line by line.
  if (!lines.text.includes(':') && !lines.text.includes('|')) return prefixes;
  const learned = new Set<string>();
  const stamped = new Map<string, number>();
  const disqualified = new Set<string>();
  let runHost: string | null = null;
  let runDepth = -1;
  let runLength = 0;
  let runCarriesLog = false;
  let runOwn = false;
  let any = false;
  const closeRun = (): void => {
    if (runHost !== null && runLength >= MIN_HOST_LINES && runCarriesLog && !runOwn) learned.add(runHost);
    if (runHost !== null && runOwn) disqualified.add(runHost);
    runHost = null;
    runLength = 0;
    runCarriesLog = false;
    runOwn = false;
  };
  for (let i = 0; i < lines.length; i++) {
    const m = hostPrefixAt(lines, i);
    if (!m) {
      closeRun();
      continue;
    }
    any = true;
    const host = m[1]!;
    if (KERNEL_OWN_PREFIXES.has(host)) {
      closeRun();
      continue;
    }
    const depth = lines.quoteDepth(i);
    if (host !== runHost || depth !== runDepth) {
      closeRun();
      runHost = host;
      runDepth = depth;
    }
    runLength++;
    const content = lines.content(i);
    const whole = reader.whole(content);
    if (whole === 'own') runOwn = true;
    const rest = reader.rest(content.slice(m[0].length));
    if (rest) runCarriesLog = true;
    if (rest?.timestamped) stamped.set(host, (stamped.get(host) ?? 0) + 1);
  }
  closeRun();
  if (!any) return prefixes;
  for (const [host, count] of stamped) if (count >= MIN_HOST_LINES) learned.add(host);
  for (const host of disqualified) learned.delete(host);
  if (learned.size === 0) return prefixes;
  for (let i = 0; i < lines.length; i++) {
    const m = hostPrefixAt(lines, i);
    if (m && learned.has(m[1]!)) prefixes[i] = m[0].length;
  }
  return prefixes;
}
