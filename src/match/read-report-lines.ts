import { canonicalizeLogLine, type PartLogLines } from '../extract/index.js';
import type { Evidence, Facts } from '../model.js';

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
 * occurrence). `lines` are the log lines extraction read (extractFactsAndLines), so the report is
 * not read twice; bot comments are not among them (ktriage's own comment quotes the report back).
 *
 * @example
 * const { facts, lines } = extractFactsAndLines(report, vocabulary);
 * otherReportLines(lines, signatureLines(facts)).length // => log lines beyond the error signatures
 */
export function otherReportLines(lines: readonly PartLogLines[], known: readonly ReportLine[]): ReportLine[] {
  const seen = new Set(known.map((line) => line.canonical));
  // Logs repeat messages; canonicalise each distinct message once.
  const messages = new Set(known.map((line) => line.text));
  const found: ReportLine[] = [];
  for (const { part, index, logLines } of lines) {
    for (const log of logLines) {
      if (messages.has(log.message)) continue;
      messages.add(log.message);
      const canonical = canonicalizeLogLine(log.message);
      if (canonical.length === 0 || seen.has(canonical)) continue;
      seen.add(canonical);
      found.push({
        text: log.message,
        canonical,
        evidence: { part, index, line: log.line, start: log.start, end: log.end, quote: log.quote },
        order: OTHER_LINES_ORDER + found.length,
      });
    }
  }
  return found;
}

/**
 * The lines matching searches: the error signatures (root cause first), then every other log line.
 *
 * @example
 * const { facts, lines } = extractFactsAndLines(report, vocabulary);
 * evaluateRules(facts, compiled, reportLines(facts, lines))
 */
export function reportLines(facts: Facts, lines: readonly PartLogLines[]): ReportLine[] {
  const known = signatureLines(facts);
  return [...known, ...otherReportLines(lines, known)];
}
