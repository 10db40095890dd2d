import type { BugReport, CrashReport, FactDefinition, Facts, ReportPart, StackTrace } from '../model.js';
import { extractCrashesAndStacks } from './crash/index.js';
import { extractBisect } from './extract-bisect.js';
import { extractConfigFacts } from './extract-config-facts.js';
import { extractKernelVersions } from './extract-kernel-versions.js';
import { extractSignatures } from './extract-signatures.js';
import { findMissingInfo } from './find-missing-info.js';
import { readLogLines, type LogLine } from './read-log-lines.js';
import { segmentReport, type ReportText } from './segment-report.js';

/**
 * Turn a bug report into typed, evidence-carrying facts: kernel versions with roles, error
 * signatures (root cause first), configuration facts from the vocabulary (rules/facts.yml), crash
 * titles, and what information is missing. Pure and total: any input, however hostile, gives Facts;
 * every piece of evidence points into the report part it came from.
 *
 * Steps: 1. segment the report (quotes, code fences, bot comments); 2. kernel versions; 3. log
 * signatures; 4. configuration facts; 5. crashes and their call traces; 6. missing information;
 * 7. bisect results.
 *
 * @example
 * const facts = extractFacts(report, vocabulary);
 * facts.kernel.running?.version.raw // => '3.12.6'
 * facts.config.discards             // => { value: false, history: [{ value: true, ... }, { value: false, ... }], ... }
 */
export function extractFacts(report: BugReport, vocabulary: readonly FactDefinition[]): Facts {
  return extractFactsAndLines(report, vocabulary).facts;
}

/** The kernel log lines of one text of the report (title, body, a comment, an attachment). */
export interface PartLogLines {
  part: ReportPart;
  /** Index into comments/attachments; 0 for title and body. */
  index: number;
  /** In text order, quoted lines included (LogLine.quoteDepth). */
  logLines: readonly LogLine[];
}

export interface FactsAndLines {
  facts: Facts;
  /**
   * Every kernel log line of the report, part by part in report order (title, body, attachments,
   * comments; bot comments skipped): what matching searches besides the error signatures, read once
   * with the facts instead of a second time.
   */
  lines: PartLogLines[];
  /**
   * The report's words in prose: its title and its authors' sentences (quotes, code and log lines
   * excluded), in report order: what a report without a matching log is compared by (TF-IDF).
   */
  prose: string[];
}

/**
 * extractFacts, also returning the report's kernel log lines it read on the way (matching searches
 * every log line, not only the error signatures). The facts are exactly extractFacts' facts.
 *
 * @example
 * const { facts, lines } = extractFactsAndLines(report, vocabulary);
 * lines.find((p) => p.part === 'body')?.logLines[0]?.message
 * // => 'device-mapper: space map common: unable to decrement a reference count below 0'
 */
export function extractFactsAndLines(report: BugReport, vocabulary: readonly FactDefinition[]): FactsAndLines {
  const texts = segmentReport(report);
  const kernel = extractKernelVersions(texts, report);
  const signatures = extractSignatures(texts);
  const config = extractConfigFacts(texts, vocabulary);
  const { crashes, stacks } = findCrashes(texts);
  const missing = findMissingInfo(texts, kernel, Object.keys(config).length, crashes.length);
  const facts: Facts = { kernel, signatures, config, missing, crash: crashes[0] ?? null, crashes, stacks, bisect: extractBisect(texts) };
  // Extraction drops bare messages from the title (a summary that starts like one); a rule may
  // still name the title's line, so matching gets the title read in full (one line: no cost).
  const lines = texts.map((text) => ({ part: text.part, index: text.index, logLines: text.part === 'title' ? readLogLines(text.text, text.lines) : text.logLines }));
  const prose = texts.flatMap((text) => (text.part === 'title' ? [text.text] : text.sentences.map((sentence) => sentence.text)));
  return { facts, lines, prose };
}

/**
 * Every distinct crash title in report order, each with evidence in its own part, and every call
 * trace linked to its crash. A trace quoted again later (a reply quoting the log) is listed once.
 */
function findCrashes(texts: readonly ReportText[]): { crashes: CrashReport[]; stacks: StackTrace[] } {
  const crashes: CrashReport[] = [];
  const found: Array<{ title: string | null; stack: Omit<StackTrace, 'crashIndex'> }> = [];
  const seen = new Set<string>();
  const seenStacks = new Set<string>();
  for (const text of texts) {
    if (text.part === 'title') continue;
    // The text's lines, line counters and host prefixes as segmentReport read them (not read again).
    const result = extractCrashesAndStacks(text.text, text.lines, text.counters, text.hostPrefixes);
    for (const finding of result.crashes) {
      if (seen.has(finding.title)) continue;
      seen.add(finding.title);
      const { line, start, end, quote, ...crash } = finding;
      crashes.push({ ...crash, evidence: { part: text.part, index: text.index, line, start, end, quote } });
    }
    for (const stack of result.stacks) {
      const title = stack.crash === null ? null : result.crashes[stack.crash]!.title;
      // The chain itself is the key: a reply that quotes the trace without its `?` lines quotes the same trace.
      const key = `${title ?? ''}\n${stack.locks ? 'locks: ' : ''}${stack.frames.flatMap((frame) => (frame.unreliable ? [] : [frame.function])).join(' ')}`;
      if (seenStacks.has(key)) continue;
      seenStacks.add(key);
      const frames = stack.frames.map(({ line, start, end, quote, ...frame }) => ({ ...frame, evidence: { part: text.part, index: text.index, line, start, end, quote } }));
      found.push({ title, stack: { truncated: stack.truncated, frames, ...(stack.locks ? { locks: true as const } : {}) } });
    }
  }
  // A cut oops in the description and the same oops whole in a later comment (or attachment): the
  // whole one names the report, as within one text.
  const first = crashes[0];
  if (first?.corrupted) {
    const kind = (title: string): string => title.replace(/ in \S+$/, '');
    const whole = crashes.findIndex((crash) => !crash.corrupted && kind(crash.title) === kind(first.title));
    if (whole > 0) crashes.unshift(...crashes.splice(whole, 1));
  }
  const stacks = found.map(({ title, stack }) => {
    const index = title === null ? -1 : crashes.findIndex((crash) => crash.title === title);
    return { ...stack, crashIndex: index === -1 ? null : index };
  });
  return { crashes, stacks };
}
