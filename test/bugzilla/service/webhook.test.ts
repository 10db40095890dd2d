import { afterEach, describe, expect, it } from '@jest/globals';
import { messageLogger } from '../../support/record-logs.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createWebhookHandler, parseBugzillaConfig, secretsEqual, startService, type RunningService } from '../../../src/bugzilla/index.js';
import { writeFileSync } from 'node:fs';
import { main } from '../../../src/cli/main.js';
import { openDecisionStore } from '../../../src/store/index.js';
import { FakeBugzilla } from '../fake-bugzilla-server.js';
import { createLineEngine, REFCOUNT_LINE, simpleBuildReport } from '../support.js';

const SECRET = 's3cret-hook-value';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A bugzilla.mozilla.org Webhooks extension delivery. */
function payload(bug: Record<string, unknown>, action = 'create') {
  return {
    webhook_name: 'ktriage',
    webhook_id: 3,
    event: { action, target: 'bug', routing_key: `bug.${action}`, time: '2026-11-23T19:40:00', user: { id: 1, login: 'reporter@example.test', real_name: 'R' }, changes: [] },
    bug: { id: 1, summary: 'x', product: 'IO/Storage', component: 'LVM2/DM', whiteboard: '', keywords: [], status: 'NEW', ...bug },
  };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('createWebhookHandler', () => {
  async function route() {
    const queued: [number, string][] = [];
    const warnings: string[] = [];
    const handler = createWebhookHandler({
      secret: SECRET,
      header: 'X-Ktriage-Secret',
      path: '/bugzilla/webhook',
      watch: [{ product: 'IO/Storage', components: ['LVM2/DM'] }],
      enqueue: (id, reason) => queued.push([id, reason]),
      logger: messageLogger({ info: () => {}, warn: (m) => warnings.push(m), error: () => {} }),
      maxBodyBytes: 4096,
    });
    const base = await listen(createServer(handler));
    const post = (body: unknown, headers: Record<string, string> = { 'X-Ktriage-Secret': SECRET }, p = '/bugzilla/webhook') =>
      fetch(`${base}${p}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    return { queued, warnings, post, base };
  }

  it.each([
    // [what, status, body, headers, path]
    ['a valid delivery', 202, payload({ id: 7 }), { 'X-Ktriage-Secret': SECRET }, '/bugzilla/webhook'],
    ['the header name in another case', 202, payload({ id: 7 }), { 'x-ktriage-secret': SECRET }, '/bugzilla/webhook'],
    ['a wrong secret', 401, payload({ id: 7 }), { 'X-Ktriage-Secret': 'guess' }, '/bugzilla/webhook'],
    ['a secret with a valid prefix', 401, payload({ id: 7 }), { 'X-Ktriage-Secret': `${SECRET}x` }, '/bugzilla/webhook'],
    ['no secret', 401, payload({ id: 7 }), {}, '/bugzilla/webhook'],
    ['a body that is not JSON', 400, '{"bug": ', { 'X-Ktriage-Secret': SECRET }, '/bugzilla/webhook'],
    ['a payload without bug.id', 400, { event: {} }, { 'X-Ktriage-Secret': SECRET }, '/bugzilla/webhook'],
    ['a body over the limit', 413, payload({ id: 7, summary: 'x'.repeat(5000) }), { 'X-Ktriage-Secret': SECRET }, '/bugzilla/webhook'],
    ['another path', 404, payload({ id: 7 }), { 'X-Ktriage-Secret': SECRET }, '/other'],
  ])('%s -> %i', async (_what, status, body, headers, p) => {
    const r = await route();
    const res = await r.post(body, headers as Record<string, string>, p);
    expect(res.status).toBe(status);
    expect(r.queued).toEqual(status === 202 ? [[7, 'webhook bug.create']] : []);
    if (status === 401) expect(r.warnings.join('\n')).not.toContain('guess');
  });

  it('acknowledges and ignores bugs outside the watched components', async () => {
    const r = await route();
    const res = await r.post(payload({ id: 8, component: 'MD' }));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ ignored: 'bug 8 is not in a watched product/component' });
    expect(r.queued).toEqual([]);
  });

  it('answers GET with 405 and serves /healthz', async () => {
    const r = await route();
    expect((await fetch(`${r.base}/bugzilla/webhook`)).status).toBe(405);
    expect((await fetch(`${r.base}/healthz`)).status).toBe(200);
  });

  it('compares secrets of any length', () => {
    expect(secretsEqual(SECRET, SECRET)).toBe(true);
    expect(secretsEqual('', SECRET)).toBe(false);
    expect(secretsEqual(SECRET.slice(0, -1), SECRET)).toBe(false);
  });
});

describe('ktriage bugzilla serve: webhook deliveries feed the same pipeline', () => {
  async function service(errors: string[] = [], poll: { interval: number } | null = null, serverLines = ''): Promise<{ fake: FakeBugzilla; svc: RunningService; dbFile: string }> {
    const fake = new FakeBugzilla({ apiKeys: ['KEY'], keywords: ['triaged'] });
    await fake.start();
    cleanups.push(() => fake.close());
    const dir = mkdtempSync(path.join(tmpdir(), 'ktriage-hook-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const text = `database: state.sqlite
servers:
  - name: bmo
    url: ${fake.url}
    api_key_env: BZ_KEY
    watch: [{ product: IO/Storage, components: [LVM2/DM] }]
    poll_interval: ${poll?.interval ?? 300}
    initial_lookback: 1h
${serverLines}webhook:
  port: 0
  secret_env: HOOK_SECRET
`;
    const config = parseBugzillaConfig(text, 'bugzilla.yml');
    const loaded = { config, baseDir: dir, databasePath: path.join(dir, 'state.sqlite') };
    const svc = await startService(loaded, { poll: poll !== null }, {
      env: { BZ_KEY: 'KEY', HOOK_SECRET: SECRET },
      logger: messageLogger({ info: () => {}, warn: () => {}, error: (m) => errors.push(m) }),
      clientOverrides: { minBackoffMs: 1, maxBackoffMs: 2 },
      createEngine: async () => createLineEngine(),
      buildReport: simpleBuildReport,
    });
    cleanups.push(() => svc.close());
    return { fake, svc, dbFile: loaded.databasePath };
  }

  it('triages the bug a delivery names, fetching it in full; repeated deliveries post nothing more', async () => {
    const { fake, svc } = await service();
    const id = fake.addBug({ product: 'IO/Storage', component: 'LVM2/DM', summary: 'pool read-only', description: `log:\n${REFCOUNT_LINE}` });
    const deliver = (action: string) =>
      fetch(svc.webhookUrl!, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Ktriage-Secret': SECRET }, body: JSON.stringify(payload({ id, summary: 'anything: the payload is not trusted for content' }, action)) });
    expect((await deliver('create')).status).toBe(202);
    expect((await deliver('modify')).status).toBe(202);
    await svc.idle();
    const mine = fake.commentsContaining(id, '-- ktriage (');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.text).toContain('dm-sm-metadata-refcount-below-zero');
    expect(fake.mustBug(id).fields.whiteboard).toBe('[ktriage: dm-sm-metadata-refcount-below-zero]');
    fake.tick(3);
    fake.comment(id, 'more details: nothing new', 'reporter@example.test');
    expect((await deliver('comment')).status).toBe(202);
    await svc.idle();
    expect(fake.commentsContaining(id, '-- ktriage (')).toHaveLength(1);
  });

  // Each row: the server's settings, the bug's resolution fields, and the feedback recorded.
  it.each([
    // the default (follow-ups on, live)
    ['the defaults', '', { resolution: 'DUPLICATE', dup_id: 77 }, 'resolution:DUPLICATE:77', 'RESOLVED DUPLICATE of bug 77'],
    // recording is not writing: neither setting stops it
    ['follow_ups: false', '    follow_ups: false\n', { resolution: 'WONTFIX' }, 'resolution:WONTFIX', 'RESOLVED WONTFIX'],
    ['dry_run: true', '    dry_run: true\n', { resolution: 'WONTFIX' }, 'resolution:WONTFIX', 'RESOLVED WONTFIX'],
  ])('with %s, deliveries for a triaged bug resolved later without a comment record its resolution once and write nothing', async (_name, lines, fields, sourceKey, note) => {
    const { fake, svc, dbFile } = await service([], null, lines);
    const id = fake.addBug({ product: 'IO/Storage', component: 'LVM2/DM', summary: 'pool read-only', description: `log:\n${REFCOUNT_LINE}` });
    const deliver = (action: string) =>
      fetch(svc.webhookUrl!, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Ktriage-Secret': SECRET }, body: JSON.stringify(payload({ id }, action)) });
    expect((await deliver('create')).status).toBe(202);
    await svc.idle();
    const comments = fake.mustBug(id).comments.length;
    fake.tick(3);
    Object.assign(fake.mustBug(id).fields, { status: 'RESOLVED', ...fields, last_change_time: fake.tick() });
    const before = fake.requests.length;
    for (let i = 0; i < 2; i++) {
      expect((await deliver('modify')).status).toBe(202);
      await svc.idle();
    }
    expect(fake.mustBug(id).comments).toHaveLength(comments);
    expect(fake.requests.slice(before).some((r) => r.method !== 'GET')).toBe(false);
    const decisions = await openDecisionStore({ kind: 'sqlite', file: dbFile });
    try {
      expect(await decisions.listFeedback(10)).toEqual([expect.objectContaining({ kind: 'resolution', sourceKey, note, ruleId: 'dm-sm-metadata-refcount-below-zero', by: 'bmo' })]);
    } finally {
      await decisions.close();
    }
  });

  it('checks where the bug is through the API: a payload without product is handled only for watched bugs; a deleted bug is skipped', async () => {
    const { fake, svc } = await service();
    const watched = fake.addBug({ product: 'IO/Storage', component: 'LVM2/DM', summary: 'a', description: REFCOUNT_LINE });
    const elsewhere = fake.addBug({ product: 'IO/Storage', component: 'MD', summary: 'b', description: REFCOUNT_LINE });
    const deliver = (id: number) =>
      fetch(svc.webhookUrl!, { method: 'POST', headers: { 'X-Ktriage-Secret': SECRET }, body: JSON.stringify({ webhook_name: 'k', event: { action: 'attachment.create' }, bug: { id } }) });
    expect((await deliver(watched)).status).toBe(202);
    expect((await deliver(elsewhere)).status).toBe(202);
    expect((await deliver(999)).status).toBe(202);
    await svc.idle();
    expect(fake.commentsContaining(watched, '-- ktriage (')).toHaveLength(1);
    expect(fake.commentsContaining(elsewhere, '-- ktriage (')).toHaveLength(0);
  });

  it('a delivery whose handling fails is reported, naming what retries it: with --no-poll only a separate poll run does', async () => {
    const errors: string[] = [];
    const { fake, svc } = await service(errors);
    const id = fake.addBug({ product: 'IO/Storage', component: 'LVM2/DM', summary: 'a', description: REFCOUNT_LINE });
    fake.faults.push({ match: (r) => r.path.startsWith('/rest/bug/'), kind: 'status-500', times: Infinity });
    const res = await fetch(svc.webhookUrl!, { method: 'POST', headers: { 'X-Ktriage-Secret': SECRET }, body: JSON.stringify({ event: { action: 'create' }, bug: { id } }) });
    expect(res.status).toBe(202);
    await svc.idle();
    expect(fake.commentsContaining(id, '-- ktriage (')).toHaveLength(0);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^bugzilla bmo: bug ${id} \\(webhook create\\) failed; no poll loop runs here \\(--no-poll\\): the next \`ktriage bugzilla poll\` run retries it: GET /rest/bug/${id}`));
  });

  it('serve without --no-poll also polls: a bug no delivery announced is triaged by the loop, once', async () => {
    const errors: string[] = [];
    const { fake } = await service(errors, { interval: 0.02 });
    const id = fake.addBug({ product: 'IO/Storage', component: 'LVM2/DM', summary: 'pool read-only', description: `log:\n${REFCOUNT_LINE}` });
    for (let i = 0; i < 200 && fake.commentsContaining(id, '-- ktriage (').length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    const cycles = () => fake.requests.filter((r) => r.path === '/rest/time').length;
    const seen = cycles();
    while (cycles() < seen + 3) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fake.commentsContaining(id, '-- ktriage (')).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('a port in use is a clear set-up error', async () => {
    const blocker = createServer(() => {});
    const base = await listen(blocker);
    const port = Number(new URL(base).port);
    const config = parseBugzillaConfig(`servers:\n  - name: a\n    url: http://127.0.0.1:9\n    api_key_env: K\n    watch: [{ product: P }]\nwebhook:\n  port: ${port}\n  secret_env: HOOK_SECRET\n`, 'b.yml');
    await expect(
      startService({ config, baseDir: '.', databasePath: ':memory:' }, { poll: false }, { env: { K: 'x', HOOK_SECRET: SECRET }, logger: messageLogger({ info: () => {}, warn: () => {}, error: () => {} }), createEngine: async () => createLineEngine() }),
    ).rejects.toThrow(/cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\); another process uses the port/);
  });

  it('refuses to start without the secret in the environment', async () => {
    const config = parseBugzillaConfig('servers:\n  - name: a\n    url: http://127.0.0.1:9\n    api_key_env: K\n    watch: [{ product: P }]\nwebhook:\n  secret_env: HOOK_SECRET\n', 'b.yml');
    await expect(startService({ config, baseDir: '.', databasePath: ':memory:' }, {}, { env: { K: 'x' }, logger: messageLogger({ info: () => {}, warn: () => {}, error: () => {} }) })).rejects.toThrow(/HOOK_SECRET is not set/);
  });

  it('`ktriage bugzilla serve` listens, handles a delivery with the real rules, and stops on its signal', async () => {
    const fake = new FakeBugzilla({ apiKeys: ['KEY'], keywords: ['triaged'] });
    await fake.start();
    cleanups.push(() => fake.close());
    const dir = mkdtempSync(path.join(tmpdir(), 'ktriage-serve-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(
      path.join(dir, 'bugzilla.yml'),
      `servers:\n  - name: bmo\n    url: ${fake.url}\n    api_key_env: BZ_KEY\n    watch: [{ product: IO/Storage }]\nwebhook:\n  port: 0\n  secret_env: HOOK_SECRET\n`,
    );
    const id = fake.addBug({ product: 'IO/Storage', component: 'LVM2/DM', summary: 'thin pool', description: `We run 3.12.6.\n[1.0] ${REFCOUNT_LINE}\n` });
    const out: string[] = [];
    const stop = new AbortController();
    const io = {
      stdout: { write: (c: string) => out.push(c) },
      stderr: { write: (c: string) => out.push(c) },
      stdin: process.stdin,
      env: { BZ_KEY: 'KEY', HOOK_SECRET: SECRET },
      cwd: dir,
      signal: stop.signal,
      clientOverrides: { minBackoffMs: 1 },
    };
    const exit = main(['bugzilla', 'serve', '--config', 'bugzilla.yml', '--no-poll'], io);
    const until = async (ok: () => boolean) => {
      for (let i = 0; i < 200 && !ok(); i += 1) await new Promise((r) => setTimeout(r, 25));
      expect(ok()).toBe(true);
    };
    await until(() => out.join('').includes('listening on'));
    const url = /listening on (\S+)/.exec(out.join(''))![1]!;
    const res = await fetch(url, { method: 'POST', headers: { 'X-Ktriage-Secret': SECRET, 'Content-Type': 'application/json' }, body: JSON.stringify(payload({ id })) });
    expect(res.status).toBe(202);
    await until(() => fake.commentsContaining(id, '-- ktriage (').length === 1);
    expect(fake.commentsContaining(id, '-- ktriage (')[0]!.text).toContain('cebc2de44d3b');
    stop.abort();
    expect(await exit).toBe(0);
    expect(out.join('')).not.toContain(SECRET);
    // A hang guard, not a measurement: loading the real rules in-process takes 17 s alone and over
    // 30 s (Jest's default) beside the other suites at load 13 on 2 cores.
  }, 120_000);
});
