// The contract both queues keep (SQLite and BullMQ on Redis): run by sqlite-job-queue.test.ts and
// redis-job-queue.test.ts against the real stores.
import type { Job, JobOutcome, JobQueue, JobQueueOptions } from '../../src/queue/index.js';

/** Opens a queue on `scope` (a file, a Redis queue name); the same scope reopens the same store. */
export type OpenQueue = (scope: string, options: JobQueueOptions) => JobQueue<{ n: number }>;

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const DONE: JobOutcome = { kind: 'done' };

export function jobQueueContract(open: OpenQueue): void {
  let opened: JobQueue<{ n: number }>[] = [];
  let scopes = 0;
  const fresh = (options: JobQueueOptions = {}) => {
    scopes += 1;
    const scope = `contract${scopes}x${process.pid}`;
    const queue = open(scope, { backoffMs: 50, ...options });
    opened.push(queue);
    return { queue, scope };
  };
  afterEach(async () => {
    await Promise.all(opened.map((queue) => queue.close()));
    opened = [];
  });

  it('runs every job once and forgets it when done', async () => {
    const { queue } = fresh();
    const seen: number[] = [];
    queue.start(async (job) => {
      seen.push(job.data.n);
      return DONE;
    });
    for (let n = 0; n < 20; n += 1) await queue.enqueue({ id: `d${n}`, key: `k${n % 7}`, data: { n } });
    await waitFor(() => seen.length === 20, 10_000, '20 jobs');
    await pause(100);
    expect([...seen].sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
    expect(await queue.counts()).toEqual({ pending: 0, failed: 0 });
  });

  it('runs the jobs of one key one at a time in enqueue order, other keys alongside', async () => {
    const { queue } = fresh({ concurrency: 4 });
    const log: string[] = [];
    let active = new Map<string, number>();
    let overlapSameKey = false;
    let overlapOtherKeys = false;
    queue.start(async (job) => {
      const now = active.get(job.key) ?? 0;
      if (now > 0) overlapSameKey = true;
      active.set(job.key, now + 1);
      if ([...active.values()].filter((count) => count > 0).length > 1) overlapOtherKeys = true;
      log.push(`${job.key}:${job.data.n}`);
      await pause(30);
      active = new Map(active).set(job.key, (active.get(job.key) ?? 1) - 1);
      return DONE;
    });
    for (let n = 0; n < 6; n += 1) {
      await queue.enqueue({ id: `a${n}`, key: 'issue-a', data: { n } });
      await queue.enqueue({ id: `b${n}`, key: 'issue-b', data: { n } });
    }
    await waitFor(() => log.length === 12, 15_000, '12 jobs');
    expect(overlapSameKey).toBe(false);
    expect(overlapOtherKeys).toBe(true);
    expect(log.filter((entry) => entry.startsWith('issue-a'))).toEqual([0, 1, 2, 3, 4, 5].map((n) => `issue-a:${n}`));
    expect(log.filter((entry) => entry.startsWith('issue-b'))).toEqual([0, 1, 2, 3, 4, 5].map((n) => `issue-b:${n}`));
  });

  it('runs an id enqueued twice while it waits only once', async () => {
    const { queue } = fresh();
    for (let i = 0; i < 3; i += 1) await queue.enqueue({ id: 'same-delivery', key: 'k', data: { n: i } });
    const seen: number[] = [];
    queue.start(async (job) => {
      seen.push(job.data.n);
      return DONE;
    });
    await waitFor(async () => (await queue.counts()).pending === 0, 10_000, 'drain');
    expect(seen).toEqual([0]);
  });

  it('retries a failing job with backoff and counts its attempts', async () => {
    const { queue } = fresh({ maxAttempts: 4 });
    const attempts: number[] = [];
    queue.start(async (job: Job<{ n: number }>) => {
      attempts.push(job.attempt);
      if (job.attempt < 3) throw new Error(`transient ${job.attempt}`);
      return DONE;
    });
    await queue.enqueue({ id: 'flaky', key: 'k', data: { n: 1 } });
    await waitFor(() => attempts.length === 3, 10_000, 'three attempts');
    await waitFor(async () => (await queue.counts()).pending === 0, 5000, 'drain');
    expect(attempts).toEqual([1, 2, 3]);
    expect(await queue.counts()).toEqual({ pending: 0, failed: 0 });
  });

  it('gives a job up after its last attempt, keeps it as failed, and lets its key go on', async () => {
    const { queue } = fresh({ maxAttempts: 2 });
    const seen: string[] = [];
    queue.start(async (job) => {
      seen.push(`${job.id}#${job.attempt}`);
      if (job.id === 'poison') throw new Error('always fails');
      return DONE;
    });
    await queue.enqueue({ id: 'poison', key: 'k', data: { n: 1 } });
    await queue.enqueue({ id: 'after', key: 'k', data: { n: 2 } });
    await waitFor(() => seen.includes('after#1'), 10_000, 'the next job of the key');
    expect(seen).toEqual(['poison#1', 'poison#2', 'after#1']);
    await waitFor(async () => (await queue.counts()).pending === 0, 5000, 'drain');
    expect(await queue.counts()).toEqual({ pending: 0, failed: 1 });
  });

  it('a delayed job waits without a worker, holds back its key only, and is not charged an attempt', async () => {
    const { queue } = fresh({ concurrency: 2, maxAttempts: 1 });
    const seen: string[] = [];
    const started = Date.now();
    let until = 0;
    queue.start(async (job) => {
      seen.push(`${job.id}#${job.attempt}@${Date.now() - started >= 600 ? 'late' : 'early'}`);
      if (job.id === 'limited' && until === 0) {
        until = Date.now() + 700;
        return { kind: 'delay', untilMs: until, reason: 'rate limit' };
      }
      return DONE;
    });
    await queue.enqueue({ id: 'limited', key: 'issue-a', data: { n: 1 } });
    await queue.enqueue({ id: 'behind', key: 'issue-a', data: { n: 2 } });
    await queue.enqueue({ id: 'other', key: 'issue-b', data: { n: 3 } });
    await waitFor(() => seen.includes('other#1@early'), 5000, 'the other key');
    expect(seen).not.toContain('behind#1@early');
    await waitFor(() => seen.length === 4, 10_000, 'all four runs');
    // maxAttempts 1: had the delay counted as an attempt, the second run could not happen.
    expect(seen).toEqual(['limited#1@early', 'other#1@early', 'limited#1@late', 'behind#1@late']);
  });

  it('keeps jobs across a restart: enqueued by one instance, run by the next', async () => {
    const { queue, scope } = fresh();
    await queue.enqueue({ id: 'x1', key: 'k', data: { n: 1 } });
    await queue.enqueue({ id: 'x2', key: 'k', data: { n: 2 } });
    await queue.close();
    const reopened = open(scope, { backoffMs: 50 });
    opened.push(reopened);
    const seen: number[] = [];
    reopened.start(async (job) => {
      seen.push(job.data.n);
      return DONE;
    });
    await waitFor(() => seen.length === 2, 10_000, 'jobs after restart');
    expect(seen).toEqual([1, 2]);
  });

  it('close() waits for the running job to finish and then takes no more', async () => {
    const { queue } = fresh({ concurrency: 1 });
    const seen: string[] = [];
    queue.start(async (job) => {
      seen.push(`start ${job.id}`);
      await pause(200);
      seen.push(`end ${job.id}`);
      return DONE;
    });
    await queue.enqueue({ id: 'first', key: 'k', data: { n: 1 } });
    await queue.enqueue({ id: 'second', key: 'k', data: { n: 2 } });
    await waitFor(() => seen.length === 1, 5000, 'the first start');
    await queue.close();
    expect(seen).toEqual(['start first', 'end first']);
  });
}
