import { findLineCounters } from './find-line-counters.js';
import type { LogLine } from './read-log-lines.js';
import { charSet, MAX_SCAN, type LineTable } from './split-lines.js';

/**
 * A kind of listing: lines that enumerate what is loaded or available (kernel modules,
 * filesystems), not what the failing setup is. "Modules linked in: ... xfs ... raid10" says the
 * xfs and raid10 modules are loaded, not that xfs failed on a raid10 array.
 */
interface ListingShape {
  name: string;
  /** A line that opens the listing (it is part of it). */
  start: RegExp;
  /** Lines that continue an open listing; the first other line (or a blank one) closes it. */
  row: RegExp;
  /** A line that is a listing row on its own, with no opening line above it. */
  alone?: RegExp;
}

/** One module name as the kernel prints it in an oops: `dm_thin_pool`, `xt_MASQUERADE`, `nvmet(-)`, `cifs(E)`. */
const MODULE = String.raw`[a-z0-9][A-Za-z0-9_-]{0,55}(?:\([A-Z+-]{1,8}\))?`;

const LISTINGS: readonly ListingShape[] = [
  {
    // The oops's module list and the lines it wraps onto (by the kernel, with a timestamp, or by a
    // mail client, bare). It may end with "[last unloaded: crc_t10dif]", itself wrapped.
    name: 'modules linked in',
    start: /^Modules linked in:/,
    row: new RegExp(String.raw`^(?:unloaded: [\w-]{1,60}\]|(?:${MODULE}\s+){0,300}${MODULE}(?:\s+\[last(?: unloaded: [\w-]{1,60}\]?)?)?)\s*$`),
  },
  {
    // lsmod: "Module  Size  Used by" and rows "xfs  1540096  2" (`lsmod | grep xfs` drops the header).
    name: 'lsmod',
    // The command that printed them is part of the listing: `lsmod | grep -E 'raid|xfs'` names modules too.
    start: /^(?:Module\s+Size\s+Used by\s*$|(?:\S{0,120}[$#]\s*)?(?:sudo\s+)?lsmod\b)/,
    row: /^[\w-]{1,60}\s+\d{1,10}\s+\d{1,5}(?:\s+[\w,-]{1,400})?\s*$/,
    alone: /^[a-z0-9_]{1,60}\s+\d{4,10}\s+\d{1,5}(?:\s+[\w-]{1,60}(?:,[\w-]{1,60}){0,40},?)?\s*$/,
  },
  {
    // /proc/modules: "xfs 1540096 2 - Live 0xffffffffc0a1b000"
    name: '/proc/modules',
    start: /^(?:\S{0,120}[$#]\s*)?(?:sudo\s+)?(?:cat|grep|egrep|less|head)\b[^|;]{0,200}\/proc\/modules\s*$/,
    row: /^[\w-]{1,60} \d{1,10} \d{1,5} (?:-|[\w,-]{1,400}) (?:Live|Loading|Unloading)\b/,
    alone: /^[\w-]{1,60} \d{1,10} \d{1,5} (?:-|[\w,-]{1,400}) (?:Live|Loading|Unloading) 0x[0-9a-f]{1,16}/,
  },
  {
    // /proc/filesystems: what the kernel could mount, not what is mounted. "nodev\tsysfs", "\text4".
    name: '/proc/filesystems',
    start: /^(?:\S{0,120}[$#]\s*)?(?:sudo\s+)?(?:cat|grep|egrep|less|head)\b[^|;]{0,200}\/proc\/filesystems\s*$/,
    row: /^(?:nodev\s+)?[\w.-]{1,40}$/,
  },
];

/**
 * Words every `start` row needs (`Modules linked in:`, `Module Size Used by`, `lsmod`, `/proc/...`): a
 * text without any opens no listing, and then only a row on its own can be one, which holds digits
 * (a size, a use count), as does every row that continues an lsmod or /proc/modules listing.
 */
const START_WORDS = /Module|lsmod|\/proc\/(?:modules|filesystems)/;
const DIGITS = charSet('0123456789');

// Plain loops, not LISTINGS.find(callback): these run for every line, and a callback closing over
// the line is allocated per call (issue 12: a million short lines).

/** The listing a line opens, if any. */
function startedBy(content: string): ListingShape | undefined {
  for (const shape of LISTINGS) if (shape.start.test(content)) return shape;
  return undefined;
}

/** The listing a line is a row of on its own, if any. */
function aloneRow(content: string): ListingShape | undefined {
  for (const shape of LISTINGS) if (shape.alone?.test(content)) return shape;
  return undefined;
}

/**
 * The line numbers of a text that belong to listings of loaded modules or available filesystems
 * (an oops's `Modules linked in:` line and its wrapped continuations, `lsmod` output, `/proc/modules`,
 * `/proc/filesystems`). Such lines name what is loaded, not what the failing setup is, so they
 * assert no configuration fact and are not prose. Log prefixes (timestamps, syslog headers) are
 * and line counters are looked past. Linear; never throws.
 *
 * @example
 * findListingLines(splitLines(text), readLogLines(text)) // text: '[ 1.0] Modules linked in: xfs raid10\n[ 1.0]  dm_mod loop'
 * // => Set { 0, 1 }
 */
export function findListingLines(lines: LineTable, logLines: readonly LogLine[], counters: Uint8Array = findLineCounters(lines)): Set<number> {
  const found = new Set<number>();
  // What each physical line says once its log prefix is gone; lines re-joined into a log line
  // above them keep their own content.
  const messageAt = new Map<number, { from: number; lastLine: number }>();
  for (const log of logLines) messageAt.set(log.line, { from: log.messageStart, lastLine: log.lastLine });
  let open: ListingShape | null = null;
  const startsPossible = START_WORDS.test(lines.text);
  for (let i = 0; i < lines.length; i++) {
    if (!startsPossible && !lines.includesAny(i, DIGITS, MAX_SCAN)) {
      open = null;
      continue;
    }
    const log = messageAt.get(i);
    const contentStart = lines.contentStart(i);
    const from = log ? contentStart + Math.max(0, log.from - contentStart) : contentStart + counters[i]!;
    const end = lines.end(i);
    const content = lines.text.slice(Math.min(from, end), Math.min(end, from + MAX_SCAN)).trim();
    if (content === '' || lines.isFence(i)) {
      open = null;
      continue;
    }
    // A blank-free paste may go from one listing into another; a start line always opens one.
    const started = startsPossible ? startedBy(content) : undefined;
    const shape: ListingShape | undefined = started ?? (open && open.row.test(content) ? open : aloneRow(content));
    if (!shape) {
      open = null;
      continue;
    }
    open = shape;
    found.add(i);
    // A log line that wrapped onto the lines below is one listing line.
    for (let n = i + 1; log && n <= log.lastLine; n++) found.add(n);
    if (log) i += log.lastLine - i;
  }
  return found;
}
