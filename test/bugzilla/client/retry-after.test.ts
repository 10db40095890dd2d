/**
 * Retry-After on 429/503: waited out when the server sends it (seconds or an HTTP date, bounded by
 * max_retry_after), exponential backoff with jitter when it does not (bugzilla.mozilla.org sends
 * none). The client's sleep, clock and jitter are injected: the tests record the waits and never wait.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { messageLogger } from '../../support/record-logs.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BugzillaError, createBugzillaClient, createSqliteTriageStore, parseRetryAfter, pollServer, type BugzillaClientOptions, type TriageStore } from '../../../src/bugzilla/index.js';
import { FakeBugzilla, type Fault } from '../fake-bugzilla-server.js';
import { createLineEngine, REFCOUNT_LINE, simpleBuildReport, testHandling } from '../support.js';

const NOW = Date.parse('2026-11-25T10:00:00Z');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(client: Partial<BugzillaClientOptions> = {}) {
  const fake = new FakeBugzilla({ apiKeys: ['KEY'] });
  await fake.start();
  cleanups.push(() => fake.close());
  const waits: number[] = [];
  const warnings: string[] = [];
  const bz = createBugzillaClient({
    baseUrl: fake.url,
    apiKey: 'KEY',
    minBackoffMs: 100,
    maxBackoffMs: 10_000,
    maxRetryAfterMs: 60_000,
    retries: 4,
    sleep: async (ms) => {
      waits.push(ms);
    },
    now: () => NOW,
    random: () => 0.5,
    logger: messageLogger({ info: () => {}, warn: (m) => warnings.push(m), error: () => {} }),
    ...client,
  });
  const bug = fake.addBug({ product: 'IO/Storage', component: 'LVM2/DM', summary: 's', description: 'd' });
  return { fake, bz, waits, warnings, bug };
}

const onComments = (r: { method: string; path: string }) => r.method === 'GET' && r.path.endsWith('/comment');

describe('parseRetryAfter', () => {
  it.each([
    ['120', 120_000], // delay-seconds
    [' 0 ', 0],
    ['Wed, 25 Nov 2026 10:00:30 GMT', 30_000], // IMF-fixdate
    ['Wednesday, 25-Nov-26 10:01:00 GMT', 60_000], // obsolete RFC 850 form
    ['Wed, 25 Nov 2026 09:00:00 GMT', 0], // a past date: retry now
    ['soon', null],
    ['-5', null],
    ['1.5', null],
    ['', null],
    [null, null],
  ])('%j -> %j', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });
});

describe('the client honours Retry-After', () => {
  it.each([
    // [status, Retry-After, expected wait]
    ['status-429', '7', 7_000],
    ['status-503', '3', 3_000],
    ['status-429', 'Wed, 25 Nov 2026 10:00:20 GMT', 20_000],
    ['status-503', 'Wed, 25 Nov 2026 09:59:00 GMT', 0],
  ] as [Fault['kind'], string, number][])('%s with Retry-After %j waits %i ms, then succeeds', async (kind, retryAfter, wait) => {
    const { fake, bz, waits, warnings, bug } = await setup();
    fake.faults.push({ match: onComments, kind, times: 2, retryAfter });
    expect(await bz.getComments(bug)).toHaveLength(1);
    expect(waits).toEqual([wait, wait]);
    expect(fake.requests.filter(onComments)).toHaveLength(3);
    expect(warnings[0]).toMatch(/as the server asked/);
  });

  it('without Retry-After (bugzilla.mozilla.org), backs off exponentially with jitter, capped', async () => {
    const { fake, bz, waits, bug: id } = await setup({ minBackoffMs: 100, maxBackoffMs: 500, random: () => 0.5 });
    fake.faults.push({ match: onComments, kind: 'status-429', times: 4 });
    expect(await bz.getComments(id)).toHaveLength(1);
    // 100 * 2^n * 1.5, capped at 500
    expect(waits).toEqual([150, 300, 500, 500]);
  });

  it.each([
    [0, [100, 200, 400]], // jitter x1
    [0.999, [200, 400, 800]], // jitter just under x2 (rounded)
  ])('jitter %d spreads the waits between x1 and x2: %j', async (r, expected) => {
    const { fake, bz, waits, bug: id } = await setup({ minBackoffMs: 100, maxBackoffMs: 10_000, random: () => r });
    fake.faults.push({ match: onComments, kind: 'status-500', times: 3 });
    await bz.getComments(id);
    expect(waits).toEqual(expected);
  });

  it('an unreadable Retry-After falls back to the backoff', async () => {
    const { fake, bz, waits, bug: id } = await setup({ random: () => 0 });
    fake.faults.push({ match: onComments, kind: 'status-429', times: 1, retryAfter: 'in a while' });
    await bz.getComments(id);
    expect(waits).toEqual([100]);
  });

  it('does not wait out a Retry-After above max_retry_after: the request fails now, transient', async () => {
    const { fake, bz, waits, bug: id } = await setup({ maxRetryAfterMs: 60_000 });
    fake.faults.push({ match: onComments, kind: 'status-429', times: 1, retryAfter: '3600' });
    const error = await bz.getComments(id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BugzillaError);
    expect(error).toMatchObject({ kind: 'rate-limited', transient: true, retryAfterMs: 3_600_000 });
    expect((error as Error).message).toMatch(/Retry-After 3600 s.*longer than 60 s \(max_retry_after\); not retried now/);
    expect(waits).toEqual([]);
    expect(fake.requests.filter(onComments)).toHaveLength(1);
  });

  it('waits out a Retry-After exactly at the bound', async () => {
    const { fake, bz, waits, bug: id } = await setup({ maxRetryAfterMs: 60_000 });
    fake.faults.push({ match: onComments, kind: 'status-503', times: 1, retryAfter: '60' });
    await bz.getComments(id);
    expect(waits).toEqual([60_000]);
  });

  it('retries a rate-limited comment POST after the wait (it was not processed), once', async () => {
    const { fake, bz, waits, bug: id } = await setup();
    fake.faults.push({ match: (r) => r.method === 'POST', kind: 'status-429', times: 1, retryAfter: '2' });
    await bz.addComment(id, 'hello');
    expect(waits).toEqual([2_000]);
    expect(fake.mustBug(id).comments.filter((c) => c.text === 'hello')).toHaveLength(1);
  });

  it('never retries a comment POST answered 503, Retry-After or not (it may have been processed)', async () => {
    const { fake, bz, waits, bug: id } = await setup();
    fake.faults.push({ match: (r) => r.method === 'POST', kind: 'status-503', times: 1, retryAfter: '1' });
    await expect(bz.addComment(id, 'hello')).rejects.toMatchObject({ kind: 'server-error', status: 503, transient: false, retryAfterMs: 1_000 });
    expect(waits).toEqual([]);
  });

  it('gives up after the configured retries even when every answer says Retry-After: 1', async () => {
    const { fake, bz, waits, bug: id } = await setup({ retries: 2 });
    fake.faults.push({ match: onComments, kind: 'status-429', times: Infinity, retryAfter: '1' });
    await expect(bz.getComments(id)).rejects.toMatchObject({ kind: 'rate-limited', retryAfterMs: 1_000 });
    expect(waits).toEqual([1_000, 1_000]);
    expect(fake.requests.filter(onComments)).toHaveLength(3);
  });
});

describe('a poll cycle the server asks to back off', () => {
  it('stops the cycle without charging bugs a failed attempt; the next cycle finishes the work', async () => {
    const fake = new FakeBugzilla({ apiKeys: ['KEY'] });
    await fake.start();
    cleanups.push(() => fake.close());
    const dir = mkdtempSync(path.join(tmpdir(), 'ktriage-retry-after-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const stores: TriageStore[] = [];
    cleanups.push(async () => {
      for (const s of stores) await s.close();
    });
    const waits: number[] = [];
    const ids = [1, 2, 3].map((i) => fake.addBug({ product: 'IO/Storage', component: 'LVM2/DM', summary: `pool ${i}`, description: REFCOUNT_LINE }));
    const run = async () => {
      const store = createSqliteTriageStore(path.join(dir, 'state.sqlite'));
      stores.push(store);
      const client = createBugzillaClient({ baseUrl: fake.url, apiKey: 'KEY', retries: 2, maxRetryAfterMs: 30_000, sleep: async (ms) => void waits.push(ms), random: () => 0 });
      try {
        return { store, summary: await pollServer({ server: 'bmo', client, store, engine: createLineEngine(), buildReport: simpleBuildReport, options: testHandling({ keywords: [], attachments: { enabled: false, maxBytes: 1, maxCount: 0 } }), logger: messageLogger({ info: () => {}, warn: () => {}, error: () => {} }) }, { watch: [{ product: 'IO/Storage', components: ['LVM2/DM'] }], pageSize: 50, startFrom: '2026-11-23T00:00:00Z', initialLookbackMs: 0, maxAttempts: 1 }) };
      } finally {
        fake.tick(2);
      }
    };
    // Bug 2's comments are rate-limited for longer than the retries last (bugzilla.mozilla.org: no Retry-After).
    fake.faults.push({ match: (r) => r.method === 'GET' && r.path === `/rest/bug/${ids[1]}/comment`, kind: 'status-429', times: 3 });
    await expect(run()).rejects.toMatchObject({ kind: 'rate-limited' });
    expect(waits).toEqual([500, 1000]); // the default backoff, no real waiting
    const store = stores[0]!;
    expect(await store.listFailures('bmo')).toEqual([]); // maxAttempts is 1: a charged failure would have given bug 2 up
    expect(await store.getCursor('bmo')).toBeNull(); // the cursor did not move past bug 2
    expect(fake.commentsContaining(ids[0]!, '-- ktriage (')).toHaveLength(1);
    expect(fake.commentsContaining(ids[1]!, '-- ktriage (')).toHaveLength(0);

    // A Retry-After beyond the bound stops the cycle at once, too.
    fake.faults.push({ match: (r) => r.method === 'GET' && r.path === `/rest/bug/${ids[1]}/comment`, kind: 'status-503', times: 1, retryAfter: '600' });
    await expect(run()).rejects.toMatchObject({ kind: 'server-error', retryAfterMs: 600_000 });
    expect(await stores[1]!.listFailures('bmo')).toEqual([]);

    const { summary } = await run();
    expect(summary.outcomes).toMatchObject({ posted: 2, failed: 0, 'gave-up': 0 });
    for (const id of ids) expect(fake.commentsContaining(id, '-- ktriage (')).toHaveLength(1);
    expect(summary.cursorAfter).not.toBe(summary.cursorBefore);
  });
});
