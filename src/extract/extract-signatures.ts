import type { LogSignature } from '../model.js';
import { canonicalizeLogLine } from './canonicalize-log-line.js';
import { findSeverity, findSubsystem } from './kernel-message-table.js';
import type { ReportText } from './segment-report.js';

/** A report keeps at most this many distinct signatures (a 1 MB log can have thousands). */
const MAX_SIGNATURES = 200;
/** Distinct messages remembered for canonicalisation. */
const MAX_MEMO = 20_000;
/** Signature text is cut here: no kernel message is longer, a hostile one may be. */
const MAX_TEXT = 1024;

/**
 * The error and warning lines of a report's kernel logs, one per canonical form, with a count and
 * the first occurrence as evidence. Ordered root cause first: by storage-stack tier (devices,
 * device-mapper and md metadata; then filesystems and journals; then the generic block/page-cache
 * messages every lower failure produces), then by first occurrence. Quoted lines repeat earlier
 * ones and are not counted.
 *
 * @example
 * extractSignatures(segmentReport(report)).map((s) => s.canonical)
 * // => ['device-mapper: space map common: unable to decrement a reference count below <N>',
 * //     'device-mapper: thin: <DEV>: dm_thin_insert_block() failed: error = -22', ...]
 */
export function extractSignatures(texts: readonly ReportText[]): LogSignature[] {
  const byCanonical = new Map<string, { signature: LogSignature; tier: number; order: number }>();
  const canonicalOf = new Map<string, string>();
  let order = 0;
  for (const text of texts) {
    for (const log of text.logLines) {
      if (log.quoteDepth > 0) continue;
      const severity = findSeverity(log.message.slice(0, MAX_TEXT));
      if (!severity) continue;
      // Logs repeat lines: canonicalise each distinct message once.
      let canonical = canonicalOf.get(log.message);
      if (canonical === undefined) {
        canonical = canonicalizeLogLine(log.message);
        if (canonicalOf.size < MAX_MEMO) canonicalOf.set(log.message, canonical);
      }
      const seen = byCanonical.get(canonical);
      if (seen) {
        seen.signature.count++;
        continue;
      }
      if (byCanonical.size >= MAX_SIGNATURES) continue;
      const subsystem = findSubsystem(log.message);
      byCanonical.set(canonical, {
        tier: subsystem?.tier ?? 1,
        order: order++,
        signature: {
          text: log.message.slice(0, MAX_TEXT),
          canonical,
          subsystem: subsystem?.name ?? null,
          count: 1,
          severity,
          evidence: { part: text.part, index: text.index, line: log.line, start: log.start, end: log.end, quote: log.quote },
        },
      });
    }
  }
  return [...byCanonical.values()].sort((a, b) => a.tier - b.tier || a.order - b.order).map((entry) => entry.signature);
}
