import { createTestLogger, TEST_APP_ID, TEST_PRIVATE_KEY, TestOctokit } from '../support/create-test-probot.js';
import { Probot } from 'probot';
import { createDurableDispatch, deliveryKey, type QueuedDelivery } from '../../../src/github/app/index.js';
import type { JobHandler, JobOutcome, JobQueue } from '../../../src/queue/index.js';

/** The dispatch between Probot and the queue, with a queue that records and runs jobs by hand. */
function recordingQueue() {
  const stored: { id: string; key: string; data: QueuedDelivery }[] = [];
  let handler: JobHandler<QueuedDelivery> | null = null;
  const queue: JobQueue<QueuedDelivery> = {
    enqueue: async (job) => void stored.push(job),
    start: (h) => void (handler = h),
    close: async () => undefined,
    counts: async () => ({ pending: stored.length, failed: 0 }),
  };
  const run = (index: number, attempt = 1): Promise<JobOutcome> => handler!({ ...stored[index]!, attempt });
  return { queue, stored, run };
}

const NOW = Date.parse('2026-12-07T12:00:00Z');
const payload = { action: 'opened', issue: { number: 7 }, repository: { full_name: 'Octo/Repo', name: 'Repo', owner: { login: 'Octo' } }, installation: { id: 99 }, sender: { type: 'User', login: 'u' } };

function setup(failWith: unknown) {
  const { log } = createTestLogger();
  const probot = new Probot({ appId: TEST_APP_ID, privateKey: TEST_PRIVATE_KEY, Octokit: TestOctokit, log });
  const { queue, stored, run } = recordingQueue();
  const seen: string[] = [];
  const dispatch = createDurableDispatch({ app: probot, queue, nowMs: () => NOW, octokitFor: async () => new TestOctokit() });
  dispatch.on('issues.opened', async (context) => {
    seen.push(`${context.name}:${context.id}`);
    if (failWith) throw failWith;
  });
  dispatch.start();
  return { probot, stored, run, seen };
}

const rateLimited = (status: number, message: string, headers: Record<string, string>) => Object.assign(new Error(message), { status, response: { headers, data: { message } } });

describe('createDurableDispatch', () => {
  it('stores the delivery with its installation and issue key, and runs it later from the queue', async () => {
    const { probot, stored, run, seen } = setup(null);
    await probot.receive({ id: 'd-1', name: 'issues', payload } as never);
    expect(seen).toEqual([]);
    expect(stored).toEqual([{ id: 'd-1', key: 'octo/repo#7', data: { id: 'd-1', name: 'issues', payload, installationId: 99 } }]);
    expect(await run(0)).toEqual({ kind: 'done' });
    expect(seen).toEqual(['issues:d-1']);
  });

  it.each([
    // primary quota spent: until x-ratelimit-reset
    ['403 quota at 0', rateLimited(403, 'API rate limit exceeded', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 3600) }), 1, NOW + 3600_000],
    // secondary limit with retry-after
    ['403 secondary + retry-after', rateLimited(403, 'You have exceeded a secondary rate limit', { 'retry-after': '30' }), 1, NOW + 30_000],
    // no header: a minute, longer on each attempt (GitHub's advice)
    ['403 secondary without header, 3rd attempt', rateLimited(403, 'You have exceeded a secondary rate limit', {}), 3, NOW + 180_000],
    ['429 + retry-after', rateLimited(429, 'Too Many Requests', { 'retry-after': '5' }), 1, NOW + 5000],
  ])('a %s is a delay until GitHub says, not a failure', async (_name, error, attempt, until) => {
    const { probot, run } = setup(error);
    await probot.receive({ id: 'd-2', name: 'issues', payload } as never);
    const outcome = await run(0, attempt);
    expect(outcome).toMatchObject({ kind: 'delay', untilMs: until });
  });

  it('any other failure is thrown for the queue to retry with backoff', async () => {
    const { probot, run } = setup(Object.assign(new Error('Bad Gateway'), { status: 502 }));
    await probot.receive({ id: 'd-3', name: 'issues', payload } as never);
    await expect(run(0)).rejects.toThrow('Bad Gateway');
  });
});

describe('deliveryKey', () => {
  it.each([
    ['issues', { repository: { full_name: 'O/R' }, issue: { number: 1 } }, 'o/r#1'],
    // a comment orders with its issue
    ['issue_comment', { repository: { full_name: 'O/R' }, issue: { number: 1 }, comment: { id: 5 } }, 'o/r#1'],
    ['pull_request', { repository: { full_name: 'O/R' }, pull_request: { number: 2 } }, 'o/r!2'],
    ['check_run', { repository: { full_name: 'O/R' }, check_run: { head_sha: 'abc' } }, 'o/r@abc'],
    ['check_suite', { repository: { full_name: 'O/R' }, check_suite: { head_sha: 'def' } }, 'o/r@def'],
    ['installation', {}, 'unknown:installation'],
  ])('%s -> %s', (name, p, expected) => {
    expect(deliveryKey(name, p)).toBe(expected);
  });
});
