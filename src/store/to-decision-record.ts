import { isDistinctiveFrame, reliableFrames } from '../extract/index.js';
import type { BugReport, TriagePlan } from '../model.js';
import type { DecisionRecord, Tracker } from './decision-store.js';

/** How much of an unmatched report's text is kept: enough for similarity and a rule draft, bounded per row. */
export const EXCERPT_LIMIT = 16_000;

/**
 * The decision an adapter records for one triage: the best match (rule, source, fix status,
 * confidence) and, for the unmatched clusters, what the report's log looks like (crash title, key
 * lines, distinctive frames) plus, when nothing matched, the report's text.
 *
 * @example
 * toDecisionRecord({ tracker: 'github', report, plan, at: new Date('2026-12-07T10:00:00Z') }).decidedAt
 * // => '2026-12-07T10:00:00.000Z'
 */
export function toDecisionRecord({ tracker, report, plan, at }: { tracker: Tracker; report: BugReport; plan: TriagePlan; at: Date }): DecisionRecord {
  const best = plan.matches[0] ?? null;
  const crash = plan.facts.crash;
  const stack = plan.facts.stacks.find((trace) => reliableFrames(trace).length > 0) ?? null;
  const frames = stack === null ? [] : [...new Set(reliableFrames(stack).map((frame) => frame.function).filter(isDistinctiveFrame))].slice(0, 5);
  return {
    tracker,
    report: report.url ?? `${report.source}:${report.id}`,
    reportId: report.id,
    title: report.title,
    decidedAt: at.toISOString(),
    verdict: plan.verdict,
    ruleId: best?.ruleId ?? null,
    ruleSource: best === null ? null : best.origin === 'generated' ? 'cve' : 'curated',
    fixStatus: best?.fixStatus ?? null,
    confidence: best?.confidence ?? null,
    fingerprint: plan.fingerprint,
    crashTitle: crash !== null && !crash.corrupted ? crash.title : null,
    keyLines: plan.facts.signatures.slice(0, 3).map((signature) => signature.canonical),
    frames,
    excerpt: plan.verdict === 'no-match' ? reportText(report).slice(0, EXCERPT_LIMIT) : '',
  };
}

/** The report as one text: title, description, follow-ups, text attachments (what triage read). */
export function reportText(report: BugReport): string {
  const parts = [report.title, report.body, ...report.comments.filter((comment) => !comment.isBot).map((comment) => comment.text), ...report.attachments.map((attachment) => attachment.text ?? '')];
  return parts.filter((part) => part !== '').join('\n\n');
}
