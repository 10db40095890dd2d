import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Probot, Server } from 'probot';
import { createKtriageApp } from '../../../src/github/index.js';
import { createSqliteJobQueue, type JobQueue } from '../../../src/queue/index.js';
import type { QueuedDelivery } from '../../../src/github/app/index.js';
import { deliverWebhook, faults, startGitHubApiStandIn, BOT_LOGIN, type GitHubApiStandIn } from '../../support/github-api-stand-in.js';
import { freePort } from '../../support/redis-server.js';
import { reportFixtureText, THIN_POOL_TITLE } from '../../support/report-fixture.js';
import { waitFor } from '../../queue/job-queue-contract.js';
import { createTestLogger, TEST_APP_ID, TEST_PRIVATE_KEY } from '../support/create-test-probot.js';
import { bundledPacks } from '../support/scenario.js';

/**
 * The served App as `probot run` serves it (Probot's real HTTP server, real App authentication,
 * Probot's default Octokit with its retry and throttling plugins) against the GitHub API stand-in,
 * driven with signed webhooks, deliveries kept in the embedded SQLite queue.
 */
const SECRET = 'queued-e2e-secret';
const BODY = reportFixtureText('bugzilla-68801.txt');
let gh: GitHubApiStandIn;
let dir: string;

interface RunningApp {
  url: string;
  queue: JobQueue<QueuedDelivery>;
  stop: () => Promise<void>;
}

async function startApp(file: string): Promise<RunningApp> {
  const { log } = createTestLogger();
  const port = await freePort();
  const server = new Server({ host: '127.0.0.1', port, log, Probot: Probot.defaults({ appId: TEST_APP_ID, privateKey: TEST_PRIVATE_KEY, secret: SECRET, baseUrl: gh.url, log }) });
  let queue: JobQueue<QueuedDelivery> | null = null;
  let drain: (() => Promise<void>) | null = null;
  await server.load(
    createKtriageApp({
      bundledRules: await bundledPacks(),
      createQueue: (queueLog) => (queue = createSqliteJobQueue<QueuedDelivery>({ file, log: queueLog, pollMs: 100, backoffMs: 200 })),
      onQueueReady: (d) => (drain = d),
    }),
  );
  await server.start();
  if (queue === null || drain === null) throw new Error('the served App did not open its queue');
  const ready = drain as () => Promise<void>;
  return {
    url: `http://127.0.0.1:${port}/api/github/webhooks`,
    queue,
    stop: async () => {
      await ready();
      await server.stop();
    },
  };
}

const botComments = (n: number) => gh.comments(n).filter((c) => c.user.login === BOT_LOGIN && !c.body.includes('ktriage-reply'));
const deliver = (app: RunningApp, event: string, id: string, payload: object) => deliverWebhook(app.url, { event, id, payload, secret: SECRET });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ktriage-e2e-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(async () => {
  gh = await startGitHubApiStandIn();
});
afterEach(() => gh.close());

describe('served App with the SQLite queue', () => {
  it('acknowledges a burst at once, then comments exactly once per issue through 5xx, secondary limits and 429s', async () => {
    const app = await startApp(join(dir, 'burst.sqlite'));
    try {
      const issues = Array.from({ length: 30 }, (_, i) => i + 1);
      for (const n of issues) gh.addIssue({ number: n, title: THIN_POOL_TITLE, body: BODY });
      gh.inject(faults.serverError({ method: 'POST', path: /\/issues\/3\/comments$/ }));
      gh.inject(faults.secondaryLimit(1, { method: 'POST', path: /\/issues\/5\/comments$/ }));
      gh.inject(faults.tooManyRequests(1, { method: 'POST', path: /\/issues\/7\/labels$/ }));
      // Every job is held at its comment until all deliveries are answered: an App that worked
      // before answering (GitHub gives up after 10 s) could not answer at all while the hold lasts.
      // This is the property, not a wall-clock bound, so a loaded machine cannot fail it.
      const release = gh.holdUntil({ method: 'POST', path: /\/issues\/\d+\/comments$/, count: Number.POSITIVE_INFINITY, timeoutMs: 100_000 });
      const deliveries = [
        ...issues.map((n) => deliver(app, 'issues', `open-${n}`, gh.issuesPayload('opened', n))),
        ...issues.slice(0, 10).map((n) => deliver(app, 'issues', `edit-${n}`, gh.issuesPayload('edited', n))),
        // GitHub's redelivery of one delivery while the first is still queued
        deliver(app, 'issues', 'open-1', gh.issuesPayload('opened', 1)),
      ];
      const answers = await Promise.all(deliveries);
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
      // All answered, and still no job has written its comment: each answer came before its job ran
      // to the end, and the jobs wait in the store, not in the answers.
      expect(issues.filter((n) => botComments(n).length > 0)).toEqual([]);
      expect(gh.requests.filter((r) => r.method === 'POST' && /\/issues\/\d+\/comments$/.test(r.path))).toEqual([]);
      expect((await app.queue.counts()).pending).toBeGreaterThan(0);
      release();

      await waitFor(async () => (await app.queue.counts()).pending === 0 && issues.every((n) => botComments(n).length > 0), 50_000, 'every issue commented');
      for (const n of issues) expect(botComments(n)).toHaveLength(1);
      // The issues start unlabelled and carry one report: the labels are ktriage's, the same on each.
      const labelSets = issues.map((n) => gh.labels(n).sort().join(','));
      expect(labelSets[0]).not.toBe('');
      expect(new Set(labelSets).size).toBe(1);
      expect(await app.queue.counts()).toEqual({ pending: 0, failed: 0 });
      // the faults were met (and survived), not skipped
      expect(gh.requests.filter((r) => r.status === 502 || r.status === 429 || r.status === 403)).toHaveLength(3);
    } finally {
      await app.stop();
    }
  }, 180_000);

  it('refuses a signed but malformed delivery with 400 before storing it (issue 13, finding 8)', async () => {
    const app = await startApp(join(dir, 'malformed.sqlite'));
    try {
      gh.addIssue({ number: 1, title: THIN_POOL_TITLE, body: BODY });
      const { issue: _issue, ...withoutIssue } = gh.issuesPayload('opened', 1) as Record<string, unknown>;
      const answer = await deliver(app, 'issues', 'no-issue', withoutIssue);
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.text)).toEqual({ error: 'MalformedWebhook: "issues" payload without "issue"' });
      expect(await app.queue.counts()).toEqual({ pending: 0, failed: 0 });
    } finally {
      await app.stop();
    }
  });

  it('a spent primary quota reschedules its issue until the reset while other issues proceed', async () => {
    const file = join(dir, 'quota.sqlite');
    const app = await startApp(file);
    try {
      for (const n of [101, 102, 103, 104]) gh.addIssue({ number: n, title: THIN_POOL_TITLE, body: BODY });
      const reset = Date.now() + 4000;
      gh.inject(faults.primaryLimit(reset, { path: /\/issues\/102(\/|$)/ }));
      for (const n of [101, 102, 103, 104]) expect((await deliver(app, 'issues', `q-${n}`, gh.issuesPayload('opened', n))).status).toBe(200);
      await waitFor(() => [101, 103, 104].every((n) => botComments(n).length === 1), 20_000, 'the other issues');
      expect(Date.now()).toBeLessThan(reset);
      expect(botComments(102)).toHaveLength(0);
      // Waiting in the store, not in a worker: the row is queued (not running) until the reset.
      const db = new Database(file, { readonly: true });
      try {
        await waitFor(() => (db.prepare(`SELECT state FROM ktriage_jobs`).all() as { state: string }[]).every((r) => r.state === 'queued'), 5000, 'the job back in the store');
        const row = db.prepare(`SELECT state, run_at FROM ktriage_jobs`).get() as { state: string; run_at: number };
        expect(row.run_at).toBeGreaterThanOrEqual(reset - 1000);
      } finally {
        db.close();
      }
      await waitFor(() => botComments(102).length === 1, 20_000, 'the limited issue after its reset');
      expect(Date.parse(botComments(102)[0]!.created_at)).toBeGreaterThanOrEqual(reset);
      expect(gh.requests.filter((r) => r.status === 403)).toHaveLength(1);
    } finally {
      await app.stop();
    }
  }, 60_000);

  it('an hour-long reset holds no worker: the App drains at once, and after a restart the stored delivery is handled', async () => {
    const file = join(dir, 'hour.sqlite');
    const first = await startApp(file);
    gh.addIssue({ number: 201, title: THIN_POOL_TITLE, body: BODY });
    const reset = Date.now() + 3600_000;
    gh.inject(faults.primaryLimit(reset, { path: /\/issues\/201(\/|$)/ }));
    expect((await deliver(first, 'issues', 'h-201', gh.issuesPayload('opened', 201))).status).toBe(200);
    await waitFor(() => gh.requests.some((r) => r.status === 403), 10_000, 'the quota answer');
    await waitFor(async () => (await first.queue.counts()).pending === 1, 5000, 'the job stored');
    // Had anything slept until the reset (Probot's throttle: "Retrying after 3601 seconds"), the
    // drain would wait for it; it returns at once because no job is running.
    const started = Date.now();
    await first.stop();
    expect(Date.now() - started).toBeLessThan(3000);
    const db = new Database(file);
    const row = db.prepare(`SELECT state, run_at FROM ktriage_jobs`).get() as { state: string; run_at: number };
    expect(row.state).toBe('queued');
    expect(Math.abs(row.run_at - reset)).toBeLessThan(5000);
    // The hour passes (GitHub lifts the limit, the clock moves): a new process finds the delivery.
    db.prepare(`UPDATE ktriage_jobs SET run_at = 0`).run();
    db.close();
    gh.clearFaults();
    const second = await startApp(file);
    try {
      await waitFor(() => botComments(201).length === 1, 20_000, 'the restarted App to handle the stored delivery');
      await waitFor(async () => (await second.queue.counts()).pending === 0, 5000, 'the queue emptied');
    } finally {
      await second.stop();
    }
  }, 60_000);
});
