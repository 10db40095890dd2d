/**
 * One crash report out of kernel console lines: where it starts, which lines belong to it, its
 * title, guilty frame and whether the log is corrupted. A TypeScript re-creation of the design of
 * syzkaller's pkg/report (linux.go, report.go); the knowledge lives in the tables of
 * oops-formats.ts and stack-params.ts, this file only walks them.
 *
 * Linear time: every regex runs on one line of bounded length, a report is cut at MAX_REPORT_LINES,
 * and title search stops at the first line where a title matches.
 */
import type { CrashReport } from '../../model.js';
import { compilePattern } from './compile-pattern.js';
import { demangleSymbol } from './demangle-symbol.js';
import {
  INFO_MESSAGES_WITH_STACK,
  OOPS_KINDS,
  PARSE_STACK,
  REPORT_START_IGNORES,
  type FrameExtractorName,
  type OopsFormat,
  type OopsKind,
} from './oops-formats.js';
import type { ConsoleLines } from './read-console-lines.js';
import { isCutMarker } from './frame-shapes.js';
import { readFrameLine, type FrameLine } from './read-frame-line.js';
import { sanitizeTitle } from './sanitize-title.js';
import {
  CORRUPTED_FRAMES,
  CORRUPTED_LINES,
  HANG_ANCHORS,
  HANG_SKIP,
  RISCV_STACK_START,
  SKIP_PATTERNS,
  STACK_START_RES,
  STALL_ANCHOR_FRAMES,
  STRIP_FRAME_PREFIXES,
} from './stack-params.js';
import { titleToType } from './title-to-type.js';

/** A crash as the model names it (title, alt, type, frame, corrupted), plus where it starts. */
export interface ParsedCrash extends Omit<CrashReport, 'evidence'> {
  /** Index into the console lines of the oops header line. */
  headerIndex: number;
  /**
   * Whether the title came from a known format (else it is the header line itself) or the report
   * holds a stack trace: without either, an untimestamped line is likely not a kernel oops.
   */
  recognised: boolean;
}

/** Lines of one report considered at most; real reports are a few hundred lines. */
const MAX_REPORT_LINES = 6000;

// ---------------------------------------------------------------------------------------------
// Compiled tables
// ---------------------------------------------------------------------------------------------

interface CompiledStack {
  /** null = parse a stack trace from here. */
  parts: Array<RegExp | null>;
  parts2: Array<RegExp | null> | null;
  skip: FrameSkip;
  extractor: FrameExtractorName | null;
  fallback: number | null;
}

interface CompiledFormat {
  spec: OopsFormat;
  title: RegExp[];
  report: RegExp[] | null;
  stack: CompiledStack | null;
}

interface CompiledKind {
  header: string;
  formats: CompiledFormat[];
  suppressions: RegExp[];
}

/** The skip list of one format, remembering its verdicts: the same frames recur in every report. */
class FrameSkip {
  private readonly verdicts = new Map<string, boolean>();
  constructor(private readonly pattern: RegExp) {}

  test(frame: string): boolean {
    let verdict = this.verdicts.get(frame);
    if (verdict === undefined) {
      verdict = this.pattern.test(frame);
      if (this.verdicts.size > 20_000) this.verdicts.clear();
      this.verdicts.set(frame, verdict);
    }
    return verdict;
  }
}

function compileParts(parts: string[]): Array<RegExp | null> {
  return parts.map((part) => (part === PARSE_STACK ? null : compilePattern(part)));
}

function compileFormat(spec: OopsFormat): CompiledFormat {
  const stack = spec.stack;
  return {
    spec,
    title: spec.title.map((step) => compilePattern(step)),
    report: spec.report ? spec.report.map((step) => compilePattern(step)) : null,
    stack: stack
      ? {
          parts: compileParts(stack.parts),
          parts2: stack.parts2 ? compileParts(stack.parts2) : null,
          skip: new FrameSkip(new RegExp([...SKIP_PATTERNS, ...(stack.skip ?? [])].join('|'))),
          extractor: stack.extractor ?? null,
          fallback: stack.fallback ?? null,
        }
      : null,
  };
}

const KINDS: CompiledKind[] = OOPS_KINDS.map((kind: OopsKind) => ({
  header: kind.header,
  formats: kind.formats.map(compileFormat),
  suppressions: kind.suppressions.map((source) => compilePattern(source)),
}));

const START_IGNORES = REPORT_START_IGNORES.map((source) => compilePattern(source));

const CONSOLE_PREFIX = /^(?:\*\* [0-9]+ printk messages dropped \*\* )?(?:.* login: )?(?:<[0-9]+>)?\[ *[0-9]+\.[0-9]+\](\[ *(?:C|T)[0-9]+\])? /;
const CONSOLE_PREFIX_NO_LOGIN = /^(?:\*\* [0-9]+ printk messages dropped \*\* )?(?:<[0-9]+>)?\[ *[0-9]+\.[0-9]+\](\[ *(?:C|T)[0-9]+\])? /;
const CPU_CONTEXT = /\[ *C[0-9]+\]/;
const QUESTIONABLE_FRAME = /(\[<[0-9a-f]+>\])? \? /;
const CONSOLE = 'console';
const CORRUPTED_TITLES = [/\[ *[0-9]+\.[0-9]+\]/];
const REPORT_FRAME = /.* in ((?:<[a-zA-Z0-9_: ]+>)?[a-zA-Z0-9_:]+)/;
const NO_FRAMES = 'extracted no frames';

// ---------------------------------------------------------------------------------------------
// Finding reports
// ---------------------------------------------------------------------------------------------

/** Any header at all: one pass over the line before the per-kind checks (most lines have none). */
const ANY_HEADER = new RegExp(KINDS.map((kind) => kind.header.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));

function matchKind(line: string): CompiledKind | null {
  if (!ANY_HEADER.test(line)) return null;
  for (const kind of KINDS) {
    if (!line.includes(kind.header)) continue;
    if (kind.suppressions.some((re) => re.test(line))) continue;
    return kind;
  }
  return null;
}

/**
 * A report's prose may name an oops ("I hit a \"BUG: sleeping function called\" error",
 * "X <--- BUG: here"). A console line without a timestamp only counts when the header starts the
 * message or follows a console label ("Oops: ", "Internal error: Oops - "), never after quotes,
 * arrows or a sentence.
 */
function isProse(line: string, header: string): boolean {
  if (CONSOLE_PREFIX.test(line)) return false;
  const before = line.slice(0, line.indexOf(header)).trim();
  if (before === '') return false;
  return /["'`\u201c\u201d]|<--|-->/.test(before) || /(?:^|\s)[a-z]+$/.test(before);
}

/** The first oops header at or after line `from`: its kind and line index. */
export function findOops(lines: ConsoleLines, from: number): { kind: CompiledKind; index: number } | null {
  for (let i = from; i < lines.length; i++) {
    const line = lines.text(i);
    const kind = matchKind(line);
    if (kind && !isProse(line, kind.header)) return { kind, index: i };
  }
  return null;
}

/** The printk context of a line: "" (no timestamp), "console" (timestamp only) or "[T123]"/"[C1]". */
function extractContext(line: string): string {
  // The login-prompt form needs a scan of the whole line; most lines cannot have it.
  const match = (line.includes(' login: ') ? CONSOLE_PREFIX : CONSOLE_PREFIX_NO_LOGIN).exec(line);
  if (!match) return '';
  return match[1] ?? CONSOLE;
}

/** The line without its console prefix, and whether it is a `? func+0x..` frame the unwinder was unsure of. */
function stripLinePrefix(line: string, context: string): [string, boolean] {
  if (context === '') return [line, false];
  const rest = line.slice(line.indexOf('] ') + 2);
  if (!rest.includes('<EOI>')) {
    if (QUESTIONABLE_FRAME.test(rest)) return [rest.slice(rest.indexOf(' ? ') + 2), true];
    if (rest.endsWith(' (unreliable)')) return [rest.slice(0, -13), true];
  }
  return [rest, false];
}

interface ReportLines {
  lines: string[];
  /** Lines before a second report started (the title is taken from these). */
  reportEnd: number;
}

/**
 * The lines of the report starting at `start`: same printk context only (other tasks' lines are
 * interleaved noise), no unreliable frames, and without the panic/lockdep tail that a long report
 * triggers.
 */
function collectReport(lines: ConsoleLines, start: number): ReportLines {
  const oopsLine = lines.text(start);
  const context = extractContext(oopsLine);
  const minLines = oopsLine.includes('BUG: KMSAN:') ? 16 : 22;
  const report: string[] = [];
  let reportEnd = 0;
  let secondReport = false;
  let textLines = 0;
  let skipText = false;
  let cpuTraceback = false;
  const last = Math.min(lines.length, start + MAX_REPORT_LINES);
  const sameOops = repeatKey(stripLinePrefix(oopsLine, context)[0]);
  for (let i = start; i < last; i++) {
    const line = lines.text(i);
    const context1 = extractContext(line);
    const [stripped, questionable] = stripLinePrefix(line, context1);
    const isOopsLine = i === start;
    if (!isOopsLine && !secondReport) {
      if (INFO_MESSAGES_WITH_STACK.some((message) => line.includes(message))) secondReport = true;
      else if (matchKind(line) && !START_IGNORES.some((re) => re.test(line)) && !(sameOops && line.includes(sameOops))) secondReport = true;
    }
    // A reporter's cut (`<snip>`) has no console prefix but belongs to the report it cuts.
    const reporterCut = context1 === '' && context !== '' && isCutMarker(line);
    if (!isOopsLine && !reporterCut && (questionable || (context1 !== context && (!cpuTraceback || !CPU_CONTEXT.test(context1))))) continue;
    textLines++;
    let skipLine = skipText;
    if (line.includes('Disabling lock debugging due to kernel taint')) {
      skipLine = true;
    } else if (line.includes('Sending NMI from CPU')) {
      // A traceback of all CPUs follows: keep other CPUs' lines.
      cpuTraceback = true;
    } else if (
      (line.includes('Kernel panic - not syncing') || line.includes('WARNING: possible circular locking dependency detected')) &&
      textLines > minLines
    ) {
      // panic_on_warn panics and lockdep splats caused by the oops printing itself repeat what
      // the report already holds; once there is enough of the report, the rest is dropped.
      skipText = true;
      skipLine = true;
    }
    if (!isOopsLine && skipLine) continue;
    report.push(stripped);
    if (!secondReport || (context !== '' && context !== CONSOLE)) reportEnd = report.length;
  }
  return { lines: report, reportEnd };
}

/**
 * The header up to its source location ("WARNING: fs/x.c:12 at"): a symbolized report repeats the
 * header once per inlined function, and those repeats are the same oops, not a second report.
 */
function repeatKey(header: string): string | null {
  // A symbolized header naming an inlined function ("BUG: KASAN: use-after-free in f
  // include/linux/list.h:132 [inline]") is repeated once per inlining level with a different
  // function: everything up to the function is the key.
  const inline = INLINE_HEADER.exec(header);
  if (inline) return inline[1]!;
  const match = SOURCE_LOCATION.exec(header);
  return match ? header.slice(0, match.index + match[0].length) : null;
}

const INLINE_HEADER = /^(.*? in )[a-zA-Z0-9_.]+ [a-zA-Z0-9_\-/.]+\.[ch]:[0-9]+ \[inline\]\s*$/;

const SOURCE_LOCATION = /[a-zA-Z0-9_\-/.]+\.[ch]:[0-9]+/;

// ---------------------------------------------------------------------------------------------
// Titles
// ---------------------------------------------------------------------------------------------

interface StepMatch {
  line: number;
  column: number;
  captures: string[];
}

/** Steps matched in turn: the first on line `first`, each later one on a later line. */
function matchStepsAt(steps: RegExp[], lines: string[], first: number, firstMatch: RegExpExecArray): StepMatch | null {
  const captures = firstMatch.slice(1).map((value) => value ?? '');
  let at = first;
  for (let s = 1; s < steps.length; s++) {
    let found = -1;
    for (let i = at + 1; i < lines.length; i++) {
      const match = steps[s]!.exec(lines[i]!);
      if (match) {
        captures.push(...match.slice(1).map((value) => value ?? ''));
        found = i;
        break;
      }
    }
    if (found === -1) return null;
    at = found;
  }
  return { line: first, column: firstMatch.index, captures };
}

/** The leftmost match of the steps in the lines (a few candidate starts at most: linear time). */
function matchSteps(steps: RegExp[], lines: string[], candidates: number[]): StepMatch | null {
  let tries = 0;
  for (const i of candidates) {
    const match = steps[0]!.exec(lines[i]!);
    if (!match) continue;
    const full = matchStepsAt(steps, lines, i, match);
    if (full) return full;
    if (++tries >= 3) return null;
  }
  return null;
}

interface Frame {
  canonical: string;
  raw: string;
}

interface Description {
  title: string;
  alt: string[];
  corrupted: string;
  format: CompiledFormat | null;
}

function allIndexes(length: number): number[] {
  return Array.from({ length }, (_, i) => i);
}

/**
 * The title of the report: the format whose title matches earliest wins (table order breaks ties);
 * its report steps must match too, and its stack must give a frame, else the report is corrupted.
 */
function describe(lines: string[], kind: CompiledKind): Description {
  // Every title begins with its kind's header, so only header lines can start one.
  const headerLines: number[] = [];
  for (let i = 0; i < lines.length; i++) if (lines[i]!.includes(kind.header)) headerLines.push(i);

  let best: { line: number; column: number } | null = null;
  let atBest: Array<{ format: CompiledFormat; match: StepMatch }> = [];
  for (const i of headerLines) {
    for (const format of kind.formats) {
      const first = format.title[0]!.exec(lines[i]!);
      if (!first) continue;
      const match = matchStepsAt(format.title, lines, i, first);
      if (!match) continue;
      if (!best || match.column < best.column) {
        best = { line: i, column: match.column };
        atBest = [{ format, match }];
      } else if (match.column === best.column) {
        atBest.push({ format, match });
      }
    }
    if (best) break;
  }

  const candidates = allIndexes(lines.length);
  for (const { format, match } of atBest) {
    let args = match;
    if (format.report) {
      const reportMatch = matchSteps(format.report, lines, candidates);
      if (!reportMatch) continue;
      args = reportMatch;
    }
    let frames: Frame[] = [];
    let corrupted = '';
    if (format.stack) {
      const from = [lines[args.line]!.slice(args.column), ...lines.slice(args.line + 1)];
      const extracted = extractStackFrames(format.stack, from);
      frames = extracted.frames;
      if (!extracted.ok) corrupted = NO_FRAMES;
      const fallback = format.stack.fallback ? args.captures[format.stack.fallback - 1] : undefined;
      if (!extracted.ok && fallback && !format.stack.skip.test(fallback) && !from.some((line) => titleFrame(line) || STACK_START_RES.some((re) => re.test(line)))) {
        // The log lost the trace, but the header names the function: that is the guilty frame.
        frames = frames.map((frame) => (frame.canonical === 'corrupted' ? { canonical: stripFrame(fallback), raw: fallback } : frame));
        corrupted = '';
      }
    }
    const argList = [...args.captures, ...frames.map((frame) => frame.canonical)];
    const title = formatTitle(format.spec.fmt, argList);
    const alt: string[] = [];
    for (const altFmt of format.spec.alt ?? []) alt.push(formatTitle(altFmt, argList));
    for (const partial of partiallyStrippedArgs(args.captures, frames)) {
      const altTitle = formatTitle(format.spec.fmt, partial);
      if (altTitle !== title) alt.push(altTitle);
      for (const altFmt of format.spec.alt ?? []) alt.push(formatTitle(altFmt, partial));
    }
    if (!corrupted && format.spec.corrupted) corrupted = 'report format is marked as corrupted';
    return { title, alt: [...new Set(alt)], corrupted, format };
  }

  // A title matched but not its report, or nothing matched: the header line itself is the title.
  const headerLine = lines.find((line) => line.includes(kind.header)) ?? lines[0] ?? '';
  const title = headerLine.slice(Math.max(0, headerLine.indexOf(kind.header)));
  return { title, alt: [], corrupted: best ? 'matched title but not report regexp' : '', format: null };
}

function formatTitle(fmt: string, args: string[]): string {
  return fmt.replace(/\{(\d+)\}/g, (_, n: string) => args[Number(n) - 1] ?? '');
}

/** Alternative argument lists: raw frames, and frames with each syscall prefix stripped alone. */
function partiallyStrippedArgs(captures: string[], frames: Frame[]): string[][] {
  const result: string[][] = [];
  for (let i = 0; i <= STRIP_FRAME_PREFIXES.length; i++) {
    const prefix = i === 0 ? '' : STRIP_FRAME_PREFIXES[i - 1]!;
    let add = i === 0;
    const list = frames.map((frame) => {
      if (prefix && frame.raw.startsWith(prefix)) {
        add = true;
        return frame.raw.slice(prefix.length);
      }
      return frame.raw;
    });
    if (add) result.push([...captures, ...list]);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Guilty frames
// ---------------------------------------------------------------------------------------------

function stripFrame(frame: string): string {
  let best = frame;
  for (const prefix of STRIP_FRAME_PREFIXES) {
    if (frame.startsWith(prefix) && frame.length - prefix.length < best.length) best = frame.slice(prefix.length);
  }
  return best;
}

/**
 * `cut`: index of the first frame after a reporter's cut (`<snip>`), null for a whole trace. When
 * the cut took the frames above the dispatch point (or the dispatch point itself), the last frame
 * before the cut is the closest to it that is left.
 */
function stallFrame(frames: string[], cut: number | null): [string, number] {
  let previous = frames[0]!;
  let previousIndex = 0;
  for (let i = 0; i < frames.length; i++) {
    const frame = frames[i]!;
    if (STALL_ANCHOR_FRAMES.some((re) => re.test(frame))) {
      // smp_call_function has several variants below it; the dispatcher itself names the bug.
      if (frame.includes('smp_call_function')) return ['smp_call_function', i];
      if (cut !== null && cut > 0 && i === cut) return [frames[cut - 1]!, cut - 1];
      return [previous, previousIndex];
    }
    previous = frame;
    previousIndex = i;
  }
  if (cut !== null && cut > 0 && cut <= frames.length) return [frames[cut - 1]!, cut - 1];
  return ['', -1];
}

function hangFrame(frames: string[]): [string, number] {
  for (let i = 0; i < frames.length; i++) {
    for (const [anchor, replacement] of HANG_ANCHORS) {
      if (frames[i]!.includes(anchor)) return [replacement ?? frames[i]!, i];
    }
  }
  for (let i = 0; i < frames.length; i++) {
    if (!HANG_SKIP.some((skip) => frames[i]!.includes(skip))) return [frames[i]!, i];
  }
  return ['', -1];
}

function pickFrame(rawFrames: string[], extractor: FrameExtractorName | null, cut: number | null): Frame | null {
  if (rawFrames.length === 0) return null;
  const stripped = rawFrames.map(stripFrame);
  if (!extractor) return { canonical: stripped[0]!, raw: rawFrames[0]! };
  const [frame, index] = extractor === 'stall' ? stallFrame(stripped, cut) : hangFrame(stripped);
  return frame ? { canonical: frame, raw: rawFrames[index]! } : null;
}

function appendFrames(frames: string[], match: RegExpExecArray | null, skip: FrameSkip): void {
  if (!match) return;
  for (let g = 1; g < match.length; g++) {
    const symbol = match[g];
    if (symbol === undefined) continue;
    appendFrame(frames, symbol.startsWith('_R') || symbol.startsWith('_Z') ? demangleSymbol(symbol) : symbol, skip);
  }
}

/** A fault-injection frame: its stack is intermixed with the report (see CORRUPTED_LINES). */
function isCorruptingLine(line: string): boolean {
  if (CORRUPTED_LINES.some((re) => re.test(line))) return true;
  const frame = line.includes('should_fail') ? readFrameLine(line) : null;
  return frame !== null && CORRUPTED_FRAMES.some((re) => re.test(frame.function));
}

function appendFrame(frames: string[], frame: string, skip: FrameSkip): void {
  if (!skip.test(frame)) frames.push(frame);
}

/**
 * A call trace line as a title reads it: through the frame parser Facts.stacks uses, without
 * frames the unwinder was unsure of and without inlined frames (an inlined helper never names a
 * bug: its caller does).
 */
function titleFrame(line: string): FrameLine | null {
  const frame = readFrameLine(line);
  return frame && frame.role === 'frame' && frame.titles && !frame.unsure && !frame.inline ? frame : null;
}

function extractStackFrames(stack: CompiledStack, lines: string[]): { frames: Frame[]; ok: boolean } {
  const first = extractStackFramesWith(stack, stack.parts, lines);
  if (first.ok || !stack.parts2) return first;
  return extractStackFramesWith(stack, stack.parts2, lines);
}

function extractStackFramesWith(stack: CompiledStack, parts: Array<RegExp | null>, lines: string[]): { frames: Frame[]; ok: boolean } {
  const results: Frame[] = [];
  let rawFrames: string[] = [];
  // Where the reporter cut the trace (index of the first frame after the cut), for the stall extractor.
  let cut: number | null = null;
  let ok = true;
  let numStackTraces = 0;
  let cursor = 0;
  for (let partIndex = 0; ; partIndex++) {
    if (partIndex === parts.length || (parts[partIndex] === null && numStackTraces > 0)) {
      const frame = pickFrame(rawFrames, stack.extractor, cut);
      if (frame) {
        results.push(frame);
      } else {
        results.push({ canonical: 'corrupted', raw: 'corrupted' });
        ok = false;
      }
      rawFrames = [];
      cut = null;
    }
    if (partIndex === parts.length) break;
    const part = parts[partIndex];
    if (part === null) {
      numStackTraces++;
      while (cursor < lines.length) {
        const line = lines[cursor++]!;
        if (isCorruptingLine(line)) {
          ok = false;
          break;
        }
        if (STACK_START_RES.some((re) => re.test(line))) break;
        if (partIndex !== parts.length - 1) {
          const next = parts[partIndex + 1];
          const match = next ? next.exec(line) : null;
          if (match) {
            appendFrames(rawFrames, match, stack.skip);
            partIndex++;
            break;
          }
        }
        if (cut === null && isCutMarker(line)) cut = rawFrames.length;
        const frame = titleFrame(line);
        if (frame) {
          appendFrame(rawFrames, frame.function, stack.skip);
          if (frame.caller) appendFrame(rawFrames, frame.caller, stack.skip);
        }
      }
    } else {
      while (cursor < lines.length) {
        const line = lines[cursor++]!;
        if (isCorruptingLine(line)) {
          ok = false;
          break;
        }
        const match = part!.exec(line);
        if (!match) continue;
        appendFrames(rawFrames, match, stack.skip);
        break;
      }
    }
  }
  return { frames: results, ok };
}

// ---------------------------------------------------------------------------------------------
// Corruption
// ---------------------------------------------------------------------------------------------

function isCorrupted(title: string, lines: string[], format: CompiledFormat | null): string {
  if (CORRUPTED_TITLES.some((re) => re.test(title))) return 'title matches corrupted regexp';
  if (!format || format.spec.noStackTrace) return '';
  // Each stack trace keyword must be followed by at least one frame within a few lines.
  let hasStackTrace = false;
  for (const key of STACK_START_RES) {
    const at = lines.findIndex((line) => key.test(line));
    if (at === -1) continue;
    const keyLine = lines[at]!;
    const match = key.exec(keyLine)!;
    const frames = [keyLine.slice(match.index), ...lines.slice(at + 1, at + 17)];
    if (lines.length - at < 3) return 'call trace is missed';
    let corrupted = true;
    for (let i = 1; i < 16 && i < frames.length; i++) {
      const frame = frames[i]!;
      if (STACK_START_RES.some((re) => re.test(frame))) break;
      if (frame.includes('(stack is not available)') || titleFrame(frame)) {
        hasStackTrace = true;
        corrupted = false;
        break;
      }
    }
    if (corrupted && key !== RISCV_STACK_START) return 'no frames in a stack trace';
  }
  return hasStackTrace ? '' : 'no stack trace in report';
}

// ---------------------------------------------------------------------------------------------
// Entry
// ---------------------------------------------------------------------------------------------

/** The crash whose header is console line `start` (found by findOops). */
export function parseCrashAt(lines: ConsoleLines, start: number, kind: CompiledKind, vmDisconnected: boolean): ParsedCrash {
  const report = collectReport(lines, start);
  let description = describe(report.lines.slice(0, Math.max(1, report.reportEnd)), kind);
  let reportLines = report.lines;
  if (!description.title) {
    reportLines = [];
    for (let i = start; i < Math.min(lines.length, start + MAX_REPORT_LINES); i++) reportLines.push(lines.text(i));
    description = describe(reportLines, kind);
  }
  let corrupted = description.corrupted;
  if (!corrupted) corrupted = isCorrupted(description.title, reportLines, description.format);
  if (vmDisconnected && !corrupted) corrupted = 'console connection lost';
  const type = titleToType(description.title);
  const title = sanitizeTitle(description.title);
  const frameMatch = REPORT_FRAME.exec(title);
  return {
    title,
    alt: [...new Set(description.alt.map(sanitizeTitle))],
    type,
    // "in corrupted" names no frame: the model's frame is null when unknown.
    frame: frameMatch && frameMatch[1] !== 'corrupted' ? frameMatch[1]! : null,
    corrupted: corrupted !== '',
    corruptedReason: corrupted || null,
    headerIndex: start,
    // A header no format knows is a crash only when a stack trace follows it before another
    // report starts: "INFO: security flavor 390004 is not supported" is a console line, and
    // "general protection fault in X and another use-after-free" a sentence, not oopses.
    // INFO: lines are informational by name: only a format or a trace makes one an oops.
    recognised:
      description.format !== null ||
      (extractContext(lines.text(start)) !== '' && kind.header !== 'INFO:') ||
      report.lines.slice(0, Math.max(1, report.reportEnd)).some((line) => STACK_START_RES.some((re) => re.test(line))),
  };
}

/** Whether an oops header line can start a report of its own (a panic after a BUG does not). */
export function startsOwnReport(line: string): boolean {
  return !START_IGNORES.some((re) => re.test(line));
}

