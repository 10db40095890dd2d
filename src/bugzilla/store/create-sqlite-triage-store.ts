import Database from 'better-sqlite3';
import type { LabelMemory } from '../../writes/index.js';
import type { BugRecord, FailureRecord, FeedbackRecord, ShadowRecord, TriageStore } from './triage-store.js';

/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many ran. Append only:
 * an existing database is upgraded in place.
 */
const MIGRATIONS: string[] = [
  `CREATE TABLE cursors (
     server TEXT PRIMARY KEY,
     cursor TEXT NOT NULL
   );
   CREATE TABLE bugs (
     server TEXT NOT NULL,
     bug_id INTEGER NOT NULL,
     fingerprint TEXT NOT NULL,
     verdict TEXT NOT NULL,
     rule_id TEXT,
     comment_id INTEGER,
     rules_version TEXT NOT NULL,
     triaged_at TEXT NOT NULL,
     last_change_time TEXT,
     last_comment_id INTEGER NOT NULL,
     tags_applied INTEGER NOT NULL,
     notes TEXT NOT NULL,
     PRIMARY KEY (server, bug_id)
   );
   CREATE TABLE failures (
     server TEXT NOT NULL,
     bug_id INTEGER NOT NULL,
     attempts INTEGER NOT NULL,
     last_error TEXT NOT NULL,
     PRIMARY KEY (server, bug_id)
   );
   CREATE TABLE shadow (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     server TEXT NOT NULL,
     bug_id INTEGER NOT NULL,
     fingerprint TEXT NOT NULL,
     verdict TEXT NOT NULL,
     rule_id TEXT,
     comment TEXT NOT NULL,
     whiteboard TEXT,
     keywords TEXT NOT NULL,
     recorded_at TEXT NOT NULL,
     UNIQUE (server, bug_id, fingerprint)
   );
   CREATE TABLE feedback (
     server TEXT NOT NULL,
     bug_id INTEGER NOT NULL,
     comment_id INTEGER NOT NULL,
     author TEXT NOT NULL,
     kind TEXT NOT NULL,
     note TEXT NOT NULL,
     fingerprint TEXT,
     time TEXT NOT NULL,
     PRIMARY KEY (server, comment_id)
   );`,
  `CREATE TABLE leases (
     server TEXT PRIMARY KEY,
     owner TEXT NOT NULL,
     expires_at INTEGER NOT NULL
   );`,
  // Failing bugs no longer hold the cursor: they wait here, with backoff, until retried or given up.
  `ALTER TABLE failures ADD COLUMN server_errors INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE failures ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE failures ADD COLUMN given_up INTEGER NOT NULL DEFAULT 0;`,
  // Which keywords are ktriage's (BugRecord.keywords, JSON); NULL in records written before.
  `ALTER TABLE bugs ADD COLUMN keyword_memory TEXT;`,
];

interface FailureRow {
  server: string;
  bug_id: number;
  attempts: number;
  server_errors: number;
  last_error: string;
  next_attempt_at: number;
  given_up: number;
}

interface BugRow {
  server: string;
  bug_id: number;
  fingerprint: string;
  verdict: string;
  rule_id: string | null;
  comment_id: number | null;
  rules_version: string;
  triaged_at: string;
  last_change_time: string | null;
  last_comment_id: number;
  tags_applied: number;
  notes: string;
  keyword_memory: string | null;
}

/**
 * The default TriageStore: one SQLite file (better-sqlite3) in WAL mode. synchronous=NORMAL keeps
 * every committed record across a process crash (the failure that matters here); a power loss may
 * drop the last few, which the footer check in handleBug recovers without posting twice.
 * `:memory:` works for tests.
 *
 * @example
 * const store = createSqliteTriageStore('/var/lib/ktriage/bugzilla.sqlite');
 * await store.setCursor('kernel', '2026-11-23T19:25:10Z');
 */
export function createSqliteTriageStore(file: string): TriageStore {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    db.close();
    throw new Error(`${file}: the database was written by a newer ktriage (schema ${version}, this one knows ${MIGRATIONS.length}); upgrade ktriage or use another database path`);
  }
  db.transaction(() => {
    for (let i = version; i < MIGRATIONS.length; i += 1) db.exec(MIGRATIONS[i]!);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  })();

  const q = {
    getCursor: db.prepare<[string], { cursor: string }>('SELECT cursor FROM cursors WHERE server = ?'),
    setCursor: db.prepare('INSERT INTO cursors (server, cursor) VALUES (?, ?) ON CONFLICT (server) DO UPDATE SET cursor = excluded.cursor'),
    getBug: db.prepare<[string, number], BugRow>('SELECT * FROM bugs WHERE server = ? AND bug_id = ?'),
    listBugs: db.prepare<[string], BugRow>('SELECT * FROM bugs WHERE server = ? ORDER BY bug_id'),
    putBug: db.prepare(
      `INSERT INTO bugs (server, bug_id, fingerprint, verdict, rule_id, comment_id, rules_version, triaged_at, last_change_time, last_comment_id, tags_applied, notes, keyword_memory)
       VALUES (@server, @bug_id, @fingerprint, @verdict, @rule_id, @comment_id, @rules_version, @triaged_at, @last_change_time, @last_comment_id, @tags_applied, @notes, @keyword_memory)
       ON CONFLICT (server, bug_id) DO UPDATE SET fingerprint = excluded.fingerprint, verdict = excluded.verdict, rule_id = excluded.rule_id,
         comment_id = excluded.comment_id, rules_version = excluded.rules_version, triaged_at = excluded.triaged_at,
         last_change_time = excluded.last_change_time, last_comment_id = excluded.last_comment_id, tags_applied = excluded.tags_applied, notes = excluded.notes,
         keyword_memory = excluded.keyword_memory`,
    ),
    getFailure: db.prepare<[string, number], FailureRow>('SELECT * FROM failures WHERE server = ? AND bug_id = ?'),
    putFailure: db.prepare(
      `INSERT INTO failures (server, bug_id, attempts, server_errors, last_error, next_attempt_at, given_up)
       VALUES (@server, @bug_id, @attempts, @server_errors, @last_error, @next_attempt_at, @given_up)
       ON CONFLICT (server, bug_id) DO UPDATE SET attempts = excluded.attempts, server_errors = excluded.server_errors,
         last_error = excluded.last_error, next_attempt_at = excluded.next_attempt_at, given_up = excluded.given_up`,
    ),
    clearFailure: db.prepare('DELETE FROM failures WHERE server = ? AND bug_id = ?'),
    listFailures: db.prepare<[string], FailureRow>('SELECT * FROM failures WHERE server = ? ORDER BY bug_id'),
    requeueFailure: db.prepare('UPDATE failures SET attempts = 0, next_attempt_at = 0, given_up = 0 WHERE server = ? AND bug_id = ?'),
    addShadow: db.prepare(
      `INSERT OR IGNORE INTO shadow (server, bug_id, fingerprint, verdict, rule_id, comment, whiteboard, keywords, recorded_at)
       VALUES (@server, @bug_id, @fingerprint, @verdict, @rule_id, @comment, @whiteboard, @keywords, @recorded_at)`,
    ),
    listShadow: db.prepare<[string], Record<string, unknown>>('SELECT * FROM shadow WHERE server = ? ORDER BY id'),
    lastShadow: db.prepare<[string, number], Record<string, unknown>>('SELECT * FROM shadow WHERE server = ? AND bug_id = ? ORDER BY id DESC LIMIT 1'),
    listFeedback: db.prepare<[string], Record<string, unknown>>('SELECT * FROM feedback WHERE server = ? ORDER BY time, comment_id'),
    getLease: db.prepare<[string], { owner: string; expires_at: number }>('SELECT owner, expires_at FROM leases WHERE server = ?'),
    putLease: db.prepare('INSERT INTO leases (server, owner, expires_at) VALUES (?, ?, ?) ON CONFLICT (server) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at'),
    releaseLease: db.prepare('DELETE FROM leases WHERE server = ? AND owner = ?'),
  };

  const toBug = (r: BugRow): BugRecord => ({
    server: r.server,
    bugId: r.bug_id,
    fingerprint: r.fingerprint,
    verdict: r.verdict,
    ruleId: r.rule_id,
    commentId: r.comment_id,
    rulesVersion: r.rules_version,
    triagedAt: r.triaged_at,
    lastChangeTime: r.last_change_time,
    lastCommentId: r.last_comment_id,
    tagsApplied: r.tags_applied === 1,
    notes: JSON.parse(r.notes) as string[],
    keywords: r.keyword_memory === null ? null : (JSON.parse(r.keyword_memory) as LabelMemory),
  });

  const toShadow = (r: Record<string, unknown>): ShadowRecord => ({
    server: r.server as string,
    bugId: r.bug_id as number,
    fingerprint: r.fingerprint as string,
    verdict: r.verdict as string,
    ruleId: r.rule_id as string | null,
    comment: r.comment as string,
    whiteboard: r.whiteboard as string | null,
    keywords: JSON.parse(r.keywords as string) as string[],
    recordedAt: r.recorded_at as string,
  });

  const toFailure = (r: FailureRow): FailureRecord => ({
    server: r.server,
    bugId: r.bug_id,
    attempts: r.attempts,
    serverErrors: r.server_errors,
    lastError: r.last_error,
    nextAttemptAt: r.next_attempt_at,
    givenUp: r.given_up === 1,
  });

  return {
    async getCursor(server) {
      return q.getCursor.get(server)?.cursor ?? null;
    },
    async setCursor(server, cursor) {
      q.setCursor.run(server, cursor);
    },
    async getBug(server, bugId) {
      const row = q.getBug.get(server, bugId);
      return row ? toBug(row) : null;
    },
    async putBug(r) {
      q.putBug.run({
        server: r.server,
        bug_id: r.bugId,
        fingerprint: r.fingerprint,
        verdict: r.verdict,
        rule_id: r.ruleId,
        comment_id: r.commentId,
        rules_version: r.rulesVersion,
        triaged_at: r.triagedAt,
        last_change_time: r.lastChangeTime,
        last_comment_id: r.lastCommentId,
        tags_applied: r.tagsApplied ? 1 : 0,
        notes: JSON.stringify(r.notes),
        keyword_memory: r.keywords === null ? null : JSON.stringify(r.keywords),
      });
    },
    async listBugs(server) {
      return q.listBugs.all(server).map(toBug);
    },
    async getFailure(server, bugId) {
      const row = q.getFailure.get(server, bugId);
      return row ? toFailure(row) : null;
    },
    async putFailure(r) {
      q.putFailure.run({
        server: r.server,
        bug_id: r.bugId,
        attempts: r.attempts,
        server_errors: r.serverErrors,
        last_error: r.lastError,
        next_attempt_at: r.nextAttemptAt,
        given_up: r.givenUp ? 1 : 0,
      });
    },
    async clearFailure(server, bugId) {
      q.clearFailure.run(server, bugId);
    },
    async listFailures(server): Promise<FailureRecord[]> {
      return q.listFailures.all(server).map(toFailure);
    },
    async requeueFailures(server, bugIds) {
      const ids = bugIds ?? q.listFailures.all(server).map((r) => r.bug_id);
      const requeue = db.transaction((): number[] => ids.filter((id) => q.requeueFailure.run(server, id).changes === 1));
      return requeue();
    },
    async addShadow(r) {
      const info = q.addShadow.run({
        server: r.server,
        bug_id: r.bugId,
        fingerprint: r.fingerprint,
        verdict: r.verdict,
        rule_id: r.ruleId,
        comment: r.comment,
        whiteboard: r.whiteboard,
        keywords: JSON.stringify(r.keywords),
        recorded_at: r.recordedAt,
      });
      return info.changes === 1;
    },
    async listShadow(server): Promise<ShadowRecord[]> {
      return q.listShadow.all(server).map(toShadow);
    },
    async lastShadow(server, bugId): Promise<ShadowRecord | null> {
      const row = q.lastShadow.get(server, bugId);
      return row ? toShadow(row) : null;
    },
    async listFeedback(server): Promise<FeedbackRecord[]> {
      return q.listFeedback.all(server).map((r) => ({
        server: r.server as string,
        bugId: r.bug_id as number,
        commentId: r.comment_id as number,
        author: r.author as string,
        kind: r.kind as FeedbackRecord['kind'],
        note: r.note as string,
        fingerprint: r.fingerprint as string | null,
        time: r.time as string,
      }));
    },
    async acquireLease(server, owner, nowMs, ttlMs, isAlive) {
      // BEGIN IMMEDIATE: the read and the write happen under SQLite's write lock, so two processes
      // cannot both see the lease free.
      const take = db.transaction((): boolean => {
        const held = q.getLease.get(server);
        if (held && held.owner !== owner && held.expires_at > nowMs && isAlive(held.owner)) return false;
        q.putLease.run(server, owner, nowMs + ttlMs);
        return true;
      });
      return take.immediate();
    },
    async releaseLease(server, owner) {
      q.releaseLease.run(server, owner);
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
