import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deliverWebhook, startGitHubApiStandIn, BOT_LOGIN, type GitHubApiStandIn } from '../../support/github-api-stand-in.js';
import { freePort } from '../../support/redis-server.js';
import { reportFixtureText, THIN_POOL_TITLE } from '../../support/report-fixture.js';
import { waitFor } from '../../queue/job-queue-contract.js';
import { spawnedAppEnv } from '../support/create-test-probot.js';

/**
 * `ktriage github serve`: the served App (Probot's server, real App authentication, the SQLite
 * queue) started through the CLI, logging through ktriage's one logger. Probot's own logger would
 * write numeric levels (`"level":30`) and `"name":"probot"` lines; the shared one writes level words
 * and the `tracker` field on every line, Probot's lines included.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SECRET = 'serve-e2e-secret';
const SCRIPT = `import { main } from './src/cli/main.ts';
process.exitCode = await main(['github', 'serve', './src/index.ts'], { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() });`;

describe('ktriage github serve', () => {
  let gh: GitHubApiStandIn;
  let dir: string;
  beforeAll(async () => {
    gh = await startGitHubApiStandIn();
    dir = mkdtempSync(path.join(tmpdir(), 'ktriage-serve-'));
  });
  afterAll(async () => {
    await gh.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the App with the shared logger: JSON lines with level words and tracker/deliveryId fields, one comment, SIGTERM exits 0', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
      cwd: ROOT,
      env: spawnedAppEnv(gh.host, port, SECRET, {
        KTRIAGE_QUEUE_FILE: path.join(dir, 'queue.sqlite'),
        KTRIAGE_STORE_FILE: path.join(dir, 'store.sqlite'),
        LOG_LEVEL: 'debug',
        LOG_FORMAT: 'json',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const base = `http://127.0.0.1:${port}`;
      await waitFor(
        async () => {
          if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}: ${stdout}${stderr}`);
          return fetch(`${base}/ktriage/health`).then((r) => r.ok, () => false);
        },
        45_000,
        'the App to serve',
      );
      gh.addIssue({ number: 5, title: THIN_POOL_TITLE, body: reportFixtureText('bugzilla-68801.txt') });
      const answer = await deliverWebhook(`${base}/api/github/webhooks`, { event: 'issues', id: 'serve-delivery-1', payload: gh.issuesPayload('opened', 5), secret: SECRET });
      expect(answer.status).toBeLessThan(300);
      await waitFor(async () => gh.comments(5).some((c) => c.user.login === BOT_LOGIN), 30_000, 'the comment');

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      const lines = `${stdout}${stderr}`.split('\n').filter((l) => l.trim() !== '');
      const records = lines.map((line) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch {
          throw new Error(`not a JSON log line: ${line}`);
        }
      });
      // every line, Probot's own included, comes from the shared logger
      expect(records.every((r) => typeof r.level === 'string' && r.tracker === 'github' && typeof r.time === 'string')).toBe(true);
      expect(records.some((r) => r.name === 'server' || String(r.msg).includes('Listening on'))).toBe(true);
      // the issue's lines carry the same field names as the bot's: deliveryId and report
      expect(records.some((r) => r.deliveryId === 'serve-delivery-1' && r.report === 'octo-org/storage#5')).toBe(true);
      expect(gh.comments(5).filter((c) => c.user.login === BOT_LOGIN)).toHaveLength(1);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 90_000);
});
