import { createRedisJobQueue } from './create-redis-job-queue.js';
import { createSqliteJobQueue } from './create-sqlite-job-queue.js';
import type { JobQueue, JobQueueOptions } from './job-queue.js';

/** Which store holds the queue: Redis when replicas share the work, else a SQLite file. */
export type QueueChoice = { kind: 'redis'; url: string; lockMs: number } | { kind: 'sqlite'; file: string };

/**
 * Reads the choice from the environment: `REDIS_URL` (the variable Probot also reads for its
 * shared throttling) selects Redis; otherwise `KTRIAGE_QUEUE_FILE` (default `ktriage-queue.sqlite`
 * in the working directory; the container sets /data/queue.sqlite on its volume).
 * `KTRIAGE_QUEUE_LOCK_MS` (Redis): how long a killed replica's job waits before another replica
 * takes it over (default 30 s; renewed while a live replica works on it).
 *
 * @example
 * readQueueChoice({ REDIS_URL: 'redis://redis:6379' }) // => { kind: 'redis', url: 'redis://redis:6379', lockMs: 30000 }
 */
export function readQueueChoice(env: Record<string, string | undefined>): QueueChoice {
  const url = env.REDIS_URL?.trim();
  if (url) {
    if (!/^rediss?:\/\//.test(url)) throw new Error(`REDIS_URL must be a redis:// or rediss:// URL (got "${url}")`);
    const rawLock = env.KTRIAGE_QUEUE_LOCK_MS?.trim();
    const lockMs = rawLock ? Number(rawLock) : 30_000;
    if (!Number.isInteger(lockMs) || lockMs < 1000) throw new Error(`KTRIAGE_QUEUE_LOCK_MS must be a whole number of milliseconds, at least 1000 (got "${rawLock}")`);
    return { kind: 'redis', url, lockMs };
  }
  return { kind: 'sqlite', file: env.KTRIAGE_QUEUE_FILE?.trim() || 'ktriage-queue.sqlite' };
}

/** Reads KTRIAGE_QUEUE_CONCURRENCY: jobs of different issues run at once in one process. */
export function readQueueConcurrency(env: Record<string, string | undefined>): number {
  const raw = env.KTRIAGE_QUEUE_CONCURRENCY?.trim();
  if (!raw) return 4;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 64) throw new Error(`KTRIAGE_QUEUE_CONCURRENCY must be a whole number from 1 to 64 (got "${raw}")`);
  return value;
}

export function openJobQueue<D>(choice: QueueChoice, options: JobQueueOptions = {}): JobQueue<D> {
  return choice.kind === 'redis' ? createRedisJobQueue<D>({ ...options, url: choice.url, lockMs: choice.lockMs }) : createSqliteJobQueue<D>({ ...options, file: choice.file });
}
