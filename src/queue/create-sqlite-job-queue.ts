import Database from 'better-sqlite3';
import { backoffDelay, errorText, QUEUE_DEFAULTS, SILENT_LOG, type JobHandler, type JobQueue, type JobQueueOptions, type QueueCounts } from './job-queue.js';

export interface SqliteJobQueueOptions extends JobQueueOptions {
  /** The database file (`:memory:` in unit tests only: it does not survive a restart). */
  file: string;
  /**
   * How long a running job is held before another run may take it over. Renewed while the job
   * runs, so only a process that died (killed, OOM) lets it lapse; its job then runs again.
   */
  leaseMs?: number;
  /** Longest sleep between looks at the table (a lapsed lease is found by looking). */
  pollMs?: number;
  now?: () => number;
}

interface Row {
  seq: number;
  id: string;
  key: string;
  data: string;
  attempts: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS ktriage_jobs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  key TEXT NOT NULL,
  data TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  run_at INTEGER NOT NULL,
  lease_until INTEGER,
  last_error TEXT
);
CREATE INDEX IF NOT EXISTS ktriage_jobs_key ON ktriage_jobs (key, seq);
CREATE INDEX IF NOT EXISTS ktriage_jobs_run_at ON ktriage_jobs (state, run_at);
`;

/**
 * The embedded queue: one SQLite table. A job is a row until it is done (then deleted) or given
 * up (kept as `failed`). Per-key order: a row runs only when no older row of its key is waiting
 * or running, so a delayed job (rate limit) holds back later jobs of its issue and nothing else.
 * Every state change is one statement or one IMMEDIATE transaction, so a crash at any point leaves
 * each job either waiting, or running under a lease that lapses and hands it to the next run.
 */
export function createSqliteJobQueue<D>(options: SqliteJobQueueOptions): JobQueue<D> {
  const concurrency = options.concurrency ?? QUEUE_DEFAULTS.concurrency;
  const maxAttempts = options.maxAttempts ?? QUEUE_DEFAULTS.maxAttempts;
  const backoffMs = options.backoffMs ?? QUEUE_DEFAULTS.backoffMs;
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 1000;
  const now = options.now ?? Date.now;
  const log = options.log ?? SILENT_LOG;

  const db = new Database(options.file);
  // WAL + busy_timeout: readers never block the writer, and a second process on the same file
  // waits for the lock instead of failing with SQLITE_BUSY.
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);

  const insert = db.prepare(
    `INSERT INTO ktriage_jobs (id, key, data, state, attempts, run_at) VALUES (@id, @key, @data, 'queued', 0, @now)
     ON CONFLICT (id) DO UPDATE SET state = 'queued', attempts = 0, run_at = @now, last_error = NULL WHERE state = 'failed'`,
  );
  const head = db.prepare(
    `SELECT j.seq, j.id, j.key, j.data, j.attempts FROM ktriage_jobs j
     WHERE j.run_at <= @now AND (j.state = 'queued' OR (j.state = 'running' AND j.lease_until < @now))
       AND NOT EXISTS (SELECT 1 FROM ktriage_jobs e WHERE e.key = j.key AND e.seq < j.seq AND e.state IN ('queued', 'running'))
       AND NOT EXISTS (SELECT 1 FROM ktriage_jobs r WHERE r.key = j.key AND r.seq <> j.seq AND r.state = 'running' AND r.lease_until >= @now)
       AND j.key NOT IN (SELECT value FROM json_each(@busy))
     ORDER BY j.run_at, j.seq LIMIT 1`,
  );
  const markRunning = db.prepare(`UPDATE ktriage_jobs SET state = 'running', attempts = attempts + 1, lease_until = @lease WHERE seq = @seq`);
  const renew = db.prepare(`UPDATE ktriage_jobs SET lease_until = @lease WHERE seq = @seq AND state = 'running'`);
  const remove = db.prepare(`DELETE FROM ktriage_jobs WHERE seq = @seq`);
  const requeue = db.prepare(`UPDATE ktriage_jobs SET state = 'queued', run_at = @runAt, lease_until = NULL, attempts = attempts - @refund, last_error = @error WHERE seq = @seq`);
  const giveUp = db.prepare(`UPDATE ktriage_jobs SET state = 'failed', lease_until = NULL, last_error = @error WHERE seq = @seq`);
  // Only future wake-ups: a due row blocked behind a running one is pumped when that one ends.
  const nextRunAt = db.prepare(`SELECT MIN(run_at) AS at FROM ktriage_jobs WHERE state = 'queued' AND run_at > @now`);
  const countRows = db.prepare(`SELECT SUM(state <> 'failed') AS pending, SUM(state = 'failed') AS failed FROM ktriage_jobs`);

  const busyKeys = new Set<string>();
  const running = new Set<Promise<void>>();
  let handler: JobHandler<D> | null = null;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;

  const claim = db.transaction((): Row | null => {
    const at = now();
    const row = head.get({ now: at, busy: JSON.stringify([...busyKeys]) }) as Row | undefined;
    if (!row) return null;
    markRunning.run({ seq: row.seq, lease: at + leaseMs });
    return { ...row, attempts: row.attempts + 1 };
  });
  // `.immediate`: take the write lock before reading, so two processes never claim one row.
  const claimImmediate = () => claim.immediate();

  async function run(row: Row): Promise<void> {
    const renewal = setInterval(() => renew.run({ seq: row.seq, lease: now() + leaseMs }), Math.max(10, Math.floor(leaseMs / 3)));
    renewal.unref();
    try {
      const outcome = await handler!({ id: row.id, key: row.key, data: JSON.parse(row.data) as D, attempt: row.attempts });
      if (outcome.kind === 'done') remove.run({ seq: row.seq });
      else requeue.run({ seq: row.seq, runAt: outcome.untilMs, refund: 1, error: outcome.reason });
    } catch (error) {
      if (row.attempts >= maxAttempts) {
        giveUp.run({ seq: row.seq, error: errorText(error) });
        log.error({ err: error, jobId: row.id, key: row.key, attempts: row.attempts }, 'ktriage queue: job failed on its last attempt; kept as failed (a redelivery runs it again)');
      } else {
        const delay = backoffDelay(row.attempts, backoffMs);
        requeue.run({ seq: row.seq, runAt: now() + delay, refund: 0, error: errorText(error) });
        log.warn({ err: error, jobId: row.id, key: row.key, attempt: row.attempts, retryInMs: delay }, 'ktriage queue: job failed; retrying after backoff');
      }
    } finally {
      clearInterval(renewal);
    }
  }

  function pump(): void {
    if (closed || handler === null) return;
    if (timer) clearTimeout(timer);
    timer = null;
    try {
      fill();
    } catch (error) {
      // A locked or full database must not crash the process from a timer: log, look again later.
      log.error({ err: error }, 'ktriage queue: reading the SQLite queue failed; trying again');
    }
    if (closed) return;
    let wait = pollMs;
    try {
      const next = (nextRunAt.get({ now: now() }) as { at: number | null }).at;
      if (next !== null) wait = Math.min(pollMs, Math.max(0, next - now()));
    } catch {
      // the poll interval, as above
    }
    timer = setTimeout(pump, wait);
    timer.unref();
  }

  function fill(): void {
    while (running.size < concurrency) {
      const row = claimImmediate();
      if (!row) break;
      busyKeys.add(row.key);
      const task = run(row)
        .catch((error: unknown) => log.error({ err: error, jobId: row.id, key: row.key }, 'ktriage queue: recording a job\'s outcome failed; its lease will lapse and it runs again'))
        .finally(() => {
          busyKeys.delete(row.key);
          running.delete(task);
          pump();
        });
      running.add(task);
    }
  }

  return {
    async enqueue({ id, key, data }) {
      if (closed) throw new Error('ktriage queue: enqueue after close');
      insert.run({ id, key, data: JSON.stringify(data), now: now() });
      pump();
    },
    start(h) {
      if (handler !== null) throw new Error('ktriage queue: start() called twice');
      handler = h;
      pump();
    },
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      await Promise.allSettled([...running]);
      db.close();
    },
    async counts(): Promise<QueueCounts> {
      const row = countRows.get() as { pending: number | null; failed: number | null };
      return { pending: row.pending ?? 0, failed: row.failed ?? 0 };
    },
  };
}
