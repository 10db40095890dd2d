/**
 * One durable, keyed work queue for the adapters: webhooks are acknowledged as soon as their job
 * is stored, and the work runs later, retried, one job per key at a time, in the order the jobs
 * were enqueued. Two implementations keep the same contract (test/queue/job-queue.contract.ts):
 * SQLite for one process (survives a restart) and BullMQ on Redis for several replicas.
 */

import type { Logger } from '../log/index.js';

/** A unit of work as the caller hands it over. */
export interface JobInput<D> {
  /** Unique per piece of work (a webhook delivery id): enqueueing an id already waiting is a no-op. */
  id: string;
  /** Jobs with one key run one at a time, oldest first (an issue: `owner/repo#12`). */
  key: string;
  /** JSON-serialisable payload. */
  data: D;
}

export interface Job<D> extends JobInput<D> {
  /** 1 on the first run; a rate-limit delay does not count as an attempt. */
  attempt: number;
}

/**
 * What a finished run says. `delay` is for waits the job cannot shorten (a spent rate-limit quota):
 * the job goes back to the store until `untilMs` instead of holding a worker asleep, later jobs of
 * its key wait behind it, other keys go on. Throwing means "failed, retry with backoff".
 */
export type JobOutcome = { kind: 'done' } | { kind: 'delay'; untilMs: number; reason: string };

export type JobHandler<D> = (job: Job<D>) => Promise<JobOutcome>;

/** The part of the shared Logger (src/log) the queue uses. */
export type QueueLog = Pick<Logger, 'error' | 'warn'>;

export interface QueueCounts {
  /** Waiting, delayed or running. */
  pending: number;
  /** Gave up after the last attempt (kept for operators; a redelivery of the id revives it). */
  failed: number;
}

export interface JobQueue<D> {
  enqueue: (job: JobInput<D>) => Promise<void>;
  /** Starts taking work (once). Jobs enqueued before are kept and run. */
  start: (handler: JobHandler<D>) => void;
  /** Stops taking work and resolves when the jobs already running have finished (SIGTERM drain). */
  close: () => Promise<void>;
  counts: () => Promise<QueueCounts>;
}

/** Options both implementations take. */
export interface JobQueueOptions {
  /** Jobs run at once in this process (different keys). */
  concurrency?: number;
  /** Runs of one job before it is given up (counted as failed). */
  maxAttempts?: number;
  /** Backoff after the first failure, doubled each further failure (capped at 10 minutes). */
  backoffMs?: number;
  log?: QueueLog;
}

export const QUEUE_DEFAULTS = { concurrency: 4, maxAttempts: 6, backoffMs: 2000 } as const;

const MAX_BACKOFF_MS = 10 * 60 * 1000;

/**
 * Exponential backoff: `backoffMs` after the first failed attempt, doubled after each next one.
 *
 * @example
 * backoffDelay(3, 1000) // => 4000
 */
export function backoffDelay(failedAttempts: number, backoffMs: number): number {
  return Math.min(MAX_BACKOFF_MS, backoffMs * 2 ** Math.max(0, failedAttempts - 1));
}

export const SILENT_LOG: QueueLog = { warn: () => undefined, error: () => undefined };

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
