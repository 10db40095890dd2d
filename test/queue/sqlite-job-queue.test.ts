import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backoffDelay, createSqliteJobQueue, type JobOutcome } from '../../src/queue/index.js';
import { jobQueueContract, waitFor } from './job-queue-contract.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ktriage-queue-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite job queue: the queue contract', () => {
  jobQueueContract((scope, options) => createSqliteJobQueue({ ...options, file: join(dir, `${scope}.sqlite`), pollMs: 50 }));
});

describe('SQLite job queue: a process that dies mid-job', () => {
  it('hands the job to the next process once the lease lapses, and runs it to the end there', async () => {
    const file = join(dir, 'crash.sqlite');
    const dying = createSqliteJobQueue<{ n: number }>({ file, leaseMs: 300, pollMs: 50 });
    let reached = false;
    // The first process claims the job and never finishes it (as if killed mid-job). A dead
    // process renews nothing; here the hung handler still renews, so the survivor's clock is set a
    // minute ahead, past any lease the first one wrote.
    dying.start(async () => {
      reached = true;
      return new Promise<JobOutcome>(() => undefined);
    });
    await dying.enqueue({ id: 'd1', key: 'k', data: { n: 1 } });
    await waitFor(() => reached, 5000, 'the first claim');
    // The survivor's clock runs ahead of the dead process's last lease renewal.
    const survivor = createSqliteJobQueue<{ n: number }>({ file, leaseMs: 300, pollMs: 50, now: () => Date.now() + 60_000 });
    const seen: number[] = [];
    survivor.start(async (job) => {
      seen.push(job.attempt);
      return { kind: 'done' };
    });
    await waitFor(() => seen.length === 1, 5000, 'the takeover');
    expect(seen).toEqual([2]);
    await survivor.close();
  });

  it('rejects work after close with a clear error', async () => {
    const queue = createSqliteJobQueue<{ n: number }>({ file: join(dir, 'closed.sqlite') });
    await queue.close();
    await expect(queue.enqueue({ id: 'late', key: 'k', data: { n: 1 } })).rejects.toThrow('enqueue after close');
  });
});

describe('backoffDelay', () => {
  it.each([
    [1, 1000, 1000],
    [2, 1000, 2000],
    [4, 1000, 8000],
    // capped at ten minutes
    [30, 1000, 600_000],
  ])('after %i failures with base %i ms waits %i ms', (failures, base, expected) => {
    expect(backoffDelay(failures, base)).toBe(expected);
  });
});
