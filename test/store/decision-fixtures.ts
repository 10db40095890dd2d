// Decisions and feedback for the store and dashboard tests: one place that builds valid records.
import type { DecisionRecord, FeedbackRecord } from '../../src/store/index.js';

export function decision(overrides: Partial<DecisionRecord> & { report: string }): DecisionRecord {
  return {
    tracker: 'github',
    reportId: overrides.report.replace(/^https:\/\/github\.com\/([^/]+\/[^/]+)\/issues\/(\d+)$/, '$1#$2'),
    title: `report ${overrides.report}`,
    decidedAt: '2026-12-01T10:00:00.000Z',
    verdict: 'known-bug-fix-available',
    ruleId: 'dm-thin-metadata-full',
    ruleSource: 'curated',
    fixStatus: 'lacks-fix',
    confidence: 0.9,
    fingerprint: `fp-${overrides.report}`,
    crashTitle: null,
    keyLines: [],
    frames: [],
    excerpt: '',
    ...overrides,
  };
}

export function unmatched(report: string, overrides: Partial<DecisionRecord> = {}): DecisionRecord {
  return decision({ report, verdict: 'no-match', ruleId: null, ruleSource: null, fixStatus: null, confidence: null, excerpt: `text of ${report}`, ...overrides });
}

export function feedback(overrides: Partial<FeedbackRecord> & { report: string; sourceKey: string }): FeedbackRecord {
  return { tracker: 'github', kind: 'wrong', ruleId: 'dm-thin-metadata-full', by: 'maintainer', at: '2026-12-02T09:00:00.000Z', note: '', ...overrides };
}

export const issue = (n: number): string => `https://github.com/acme/kernel/issues/${n}`;
