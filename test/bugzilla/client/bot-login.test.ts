/**
 * ktriage knows its own comments by who wrote them: the account from `GET /rest/whoami` (Bugzilla
 * 5.1+, bugzilla.mozilla.org) or the configured `login` (5.0 and 5.2 have no whoami). A reporter who
 * pastes ktriage's comment from another bug, footer and all, must not make it skip this bug.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { messageLogger } from '../../support/record-logs.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  buildBugReport,
  BugzillaError,
  createBotLoginResolver,
  createBugzillaClient,
  createSqliteTriageStore,
  pollServer,
  type BugHandlingOptions,
  type Logger,
  type RestComment,
  type TriageStore,
} from '../../../src/bugzilla/index.js';
import { FakeBugzilla } from '../fake-bugzilla-server.js';
import { createLineEngine, REFCOUNT_LINE, simpleBuildReport, testHandling } from '../support.js';

const BOT = 'ktriage-bot@example.test';
const FOOTER = '-- ktriage (';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function startFake(options: ConstructorParameters<typeof FakeBugzilla>[0] = {}): Promise<FakeBugzilla> {
  const fake = new FakeBugzilla({ apiKeys: ['KEY'], botLogin: BOT, ...options });
  await fake.start();
  cleanups.push(() => fake.close());
  return fake;
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(messageLogger({ info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) }), { lines });
}

const client = (fake: FakeBugzilla, apiKey: string | null = 'KEY') => createBugzillaClient({ baseUrl: fake.url, apiKey, minBackoffMs: 1, maxBackoffMs: 2, retries: 1, timeoutMs: 1000 });

describe('GET /rest/whoami', () => {
  it.each([
    // [server version, has whoami]
    ['5.1', true],
    ['20240131.1', true], // bugzilla.mozilla.org (adds nick, mfa_status, groups, uuid)
    ['6.0', true],
    ['5.2', false], // the 5.0 line: no such resource, 404 code 32614
    ['5.0.4', false],
  ])('Bugzilla %s: whoami available = %s', async (version, available) => {
    const fake = await startFake({ version });
    const me = await client(fake).whoami();
    if (available) expect(me).toMatchObject({ id: fake.botUserId, name: BOT, real_name: 'ktriage bot' });
    else expect(me).toBeNull();
    const req = fake.requests.find((r) => r.path === '/rest/whoami')!;
    expect(req.keyIn).not.toBeNull(); // the key went where this version reads it
  });

  it('asks nothing without an API key, and reports a bad key as the bad key it is', async () => {
    const fake = await startFake({ version: '5.1' });
    expect(await client(fake, null).whoami()).toBeNull();
    expect(fake.requests.filter((r) => r.path === '/rest/whoami')).toHaveLength(0);
    await expect(client(fake, 'WRONG').whoami()).rejects.toMatchObject({ kind: 'bad-api-key', code: 306 });
  });

  it('takes a plain 404 (a proxy in front of an old server) as "no whoami"', async () => {
    const fake = await startFake({ version: '5.2' });
    const html404: typeof fetch = async (input, init) => (String(input).includes('/rest/whoami') ? new Response('<html>Not Found</html>', { status: 404, headers: { 'Content-Type': 'text/html' } }) : fetch(input, init));
    const bz = createBugzillaClient({ baseUrl: fake.url, apiKey: 'KEY', fetch: html404, auth: 'param' });
    expect(await bz.whoami()).toBeNull();
  });
});

describe('createBotLoginResolver', () => {
  it.each([
    // [version, configured login, expected, warns]
    ['5.1', null, BOT, false], // whoami answers
    ['5.1', 'someone-else@example.test', BOT, true], // whoami wins over a wrong config, with a warning
    ['5.2', 'KTriage-Bot@example.test', 'KTriage-Bot@example.test', false], // no whoami: the config
    ['5.2', null, null, true], // neither: footer only, and a warning saying how to fix it
  ])('Bugzilla %s, login %s -> %s', async (version, configured, expected, warns) => {
    const fake = await startFake({ version });
    const logger = recordingLogger();
    const resolve = createBotLoginResolver({ client: client(fake), configured, server: 'kernel', logger });
    expect(await resolve()).toBe(expected);
    expect(await resolve()).toBe(expected);
    expect(fake.requests.filter((r) => r.path === '/rest/whoami').length).toBeLessThanOrEqual(1); // asked once
    expect(logger.lines.some((l) => l.startsWith('warn') && l.includes('login'))).toBe(warns);
  });

  it('does not remember a failed ask', async () => {
    const fake = await startFake({ version: '5.1' });
    fake.faults.push({ match: (r) => r.path === '/rest/whoami', kind: 'status-500', times: 2 });
    const resolve = createBotLoginResolver({ client: client(fake), configured: null, server: 'kernel', logger: recordingLogger() });
    await expect(resolve()).rejects.toBeInstanceOf(BugzillaError);
    expect(await resolve()).toBe(BOT);
  });
});

describe('buildBugReport', () => {
  it("marks comments by the caller's bot test, not by a footer anyone can paste", () => {
    const base = { bug_id: 3, creation_time: '2026-11-23T19:25:13Z', time: '2026-11-23T19:25:13Z', is_private: false, attachment_id: null, tags: [] };
    const comments: RestComment[] = [
      { ...base, id: 1, count: 0, text: 'description', creator: 'r@example.test' },
      { ...base, id: 2, count: 1, text: `${REFCOUNT_LINE}\n-- ktriage (no-match; fingerprint 1a2b)`, creator: 'r@example.test' },
      { ...base, id: 3, count: 2, text: 'a verdict', creator: BOT },
    ];
    const report = buildBugReport({ bug: { id: 3, summary: 's', creator: 'r@example.test' }, comments, attachments: [], url: 'https://bz/show_bug.cgi?id=3', isBotComment: (c) => c.creator === BOT });
    expect(report.comments.map((c) => [c.author, c.isBot, c.isReporter])).toEqual([
      ['r@example.test', false, true],
      [BOT, true, false],
    ]);
    expect(report.url).toBe('https://bz/show_bug.cgi?id=3');
  });
});

describe('a footer pasted by a reporter', () => {
  const handling: BugHandlingOptions = testHandling({ keywords: [], attachments: { enabled: false, maxBytes: 65536, maxCount: 5 } });

  async function setup(version: string, configured: string | null) {
    const fake = await startFake({ version });
    const dir = mkdtempSync(path.join(tmpdir(), 'ktriage-botlogin-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const logger = recordingLogger();
    const engine = createLineEngine();
    const stores: TriageStore[] = [];
    cleanups.push(async () => {
      for (const s of stores) await s.close();
    });
    const run = async (fetchImpl?: typeof fetch) => {
      const store = createSqliteTriageStore(path.join(dir, 'state.sqlite'));
      stores.push(store);
      const bz = createBugzillaClient({ baseUrl: fake.url, apiKey: 'KEY', minBackoffMs: 1, maxBackoffMs: 2, retries: 1, timeoutMs: 1000, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
      const botLogin = createBotLoginResolver({ client: bz, configured, server: 'kernel', logger });
      try {
        return await pollServer(
          { server: 'kernel', client: bz, store, engine, buildReport: simpleBuildReport, options: handling, logger, botLogin },
          { watch: [{ product: 'IO/Storage', components: ['LVM2/DM'] }], pageSize: 50, startFrom: '2026-11-23T00:00:00Z', initialLookbackMs: 0, maxAttempts: 5 },
        );
      } finally {
        fake.tick(2);
      }
    };
    // ktriage's real comment on another bug, which the reporter then pastes verbatim, unquoted.
    const other = fake.addBug({ product: 'IO/Storage', component: 'LVM2/DM', summary: 'earlier pool', description: REFCOUNT_LINE });
    await run();
    const verdict = fake.commentsContaining(other, FOOTER)[0]!.text;
    fake.tick(5);
    const bug = fake.addBug({ product: 'IO/Storage', component: 'LVM2/DM', summary: 'my pool too', description: `${REFCOUNT_LINE}\n\nSomeone on another bug got this answer:\n\n${verdict}` });
    return { fake, run, bug, logger };
  }

  it.each([
    ['5.1', null], // the account from /rest/whoami
    ['20240131.1', null], // bugzilla.mozilla.org
    ['5.2', BOT], // no whoami: the configured login
  ])('on Bugzilla %s (login %s) does not stop ktriage from commenting, and ktriage still comments once', async (version, configured) => {
    const { fake, run, bug } = await setup(version, configured);
    const first = await run();
    expect(first.outcomes).toMatchObject({ posted: 1, recovered: 0 });
    const ours = fake.mustBug(bug).comments.filter((c) => c.creator === BOT);
    expect(ours).toHaveLength(1);
    expect(ours[0]!.text).toContain(FOOTER);
    expect(fake.mustBug(bug).fields.whiteboard).toBe('[ktriage: dm-sm-metadata-refcount-below-zero]');
    const second = await run();
    expect(second.outcomes.posted).toBe(0);
    expect(fake.mustBug(bug).comments.filter((c) => c.creator === BOT)).toHaveLength(1);
  });

  it('fools ktriage when its login cannot be known (Bugzilla 5.2, no login configured), and the log says how to fix it', async () => {
    const { fake, run, bug, logger } = await setup('5.2', null);
    const s = await run();
    expect(s.outcomes).toMatchObject({ posted: 0, recovered: 1 });
    expect(fake.mustBug(bug).comments.filter((c) => c.creator === BOT)).toHaveLength(0);
    expect(logger.lines.some((l) => l.startsWith('warn') && l.includes('Set servers[].login'))).toBe(true);
  });

  it('still recovers its own comment after a crash between posting and recording (login known)', async () => {
    const { fake, run, bug } = await setup('5.1', null);
    // The comment POST reaches the server; the answer is lost (the process dies right after).
    let killed = false;
    const dying: typeof fetch = async (input, init) => {
      if (!killed && init?.method === 'POST' && String(input).endsWith(`/rest/bug/${bug}/comment`)) {
        killed = true;
        await (await fetch(input, init)).text();
        throw new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
      }
      return fetch(input, init);
    };
    const crashed = await run(dying);
    expect(crashed.outcomes.failed).toBe(1);
    expect(fake.mustBug(bug).comments.filter((c) => c.creator === BOT)).toHaveLength(1);
    const after = await run();
    expect(after.outcomes).toMatchObject({ recovered: 1, posted: 0, failed: 0 });
    expect(fake.mustBug(bug).comments.filter((c) => c.creator === BOT)).toHaveLength(1);
  });
});
