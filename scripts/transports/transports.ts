// The ways a kernel log reaches a bug report, as functions from the raw console log to the text a
// reporter pastes. Shared by `npm run eval:titles` (the transport benchmark) and the transport
// tests, so both measure the same carriers.
//
// Each carrier is written from the tool or client that produces it (rsyslog, metalog, OpenWrt's
// logread, RFC 5424 senders, util-linux dmesg, journalctl output modes, pdsh-style host prefixes,
// mail clients and Bugzilla wrapping at 72-80 columns, reporters trimming a call trace), never from
// what the parser happens to accept.

import { demangleSymbol } from '../../src/extract/crash/demangle-symbol.js';

/** The kernel's own console prefix, as syzkaller's logs carry it (drop marker, loglevel, time, caller). */
const KERNEL_PREFIX = /^(?:\*\* \d+ printk messages dropped \*\* )?(?:<\d+>)?\[ *(\d+\.\d+)\](?:\[ *[CT]\d+\])? ?/;

export interface Transport {
  name: string;
  /** What the carrier does to the log, said once for the eval's legend. */
  about: string;
  /**
   * The log as the carrier delivers it. `title` is the clean log's expected title: only the trace
   * trimmers read it, to keep the frames the title is made of (a reporter trims the boring part of a
   * trace; a trim that removes the guilty frame would test nothing about the parser).
   */
  carry: (log: string, title: string) => string;
}

function perLine(log: string, wrap: (line: string, index: number) => string): string {
  return log
    .split('\n')
    .map((line, index) => wrap(line, index))
    .join('\n');
}

/**
 * A mail client's or Bugzilla's hard wrap: break before the last space that keeps the line within
 * `width`; a line with no such space stays long. The continuation loses everything the first half
 * carried (timestamp, syslog header), exactly what makes wrapped logs hard.
 */
export function wrapWords(log: string, width: number): string {
  const out: string[] = [];
  for (const line of log.split('\n')) {
    let rest = line;
    while (rest.length > width) {
      const cut = rest.lastIndexOf(' ', width);
      if (cut <= 0) break;
      out.push(rest.slice(0, cut));
      rest = rest.slice(cut + 1);
    }
    out.push(rest);
  }
  return out.join('\n');
}

/** The kernel message of a console line: its console prefix removed. */
function messageOf(line: string): string {
  return line.replace(KERNEL_PREFIX, '');
}

/** Seconds since boot for each line: its own console timestamp, else the last one seen (or 0). */
function timesOf(lines: string[]): number[] {
  let last = 0;
  return lines.map((line) => {
    const match = KERNEL_PREFIX.exec(line);
    if (match) last = Number(match[1]);
    return last;
  });
}

/** journalctl -o short-monotonic: `[   53.730124] host kernel: msg` (the journal's own time, no caller id). */
function shortMonotonic(log: string): string {
  const lines = log.split('\n');
  const times = timesOf(lines);
  return lines.map((line, i) => `[${times[i]!.toFixed(6).padStart(12, ' ')}] testhost kernel: ${messageOf(line)}`).join('\n');
}

/**
 * journalctl -o verbose: one record per message, the message in a `MESSAGE=` field among the others,
 * in the order journald stores a kernel record's fields.
 */
function journalVerbose(log: string): string {
  const lines = log.split('\n');
  const times = timesOf(lines);
  return lines
    .map((line, i) => {
      const micros = Math.round(times[i]! * 1e6);
      const cursor = `s=5b9f6a3c1d2e4f5a8b7c6d5e4f3a2b1c;i=${(0x1a2b + i).toString(16)};b=0f3c2a1b4d5e6f708192a3b4c5d6e7f8;m=${micros.toString(16)};t=60f1e2d3c4b5${(i % 256).toString(16).padStart(2, '0')};x=3c4d5e6f7a8b9c0d`;
      return [
        `Mon 2024-01-15 20:15:44.${String(micros % 1e6).padStart(6, '0')} UTC [${cursor}]`,
        `    _SOURCE_MONOTONIC_TIMESTAMP=${micros}`,
        '    _TRANSPORT=kernel',
        '    PRIORITY=4',
        '    SYSLOG_FACILITY=0',
        '    SYSLOG_IDENTIFIER=kernel',
        `    MESSAGE=${messageOf(line)}`,
        '    _BOOT_ID=0f3c2a1b4d5e6f708192a3b4c5d6e7f8',
        '    _MACHINE_ID=3e1d9c7b5a4f2e0d1c3b5a7f9e8d6c4b',
        '    _HOSTNAME=testhost',
        '    _RUNTIME_SCOPE=system',
      ].join('\n');
    })
    .join('\n');
}

/**
 * A frame line of an x86 trace as syzkaller's logs print it, after the console prefix: optional old
 * `[<ffffffff...>]` address, the unwinder's `? ` doubt marker, `func+0xoff/0xsize`, then a module
 * or source location.
 */
const FRAME = /^(?<indent>\s+)(?:\[<[0-9a-f]+>\] )?(?<unsure>\? )?(?<func>[A-Za-z_.$][\w.$]*)(?<offset>\+0x[0-9a-f]+\/0x[0-9a-f]+)(?<rest>.*)$/;
const RIP = /^(?<indent>\s*)RIP: [0-9a-f]{4}:(?<at>[A-Za-z_.$][\w.$]*\+0x[0-9a-f]+\/0x[0-9a-f]+.*)$/;

function splitPrefix(line: string): [string, string] {
  const match = KERNEL_PREFIX.exec(line);
  return match ? [match[0], line.slice(match[0].length)] : ['', line];
}

/** A stable fake kernel text address for a function, in the width an architecture prints. */
function addressOf(func: string, high: string, digits: number): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < func.length; i++) hash = Math.imul(hash ^ func.charCodeAt(i), 0x01000193) >>> 0;
  return (high + hash.toString(16).padStart(8, '0')).padStart(digits, '0').slice(-digits);
}

type FrameShape = (frame: { indent: string; func: string; offset: string; rest: string }) => string;

/**
 * Rewrites every x86 frame into another architecture's shape. None of these print the unwinder's
 * `? ` guesses (s390 and arm64 unwinders print reliable frames only, /proc/<pid>/stack is a
 * reliable unwind), so those lines go.
 */
function rewriteFrames(log: string, shape: FrameShape, rewriteLine: (message: string) => string = (message) => message): string {
  const out: string[] = [];
  for (const line of log.split('\n')) {
    const [prefix, message] = splitPrefix(line);
    const frame = FRAME.exec(message);
    if (!frame) {
      out.push(prefix + rewriteLine(message));
      continue;
    }
    const { indent, unsure, func, offset, rest } = frame.groups!;
    if (unsure) continue;
    out.push(prefix + shape({ indent: indent!, func: func!, offset: offset!, rest: rest! }));
  }
  return out.join('\n');
}

/** s390: `[<000003ff8012a874>] alua_check+0x3c/0x98 [scsi_dh_alua]`. */
const s390Frame: FrameShape = ({ indent, func, offset, rest }) => `${indent}[<${addressOf(func, '3ff', 16)}>] ${func}${offset}${rest}`;
/** /proc/<pid>/stack since 4.17 hides addresses: `[<0>] xfs_fs_freeze+0x15/0x40 [xfs]`. */
const procStackFrame: FrameShape = ({ indent, func, offset, rest }) => `${indent}[<0>] ${func}${offset}${rest}`;
/** arm64 prints bare frames under `Call trace:` and `pc : f+0x../0x..` instead of x86's `RIP:`. */
const arm64Frame: FrameShape = ({ indent, func, offset, rest }) => `${indent}${func}${offset}${rest}`;

/** powerpc: stack pointer and return address before each frame: `[c00000007a3efa20] [c00000000030a060] f+0x7b0/0x13a0`. */
const powerpcFrame: FrameShape = ({ indent, func, offset, rest }) =>
  `${indent.slice(1)}[c0000000${addressOf(`${func}sp`, '', 8)}] [c0000000${addressOf(func, '', 8)}] ${func}${offset}${rest}`;

/** powerpc prints `NIP [c0000000...] f+0x../0x..` where x86 prints `RIP: 0010:f+0x../0x..`. */
function powerpcLine(message: string): string {
  const rip = RIP.exec(message);
  return rip ? `${rip.groups!.indent}NIP [c00000000022d79c] ${rip.groups!.at}` : message;
}

/**
 * scripts/decode_stacktrace.sh output: every frame and the RIP line read `f (fs/x.c:123)` instead of
 * `f+0x1c/0x30`. Most corpus logs were not symbolized, so a frame without a source location gets a
 * made-up one (`kernel/<f>.c:<n>`): the shape is what is tested, not the path.
 */
function decodeLine(line: string): string {
  const [prefix, message] = splitPrefix(line);
  const decoded = /^(?<head>\s+(?:\? )?|\s*RIP: [0-9a-f]{4}:)(?<func>[A-Za-z_.$][\w.$]*)\+0x[0-9a-f]+\/0x[0-9a-f]+(?<module> \[[\w-]+\])?(?: (?<src>[\w./-]+\.[chS]:\d+))?(?<rest>.*)$/.exec(message);
  if (!decoded) return line;
  const { head, func, module, src, rest } = decoded.groups!;
  const source = src ?? `kernel/${func!.replace(/\..*$/, '')}.c:${(parseInt(addressOf(func!, '', 8), 16) % 900) + 100}`;
  return `${prefix}${head}${func} (${source})${module ?? ''}${rest}`;
}

function arm64Line(message: string): string {
  if (/^\s*Call Trace:\s*$/.test(message)) return message.replace('Call Trace:', 'Call trace:');
  const rip = RIP.exec(message);
  return rip ? `${rip.groups!.indent}pc : ${rip.groups!.at}` : message;
}

/**
 * The name a title uses for a frame's symbol: without the compiler's clone suffix
 * (`do_ipv6_setsockopt.isra.9` -> `do_ipv6_setsockopt`), Rust symbols demangled to their last path
 * segment, so the trimmer protects the guilty frame whatever its symbol looks like.
 */
function frameName(symbol: string): string {
  const name = symbol.startsWith('_R') || symbol.startsWith('_Z') ? demangleSymbol(symbol) : symbol.replace(/\..*$/, '');
  return name.split('::').pop()!;
}

/** Function names that a title is made of (`KASAN: use-after-free Read in aead_recvmsg` -> aead_recvmsg). */
function titleWords(title: string): Set<string> {
  return new Set(title.split(/[^\w.$]+/).filter((word) => word.length > 2));
}

/**
 * A reporter cuts the middle of the longest call trace and leaves a marker line. The frames the title
 * names and the frame right below each stay (the title's frame and the dispatch point a stall title
 * is read above): the cut takes at least three other frames, and always keeps the first and last
 * three. Logs whose traces are too short are returned unchanged (the benchmark counts them as n/a).
 */
function trimTrace(log: string, title: string, marker: string): string {
  const lines = log.split('\n');
  const keep = titleWords(title);
  let best: [number, number] | null = null;
  let runStart = -1;
  const consider = (start: number, end: number): void => {
    // frames [start, end) are one trace; find its longest stretch of unprotected middle frames
    const protectedAt = new Set<number>();
    for (let i = start; i < end; i++) {
      const func = frameName(FRAME.exec(splitPrefix(lines[i]!)[1])?.groups?.func ?? '');
      if (keep.has(func) || keep.has(func.replace(/^(?:__x64_sys_|__se_sys_|__do_sys_|__sys_|SyS_|sys_)/, ''))) {
        protectedAt.add(i);
        protectedAt.add(i + 1);
      }
    }
    let stretch = -1;
    for (let i = start + 3; i <= end - 3; i++) {
      const free = i < end - 3 && !protectedAt.has(i);
      if (free && stretch === -1) stretch = i;
      if (!free && stretch !== -1) {
        if (i - stretch >= 3 && (!best || i - stretch > best[1] - best[0])) best = [stretch, i];
        stretch = -1;
      }
    }
  };
  for (let i = 0; i <= lines.length; i++) {
    const isFrame = i < lines.length && FRAME.test(splitPrefix(lines[i]!)[1]);
    if (isFrame && runStart === -1) runStart = i;
    if (!isFrame && runStart !== -1) {
      consider(runStart, i);
      runStart = -1;
    }
  }
  if (!best) return log;
  const [from, to] = best as [number, number];
  return [...lines.slice(0, from), marker, ...lines.slice(to)].join('\n');
}

/** util-linux dmesg and its options print the kernel's own prefix differently; these are its forms. */
const DMESG_TIME = /^(?:<\d+>)?\[ *\d+\.\d+\](?:\[ *[CT]\d+\])? ?/;

export const TRANSPORTS: readonly Transport[] = [
  { name: 'wrap 72', about: 'mail client: word-wrapped at 72 columns', carry: (log) => wrapWords(log, 72) },
  { name: 'wrap 80', about: 'Bugzilla / mail: word-wrapped at 80 columns', carry: (log) => wrapWords(log, 80) },
  { name: 'syslog', about: 'rsyslog: `Jan 15 20:15:44 host kernel: [ts] msg`', carry: (log) => perLine(log, (line) => `Jan 15 20:15:44 testhost kernel: ${line}`) },
  {
    name: 'syslog ISO',
    about: 'rsyslog RFC 3339 time: `2024-01-15T20:15:44.123456+00:00 host kernel: [ts] msg`',
    carry: (log) => perLine(log, (line) => `2024-01-15T20:15:44.123456+00:00 testhost kernel: ${line}`),
  },
  {
    name: 'metalog [kernel]',
    about: 'metalog / syslog-ng: `Mar 03 09:12:01 [kernel] [ts] msg`',
    carry: (log) => perLine(log, (line) => `Mar 03 09:12:01 [kernel] ${line}`),
  },
  {
    name: 'kern.err kernel:',
    about: 'OpenWrt logread / busybox syslogd: `Mon Mar  3 09:12:01 2025 kern.err kernel: [ts] msg`',
    carry: (log) => perLine(log, (line) => `Mon Mar  3 09:12:01 2025 kern.${DMESG_TIME.test(line) ? 'err' : 'warn'} kernel: ${line}`),
  },
  {
    name: 'RFC 5424',
    about: 'RFC 5424 sender: `<3>1 2024-01-15T20:15:44.123456+00:00 host kernel - - - [ts] msg`',
    carry: (log) => perLine(log, (line) => `<3>1 2024-01-15T20:15:44.123456+00:00 testhost kernel - - - ${line}`),
  },
  {
    name: 'journalctl',
    about: 'journalctl (short): `Jan 15 20:15:44 host kernel: msg`, the kernel time replaced',
    carry: (log) => perLine(log, (line) => `Jan 15 20:15:44 testhost kernel: ${messageOf(line)}`),
  },
  { name: 'journalctl monotonic', about: 'journalctl -o short-monotonic: `[   53.730124] host kernel: msg`', carry: shortMonotonic },
  { name: 'journalctl verbose', about: 'journalctl -o verbose: a record per message, `    MESSAGE=msg` among its fields', carry: journalVerbose },
  {
    name: 'dmesg -T',
    about: 'dmesg -T: `[Mon Jan 15 20:15:44 2024] msg`',
    carry: (log) => perLine(log, (line) => (DMESG_TIME.test(line) ? line.replace(DMESG_TIME, '[Mon Jan 15 20:15:44 2024] ') : line)),
  },
  { name: 'dmesg -x', about: 'dmesg -x: `kern  :warn  : [ts] msg`', carry: (log) => perLine(log, (line) => (DMESG_TIME.test(line) ? `kern  :warn  : ${line}` : line)) },
  {
    name: 'dmesg caller ids',
    about: 'dmesg with CONFIG_PRINTK_CALLER: `[ts] [T123] msg` (a space before the caller id)',
    carry: (log) => log.replace(/^(\[ *\d+\.\d+\])(\[ *[CT]\d+\])/gm, '$1 $2'),
  },
  { name: 'console host prefix', about: 'serial console / pdsh with a host prefix: `node-07: [ts] msg`', carry: (log) => perLine(log, (line) => `node-07: ${line}`) },
  { name: 'Markdown fence', about: 'pasted into a Markdown code fence with prose around it', carry: (log) => `Hi, I hit this on boot:\n\n\`\`\`text\n${log}\n\`\`\`\n\nAny idea?` },
  { name: '> quoted', about: 'quoted in a mail reply: `> [ts] msg`', carry: (log) => `On Mon, someone wrote:\n${perLine(log, (line) => `> ${line}`)}\n\nThanks.` },
  { name: '>> quoted', about: 'quoted twice: `>> [ts] msg`', carry: (log) => `On Tue, someone wrote:\n> On Mon, someone else wrote:\n${perLine(log, (line) => `>> ${line}`)}\n>\n> Same here.` },
  { name: '> quoted wrap 72', about: 'wrapped at 72 columns, then quoted in a reply', carry: (log) => perLine(wrapWords(log, 72), (line) => `> ${line}`) },
  { name: 'metalog wrap 80', about: 'metalog lines wrapped at 80 columns', carry: (log) => wrapWords(perLine(log, (line) => `Mar 03 09:12:01 [kernel] ${line}`), 80) },
  { name: 'CRLF', about: 'CRLF line ends', carry: (log) => log.replace(/\n/g, '\r\n') },
  { name: 'trimmed [...]', about: 'middle of the longest call trace cut to `[... trimmed ...]`', carry: (log, title) => trimTrace(log, title, '[... trimmed ...]') },
  { name: 'trimmed <snip>', about: 'middle of the longest call trace cut to `<snip>`', carry: (log, title) => trimTrace(log, title, '<snip>') },
  { name: 's390 frames', about: 'frames as s390 prints them: `[<000003ff8012a874>] f+0x3c/0x98`', carry: (log) => rewriteFrames(log, s390Frame) },
  { name: 'arm64 frames', about: 'arm64: `Call trace:`, bare frames, `pc : f+0x../0x..` for RIP', carry: (log) => rewriteFrames(log, arm64Frame, arm64Line) },
  { name: '/proc/pid/stack frames', about: 'frames as /proc/<pid>/stack prints them: `[<0>] f+0x15/0x40`', carry: (log) => rewriteFrames(log, procStackFrame) },
  { name: 'powerpc frames', about: 'powerpc: `[sp] [ip] f+0x../0x..` frames, `NIP [ip] f+0x..` for RIP', carry: (log) => rewriteFrames(log, powerpcFrame, powerpcLine) },
  { name: 'decoded frames', about: 'decode_stacktrace.sh: `f (fs/x.c:123)` for every frame and the RIP line', carry: (log) => perLine(log, decodeLine) },
];
