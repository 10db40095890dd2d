import { createHmac } from 'node:crypto';
import { createServer as createNetServer } from 'node:net';
import nock from 'nock';
import { Probot, Server } from 'probot';
import { createKtriageApp } from '../../../src/github/index.js';
import { createTestLogger, TEST_APP_ID, TEST_PRIVATE_KEY, TestOctokit } from '../support/create-test-probot.js';
import { issuesPayload, seedReport } from '../support/payloads.js';
import { mockGitHub, type GitHubMock } from '../support/record-requests.js';
import { bundledPacks, commentBodies, nockComments, nockConfig, nockCurrentIssue, NOW, repoPath } from '../support/scenario.js';

/**
 * Through Probot's real HTTP server on 127.0.0.1: signature verification, the webhook route and
 * ktriage's health route, exactly as GitHub and a container health check reach them.
 */
const SECRET = 'e2e-webhook-secret';
let server: Server;
let base: string;
let gh: GitHubMock;

async function freePort(): Promise<number> {
  // Probot's Server treats port 0 as "unset" (3000); ask the OS for a free port first.
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  const { log } = createTestLogger();
  const port = await freePort();
  server = new Server({
    host: '127.0.0.1',
    port,
    log,
    Probot: Probot.defaults({ appId: TEST_APP_ID, privateKey: TEST_PRIVATE_KEY, secret: SECRET, Octokit: TestOctokit, log }),
  });
  await server.load(createKtriageApp({ bundledRules: await bundledPacks(), now: () => NOW, version: '9.9.9' }));
  await server.start();
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await server.stop();
  nock.cleanAll();
  nock.restore();
});

beforeEach(() => {
  gh = mockGitHub();
});
afterEach(() => nock.cleanAll());

function post(body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${base}/api/github/webhooks`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-github-event': 'issues', 'x-github-delivery': 'e2e-1', ...headers } });
}
const sign = (body: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('webhook over HTTP', () => {
  const body = JSON.stringify(issuesPayload('opened', { title: 'thin-pool: space map common: unable to decrement a reference count below 0', body: seedReport() }));

  it('a correctly signed delivery produces the comment', async () => {
    nockCurrentIssue(gh, 'issues', JSON.parse(body) as object);
    nockConfig(gh, null);
    nockComments(gh, []);
    gh.scope.post(`${repoPath}/issues/1/labels`).reply(200, []).post(`${repoPath}/issues/1/comments`).reply(201, { id: 1 });
    const response = await post(body, { 'x-hub-signature-256': sign(body) });
    expect(response.status).toBe(200);
    const comments = commentBodies(gh);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toContain('cebc2de44d3b');
  });

  it.each([
    ['a wrong secret', { 'x-hub-signature-256': sign(body, 'not-the-secret') }],
    ['a signature of another body', { 'x-hub-signature-256': sign(`${body} `) }],
    ['no signature at all', {}],
  ])('rejects a delivery with %s and processes nothing', async (_, headers) => {
    const response = await post(body, headers as Record<string, string>);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(gh.requests).toEqual([]);
  });

  // issue 13, finding 8: these got a 500 carrying internal text (a TypeError, "Event name not passed")
  it.each([
    ['an issues payload without issue', 'issues', (() => {
      const { issue: _issue, ...rest } = JSON.parse(body) as Record<string, unknown>;
      return JSON.stringify(rest);
    })(), '"issues" payload without "issue"'],
    ['an issue_comment payload without comment', 'issue_comment', JSON.stringify({ ...(JSON.parse(body) as object), action: 'created' }), '"issue_comment" payload without "comment"'],
    ['an empty X-GitHub-Event', '', body, 'the X-GitHub-Event header is empty'],
  ])('answers a signed delivery with %s 400, naming the problem, and processes nothing', async (_name, event, payload, problem) => {
    const response = await post(payload, { 'x-github-event': event, 'x-hub-signature-256': sign(payload) });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: `MalformedWebhook: ${problem}` });
    expect(gh.requests).toEqual([]);
  });

  it('fails the delivery (5xx) when GitHub fails, so it can be redelivered', async () => {
    nockCurrentIssue(gh, 'issues', JSON.parse(body) as object);
    nockConfig(gh, null);
    gh.scope.get(`${repoPath}/issues/1/comments`).query(true).reply(503, { message: 'unavailable' });
    const response = await post(body, { 'x-hub-signature-256': sign(body) });
    expect(response.status).toBe(503);
    expect(commentBodies(gh)).toEqual([]);
  });
});

describe('health route', () => {
  it('answers GET /ktriage/health with 200 and the version', async () => {
    const response = await fetch(`${base}/ktriage/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', version: '9.9.9', bundledRuleFiles: (await bundledPacks()).sources.length });
  });
});
