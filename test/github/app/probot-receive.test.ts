import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDecisionStore } from '../../../src/store/index.js';
import { commentPayload, issuesPayload, seedReport } from '../support/payloads.js';

/**
 * The serverless path (docs/github-actions.md): Probot's own `probot receive` runs ktriage's
 * entry once on an event payload with a plain token, as the workflow does — no App credentials,
 * no HTTP server (so the health route must not be registered). A local fake GitHub (GHE_HOST)
 * answers; the child process is the real CLI.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface Seen {
  method: string;
  url: string;
  body: string;
  auth: string | undefined;
}

let server: Server;
let port: number;
let seen: Seen[];
let failComments = false;
/** The issue the fake GitHub holds: the one the delivered payload describes. */
let currentIssue: unknown = null;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, body, auth: req.headers.authorization });
      const json = (status: number, data: unknown) => res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(data));
      if (req.method === 'GET' && /\/issues\/1(\?|$)/.test(req.url!)) return json(200, currentIssue);
      if (req.method === 'GET' && /\/issues\/1\/comments/.test(req.url!)) return json(200, []);
      if (req.method === 'POST' && /\/issues\/1\/comments$/.test(req.url!)) return failComments ? json(422, { message: 'Validation Failed' }) : json(201, { id: 1 });
      if (req.method === 'POST' && /\/issues\/1\/labels$/.test(req.url!)) return json(200, []);
      if (req.method === 'GET' && /\/collaborators\/maint\/permission$/.test(req.url!)) return json(200, { permission: 'admin', role_name: 'admin', user: { login: 'maint' } });
      if (req.method === 'POST' && /\/issues\/comments\/\d+\/reactions$/.test(req.url!)) return json(201, { id: 1, content: '+1' });
      return json(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
  failComments = false;
});

function receive(payload: object, event = 'issues', env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ktriage-receive-'));
  const payloadPath = path.join(dir, 'event.json');
  writeFileSync(payloadPath, JSON.stringify(payload));
  currentIssue = (payload as { issue?: unknown }).issue ?? null;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'node_modules/probot/bin/probot.js', 'receive', '-e', event, '-p', payloadPath, './src/index.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_TOKEN: 'ghs_workflow_token', GHE_HOST: `127.0.0.1:${port}`, GHE_PROTOCOL: 'http', LOG_LEVEL: 'info', LOG_FORMAT: 'json', KTRIAGE_STORE_FILE: path.join(dir, 'store.sqlite'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('probot receive (GitHub Actions)', () => {
  const payload = issuesPayload('opened', { title: 'thin-pool: space map common: unable to decrement a reference count below 0', body: seedReport() });

  it('triages the event with the workflow token and exits 0', async () => {
    const { code, output } = await receive(payload);
    expect(code).toBe(0);
    const writes = seen.filter((r) => r.method !== 'GET');
    expect(writes.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /api/v3/repos/Codertocat/Hello-World/issues/1/comments',
      'POST /api/v3/repos/Codertocat/Hello-World/issues/1/labels',
    ]);
    expect(JSON.parse(writes[0]!.body).body).toContain('cebc2de44d3b');
    expect(seen.every((r) => r.auth === 'token ghs_workflow_token')).toBe(true);
    expect(output).not.toContain('No server instance"'); // guarded: logged at debug only
  }, 30_000);

  // 422 rather than 5xx: Probot's retry plugin (on, as in production) would retry a 5xx for ~20 s.
  it('exits non-zero when GitHub refuses a write, so the job fails and can be re-run', async () => {
    failComments = true;
    const { code, output } = await receive(payload);
    expect(code).not.toBe(0);
    expect(output).toContain('handling the webhook failed');
  }, 30_000);

  it("records maintainer feedback and the decision in the decision store (the entry's wiring), reading the legacy feedback file in", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ktriage-store-'));
    const storeFile = path.join(dir, 'store.sqlite');
    const legacy = path.join(dir, 'feedback.jsonl');
    writeFileSync(legacy, `${JSON.stringify({ kind: 'wrong', repository: 'Codertocat/Hello-World', issue: 7, ruleId: 'old-rule', wasSuggested: true, by: 'someone', at: '2026-01-02T03:04:05Z', deliveryId: 'd-old' })}\nnot json\n`);
    const comment = commentPayload({ title: 'x', body: seedReport() }, { body: '/ktriage wrong dm-sm-metadata-refcount-below-zero', login: 'maint' });
    const { code, output } = await receive(comment, 'issue_comment', { KTRIAGE_STORE_FILE: storeFile, KTRIAGE_FEEDBACK_FILE: legacy });
    expect({ code, output: code === 0 ? '' : output }).toEqual({ code: 0, output: '' });
    expect(output).toContain('1 new entries read into the decision store (0 already there, 1 unreadable lines)');
    const store = await openDecisionStore({ kind: 'sqlite', file: storeFile });
    const feedback = await store.listFeedback(10);
    expect(feedback.map((f) => [f.report, f.kind, f.ruleId, f.by]).sort()).toEqual([
      ['https://github.com/Codertocat/Hello-World/issues/1', 'wrong', 'dm-sm-metadata-refcount-below-zero', 'maint'],
      ['https://github.com/Codertocat/Hello-World/issues/7', 'wrong', 'old-rule', 'someone'],
    ]);
    expect(await store.counts()).toEqual({ decisions: 1, reports: 1, feedback: 2 });
    await store.close();
    expect(seen.some((r) => r.method === 'POST' && r.url.endsWith('/reactions'))).toBe(true);
  }, 30_000);
});
