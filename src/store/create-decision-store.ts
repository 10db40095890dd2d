import type { FixStatus, Verdict } from '../model.js';
import type { DecisionRecord, DecisionStore, FeedbackKind, FeedbackRecord, ReportRow, RuleSource, RuleTally, Tracker, VerdictDay } from './decision-store.js';
import * as SQL from './decision-sql.js';
import type { SqlEngine } from './sql-engine.js';

interface DecisionRow {
  report: string;
  fingerprint: string;
  tracker: string;
  report_id: string;
  title: string;
  decided_at: string;
  day: string;
  verdict: string;
  rule_id: string | null;
  rule_source: string | null;
  fix_status: string | null;
  confidence: number | null;
  crash_title: string | null;
  key_lines: string;
  frames: string;
  excerpt: string;
}

interface FeedbackRow {
  report: string;
  source_key: string;
  tracker: string;
  kind: string;
  rule_id: string | null;
  by_whom: string;
  at: string;
  note: string;
}

/**
 * The decision store over any engine: migrates the schema on open (once, under the engine's
 * exclusive lock), then runs the shared queries. Counts come back as numbers from both engines
 * (PostgreSQL returns COUNT(*) as a string).
 */
export async function createDecisionStore(engine: SqlEngine): Promise<DecisionStore> {
  await migrate(engine);
  return {
    description: engine.description,
    async recordDecision(record) {
      checkDecision(record);
      return engine.transaction(async (tx) => {
        const added = await tx.run(SQL.INSERT_DECISION, cleaned([
          record.report,
          record.fingerprint,
          record.tracker,
          record.reportId,
          record.title,
          record.decidedAt,
          record.decidedAt.slice(0, 10),
          record.verdict,
          record.ruleId,
          record.ruleSource,
          record.fixStatus,
          record.confidence,
          record.crashTitle,
          JSON.stringify(record.keyLines),
          JSON.stringify(record.frames),
          record.excerpt,
        ]));
        if (added > 0) await tx.run(SQL.UPSERT_LATEST, [record.report, record.fingerprint, record.decidedAt]);
        return added > 0;
      });
    },
    async recordFeedback(record) {
      checkTime(record.at, 'feedback time');
      const added = await engine.run(SQL.INSERT_FEEDBACK, cleaned([record.report, record.sourceKey, record.tracker, record.kind, record.ruleId, record.by, record.at, record.note]));
      return added > 0;
    },
    async verdictsByDay() {
      const rows = await engine.all<{ day: string; verdict: string; count: number | string }>(SQL.VERDICTS_BY_DAY);
      return rows.map((row): VerdictDay => ({ day: row.day, verdict: row.verdict as Verdict, count: Number(row.count) }));
    },
    async ruleTallies() {
      const fires = await engine.all<{ rule_id: string; source: string | null; fires: number | string }>(SQL.RULE_FIRES);
      const feedback = await engine.all<{ rule_id: string; kind: string; reports: number | string }>(SQL.RULE_FEEDBACK);
      const tallies = new Map<string, RuleTally>(fires.map((row) => [row.rule_id, { ruleId: row.rule_id, source: row.source as RuleSource | null, fires: Number(row.fires), wrong: 0, confirmed: 0, resolved: 0 }]));
      for (const row of feedback) {
        const tally = tallies.get(row.rule_id);
        if (!tally) continue;
        if (row.kind === 'wrong') tally.wrong += Number(row.reports);
        else if (row.kind === 'resolution') tally.resolved += Number(row.reports);
        else tally.confirmed += Number(row.reports);
      }
      return [...tallies.values()].sort((a, b) => b.fires - a.fires || (a.ruleId < b.ruleId ? -1 : 1));
    },
    async reportsToReview(minConfidence, limit) {
      return withFeedback(engine, await engine.all<DecisionRow>(SQL.REPORTS_TO_REVIEW, [minConfidence, limit]));
    },
    async countToReview(minConfidence) {
      const [row] = await engine.all<{ count: number | string }>(SQL.COUNT_TO_REVIEW, [minConfidence]);
      return Number(row?.count ?? 0);
    },
    async unmatchedReports(limit) {
      return withFeedback(engine, await engine.all<DecisionRow>(SQL.UNMATCHED_REPORTS, [limit]));
    },
    async countUnmatched() {
      const [row] = await engine.all<{ count: number | string }>(SQL.COUNT_UNMATCHED);
      return Number(row?.count ?? 0);
    },
    async listFeedback(limit) {
      const rows = await engine.all<FeedbackRow>(SQL.LIST_FEEDBACK, [limit]);
      return rows.map(toFeedback);
    },
    async counts() {
      const [row] = await engine.all<{ decisions: number | string; reports: number | string; feedback: number | string }>(SQL.COUNTS);
      return { decisions: Number(row?.decisions ?? 0), reports: Number(row?.reports ?? 0), feedback: Number(row?.feedback ?? 0) };
    },
    close: () => engine.close(),
  };
}

async function migrate(engine: SqlEngine): Promise<void> {
  await engine.transaction(async (tx) => {
    await tx.run(SQL.CREATE_MIGRATIONS_TABLE);
    const applied = new Set((await tx.all<{ version: number | string }>(SQL.APPLIED_MIGRATIONS)).map((row) => Number(row.version)));
    for (const [index, migration] of SQL.MIGRATIONS.entries()) {
      const version = index + 1;
      if (applied.has(version)) continue;
      // One statement per call: PostgreSQL's extended protocol (parameters) takes one at a time.
      for (const statement of migration.split(';').map((s) => s.trim()).filter((s) => s !== '')) await tx.run(statement);
      await tx.run(SQL.MARK_MIGRATION, [version]);
    }
    const newest = Math.max(0, ...applied);
    if (newest > SQL.MIGRATIONS.length) {
      throw new Error(`the decision store ${engine.description} was written by a newer ktriage (schema version ${newest}, this one knows ${SQL.MIGRATIONS.length}); upgrade ktriage`);
    }
  }, { exclusive: true });
}

/** Feedback of the listed reports, fetched in one query per 500 (both engines' parameter limits allow it). */
async function withFeedback(engine: SqlEngine, rows: DecisionRow[]): Promise<ReportRow[]> {
  const byReport = new Map<string, { kinds: Set<FeedbackKind>; wrong: Set<string> }>();
  for (let start = 0; start < rows.length; start += 500) {
    const reports = [...new Set(rows.slice(start, start + 500).map((row) => row.report))];
    const feedback = await engine.all<{ report: string; kind: string; rule_id: string | null }>(SQL.FEEDBACK_OF_REPORTS(reports.length), reports);
    for (const f of feedback) {
      const entry = byReport.get(f.report) ?? { kinds: new Set(), wrong: new Set() };
      entry.kinds.add(f.kind as FeedbackKind);
      if (f.kind === 'wrong' && f.rule_id !== null) entry.wrong.add(f.rule_id);
      byReport.set(f.report, entry);
    }
  }
  return rows.map((row) => {
    const entry = byReport.get(row.report);
    return { ...toDecision(row), feedback: [...(entry?.kinds ?? [])].sort(), wrongRules: [...(entry?.wrong ?? [])].sort() };
  });
}

function toDecision(row: DecisionRow): DecisionRecord {
  return {
    tracker: row.tracker as Tracker,
    report: row.report,
    reportId: row.report_id,
    title: row.title,
    decidedAt: row.decided_at,
    verdict: row.verdict as Verdict,
    ruleId: row.rule_id,
    ruleSource: row.rule_source as RuleSource | null,
    fixStatus: row.fix_status as FixStatus | null,
    confidence: row.confidence === null ? null : Number(row.confidence),
    fingerprint: row.fingerprint,
    crashTitle: row.crash_title,
    keyLines: parseList(row.key_lines),
    frames: parseList(row.frames),
    excerpt: row.excerpt,
  };
}

function toFeedback(row: FeedbackRow): FeedbackRecord {
  return { tracker: row.tracker as Tracker, report: row.report, sourceKey: row.source_key, kind: row.kind as FeedbackKind, ruleId: row.rule_id, by: row.by_whom, at: row.at, note: row.note };
}

function parseList(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Report text may hold NUL characters (a pasted binary log); PostgreSQL's TEXT refuses them and
 * SQLite keeps them, so both engines store U+FFFD instead and answer the same.
 */
function cleaned(params: unknown[]): unknown[] {
  return params.map((value) => (typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value));
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function checkTime(value: string, what: string): void {
  if (!ISO.test(value)) throw new Error(`${what} must be an ISO 8601 UTC time like 2026-12-07T14:30:00Z (got "${value}")`);
}

function checkDecision(record: DecisionRecord): void {
  checkTime(record.decidedAt, 'decision time');
  if (record.report === '') throw new Error('a decision needs the report link (or id): got an empty one');
  if (record.fingerprint === '') throw new Error(`decision on ${record.report}: the plan's fingerprint is empty`);
}
