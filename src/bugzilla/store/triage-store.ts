import type { LabelMemory } from '../../writes/index.js';

/**
 * What the Bugzilla adapter remembers between runs, behind an interface small enough that a server
 * database (PostgreSQL, ...) can implement it later; the embedded SQLite store is the default
 * (create-sqlite-triage-store.ts). Methods are async for that reason even though SQLite is not.
 *
 * Times are the Bugzilla server's times (`db_time`, `last_change_time`), never the local clock, so
 * they compare with what the server answers.
 */

/** What ktriage last did on one bug (live mode only; dry runs go to shadow records). */
export interface BugRecord {
  server: string;
  bugId: number;
  /** TriagePlan.fingerprint of the verdict last posted (or found posted). */
  fingerprint: string;
  verdict: string;
  /** The best match's rule id; null for no-match. */
  ruleId: string | null;
  /** ktriage's latest comment on the bug; null when the plan asked for no comment. */
  commentId: number | null;
  /** Hash of the rule set that produced the verdict. */
  rulesVersion: string;
  /** Server time when the bug was handled. */
  triagedAt: string;
  /** The bug's last_change_time after ktriage's own writes: an equal value later means "nothing new". */
  lastChangeTime: string | null;
  /** The highest comment id read; later comments are follow-ups. */
  lastCommentId: number;
  /** The whiteboard tag and keywords were applied (or are disabled). */
  tagsApplied: boolean;
  /** Operator-facing notes ("keyword 'dm-thin' does not exist on the server"). */
  notes: string[];
  /**
   * Which keywords are ktriage's (Bugzilla does not say who set a keyword, and ktriage's comments
   * cannot carry hidden state as on GitHub): the ones it added (`owned`), the ones it is about to add
   * (`pending`, recorded before the PUT) and the ones it added that a person removed (`declined`,
   * never added again). null: recorded by a release that kept no keyword ownership.
   */
  keywords: LabelMemory | null;
}

/** What would have been posted, recorded in dry-run/shadow mode for a maintainer to review. */
export interface ShadowRecord {
  server: string;
  bugId: number;
  fingerprint: string;
  verdict: string;
  ruleId: string | null;
  comment: string;
  whiteboard: string | null;
  keywords: string[];
  recordedAt: string;
}

export type FeedbackKind = 'correct' | 'wrong';

/**
 * A maintainer's judgement of a posted verdict ("ktriage: wrong ..." in a comment), as earlier
 * versions kept it in this store's `feedback` table. Feedback is now recorded in the decision store
 * (src/store/), one place with the GitHub App's; the rows of this table are read into it at start-up.
 */
export interface FeedbackRecord {
  server: string;
  bugId: number;
  /** The Bugzilla comment that carried the feedback (deduplicates re-reads). */
  commentId: number;
  author: string;
  kind: FeedbackKind;
  note: string;
  /** The fingerprint of ktriage's verdict the feedback is about; null when none was recorded. */
  fingerprint: string | null;
  time: string;
}

/**
 * A bug that could not be handled yet. It no longer holds the poll cursor: the cursor moves on and
 * each cycle retries the bugs whose `nextAttemptAt` has come (see decideFailure).
 */
export interface FailureRecord {
  server: string;
  bugId: number;
  /** Failures charged to the bug itself (its own 500s, a bad answer about it); max_attempts counts these. */
  attempts: number;
  /** Failures that were the server's (5xx from a gateway, network, timeouts): never charged, only counted. */
  serverErrors: number;
  lastError: string;
  /** Local clock (ms) before which the bug is not retried: backoff for its own failures. */
  nextAttemptAt: number;
  /** Charged max_attempts times: no longer retried until `ktriage bugzilla retry` or a change to the bug. */
  givenUp: boolean;
}

export interface TriageStore {
  getCursor(server: string): Promise<string | null>;
  setCursor(server: string, cursor: string): Promise<void>;
  getBug(server: string, bugId: number): Promise<BugRecord | null>;
  putBug(record: BugRecord): Promise<void>;
  listBugs(server: string): Promise<BugRecord[]>;
  getFailure(server: string, bugId: number): Promise<FailureRecord | null>;
  /** Stores a bug's failure state (decideFailure computes it). */
  putFailure(record: FailureRecord): Promise<void>;
  clearFailure(server: string, bugId: number): Promise<void>;
  /** Pending and given-up bugs, by bug id. */
  listFailures(server: string): Promise<FailureRecord[]>;
  /**
   * `ktriage bugzilla retry`: makes the given bugs (all failing bugs when `bugIds` is null) due now
   * with a fresh count, given-up ones included. Answers the bug ids requeued.
   */
  requeueFailures(server: string, bugIds: readonly number[] | null): Promise<number[]>;
  /** False when the same (bug, fingerprint) was already recorded. */
  addShadow(record: ShadowRecord): Promise<boolean>;
  listShadow(server: string): Promise<ShadowRecord[]>;
  /** The bug's latest dry-run record: what a dry run would have posted on it last, or null. */
  lastShadow(server: string, bugId: number): Promise<ShadowRecord | null>;
  /** Feedback earlier versions kept here (read-only now: see FeedbackRecord). */
  listFeedback(server: string): Promise<FeedbackRecord[]>;
  /**
   * Takes (or renews) the lease on polling one server, so two ktriage processes on one database
   * (an overlapping cron run, a second service) never handle the same bugs at once. True when
   * `owner` holds it until `nowMs + ttlMs`. A lease past its time, or held by a process of this
   * host that no longer runs (`isAlive`), is taken over.
   */
  acquireLease(server: string, owner: string, nowMs: number, ttlMs: number, isAlive: (owner: string) => boolean): Promise<boolean>;
  releaseLease(server: string, owner: string): Promise<void>;
  close(): Promise<void>;
}
