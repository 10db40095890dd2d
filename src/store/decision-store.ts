/**
 * One store of triage decisions and maintainer feedback for every adapter (the GitHub App, the
 * Bugzilla bot): the embedded SQLite file by default, PostgreSQL when DATABASE_URL is set (a
 * scaled-out App's replicas share it). Both engines run the same SQL (decision-sql.ts) through a
 * small engine interface (sql-engine.ts). The dashboard (src/dashboard/) reads it.
 *
 * Times are the adapter's clock (or the tracker's, for Bugzilla): the core never reads one.
 */
import type { FixStatus, Verdict } from '../model.js';

export type Tracker = 'bugzilla' | 'github';

/** Where the rule that matched came from: a maintainer wrote it, or the CVE importer generated it. */
export type RuleSource = 'curated' | 'cve';

/** One triage decision: what ktriage concluded about one report at one time. */
export interface DecisionRecord {
  tracker: Tracker;
  /** The report's link (issue URL, show_bug.cgi URL): the report's identity across the store. */
  report: string;
  /** The tracker's short name for it ("owner/repo#12", "bugzilla.example.org 68801"). */
  reportId: string;
  title: string;
  /** ISO 8601 UTC. */
  decidedAt: string;
  verdict: Verdict;
  /** The best match's rule; null for no-match. */
  ruleId: string | null;
  ruleSource: RuleSource | null;
  fixStatus: FixStatus | null;
  /** The best match's confidence (0..1); null for no-match. */
  confidence: number | null;
  /** TriagePlan.fingerprint: the same report and fingerprint is the same decision (redeliveries). */
  fingerprint: string;
  /** What the unmatched clusters group by (kept for every decision: a later no-match needs none of the report). */
  crashTitle: string | null;
  /** Up to three canonical key lines of the log. */
  keyLines: string[];
  /** Up to five distinctive frames of the first call trace, innermost first. */
  frames: string[];
  /** For no-match decisions: the report's text (capped), for similarity clustering and drafting a rule. */
  excerpt: string;
}

/**
 * What a maintainer (or the tracker) said about a decision:
 * - `wrong`: `/ktriage wrong <rule>` on GitHub, `ktriage: wrong` on Bugzilla;
 * - `correct`: `ktriage: correct` on Bugzilla;
 * - `ignore`: `/ktriage ignore`;
 * - `duplicate`: closed as a duplicate of the bug ktriage suggested (confirms the rule);
 * - `resolution`: Bugzilla's resolution of a triaged bug (note = the resolution), recorded as is.
 */
export type FeedbackKind = 'correct' | 'duplicate' | 'ignore' | 'resolution' | 'wrong';

export interface FeedbackRecord {
  tracker: Tracker;
  report: string;
  /**
   * What carried the feedback, unique per report ("comment:123:wrong:rule-id", "resolution:FIXED"):
   * the same feedback read twice (a redelivery, a re-read of the comments) is recorded once.
   */
  sourceKey: string;
  kind: FeedbackKind;
  /** The rule the feedback is about; null when none was suggested. */
  ruleId: string | null;
  by: string;
  /** ISO 8601 UTC. */
  at: string;
  note: string;
}

/** Per day and verdict: how many decisions were recorded. */
export interface VerdictDay {
  day: string;
  verdict: Verdict;
  count: number;
}

/** Per rule: on how many reports it was the best match, and what the feedback said about it. */
export interface RuleTally {
  ruleId: string;
  source: RuleSource | null;
  /** Distinct reports where the rule was the best match. */
  fires: number;
  /** Distinct reports where a maintainer marked the rule wrong. */
  wrong: number;
  /** Distinct reports where it was confirmed (`correct`, closed as duplicate of it). */
  confirmed: number;
  /** Distinct reports the tracker resolved (Bugzilla's resolution): shown, neither right nor wrong for precision. */
  resolved: number;
}

/** The latest decision of a report, with the feedback on it. */
export interface ReportRow extends DecisionRecord {
  /** Feedback kinds recorded on the report ("wrong", "ignore", ...), sorted. */
  feedback: FeedbackKind[];
  /** Rules marked wrong on the report. */
  wrongRules: string[];
}

export interface DecisionStore {
  /** The engine, for messages ("sqlite:/data/ktriage.sqlite", "postgres://host/db"). */
  readonly description: string;
  /** False when this report already has a decision with this fingerprint (a redelivery). */
  recordDecision(record: DecisionRecord): Promise<boolean>;
  /** False when this feedback (report, sourceKey) was already recorded. */
  recordFeedback(record: FeedbackRecord): Promise<boolean>;
  verdictsByDay(): Promise<VerdictDay[]>;
  ruleTallies(): Promise<RuleTally[]>;
  /** Reports whose latest decision is below `minConfidence` or that were marked wrong: the wrong-marked first, then lowest confidence first. */
  reportsToReview(minConfidence: number, limit: number): Promise<ReportRow[]>;
  /** How many reports reportsToReview would list without a limit. */
  countToReview(minConfidence: number): Promise<number>;
  /** Reports whose latest decision matched nothing, newest first (at most `limit`). */
  unmatchedReports(limit: number): Promise<ReportRow[]>;
  /** How many reports' latest decision matched nothing. */
  countUnmatched(): Promise<number>;
  /** Every feedback record, oldest first (at most `limit`). */
  listFeedback(limit: number): Promise<FeedbackRecord[]>;
  counts(): Promise<{ decisions: number; reports: number; feedback: number }>;
  close(): Promise<void>;
}
