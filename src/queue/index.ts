/**
 * queue/: the durable keyed work queue (SQLite for one process, BullMQ on Redis for replicas).
 * Adapters enqueue a webhook's work and return; a handler runs it later, retried and in order.
 */
export { backoffDelay, QUEUE_DEFAULTS, type Job, type JobHandler, type JobInput, type JobOutcome, type JobQueue, type JobQueueOptions, type QueueCounts, type QueueLog } from './job-queue.js';
export { createSqliteJobQueue, type SqliteJobQueueOptions } from './create-sqlite-job-queue.js';
export { createRedisJobQueue, type RedisJobQueueOptions } from './create-redis-job-queue.js';
export { openJobQueue, readQueueChoice, readQueueConcurrency, type QueueChoice } from './open-job-queue.js';
