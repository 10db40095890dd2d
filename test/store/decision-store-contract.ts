// The behaviour every decision-store engine must have; run by the SQLite suite and the PostgreSQL
// suite alike (same SQL, same answers).
import type { DecisionStore } from '../../src/store/index.js';
import { decision, feedback, issue, unmatched } from './decision-fixtures.js';

export function decisionStoreContract(open: () => Promise<DecisionStore>): void {
  let store: DecisionStore;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('records a decision once: a redelivery of the same report and fingerprint adds nothing', async () => {
    expect(await store.recordDecision(decision({ report: issue(1) }))).toBe(true);
    expect(await store.recordDecision(decision({ report: issue(1), decidedAt: '2026-12-01T11:00:00.000Z' }))).toBe(false);
    expect(await store.counts()).toEqual({ decisions: 1, reports: 1, feedback: 0 });
    expect(await store.verdictsByDay()).toEqual([{ day: '2026-12-01', verdict: 'known-bug-fix-available', count: 1 }]);
  });

  it("keeps a report's latest decision; a late older one does not replace it", async () => {
    await store.recordDecision(decision({ report: issue(2), fingerprint: 'new', decidedAt: '2026-12-03T10:00:00.000Z', verdict: 'no-match', ruleId: null, confidence: null }));
    await store.recordDecision(decision({ report: issue(2), fingerprint: 'old', decidedAt: '2026-12-01T10:00:00.000Z' }));
    expect((await store.unmatchedReports(10)).map((row) => row.fingerprint)).toEqual(['new']);
    expect(await store.countUnmatched()).toBe(1);
    expect(await store.counts()).toEqual({ decisions: 2, reports: 1, feedback: 0 });
  });

  it('counts decisions per UTC day and verdict', async () => {
    await store.recordDecision(decision({ report: issue(1), decidedAt: '2026-12-01T23:59:59.000Z' }));
    await store.recordDecision(decision({ report: issue(2), decidedAt: '2026-12-02T00:00:00.000Z' }));
    await store.recordDecision(unmatched(issue(3), { decidedAt: '2026-12-02T08:00:00.000Z' }));
    await store.recordDecision(decision({ report: issue(4), decidedAt: '2026-12-02T09:00:00.000Z' }));
    expect(await store.verdictsByDay()).toEqual([
      { day: '2026-12-01', verdict: 'known-bug-fix-available', count: 1 },
      { day: '2026-12-02', verdict: 'known-bug-fix-available', count: 2 },
      { day: '2026-12-02', verdict: 'no-match', count: 1 },
    ]);
  });

  it("tallies each rule's fires over distinct reports and its feedback; feedback on a rule that never fired there does not count", async () => {
    await store.recordDecision(decision({ report: issue(1) }));
    await store.recordDecision(decision({ report: issue(1), fingerprint: 'second' })); // same report: one fire
    await store.recordDecision(decision({ report: issue(2) }));
    await store.recordDecision(decision({ report: issue(3) }));
    await store.recordDecision(decision({ report: issue(4), ruleId: 'CVE-2024-0001', ruleSource: 'cve' }));
    await store.recordFeedback(feedback({ report: issue(1), sourceKey: 'comment:1:wrong:dm-thin-metadata-full' }));
    await store.recordFeedback(feedback({ report: issue(1), sourceKey: 'comment:2:wrong:dm-thin-metadata-full' })); // same report twice: one
    await store.recordFeedback(feedback({ report: issue(2), sourceKey: 'bz:9', kind: 'correct' }));
    await store.recordFeedback(feedback({ report: issue(4), sourceKey: 'comment:3:wrong:dm-thin-metadata-full' })); // never fired on 4
    await store.recordFeedback(feedback({ report: issue(3), sourceKey: 'comment:4:ignore', kind: 'ignore' }));
    // Bugzilla's resolution: counted as resolved, neither wrong nor confirmed.
    await store.recordFeedback(feedback({ report: issue(1), sourceKey: 'resolution:FIXED', kind: 'resolution', note: 'RESOLVED FIXED' }));
    await store.recordFeedback(feedback({ report: issue(3), sourceKey: 'resolution:INVALID', kind: 'resolution', note: 'RESOLVED INVALID' }));
    expect(await store.ruleTallies()).toEqual([
      { ruleId: 'dm-thin-metadata-full', source: 'curated', fires: 3, wrong: 1, confirmed: 1, resolved: 2 },
      { ruleId: 'CVE-2024-0001', source: 'cve', fires: 1, wrong: 0, confirmed: 0, resolved: 0 },
    ]);
  });

  it('records feedback once per source; lists it oldest first', async () => {
    const entry = feedback({ report: issue(5), sourceKey: 'comment:7:wrong:x', ruleId: 'x', note: 'it\'s "quoted" — ünïcode' });
    expect(await store.recordFeedback(entry)).toBe(true);
    expect(await store.recordFeedback({ ...entry, at: '2026-12-09T00:00:00.000Z' })).toBe(false);
    await store.recordFeedback(feedback({ report: issue(5), sourceKey: 'comment:6:ignore', kind: 'ignore', at: '2026-12-01T00:00:00.000Z' }));
    expect((await store.listFeedback(10)).map((f) => [f.sourceKey, f.note])).toEqual([
      ['comment:6:ignore', ''],
      ['comment:7:wrong:x', 'it\'s "quoted" — ünïcode'],
    ]);
  });

  it('lists the reports to review: marked wrong first, then low confidence, lowest first, with their feedback', async () => {
    await store.recordDecision(decision({ report: issue(1), confidence: 0.95 }));
    await store.recordDecision(decision({ report: issue(2), confidence: 0.3, verdict: 'possible-match' }));
    await store.recordDecision(decision({ report: issue(3), confidence: 0.1, verdict: 'possible-match' }));
    await store.recordDecision(decision({ report: issue(4), confidence: 0.99 }));
    await store.recordDecision(unmatched(issue(5)));
    await store.recordFeedback(feedback({ report: issue(4), sourceKey: 'comment:1:wrong:dm-thin-metadata-full' }));
    const rows = await store.reportsToReview(0.5, 10);
    expect(rows.map((row) => [row.report, row.confidence, row.feedback, row.wrongRules])).toEqual([
      [issue(4), 0.99, ['wrong'], ['dm-thin-metadata-full']],
      [issue(3), 0.1, [], []],
      [issue(2), 0.3, [], []],
    ]);
    expect(await store.reportsToReview(0.5, 1)).toHaveLength(1);
    expect(await store.countToReview(0.5)).toBe(3);
    expect(await store.countToReview(0.2)).toBe(2);
  });

  it('answers unmatched reports with their log shape and text as recorded (NUL characters stored as U+FFFD)', async () => {
    const hostile = '<script>alert(1)</script>\u0000 \'; DROP TABLE triage_decisions; --';
    await store.recordDecision(unmatched(issue(7), { crashTitle: 'KASAN: use-after-free Read in foo', keyLines: ['EXT4-fs error (device <dev>): x'], frames: ['foo', 'bar'], excerpt: hostile, title: hostile }));
    const [row] = await store.unmatchedReports(10);
    expect(row).toMatchObject({ report: issue(7), reportId: 'acme/kernel#7', verdict: 'no-match', crashTitle: 'KASAN: use-after-free Read in foo', keyLines: ['EXT4-fs error (device <dev>): x'], frames: ['foo', 'bar'], confidence: null });
    expect(row!.excerpt).toBe(hostile.replace('\u0000', '\uFFFD'));
    expect(row!.title).toBe(row!.excerpt);
    expect(await store.counts()).toMatchObject({ decisions: 1 });
  });

  it('refuses a decision without a valid time, naming the field', async () => {
    await expect(store.recordDecision(decision({ report: issue(1), decidedAt: 'yesterday' }))).rejects.toThrow('decision time must be an ISO 8601 UTC time');
    await expect(store.recordFeedback(feedback({ report: issue(1), sourceKey: 'x', at: '' }))).rejects.toThrow('feedback time must be an ISO 8601 UTC time');
    expect(await store.counts()).toEqual({ decisions: 0, reports: 0, feedback: 0 });
  });
}
