import { canonicalizeLogLine, readLogLines, splitLines } from '../extract/index.js';
import type { BugReport, Evidence, Facts, ReportPart } from '../model.js';

/** A kernel log line of the report as matching sees it. */
export interface ReportLine {
  /** The message as written (prefixes removed): what `regex` signatures are matched against. */
  text: string;
  /** Its canonical form: what `log` signatures are found in. */
  canonical: string;
  evidence: Evidence;
  /** Report order for ranking: the error signatures first (root cause first), then every other line. */
  order: number;
}

/** Where the other log lines start in `order`, after error signatures and crashes. */
export const OTHER_LINES_ORDER = 1_000_000;

/**
 * The report's error and warning lines, from the facts, in their root-cause order.
 *
 * @example
 * signatureLines(facts)[0]?.canonical // => 'device-mapper: space map common: unable to decrement a reference count below <N>'
 */
export function signatureLines(facts: Facts): ReportLine[] {
  return facts.signatures.map((s, order) => ({ text: s.text, canonical: s.canonical, evidence: s.evidence, order }));
}

/**
 * Every kernel log line of the report that is not already an error signature: rules may name
 * informational lines (`BUG bt_work (...): Objects remaining ...`, stack frames) and `regex`
 * signatures are matched against every line. One entry per distinct canonical line (its first
 * occurrence); bot comments are skipped (ktriage's own comment quotes the report back).
 *
 * @example
 * readReportLines(report, signatureLines(facts)).length // => log lines beyond the error signatures
 */
export function readReportLines(report: BugReport, known: readonly ReportLine[]): ReportLine[] {
  const seen = new Set(known.map((line) => line.canonical));
  // Logs repeat messages; canonicalise each distinct message once.
  const messages = new Set(known.map((line) => line.text));
  const lines: ReportLine[] = [];
  const read = (part: ReportPart, index: number, text: string | null | undefined): void => {
    if (typeof text !== 'string' || text.length === 0) return;
    for (const log of readLogLines(text, splitLines(text))) {
      if (messages.has(log.message)) continue;
      messages.add(log.message);
      const canonical = canonicalizeLogLine(log.message);
      if (canonical.length === 0 || seen.has(canonical)) continue;
      seen.add(canonical);
      lines.push({
        text: log.message,
        canonical,
        evidence: { part, index, line: log.line, start: log.start, end: log.end, quote: log.quote },
        order: OTHER_LINES_ORDER + lines.length,
      });
    }
  };
  read('title', 0, report.title);
  read('body', 0, report.body);
  (report.attachments ?? []).forEach((attachment, i) => read('attachment', i, attachment.text));
  (report.comments ?? []).forEach((comment, i) => {
    if (!comment.isBot) read('comment', i, comment.text);
  });
  return lines;
}
