/**
 * "Kill at any step, restart": a poll cycle is killed at step k (an HTTP request, before it is
 * sent or after the server acted on it with the answer lost, or a store write), then re-run with
 * the same database. A killed process makes no further calls, so after the kill every fetch and
 * store call throws. Whatever k is, no bug is lost and no comment is posted twice.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createBugzillaClient, createSqliteTriageStore, pollServer, type BugHandlingOptions, type PollOptions, type PollSummary, type TriageStore } from '../../../src/bugzilla/index.js';
import { silentLogger } from '../../../src/log/index.js';
import { FakeBugzilla } from '../fake-bugzilla-server.js';
import { createLineEngine, REFCOUNT_LINE, simpleBuildReport, testHandling } from '../support.js';

class Killed extends Error {
  override name = 'Killed';
}

type KillMode = 'after' | 'before';

const WRITES = new Set(['setCursor', 'putBug', 'putFailure', 'clearFailure', 'requeueFailures', 'addShadow', 'addFeedback']);

/** Counts steps (HTTP requests and store writes); at step `killAt` the "process" dies. */
function killSwitch(killAt: number, mode: KillMode) {
  const state = { step: 0, dead: false, kinds: [] as ('http' | 'store')[] };
  const realFetch = globalThis.fetch;
  const fetchImpl: typeof fetch = async (input, init) => {
    if (state.dead) throw new Killed('dead');
    state.step += 1;
    state.kinds.push('http');
    if (state.step === killAt) {
      state.dead = true;
      if (mode === 'after') await (await realFetch(input, init)).text(); // the server acts; the answer is lost
      throw new Killed(`killed at step ${killAt} (${mode})`);
    }
    return realFetch(input, init);
  };
  const wrapStore = (store: TriageStore): TriageStore =>
    new Proxy(store, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function' || prop === 'close') return value;
        return async (...args: unknown[]) => {
          if (state.dead) throw new Killed('dead');
          if (WRITES.has(String(prop))) {
            state.step += 1;
            state.kinds.push('store');
            if (state.step === killAt) {
              state.dead = true; // dies before the write lands
              throw new Killed(`killed at step ${killAt} (store ${String(prop)})`);
            }
          }
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  return { state, fetchImpl, wrapStore };
}

const handling: BugHandlingOptions = testHandling();

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function world(bugs: number, pageSize = 50, pageCap = 40) {
  const fake = new FakeBugzilla({ apiKeys: ['KEY'], keywords: ['triaged'], pageCap });
  await fake.start();
  cleanups.push(() => fake.close());
  const dir = mkdtempSync(path.join(tmpdir(), 'ktriage-crash-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const dbFile = path.join(dir, 'state.sqlite');
  const ids: number[] = [];
  for (let i = 0; i < bugs; i += 1) {
    const id = fake.addBug({ product: 'IO/Storage', component: 'LVM2/DM', summary: `bug ${i}`, description: i % 3 === 0 ? `log:\n${REFCOUNT_LINE}` : `no log ${i}` });
    if (i % 5 === 1) fake.attach(id, { file_name: 'dmesg.txt', content_type: 'text/plain', text: `[2.0] ${REFCOUNT_LINE}\n` });
    ids.push(id);
  }
  const poll: PollOptions = { watch: [{ product: 'IO/Storage', components: ['LVM2/DM'] }], pageSize, startFrom: '2026-11-23T00:00:00Z', initialLookbackMs: 0, maxAttempts: 1000 };
  const engine = createLineEngine();

  /** One process lifetime: open the store, poll, and die at killAt (Infinity: no kill). */
  const run = async (killAt: number, mode: KillMode): Promise<{ summary: PollSummary | null; killed: boolean; steps: number; kinds: ('http' | 'store')[] }> => {
    const ks = killSwitch(killAt, mode);
    const raw = createSqliteTriageStore(dbFile);
    const store = ks.wrapStore(raw);
    const client = createBugzillaClient({ baseUrl: fake.url, apiKey: 'KEY', fetch: ks.fetchImpl, retries: 1, minBackoffMs: 0, maxBackoffMs: 1, auth: 'param' });
    try {
      const summary = await pollServer({ server: 'crash', client, store, engine, buildReport: simpleBuildReport, options: handling, logger: silentLogger }, poll);
      return { summary, killed: false, steps: ks.state.step, kinds: ks.state.kinds };
    } catch (error) {
      if (!ks.state.dead) throw error;
      return { summary: null, killed: true, steps: ks.state.step, kinds: ks.state.kinds };
    } finally {
      await raw.close();
      fake.tick(1);
    }
  };

  const check = () => {
    for (const id of ids) {
      const mine = fake.commentsContaining(id, '-- ktriage (');
      if (mine.length !== 1) throw new Error(`bug ${id}: ${mine.length} ktriage comments`);
      const wb = fake.mustBug(id).fields.whiteboard;
      if (!/^\[ktriage: [a-z-]+\]$/.test(wb)) throw new Error(`bug ${id}: whiteboard ${JSON.stringify(wb)}`);
    }
  };
  return { fake, ids, run, check, dbFile };
}

describe('kill at any step of a poll cycle, then restart', () => {
  it('every single step, both kill modes, on a small cycle: zero lost, zero duplicates', async () => {
    // Count the steps of a clean cycle once: 3 bugs (a known bug, one with a text attachment, a
    // no-match), each read, triaged, posted, tagged and recorded.
    const probe = await world(3);
    const clean = await probe.run(Infinity, 'before');
    const { steps, kinds } = clean;
    expect(steps).toBeGreaterThan(20);
    await Promise.all(cleanups.splice(0).reverse().map((c) => c()));

    let scenarios = 0;
    for (let k = 1; k <= steps; k += 1) {
      // A store write dies before it lands either way; an HTTP request dies before it is sent or
      // after the server acted on it.
      const modes: KillMode[] = kinds[k - 1] === 'http' ? ['before', 'after'] : ['before'];
      for (const mode of modes) {
        const w = await world(3);
        const killed = await w.run(k, mode);
        expect(killed.killed).toBe(true);
        const restart = await w.run(Infinity, 'before');
        expect(restart.summary?.outcomes.failed).toBe(0);
        w.check();
        const again = await w.run(Infinity, 'before');
        expect(again.summary?.outcomes.posted).toBe(0);
        w.check();
        scenarios += 1;
        await Promise.all(cleanups.splice(0).reverse().map((c) => c()));
      }
    }
    expect(scenarios).toBe(kinds.filter((k) => k === 'http').length * 2 + kinds.filter((k) => k === 'store').length);
    if (process.env.KTRIAGE_VERBOSE) console.log(`${steps} steps (${kinds.filter((k) => k === 'http').length} HTTP), ${scenarios} kill scenarios`);
  }, 120_000);

  it('1,000 bugs, killed again and again at random steps until a cycle completes: zero lost, zero duplicates', async () => {
    const w = await world(1000, 300, 250); // a silent cap below the asked page size
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let kills = 0;
    for (;;) {
      const killAt = 1 + Math.floor(random() * 500);
      const mode: KillMode = random() < 0.5 ? 'before' : 'after';
      const result = await w.run(killAt, mode);
      if (!result.killed) {
        expect(result.summary?.outcomes.failed).toBe(0);
        break;
      }
      kills += 1;
      if (kills > 500) throw new Error('no progress');
    }
    expect(kills).toBeGreaterThan(20);
    if (process.env.KTRIAGE_VERBOSE) console.log(`${kills} kills before a complete cycle, ${w.fake.requests.length} requests`);
    w.check();
    const posts = w.fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/comment')).length;
    expect(posts).toBe(1000); // not one POST more than bugs: recovery never re-posted
    const final = await w.run(Infinity, 'before');
    expect(final.summary?.outcomes.posted).toBe(0);
    const store = createSqliteTriageStore(w.dbFile);
    expect(await store.listBugs('crash')).toHaveLength(1000);
    expect(await store.getCursor('crash')).toBe(final.summary?.cursorAfter);
    await store.close();
  }, 180_000);
});
