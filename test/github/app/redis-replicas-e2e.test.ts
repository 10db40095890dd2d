import { Queue } from 'bullmq';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRedisJobQueue } from '../../../src/queue/index.js';
import { deliverWebhook, faults, startGitHubApiStandIn, BOT_LOGIN, type GitHubApiStandIn } from '../../support/github-api-stand-in.js';
import { describeRedis, freePort } from '../../support/redis-server.js';
import { reportFixtureText, THIN_POOL_TITLE } from '../../support/report-fixture.js';
import { waitFor } from '../../queue/job-queue-contract.js';
import { spawnedAppEnv } from '../support/create-test-probot.js';

/**
 * Two replicas of the App, each the real `probot run` on ktriage's entry in its own process,
 * sharing a real redis-server (REDIS_URL), against the GitHub API stand-in (GHE_HOST). 100 signed
 * deliveries over 30 issues; one replica is killed (SIGKILL) in the middle of the burst.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SECRET = 'replicas-e2e-secret';
const BODY = reportFixtureText('bugzilla-68801.txt');

interface Replica {
  url: string;
  child: ChildProcess;
  output: () => string;
}

const STORE_FILE = join(mkdtempSync(join(tmpdir(), 'ktriage-replicas-store-')), 'store.sqlite');

async function startReplica(gh: GitHubApiStandIn, redisUrl: string): Promise<Replica> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'node_modules/probot/bin/probot.js', 'run', './src/index.ts'], {
    cwd: ROOT,
    env: spawnedAppEnv(gh.host, port, SECRET, {
      REDIS_URL: redisUrl,
      KTRIAGE_QUEUE_LOCK_MS: '3000',
      // The replicas share one decision store, outside the checkout.
      KTRIAGE_STORE_FILE: STORE_FILE,
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const base = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`replica exited with ${child.exitCode}: ${output}`);
      return fetch(`${base}/ktriage/health`).then(
        (r) => r.ok,
        () => false,
      );
    },
    45_000,
    'a replica to serve',
  );
  return { url: `${base}/api/github/webhooks`, child, output: () => output };
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describeRedis('two App replicas sharing Redis', (redis) => {
  let gh: GitHubApiStandIn;
  const replicas: Replica[] = [];
  beforeAll(async () => {
    gh = await startGitHubApiStandIn();
  });
  afterAll(async () => {
    for (const replica of replicas) if (replica.child.exitCode === null) replica.child.kill('SIGKILL');
    await gh.close();
  });

  it('100 deliveries over 30 issues, one replica killed mid-burst: one comment per issue, none lost, labels right; a spent quota delays only its issue', async () => {
    const issues = Array.from({ length: 30 }, (_, i) => i + 1);
    for (const n of issues) gh.addIssue({ number: n, title: THIN_POOL_TITLE, body: BODY });
    // A slow GitHub keeps jobs in flight when the replica dies.
    gh.latencyMs = 40;
    const [a, b] = await Promise.all([startReplica(gh, redis().url), startReplica(gh, redis().url)]);
    replicas.push(a!, b!);
    const reset = Date.now() + 8000;
    gh.inject(faults.primaryLimit(reset, { path: /\/issues\/30(\/|$)/ }));

    // 30 opened, 40 edited, 30 follow-up comments from the reporter (no command: re-triage).
    const deliveries: { event: string; id: string; payload: object }[] = [];
    for (const n of issues) deliveries.push({ event: 'issues', id: `open-${n}`, payload: gh.issuesPayload('opened', n) });
    for (let i = 0; i < 40; i += 1) deliveries.push({ event: 'issues', id: `edit-${i}`, payload: gh.issuesPayload('edited', issues[i % 30]!) });
    for (const n of issues) {
      const comment = gh.addComment(n, { body: 'Same on 6.1.0; full dmesg attached above.', login: 'reporter' });
      deliveries.push({ event: 'issue_comment', id: `comment-${n}`, payload: gh.commentPayload(n, comment.id) });
    }
    expect(deliveries).toHaveLength(100);

    const first = deliveries.slice(0, 50);
    const rest = deliveries.slice(50);
    const firstAnswers = await Promise.all(first.map((d, i) => deliverWebhook((i % 2 === 0 ? a! : b!).url, { ...d, secret: SECRET })));
    expect(firstAnswers.map((r) => r.status)).toEqual(first.map(() => 200));
    // Kill replica A while it is running a job (BullMQ records which worker runs each job).
    const bull = new Queue('ktriage', { connection: { host: '127.0.0.1', port: redis().port } });
    const nameA = `ktriage-${hostname()}-${a!.child.pid}`;
    let killedMidJob: string | null = null;
    try {
      await waitFor(
        async () => {
          const active = await bull.getJobs(['active']);
          killedMidJob = active.find((job) => job.processedBy === nameA)?.id ?? null;
          return killedMidJob !== null;
        },
        20_000,
        'replica A to be running a job',
      );
    } finally {
      await bull.close();
    }
    a!.child.kill('SIGKILL');
    await exited(a!.child);
    // The rest reach the surviving replica (GitHub's next deliveries go where the load balancer sends them).
    expect(killedMidJob).not.toBeNull();
    const restAnswers = await Promise.all(rest.map((d) => deliverWebhook(b!.url, { ...d, secret: SECRET })));
    expect(restAnswers.map((r) => r.status)).toEqual(rest.map(() => 200));

    const probe = createRedisJobQueue({ url: redis().url, name: 'ktriage' });
    try {
      const botComments = (n: number) => gh.comments(n).filter((c) => c.user.login === BOT_LOGIN);
      await waitFor(async () => issues.every((n) => botComments(n).length > 0) && (await probe.counts()).pending === 0, 60_000, 'every issue handled');
      for (const n of issues) expect(botComments(n)).toHaveLength(1);
      const labelSets = issues.map((n) => gh.labels(n).sort().join(','));
      expect(labelSets[0]).not.toBe('');
      expect(new Set(labelSets).size).toBe(1);
      expect((await probe.counts()).failed).toBe(0);
      // The limited issue was rescheduled until the reset (not slept on, not retried in a loop).
      expect(Date.parse(botComments(30)[0]!.created_at)).toBeGreaterThanOrEqual(reset);
      expect(gh.requests.filter((r) => r.status === 403).length).toBeLessThanOrEqual(2);
    } finally {
      await probe.close();
    }

    // SIGTERM: the survivor drains (nothing running) and exits promptly instead of waiting to be killed.
    const stopping = Date.now();
    b!.child.kill('SIGTERM');
    expect(await exited(b!.child)).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(10_000);
  }, 150_000);
});
