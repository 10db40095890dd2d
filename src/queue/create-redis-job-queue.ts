import { DelayedError, Queue, Worker, type Job as BullJob } from 'bullmq';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { QUEUE_DEFAULTS, SILENT_LOG, type JobHandler, type JobQueue, type JobQueueOptions, type QueueCounts } from './job-queue.js';

export interface RedisJobQueueOptions extends JobQueueOptions {
  /** `redis://host:port/db` (REDIS_URL). */
  url: string;
  /** BullMQ queue name; also the prefix of ktriage's own per-key keys. */
  name?: string;
  /**
   * How long a dead replica holds a job (BullMQ's job lock) and a key (ktriage's key lock) before
   * another replica takes over. Both are renewed while the job runs.
   */
  lockMs?: number;
  /** How soon a job that found its key busy looks again. */
  retryBusyMs?: number;
  /** Shown as the job's `processedBy` (BullMQ): which replica ran it. Default `ktriage-<host>-<pid>`. */
  workerName?: string;
}

interface Envelope<D> {
  id: string;
  key: string;
  seq: number;
  data: D;
}

// Compare-and-delete / compare-and-extend: a replica only ever releases or renews its own lock.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/**
 * The shared queue: BullMQ on Redis, so several replicas take jobs from one list and a killed
 * replica's job is taken over (BullMQ's stalled-job check). BullMQ has no per-group ordering in its
 * open-source edition, so ktriage adds two Redis structures per key:
 * - a line (sorted set, score = a global enqueue sequence): a job runs only at the head of its
 *   key's line; a job that is not reschedules itself a moment later (not an attempt);
 * - a key lock (SET NX PX, renewed): even if the line were ever wrong (a job re-added itself after
 *   a crash between add and ZADD), two jobs of one issue never run at once, so the comment-marker
 *   lookup followed by "create" is never raced by another replica: one comment per issue.
 * A job's line entry is written after the job, so a line never names a job that does not exist;
 * an entry whose job finished (a replica died before removing it) is dropped by the next job.
 */
export function createRedisJobQueue<D>(options: RedisJobQueueOptions): JobQueue<D> {
  const name = options.name ?? 'ktriage';
  const concurrency = options.concurrency ?? QUEUE_DEFAULTS.concurrency;
  const maxAttempts = options.maxAttempts ?? QUEUE_DEFAULTS.maxAttempts;
  const backoffMs = options.backoffMs ?? QUEUE_DEFAULTS.backoffMs;
  const lockMs = options.lockMs ?? 30_000;
  const retryBusyMs = options.retryBusyMs ?? 250;
  const log = options.log ?? SILENT_LOG;

  // BullMQ requires maxRetriesPerRequest: null on its connections (blocking commands). BullMQ does
  // not close connections it was handed, so close() disconnects each one made here.
  const connections: Redis[] = [];
  const connection = () => {
    const client = new Redis(options.url, { maxRetriesPerRequest: null });
    connections.push(client);
    return client;
  };
  const redis = connection();
  const queue = new Queue<Envelope<D>>(name, { connection: connection() });
  const lineKey = (key: string) => `${name}:line:${key}`;
  const lockKey = (key: string) => `${name}:lock:${key}`;
  let worker: Worker<Envelope<D>> | null = null;
  let closed = false;

  async function firstInLine(job: BullJob<Envelope<D>>, jobId: string): Promise<boolean> {
    const line = lineKey(job.data.key);
    for (;;) {
      // Re-add ourselves if a crash came between add and ZADD (NX: never moves an existing entry).
      await redis.zadd(line, 'NX', job.data.seq, jobId);
      const [head] = await redis.zrange(line, 0, 0);
      if (head === jobId) return true;
      const state = await queue.getJobState(head!);
      if (state === 'completed' || state === 'failed' || state === 'unknown') {
        await redis.zrem(line, head!);
        continue;
      }
      return false;
    }
  }

  async function runJob(handler: JobHandler<D>, job: BullJob<Envelope<D>>, token: string | undefined): Promise<void> {
    const jobId = job.id!;
    const { key } = job.data;
    const owner = randomUUID();
    const busy = async () => {
      await job.moveToDelayed(Date.now() + retryBusyMs, token);
      throw new DelayedError();
    };
    if (!(await firstInLine(job, jobId))) return busy();
    if ((await redis.set(lockKey(key), owner, 'PX', lockMs, 'NX')) !== 'OK') return busy();
    const renewal = setInterval(() => void redis.eval(RENEW, 1, lockKey(key), owner, String(lockMs)).catch(() => undefined), Math.max(10, Math.floor(lockMs / 3)));
    try {
      const attempt = job.attemptsMade + 1;
      let outcome;
      try {
        outcome = await handler({ id: job.data.id, key, data: job.data.data, attempt });
      } catch (error) {
        if (attempt >= maxAttempts) {
          await redis.zrem(lineKey(key), jobId);
          log.error({ err: error, jobId: job.data.id, key, attempts: attempt }, 'ktriage queue: job failed on its last attempt; kept as failed (a redelivery runs it again)');
        } else {
          log.warn({ err: error, jobId: job.data.id, key, attempt }, 'ktriage queue: job failed; retrying after backoff');
        }
        throw error;
      }
      if (outcome.kind === 'delay') {
        // Stays first in its key's line: later events of this issue wait, other issues go on.
        await job.moveToDelayed(Math.max(Date.now(), outcome.untilMs), token);
        throw new DelayedError(outcome.reason);
      }
      await redis.zrem(lineKey(key), jobId);
    } finally {
      clearInterval(renewal);
      await redis.eval(RELEASE, 1, lockKey(key), owner).catch(() => undefined);
    }
  }

  return {
    async enqueue({ id, key, data }) {
      if (closed) throw new Error('ktriage queue: enqueue after close');
      const jobId = bullJobId(id);
      const seq = await redis.incr(`${name}:seq`);
      // A failed job with this id is revived by a redelivery, as in the SQLite queue.
      const existing = await queue.getJob(jobId);
      if (existing && (await existing.isFailed())) await existing.remove();
      await queue.add('job', { id, key, seq, data }, { jobId, attempts: maxAttempts, backoff: { type: 'exponential', delay: backoffMs }, removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600 } });
      await redis.zadd(lineKey(key), 'NX', seq, jobId);
    },
    start(handler) {
      if (worker !== null) throw new Error('ktriage queue: start() called twice');
      worker = new Worker<Envelope<D>>(name, (job, token) => runJob(handler, job, token), {
        connection: connection(),
        name: options.workerName ?? `ktriage-${hostname()}-${process.pid}`,
        concurrency,
        lockDuration: lockMs,
        stalledInterval: Math.max(1000, Math.floor(lockMs / 2)),
        // A replica killed mid-job makes it "stalled"; it is run again, not failed, a few times.
        maxStalledCount: 3,
      });
      worker.on('error', (error) => log.warn({ err: error }, 'ktriage queue: Redis worker error'));
    },
    async close() {
      if (closed) return;
      closed = true;
      await worker?.close();
      await queue.close();
      for (const client of connections) client.disconnect();
    },
    async counts(): Promise<QueueCounts> {
      const c = await queue.getJobCounts('wait', 'delayed', 'active', 'prioritized', 'waiting-children', 'failed');
      return { pending: (c.wait ?? 0) + (c.delayed ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0) + (c['waiting-children'] ?? 0), failed: c.failed ?? 0 };
    },
  };
}

/** BullMQ refuses custom ids that are integers or contain ":"; delivery ids are GUIDs, but be safe. */
function bullJobId(id: string): string {
  return `j-${encodeURIComponent(id)}`;
}
