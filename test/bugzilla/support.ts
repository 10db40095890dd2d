/**
 * Test doubles for the core around the Bugzilla adapter's machinery tests (paging, crashes,
 * retries): a deterministic engine that knows one bug by one log line, rendered by the real
 * renderPlainText so the footer ktriage looks for is the real one. The end-to-end seed test uses
 * the real rules and triage instead.
 */
import { createHash } from 'node:crypto';
import type { BugReport, Facts, Match, TriagePlan } from '../../src/model.js';
import { renderPlainText } from '../../src/render/render-plain-text.js';
import { factsWith } from '../support/facts-with.js';
import type { BugHandlingOptions, BugzillaBugData, TriageEngine } from '../../src/bugzilla/bug/handle-bug.js';

/** Per-bug handling as most tests want it (tag, keyword, comments on no match, follow-ups, text attachments); override per test. */
export function testHandling(overrides: Partial<BugHandlingOptions> = {}): BugHandlingOptions {
  return {
    whiteboardTag: 'ktriage',
    keywords: ['triaged'],
    labelsAsKeywords: false,
    commentOnNoMatch: true,
    followUps: true,
    attachments: { enabled: true, maxBytes: 65536, maxCount: 5 },
    dryRun: false,
    ...overrides,
  };
}

export const REFCOUNT_LINE = 'device-mapper: space map common: unable to decrement a reference count below 0';

const NO_FACTS: Facts = factsWith();

/** `knows: false` withdraws its one rule (as a release that drops a wrong rule would): every report is then a no-match. */
export function createLineEngine(): TriageEngine & { calls: number; knows: boolean } {
  const engine = {
    calls: 0,
    knows: true,
    rulesVersion: 'test-rules-1',
    triage(report: BugReport): TriagePlan {
      engine.calls += 1;
      const texts = [report.title, report.body, ...report.comments.filter((c) => !c.isBot).map((c) => c.text), ...report.attachments.map((a) => a.text ?? '')];
      const hit = engine.knows && texts.some((t) => t.includes(REFCOUNT_LINE));
      const matches: Match[] = hit
        ? [
            {
              ruleId: 'dm-sm-metadata-refcount-below-zero',
              title: 'dm thin-pool metadata: reference count decremented below 0',
              verdict: 'known-bug-version-unknown',
              score: 1,
              confidence: 0.9,
              fixStatus: 'unknown',
              fixReason: 'no kernel version given',
              evidence: [],
              fix: [{ sha: 'cebc2de44d3bce53e46476e774126c298ca2c8a9', subject: 'dm space map metadata: fix refcount decrement below 0 which caused corruption', repo: null }],
              reasons: ['signature: refcount'],
              origin: 'curated',
              tiedWith: [],
            },
          ]
        : [];
      const verdict = hit ? 'known-bug-version-unknown' : 'no-match';
      const labels = hit ? ['dm-thin'] : [];
      return {
        reportId: report.id,
        facts: NO_FACTS,
        matches,
        verdict,
        nextSteps: hit ? ['Apply cebc2de44d3b.'] : [],
        questions: ['What does `uname -r` print?'],
        labels,
        actions: [{ kind: 'upsert-comment' }, { kind: 'add-labels', labels }],
        fingerprint: createHash('sha256').update(`${verdict}|${matches[0]?.ruleId ?? ''}`).digest('hex').slice(0, 16),
      };
    },
    render: renderPlainText,
  };
  return engine;
}

/** A plain REST -> BugReport mapping for the machinery tests. */
export function simpleBuildReport(data: BugzillaBugData): BugReport {
  const [description, ...rest] = data.comments;
  return {
    source: 'bugzilla',
    id: String(data.bug.id),
    url: data.url,
    title: data.bug.summary ?? '',
    body: description?.text ?? '',
    comments: rest.map((c) => ({ author: c.creator, time: c.creation_time, text: c.text, isBot: data.isBotComment(c), isReporter: c.creator === data.bug.creator })),
    attachments: data.attachments.map((a) => ({ name: a.attachment.file_name, contentType: a.attachment.content_type, text: a.text })),
    fields: { product: data.bug.product ?? '', component: data.bug.component ?? '' },
  };
}
