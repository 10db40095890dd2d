/**
 * Every call trace of a text, in whatever shape the report carried it, as frames with evidence.
 * The walk is small: frames come from readFrameLine (the frame parser crash titles use too), trace
 * boundaries and cuts from the tables of frame-shapes.ts.
 */
import { MatchCursor, type ConsoleLines } from './read-console-lines.js';
import { readFrameLine, type FrameLine } from './read-frame-line.js';
import { anyPattern } from '../any-pattern.js';
import { IGNORED_TRACE_HEADERS, isCutMarker, MAYBE_CUT_ANYWHERE, TRACE_HEADERS, TRACE_MARKERS } from './frame-shapes.js';
import { charSet } from '../split-lines.js';

export interface StackFrameFinding {
  function: string;
  module: string | null;
  source: string | null;
  inline: boolean;
  /**
   * `? f+0x..` (x86) or `f+0x.. (unreliable)` (powerpc): the unwinder found the address on the
   * stack but could not tell it is part of the chain (often a stale return address of an earlier
   * call). Kept in place as weaker evidence that the code ran; never a title's frame.
   */
  unreliable: boolean;
  /** 0-based line and offsets [start, end) of the frame's line in the text. */
  line: number;
  start: number;
  end: number;
}

export interface StackFinding {
  frames: StackFrameFinding[];
  /**
   * lockdep's lock sites: the functions its lock lines name (`(&sb->s_umount){++++}-{3:3}, at:
   * f+0x1c/0x30`, `#0: ... at: g+0x..`), in text order; no call chain.
   */
  locks?: true;
  /** The reporter cut the trace (`<snip>`), or the trace's header or fault line came without frames. */
  truncated: boolean;
  /** 0-based line where the trace starts (its header, fault line or first frame). */
  line: number;
}

/** The console timestamp and caller id the kernel puts before every message. */
const CONSOLE_PREFIX = /^(?:<[0-9]+>)?\[ *[0-9]+\.[0-9]+\](?:\[ *(?<caller>[CT][0-9]+)\])? ?/;
/** Register dump lines between a fault line and its `Call Trace:`; more than this and the trace was cut. */
const MAX_FAULT_TO_TRACE = 60;
/** Shapes precise enough that one frame alone is a trace (a bracketed PC, crash(8)'s `#N [sp]`). */
const SELF_EVIDENT_SHAPES = new Set(['crash-bt', 'arm-from']);
/** A trace keyword after a short unknown prefix without brackets (the prefix in group 1). */
const FOREIGN_PREFIX = /^([^[\]<>]{1,48}?\s)(?:Call [Tt]race:|RIP: [0-9a-f]{4}:|pc : |NIP |Krnl PSW )/;
/** The tables as one regex each: every console line is tried against them. */
const ANY_TRACE_MARKER = anyPattern(TRACE_MARKERS);
const ANY_IGNORED_TRACE_HEADER = anyPattern(IGNORED_TRACE_HEADERS);
const ANY_TRACE_HEADER = anyPattern(TRACE_HEADERS);
/**
 * A literal of each FOREIGN_PREFIX keyword: a line with none of them skips the regex, whose lazy
 * prefix tries up to 48 split points per line (a measurable share of a cold triage on long logs).
 */
const FOREIGN_KEYWORDS = ['Call ', 'RIP: ', 'pc : ', 'NIP ', 'Krnl PSW '];
/** Whether a message holds one of FOREIGN_KEYWORDS (a loop: a callback would be allocated per line). */
function hasForeignKeyword(message: string): boolean {
  for (const keyword of FOREIGN_KEYWORDS) if (message.includes(keyword)) return true;
  return false;
}
const BRACKETED_PC = /^\s*\(?(?:<[A-Z]+>\s*)*\[<?(?:0x)?[0-9a-f]+>?\]/;
/**
 * What a line needs to be more than "any other line" below: a console prefix (`[`, `<`), a trace
 * marker (`<`, `LR =`, `(`, `:`), a header (`:`, `/`), a frame (MAYBE_FRAME: `+`, `(`, ` at `,
 * `[inline]`, ` from `) or a foreign prefix's keyword (a space); a cut marker is looked for apart
 * (MAYBE_CUT_ANYWHERE). A line without any (a list of words, junk) is not sliced.
 */
const STACK_MARKS = charSet('[<=(:/+ ');

interface Building {
  /** Where it began: a header (`Call Trace:`), a fault line (`RIP:`), or a frame of a headerless trace. */
  kind: 'fault' | 'header' | 'headerless' | 'ignored';
  line: number;
  caller: string | null;
  fault: StackFrameFinding | null;
  link: StackFrameFinding | null;
  frames: StackFrameFinding[];
  /** How many of `frames` are reliable (not `? f+0x..`): the trace's shape is read from these alone. */
  reliable: number;
  /** A header (`Call Trace:`) was seen: frames are expected. */
  header: boolean;
  truncated: boolean;
  /** Console lines since the fault line while waiting for its trace. */
  waited: number;
  /** The headerless trace's evidence is one bracketed or crash(8) frame. */
  selfEvident: boolean;
  /** arm's `(f) from (g)` on the last frame line: g, the outermost caller. */
  lastCaller: StackFrameFinding | null;
}

/**
 * A lockdep lock line: `ADDR (lock){usage}-{w:r}, at: f+0x1c/0x30 [mod]`, `#0: ADDR (lock), at:
 * [<ffffffff8123>] f+0x..` (older kernels), `... at: f+0x.. fs/file.c:12` (symbolized). The site
 * after `at:` is read by readFrameLine.
 */
const LOCK_SITE = /[)}], at: (?:\[<[0-9a-f]+>\] )?(?=[A-Za-z_.$][\w.$]*\+0x)/;
/** Lock lines this far apart (lockdep's prose between "trying to acquire" and "already holding") are one list. */
const LOCK_LIST_GAP = 8;

/**
 * The call traces of a text's console lines, in text order.
 *
 * - Frames the unwinder was unsure of (`? f+0x..`, `(unreliable)`) are kept in place with
 *   `unreliable: true` when a trace holds them, but play no part in its shape: they neither start
 *   a trace nor count toward one (a trace of `?` frames alone is none), and a `?` repeat of the
 *   faulting function is left out.
 * - The faulting function (`RIP:`, `pc :`, `NIP`, `Krnl PSW`) is the first frame; when the trace
 *   after it is missing, the link register (`lr :`) is the second and the trace is truncated.
 * - `<IRQ>`/`<TASK>` markers do not end a trace; interleaved lines of another printk caller are skipped.
 * - A reporter's cut (`<snip>`, `[... trimmed ...]`) inside a trace marks it truncated.
 * - Lines without a header form a trace when two frames follow each other, or one frame is
 *   unmistakable (`[<0>] f+0x..` of /proc/pid/stack, crash(8)'s `#3 [..] f at ..`).
 * - lockdep's lock lines (`..., at: f+0x..`) are no frames of a chain: each list of them (the lock
 *   being acquired and the one held, or `N locks held by ...`) is a trace of its own marked
 *   `locks`, so the functions that took the report's locks are evidence too.
 *
 * @example
 * extractStacks(readConsoleLineTable(splitLines('Call Trace:\n dump_stack+0x1/0x2\n xfs_fs_freeze.isra.0+0x15/0x40 [xfs]')))[0]?.frames.map((f) => f.function)
 * // => ['dump_stack', 'xfs_fs_freeze']
 */
export function extractStacks(lines: ConsoleLines): StackFinding[] {
  const stacks: StackFinding[] = [];
  let current: Building | null = null;
  const close = (): void => {
    if (current) {
      const stack = finish(current);
      if (stack) stacks.push(stack);
    }
    current = null;
  };
  const open = (kind: Building['kind'], at: At, caller: string | null): Building => {
    close();
    const building: Building = { kind, line: lines.line(at), caller, fault: null, link: null, frames: [], reliable: 0, header: kind === 'header', truncated: false, waited: 0, selfEvident: false, lastCaller: null };
    current = building;
    return building;
  };

  // A prefix no transport table knows ("01818 ", "node-07 kernel: "), learnt from the line where a
  // trace keyword follows it and taken off every line that starts with it.
  let foreign: string | null = null;
  const cuts = new MatchCursor(lines.physicalText, MAYBE_CUT_ANYWHERE);
  let locks: { line: number; last: number; frames: StackFrameFinding[] } | null = null;
  const lockLists: StackFinding[] = [];
  const closeLocks = (): void => {
    if (locks !== null) lockLists.push({ frames: locks.frames, truncated: false, line: locks.line, locks: true });
    locks = null;
  };
  /** A line that is no part of a trace: register dumps may sit between a fault line and its trace; elsewhere the trace ends. */
  const otherLine = (): void => {
    const building = current as Building | null;
    if (building?.kind === 'fault' && building.reliable === 0 && building.waited < MAX_FAULT_TO_TRACE) building.waited++;
    // A header followed by the lines the kernel prints before its frames (lockdep's "CPU: ..." lines).
    else if (building?.kind === 'header' && building.reliable === 0 && building.waited < 3) building.waited++;
    else close();
  };
  for (let at = 0; at < lines.length; at++) {
    if (foreign === null && !lines.includesAny(at, STACK_MARKS) && !lines.mayMatch(at, cuts)) {
      otherLine();
      continue;
    }
    const text = lines.text(at);
    const prefix = CONSOLE_PREFIX.exec(text);
    let message = prefix ? text.slice(prefix[0].length) : text;
    const learnt = hasForeignKeyword(message) ? FOREIGN_PREFIX.exec(message) : null;
    if (learnt && learnt[1]!.trim() !== '') foreign = learnt[1]!;
    if (foreign && message.startsWith(foreign)) message = message.slice(foreign.length);
    const caller = prefix?.groups?.caller ?? null;
    const building = current as Building | null;
    // Another task's line interleaved into this trace (the printk caller id tells them apart).
    if (building && building.caller && caller && caller !== building.caller) continue;

    if (ANY_TRACE_MARKER.test(message)) continue;
    const site = message.includes(', at: ') ? LOCK_SITE.exec(message) : null;
    const lock = site === null ? null : readFrameLine(` ${message.slice(site.index + site[0].length)}`);
    if (lock !== null && lock.role === 'frame' && !lock.unsure) {
      const line = lines.line(at);
      const open = locks as { line: number; last: number; frames: StackFrameFinding[] } | null;
      if (open === null || line - open.last > LOCK_LIST_GAP) {
        closeLocks();
        locks = { line, last: line, frames: [] };
      }
      locks!.last = line;
      locks!.frames.push(toFinding(lock, lines, at));
      otherLine();
      continue;
    }
    if (isCutMarker(message)) {
      if (building) building.truncated = true;
      continue;
    }
    if (ANY_IGNORED_TRACE_HEADER.test(message)) {
      open('ignored', at, caller);
      continue;
    }
    if (ANY_TRACE_HEADER.test(message)) {
      if (building?.kind === 'fault' && !building.header) {
        // The fault line's own trace: "RIP: f" ... "Call Trace:".
        building.header = true;
      } else {
        open('header', at, caller);
      }
      continue;
    }
    const frame = readFrameLine(message);
    if (frame && frame.role === 'fault') {
      open('fault', at, caller).fault = toFinding(frame, lines, at);
      continue;
    }
    if (frame && frame.role === 'link') {
      if (building?.kind === 'fault' && !building.link && building.reliable === 0) building.link = toFinding(frame, lines, at);
      continue;
    }
    if (frame && frame.unsure) {
      // Evidence inside a trace, never the start of one; the faulting function's `?` repeat is a duplicate.
      if (building && building.kind !== 'ignored' && frame.function !== building.fault?.function) addFrame(building, frame, lines, at);
      continue;
    }
    if (frame) {
      let target = building;
      // s390's "Last Breaking-Event-Address:" is followed by one frame of no chain; a frame after that starts a trace.
      if (!target || (target.kind === 'ignored' && target.reliable > 0)) {
        target = open('headerless', at, caller);
        target.selfEvident = SELF_EVIDENT_SHAPES.has(frame.shape) || BRACKETED_PC.test(message);
      }
      addFrame(target, frame, lines, at);
      continue;
    }
    otherLine();
  }
  close();
  closeLocks();
  // In text order: a lock list is closed when the next one starts, after the traces between them.
  return lockLists.length === 0 ? stacks : [...stacks, ...lockLists].sort((a, b) => a.line - b.line);
}

/** A console line's index. */
type At = number;

function toFinding(frame: FrameLine, lines: ConsoleLines, at: At): StackFrameFinding {
  return { function: frame.function, module: frame.module, source: frame.source, inline: frame.inline, unreliable: frame.unsure, line: lines.line(at), start: lines.start(at), end: lines.end(at) };
}

function addFrame(building: Building, frame: FrameLine, lines: ConsoleLines, at: At): void {
  const previous = building.frames[building.frames.length - 1];
  // addr2line: "f at a.c:1" then "(inlined by) g at b.c:2": f was inlined into g.
  if (frame.inlinedBy && previous) previous.inline = true;
  building.frames.push(toFinding(frame, lines, at));
  if (frame.unsure) return;
  building.reliable++;
  // arm's "(f) from (g)": g starts the next line; only the outermost line's caller is new.
  building.lastCaller = frame.caller ? { ...toFinding(frame, lines, at), function: frame.caller, module: null, source: null, inline: false } : null;
}

function finish(building: Building): StackFinding | null {
  if (building.kind === 'ignored') return null;
  // `?` frames after the last reliable one: the unwinder's guesses past the chain's end, no part of it.
  let end = building.frames.length;
  while (end > 0 && building.frames[end - 1]!.unreliable) end--;
  const chain = building.frames.slice(0, end);
  const frames = building.lastCaller ? [...chain, building.lastCaller] : chain;
  const reliable = building.reliable + (building.lastCaller ? 1 : 0);
  if (building.kind === 'headerless' && reliable < 2 && !building.selfEvident) return null;
  let truncated = building.truncated;
  const all: StackFrameFinding[] = [];
  if (building.fault) {
    all.push(building.fault);
    if (reliable === 0) {
      // The trace after the fault line is missing: the reporter cut it (or the log lost it).
      truncated = true;
      if (building.link && building.link.function !== building.fault.function) all.push(building.link);
    }
  }
  // arm64 repeats the faulting function as the trace's first frame.
  const first = frames.find((frame) => !frame.unreliable);
  for (const frame of frames) {
    if (frame === first && building.fault && frame.function === building.fault.function) continue;
    all.push(frame);
  }
  if (building.header && reliable === 0) truncated = true;
  if (all.length === 0) return null;
  return { frames: all, truncated, line: building.line };
}
