/**
 * The store's schema and queries, one text for both engines: portable SQL only (TEXT, INTEGER,
 * DOUBLE PRECISION, ON CONFLICT, no engine functions). Days are computed by the adapter and stored,
 * so grouping by day cannot differ between engines' date functions.
 */

/**
 * Schema migrations, applied in order, append only; the table `ktriage_store_migrations` records
 * which ran, so an existing database (of either engine) is upgraded in place.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE triage_decisions (
     report TEXT NOT NULL,
     fingerprint TEXT NOT NULL,
     tracker TEXT NOT NULL,
     report_id TEXT NOT NULL,
     title TEXT NOT NULL,
     decided_at TEXT NOT NULL,
     day TEXT NOT NULL,
     verdict TEXT NOT NULL,
     rule_id TEXT,
     rule_source TEXT,
     fix_status TEXT,
     confidence DOUBLE PRECISION,
     crash_title TEXT,
     key_lines TEXT NOT NULL,
     frames TEXT NOT NULL,
     excerpt TEXT NOT NULL,
     PRIMARY KEY (report, fingerprint)
   );
   CREATE INDEX triage_decisions_day ON triage_decisions (day, verdict);
   CREATE INDEX triage_decisions_rule ON triage_decisions (rule_id);
   CREATE TABLE triage_latest (
     report TEXT PRIMARY KEY,
     fingerprint TEXT NOT NULL,
     decided_at TEXT NOT NULL
   );
   CREATE TABLE triage_feedback (
     report TEXT NOT NULL,
     source_key TEXT NOT NULL,
     tracker TEXT NOT NULL,
     kind TEXT NOT NULL,
     rule_id TEXT,
     by_whom TEXT NOT NULL,
     at TEXT NOT NULL,
     note TEXT NOT NULL,
     PRIMARY KEY (report, source_key)
   );
   CREATE INDEX triage_feedback_rule ON triage_feedback (rule_id, kind);`,
];

export const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS ktriage_store_migrations (version INTEGER PRIMARY KEY)`;
export const APPLIED_MIGRATIONS = `SELECT version FROM ktriage_store_migrations ORDER BY version`;
export const MARK_MIGRATION = `INSERT INTO ktriage_store_migrations (version) VALUES ($1)`;

const DECISION_COLUMNS = `report, fingerprint, tracker, report_id, title, decided_at, day, verdict, rule_id, rule_source, fix_status, confidence, crash_title, key_lines, frames, excerpt`;

export const INSERT_DECISION = `INSERT INTO triage_decisions (${DECISION_COLUMNS})
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
  ON CONFLICT (report, fingerprint) DO NOTHING`;

/** The report's latest decision moves forward only: a late redelivery of an older one cannot win. */
export const UPSERT_LATEST = `INSERT INTO triage_latest (report, fingerprint, decided_at) VALUES ($1, $2, $3)
  ON CONFLICT (report) DO UPDATE SET fingerprint = excluded.fingerprint, decided_at = excluded.decided_at
  WHERE excluded.decided_at >= triage_latest.decided_at`;

export const INSERT_FEEDBACK = `INSERT INTO triage_feedback (report, source_key, tracker, kind, rule_id, by_whom, at, note)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
  ON CONFLICT (report, source_key) DO NOTHING`;

export const VERDICTS_BY_DAY = `SELECT day, verdict, COUNT(*) AS count FROM triage_decisions GROUP BY day, verdict ORDER BY day, verdict`;

/** Fires: distinct reports where the rule was the best match; wrong/confirmed/resolved: distinct reports with such feedback on it. */
export const RULE_FIRES = `SELECT rule_id, MAX(rule_source) AS source, COUNT(DISTINCT report) AS fires
  FROM triage_decisions WHERE rule_id IS NOT NULL GROUP BY rule_id`;
export const RULE_FEEDBACK = `SELECT f.rule_id AS rule_id, f.kind AS kind, COUNT(DISTINCT f.report) AS reports
  FROM triage_feedback f WHERE f.rule_id IS NOT NULL AND f.kind IN ('wrong', 'correct', 'duplicate', 'resolution')
    AND EXISTS (SELECT 1 FROM triage_decisions d WHERE d.report = f.report AND d.rule_id = f.rule_id)
  GROUP BY f.rule_id, f.kind`;

const LATEST = `SELECT d.* FROM triage_latest l JOIN triage_decisions d ON d.report = l.report AND d.fingerprint = l.fingerprint`;

const TO_REVIEW = `FROM (${LATEST}) x
  WHERE (x.confidence IS NOT NULL AND x.confidence < $1)
     OR EXISTS (SELECT 1 FROM triage_feedback f WHERE f.report = x.report AND f.kind = 'wrong')`;

/** Marked wrong first (all of them fit any sensible limit), then the lowest confidence. */
export const REPORTS_TO_REVIEW = `SELECT * ${TO_REVIEW}
  ORDER BY CASE WHEN EXISTS (SELECT 1 FROM triage_feedback f WHERE f.report = x.report AND f.kind = 'wrong') THEN 0 ELSE 1 END,
    CASE WHEN x.confidence IS NULL THEN 1 ELSE 0 END, x.confidence, x.decided_at DESC, x.report
  LIMIT $2`;

export const COUNT_TO_REVIEW = `SELECT COUNT(*) AS count ${TO_REVIEW}`;

export const UNMATCHED_REPORTS = `SELECT * FROM (${LATEST}) x WHERE x.verdict = 'no-match' ORDER BY x.decided_at DESC, x.report LIMIT $1`;

export const FEEDBACK_OF_REPORTS = (count: number): string =>
  `SELECT report, kind, rule_id FROM triage_feedback WHERE report IN (${Array.from({ length: count }, (_, i) => `$${i + 1}`).join(', ')}) ORDER BY report, kind`;

export const LIST_FEEDBACK = `SELECT report, source_key, tracker, kind, rule_id, by_whom, at, note FROM triage_feedback ORDER BY at, report, source_key LIMIT $1`;

export const COUNTS = `SELECT (SELECT COUNT(*) FROM triage_decisions) AS decisions, (SELECT COUNT(*) FROM triage_latest) AS reports, (SELECT COUNT(*) FROM triage_feedback) AS feedback`;

export const COUNT_UNMATCHED = `SELECT COUNT(*) AS count FROM (${LATEST}) x WHERE x.verdict = 'no-match'`;
