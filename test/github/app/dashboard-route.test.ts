import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { Probot, Server } from 'probot';
import { readDashboardData, renderDashboard } from '../../../src/dashboard/index.js';
import { createKtriageApp } from '../../../src/github/index.js';
import { createDashboardHandler } from '../../../src/github/app/create-dashboard-handler.js';
import { openDecisionStore, type DecisionStore } from '../../../src/store/index.js';
import { decision, issue } from '../../store/decision-fixtures.js';
import { createTestLogger, TEST_APP_ID, TEST_PRIVATE_KEY, TestOctokit } from '../support/create-test-probot.js';
import { bundledPacks, NOW } from '../support/scenario.js';

/** The dashboard route through Probot's real HTTP server: off by default, bearer token, 401/200. */
const TOKEN = 'k7Qe9-dashboard-token-0123456789';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function startApp(dashboard: Parameters<typeof createKtriageApp>[0]['dashboard']): Promise<{ server: Server; base: string }> {
  const { log } = createTestLogger();
  const port = await freePort();
  const server = new Server({ host: '127.0.0.1', port, log, Probot: Probot.defaults({ appId: TEST_APP_ID, privateKey: TEST_PRIVATE_KEY, secret: 'x', Octokit: TestOctokit, log }) });
  await server.load(createKtriageApp({ bundledRules: await bundledPacks(), now: () => NOW, ...(dashboard ? { dashboard } : {}) }));
  await server.start();
  return { server, base: `http://127.0.0.1:${port}` };
}

describe('dashboard route of the served App', () => {
  let dir: string;
  let store: DecisionStore;
  let served: { server: Server; base: string };
  let off: { server: Server; base: string };
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    dir = mkdtempSync(join(tmpdir(), 'ktriage-dash-route-'));
    store = await openDecisionStore({ kind: 'sqlite', file: join(dir, 'store.sqlite') });
    await store.recordDecision(decision({ report: issue(42), title: 'thin pool refcount below zero', confidence: 0.2 }));
    served = await startApp({ path: '/ktriage/dashboard', token: TOKEN, render: async () => renderDashboard(await readDashboardData(store, { now: NOW })) });
    off = await startApp(undefined);
  });
  afterAll(async () => {
    await served.server.stop();
    await off.server.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    nock.restore();
  });

  it.each([
    ['no Authorization header', {}],
    ['a wrong token of the same length', { authorization: `Bearer ${TOKEN.replace(/.$/, 'X')}` }],
    ['a wrong token of another length', { authorization: 'Bearer nope' }],
    ['the token as Basic credentials', { authorization: `Basic ${TOKEN}` }],
    ['the token with no scheme', { authorization: TOKEN }],
  ])('answers 401 and nothing of the data to %s', async (_, headers: Record<string, string>) => {
    const response = await fetch(`${served.base}/ktriage/dashboard`, { headers });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="ktriage dashboard"');
    expect(await response.text()).not.toContain('acme/kernel');
  });

  it('answers 200 with the page to the bearer of the token, with a strict Content-Security-Policy', async () => {
    const response = await fetch(`${served.base}/ktriage/dashboard`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'sha256-.+'; .*frame-ancestors 'none'$/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain('acme/kernel#42');
    expect(html).toContain('thin pool refcount below zero');
    const head = await fetch(`${served.base}/ktriage/dashboard`, { method: 'HEAD', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(head.status).toBe(200);
    expect((await fetch(`${served.base}/ktriage/dashboard`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(405);
  });

  it('is not served at all when no token is set (off by default)', async () => {
    const response = await fetch(`${off.base}/ktriage/dashboard`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('ktriage dashboard');
  });
});

describe('createDashboardHandler', () => {
  function call(handler: ReturnType<typeof createDashboardHandler>, authorization?: string): Promise<{ status: number; body: string; handled: boolean }> {
    return new Promise((resolve) => {
      const res = {
        status: 0,
        writeHead(status: number) {
          this.status = status;
          return this;
        },
        end(body?: string) {
          resolve({ status: this.status, body: body ?? '', handled: true });
        },
      };
      const handled = handler({ url: '/dash', method: 'GET', headers: authorization ? { authorization } : {} } as never, res as never);
      if (!handled) resolve({ status: 0, body: '', handled: false });
    });
  }

  it('builds the page once per max age, and again after a failed build', async () => {
    let now = 0;
    let builds = 0;
    let fail = true;
    const errors: unknown[] = [];
    const handler = createDashboardHandler({
      path: '/dash',
      token: TOKEN,
      nowMs: () => now,
      maxAgeMs: 1000,
      onError: (error) => errors.push(error),
      render: async () => {
        builds += 1;
        if (fail) throw new Error('store down');
        return `page ${builds}`;
      },
    });
    expect(await call(handler, `Bearer ${TOKEN}`)).toMatchObject({ status: 503 });
    expect(errors).toHaveLength(1);
    fail = false;
    expect(await call(handler, `Bearer ${TOKEN}`)).toMatchObject({ status: 200, body: 'page 2' });
    expect(await call(handler, `Bearer ${TOKEN}`)).toMatchObject({ status: 200, body: 'page 2' });
    now = 1000;
    expect(await call(handler, `Bearer ${TOKEN}`)).toMatchObject({ status: 200, body: 'page 3' });
    expect(await call(handler)).toMatchObject({ status: 401 });
    expect(builds).toBe(3);
  });
});
