import { afterEach, describe, expect, it } from '@jest/globals';
import { messageLogger } from '../../support/record-logs.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RETRACTION_NOTE } from '../../../src/bugzilla/bug/handle-bug.js';
import {
  BREAKER_SERVER_FAILURES,
  BugzillaError,
  createBugzillaClient,
  formatSummary,
  createSqliteTriageStore,
  pollServer,
  type BugHandlingOptions,
  type Logger,
  type PollOptions,
  type PollSummary,
  type TriageStore,
} from '../../../src/bugzilla/index.js';
import { openDecisionStore } from '../../../src/store/index.js';
import { FakeBugzilla } from '../fake-bugzilla-server.js';
import { createLineEngine, REFCOUNT_LINE, simpleBuildReport, testHandling } from '../support.js';

const FOOTER = '-- ktriage (';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface HarnessOptions {
  handling?: Partial<BugHandlingOptions>;
  poll?: Partial<PollOptions>;
  fake?: ConstructorParameters<typeof FakeBugzilla>[0];
  /** ktriage knows its own login (config `login:`, or /rest/whoami): its history entries are told from people's. */
  knowsLogin?: boolean;
}

async function harness(opts: HarnessOptions = {}) {
  const fake = new FakeBugzilla({ apiKeys: ['KEY'], keywords: ['triaged'], ...opts.fake });
  await fake.start();
  cleanups.push(() => fake.close());
  const dir = mkdtempSync(path.join(tmpdir(), 'ktriage-poll-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const dbFile = path.join(dir, 'state.sqlite');
  const logs: string[] = [];
  const logger: Logger = messageLogger({ info: (m) => logs.push(`info ${m}`), warn: (m) => logs.push(`warn ${m}`), error: (m) => logs.push(`error ${m}`) });
  const engine = createLineEngine();
  const handling: BugHandlingOptions = testHandling(opts.handling);
  // The local clock backoff is measured with; advance() moves it and the server's clock together.
  let nowMs = Date.parse('2026-11-23T19:25:10Z');
  const advance = (ms: number) => {
    nowMs += ms;
    fake.tick(Math.round(ms / 1000));
  };
  const poll: PollOptions = { watch: [{ product: 'IO/Storage', components: ['LVM2/DM'] }], pageSize: 50, startFrom: '2026-11-23T00:00:00Z', initialLookbackMs: 0, maxAttempts: 10, now: () => nowMs, ...opts.poll };
  const stores: TriageStore[] = [];
  const run = async (extra: { fetch?: typeof fetch; store?: TriageStore; dryRun?: boolean } = {}) => {
    const store = extra.store ?? createSqliteTriageStore(dbFile);
    stores.push(store);
    const client = createBugzillaClient({ baseUrl: fake.url, apiKey: 'KEY', minBackoffMs: 1, maxBackoffMs: 2, retries: 2, timeoutMs: 300, ...(extra.fetch ? { fetch: extra.fetch } : {}) });
    try {
      // The decision store beside the bot's state in one file, as `ktriage bugzilla poll` opens it.
      const decisions = await openDecisionStore({ kind: 'sqlite', file: dbFile });
      try {
        const botLogin = opts.knowsLogin ? { botLogin: () => Promise.resolve(fake.botLogin) } : {};
        return await pollServer({ server: 'test', client, store, engine, buildReport: simpleBuildReport, options: { ...handling, dryRun: extra.dryRun ?? handling.dryRun }, logger, decisions, ...botLogin }, poll);
      } finally {
        await decisions.close();
      }
    } finally {
      fake.tick(2);
    }
  };
  cleanups.push(async () => {
    for (const s of stores) await s.close();
  });
  const addBug = (summary: string, description: string, component = 'LVM2/DM') => fake.addBug({ product: 'IO/Storage', component, summary, description });
  const ktriageComments = (bugId: number) => fake.commentsContaining(bugId, FOOTER);
  const failures = async () => {
    const store = createSqliteTriageStore(dbFile);
    try {
      return await store.listFailures('test');
    } finally {
      await store.close();
    }
  };
  return { fake, run, dbFile, logs, engine, addBug, ktriageComments, advance, failures, openStore: () => createSqliteTriageStore(dbFile), openDecisions: () => openDecisionStore({ kind: 'sqlite', file: dbFile }) };
}

describe('pollServer', () => {
  it('comments once on each new bug in the watched component, tags the whiteboard, and a second run posts nothing', async () => {
    const h = await harness();
    const seed = h.addBug('thin-pool: refcount', `We were hit by:\n[101754.726823] ${REFCOUNT_LINE}\n`);
    const other = h.addBug('lvcreate hangs', 'lvcreate hangs forever');
    const elsewhere = h.addBug('ext4 problem', 'x', 'ext4');

    const first = await h.run();
    expect(first.outcomes).toMatchObject({ posted: 2, failed: 0 });
    expect(h.ktriageComments(seed)).toHaveLength(1);
    expect(h.ktriageComments(seed)[0]!.text).toContain('cebc2de44d3b');
    expect(h.ktriageComments(other)).toHaveLength(1);
    expect(h.ktriageComments(elsewhere)).toHaveLength(0);
    expect(h.fake.mustBug(seed).fields.whiteboard).toBe('[ktriage: dm-sm-metadata-refcount-below-zero]');
    expect(h.fake.mustBug(other).fields.whiteboard).toBe('[ktriage: no-match]');
    expect(h.fake.mustBug(seed).fields.keywords).toEqual(['triaged']);
    expect(first.cursorAfter).not.toBe(first.cursorBefore);

    let before = h.fake.requests.length;
    const second = await h.run();
    expect(second.outcomes.posted).toBe(0);
    expect(h.ktriageComments(seed)).toHaveLength(1);
    // The bugs ktriage wrote to are confirmed once with a cheap new_since read, nothing else.
    const secondPaths = h.fake.requests.slice(before).map((r) => `${r.method} ${r.path}${r.query.has('new_since') ? '?new_since' : ''}`);
    expect(secondPaths.filter((p) => p.startsWith('GET /rest/bug/')).sort()).toEqual([`GET /rest/bug/${seed}/comment?new_since`, `GET /rest/bug/${other}/comment?new_since`].sort());
    expect(secondPaths.some((p) => !p.startsWith('GET'))).toBe(false);
    before = h.fake.requests.length;
    await h.run();
    // Confirmed: no per-bug requests at all.
    const thirdPaths = h.fake.requests.slice(before).map((r) => `${r.method} ${r.path}`);
    expect(thirdPaths.every((p) => p === 'GET /rest/time' || p === 'GET /rest/bug' || p === 'GET /rest/version')).toBe(true);
  });

  it('a comment in the same second as ktriage\'s own write is not missed (one-second timestamps)', async () => {
    const h = await harness();
    const id = h.addBug('pool read-only', 'my pool went read-only');
    h.fake.beforeRequest = (r) => {
      // Right after ktriage's PUT lands, in the same server second, the reporter adds the log.
      if (r.method === 'PUT') setImmediate(() => h.fake.comment(id, `the log:\n${REFCOUNT_LINE}`, 'reporter@example.test'));
    };
    await h.run();
    h.fake.beforeRequest = null;
    expect(h.ktriageComments(id)).toHaveLength(1);
    const second = await h.run();
    expect(second.outcomes.posted).toBe(1);
    expect(h.ktriageComments(id).at(-1)!.text).toContain('dm-sm-metadata-refcount-below-zero');
  });

  it('reads text attachments into the report (the log line only in an attachment)', async () => {
    const h = await harness();
    const id = h.addBug('pool went read-only', 'see attached dmesg');
    h.fake.attach(id, { file_name: 'dmesg.txt', content_type: 'text/plain', text: `[1.0] ${REFCOUNT_LINE}\n` });
    h.fake.attach(id, { file_name: 'photo.png', content_type: 'image/png', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]) });
    await h.run();
    expect(h.ktriageComments(id)[0]!.text).toContain('dm-sm-metadata-refcount-below-zero');
    // the image was listed, never downloaded
    expect(h.fake.requests.filter((r) => r.path.startsWith('/rest/bug/attachment/')).map((r) => r.path)).toEqual(['/rest/bug/attachment/1']);
  });

  it('dry run records what would be posted and posts nothing; a repeat records nothing new', async () => {
    const h = await harness({ handling: { dryRun: true } });
    const id = h.addBug('thin-pool: refcount', REFCOUNT_LINE);
    const s1 = await h.run();
    expect(s1.outcomes.shadow).toBe(1);
    expect(h.ktriageComments(id)).toHaveLength(0);
    expect(h.fake.mustBug(id).fields.whiteboard).toBe('');
    expect(h.fake.requests.some((r) => r.method !== 'GET')).toBe(false);
    const store = h.openStore();
    const shadow = await store.listShadow('test');
    expect(shadow).toHaveLength(1);
    expect(shadow[0]).toMatchObject({ bugId: id, ruleId: 'dm-sm-metadata-refcount-below-zero', whiteboard: '[ktriage: dm-sm-metadata-refcount-below-zero]', keywords: ['triaged'] });
    expect(shadow[0]!.comment).toContain('cebc2de44d3b');
    await store.close();
    h.fake.comment(id, 'any news?', 'reporter@example.test');
    const s2 = await h.run();
    expect(s2.outcomes.shadow).toBe(1);
    const again = h.openStore();
    expect(await again.listShadow('test')).toHaveLength(1);
    await again.close();
    expect(h.ktriageComments(id)).toHaveLength(0);
  });

  it('follow-ups: a new comment that changes the verdict gets a new comment; one that does not, stays quiet', async () => {
    const h = await harness();
    const id = h.addBug('pool read-only', 'my pool went read-only');
    await h.run();
    expect(h.ktriageComments(id)).toHaveLength(1);
    h.fake.comment(id, 'Thanks, it is 3.12.6', 'reporter@example.test');
    h.fake.tick();
    const quiet = await h.run();
    expect(quiet.outcomes).toMatchObject({ posted: 0, unchanged: 1 });
    expect(h.ktriageComments(id)).toHaveLength(1);
    h.fake.comment(id, `Here is the log:\n${REFCOUNT_LINE}`, 'reporter@example.test');
    h.fake.tick();
    const changed = await h.run();
    expect(changed.outcomes.posted).toBe(1);
    expect(h.ktriageComments(id)).toHaveLength(2);
    expect(h.fake.mustBug(id).fields.whiteboard).toBe('[ktriage: dm-sm-metadata-refcount-below-zero]');
    expect((await h.run()).outcomes.posted).toBe(0);
  });

  it('a known bug that no longer matches is withdrawn in a new comment, even with comment_on_no_match off (one write policy)', async () => {
    const h = await harness({ handling: { commentOnNoMatch: false } });
    const id = h.addBug('pool read-only', `log:\n${REFCOUNT_LINE}`);
    await h.run();
    expect(h.ktriageComments(id)).toHaveLength(1);
    // the rule is withdrawn (a rules update): the same bug no longer matches anything
    const matching = h.engine.triage.bind(h.engine);
    h.engine.triage = (report) => matching({ ...report, body: '', comments: [] });
    h.fake.comment(id, 'Any news?', 'reporter@example.test');
    h.fake.tick();
    const changed = await h.run();
    expect(changed.outcomes).toMatchObject({ posted: 1 });
    const comments = h.ktriageComments(id);
    expect(comments).toHaveLength(2);
    expect(comments[1]!.text).toContain(RETRACTION_NOTE);
    expect(comments[1]!.text).toContain('-- ktriage (no-match');
    expect(h.fake.mustBug(id).fields.whiteboard).toBe('[ktriage: no-match]');
    // said once: a later follow-up keeps quiet
    h.fake.comment(id, 'Still there.', 'reporter@example.test');
    h.fake.tick();
    expect((await h.run()).outcomes.posted).toBe(0);
    // and a bug that never matched stays silent, as configured
    const other = h.addBug('slow disk', 'it is slow');
    await h.run();
    expect(h.ktriageComments(other)).toHaveLength(0);
  });

  it('records maintainer feedback once', async () => {
    const h = await harness();
    const id = h.addBug('pool', REFCOUNT_LINE);
    await h.run();
    h.fake.comment(id, 'ktriage: wrong - this is the cache target bug', 'maintainer@example.test');
    await h.run();
    await h.run();
    const decisions = await h.openDecisions();
    const feedback = await decisions.listFeedback(10);
    const tallies = await decisions.ruleTallies();
    const counts = await decisions.counts();
    await decisions.close();
    const report = `${h.fake.url.replace(/\/$/, '')}/show_bug.cgi?id=${id}`;
    expect(feedback).toEqual([expect.objectContaining({ tracker: 'bugzilla', report, by: 'maintainer@example.test', kind: 'wrong', note: 'this is the cache target bug', ruleId: expect.any(String) })]);
    // one decision (three runs, one verdict), and the feedback counts against its rule
    expect(counts).toEqual({ decisions: 1, reports: 1, feedback: 1 });
    expect(tallies).toEqual([expect.objectContaining({ ruleId: feedback[0]!.ruleId, fires: 1, wrong: 1 })]);
  });

  it('records a bug resolved without a comment once as resolution feedback, posts nothing; a reopened bug resolved differently records the new one', async () => {
    const h = await harness();
    const id = h.addBug('pool', REFCOUNT_LINE);
    await h.run();
    await h.run(); // confirms ktriage's own write
    const commentsBefore = h.fake.mustBug(id).comments.length;
    const resolve = (resolution: string, dupId?: number) => {
      Object.assign(h.fake.mustBug(id).fields, { status: 'RESOLVED', resolution, last_change_time: h.fake.tick(), ...(dupId === undefined ? {} : { dup_id: dupId }) });
    };
    resolve('FIXED');
    const resolvedAt = h.fake.mustBug(id).fields.last_change_time;
    let before = h.fake.requests.length;
    await h.run();
    expect(h.fake.requests.slice(before).some((r) => r.method !== 'GET')).toBe(false);
    before = h.fake.requests.length;
    await h.run();
    await h.run();
    // No write of any kind on the bug: no comment, no whiteboard or keyword change.
    expect(h.fake.mustBug(id).comments).toHaveLength(commentsBefore);
    expect(h.fake.requests.slice(before).some((r) => r.method !== 'GET')).toBe(false);
    const report = `${h.fake.url.replace(/\/$/, '')}/show_bug.cgi?id=${id}`;
    let decisions = await h.openDecisions();
    const once = await decisions.listFeedback(10);
    const tallies = await decisions.ruleTallies();
    await decisions.close();
    expect(once).toEqual([{ tracker: 'bugzilla', report, sourceKey: 'resolution:FIXED', kind: 'resolution', ruleId: 'dm-sm-metadata-refcount-below-zero', by: 'test', at: new Date(resolvedAt).toISOString(), note: 'RESOLVED FIXED' }]);
    // A resolution is neither a confirmation nor a "wrong": precision is untouched.
    expect(tallies).toEqual([expect.objectContaining({ ruleId: 'dm-sm-metadata-refcount-below-zero', fires: 1, wrong: 0, confirmed: 0, resolved: 1 })]);

    Object.assign(h.fake.mustBug(id).fields, { status: 'REOPENED', resolution: '', last_change_time: h.fake.tick() });
    await h.run();
    resolve('DUPLICATE', 4242);
    await h.run();
    await h.run();
    decisions = await h.openDecisions();
    const both = await decisions.listFeedback(10);
    await decisions.close();
    expect(both.map((f) => [f.sourceKey, f.note])).toEqual([
      ['resolution:FIXED', 'RESOLVED FIXED'],
      ['resolution:DUPLICATE:4242', 'RESOLVED DUPLICATE of bug 4242'],
    ]);
    expect(h.fake.mustBug(id).comments).toHaveLength(commentsBefore);
  });

  it('a comment posted but not recorded (answer lost) is found by its footer and never posted twice', async () => {
    const h = await harness();
    const id = h.addBug('pool', REFCOUNT_LINE);
    h.fake.faults.push({ match: (r) => r.method === 'POST', kind: 'lost-response', times: 1 });
    const s1 = await h.run();
    expect(s1.outcomes.failed).toBe(1);
    // a cut connection is the server's fault: pending, not charged, due again at once
    expect(await h.failures()).toEqual([expect.objectContaining({ bugId: id, attempts: 0, serverErrors: 1, givenUp: false })]);
    expect(h.ktriageComments(id)).toHaveLength(1); // the server did post it
    const s2 = await h.run();
    expect(s2.outcomes).toMatchObject({ recovered: 1, posted: 0 });
    expect(h.ktriageComments(id)).toHaveLength(1);
    expect(h.fake.mustBug(id).fields.whiteboard).toBe('[ktriage: dm-sm-metadata-refcount-below-zero]');
    expect(s2.pending).toBe(0);
  });

  it('a keyword a maintainer removed is not added again on re-triage: the store records which keywords ktriage added', async () => {
    const h = await harness({ fake: { apiKeys: ['KEY'], keywords: ['triaged', 'regression'] } });
    const id = h.fake.addBug({ product: 'IO/Storage', component: 'LVM2/DM', summary: 'pool', description: 'my pool went read-only', keywords: ['regression'] });
    await h.run();
    expect(h.fake.mustBug(id).fields.keywords).toEqual(['regression', 'triaged']);
    const store = h.openStore();
    // 'regression' was there before: the maintainer's, not ktriage's
    expect((await store.getBug('test', id))?.keywords).toEqual({ owned: ['triaged'], pending: [], declined: [] });
    await store.close();
    // A maintainer removes ktriage's keyword; the reporter then adds the log: a re-triage with a new verdict.
    h.fake.mustBug(id).fields.keywords = ['regression'];
    h.advance(5_000);
    h.fake.comment(id, `the log:\n${REFCOUNT_LINE}`, 'reporter@example.test');
    h.advance(5_000);
    const again = await h.run();
    expect(again.outcomes.posted).toBe(1);
    expect(h.fake.mustBug(id).fields.keywords).toEqual(['regression']);
    expect(h.fake.mustBug(id).fields.whiteboard).toBe('[ktriage: dm-sm-metadata-refcount-below-zero]');
    const after = h.openStore();
    expect((await after.getBug('test', id))?.keywords).toEqual({ owned: [], pending: [], declined: ['triaged'] });
    await after.close();
  });

  it('the keyword PUT fails after the record: the next run adds the keyword it announced, and then owns it', async () => {
    const h = await harness();
    const id = h.addBug('pool', REFCOUNT_LINE);
    h.fake.faults.push({ match: (r) => r.method === 'PUT', kind: 'status-500', times: Infinity });
    await h.run();
    expect(h.fake.mustBug(id).fields.keywords).toEqual([]);
    const store = h.openStore();
    expect((await store.getBug('test', id))?.keywords).toEqual({ owned: [], pending: ['triaged'], declined: [] });
    await store.close();
    h.fake.faults.splice(0);
    h.advance(3_600_000);
    await h.run();
    expect(h.fake.mustBug(id).fields.keywords).toEqual(['triaged']);
    const after = h.openStore();
    expect((await after.getBug('test', id))?.keywords).toEqual({ owned: ['triaged'], pending: [], declined: [] });
    await after.close();
  });

  it('a bug recorded before keyword ownership was kept: the keywords it wants count as its own, so one a maintainer removed is not added again', async () => {
    const h = await harness();
    const id = h.addBug('pool', 'my pool went read-only');
    await h.run();
    // As an older release left the record: ownership unknown.
    const store = h.openStore();
    const rec = (await store.getBug('test', id))!;
    await store.putBug({ ...rec, keywords: null });
    await store.close();
    h.fake.mustBug(id).fields.keywords = [];
    h.advance(5_000);
    h.fake.comment(id, `the log:\n${REFCOUNT_LINE}`, 'reporter@example.test');
    h.advance(5_000);
    await h.run();
    expect(h.fake.mustBug(id).fields.keywords).toEqual([]);
  });

  describe('keywords ktriage owns, when the verdict no longer wants them', () => {
    /** A bug triaged as the known bug (keywords `triaged` and the rule's `dm-thin`), whose rule is then withdrawn and a person comments. */
    async function triagedThenWithdrawn(options: HarnessOptions = {}) {
      const h = await harness({ handling: { labelsAsKeywords: true }, fake: { apiKeys: ['KEY'], keywords: ['triaged', 'dm-thin', 'regression'] }, ...options });
      const id = h.fake.addBug({ product: 'IO/Storage', component: 'LVM2/DM', summary: 'pool', description: `We were hit by:\n[101754.726823] ${REFCOUNT_LINE}`, keywords: ['regression'] });
      await h.run();
      expect(h.fake.mustBug(id).fields.keywords).toEqual(['dm-thin', 'regression', 'triaged']);
      h.engine.knows = false;
      h.advance(5_000);
      h.fake.comment(id, 'any news?', 'reporter@example.test');
      h.advance(5_000);
      return { h, id };
    }
    const keywordsOf = async (h: Awaited<ReturnType<typeof harness>>, id: number) => {
      const store = h.openStore();
      try {
        return (await store.getBug('test', id))?.keywords;
      } finally {
        await store.close();
      }
    };

    it('removes the ones it added (dm-thin), keeps the always-wanted one and the maintainer\'s, in the same PUT as the whiteboard', async () => {
      const { h, id } = await triagedThenWithdrawn();
      const before = h.fake.requests.length;
      const again = await h.run();
      expect(again.outcomes.posted).toBe(1); // the retraction
      expect(h.fake.mustBug(id).fields.keywords).toEqual(['regression', 'triaged']);
      expect(h.fake.mustBug(id).fields.whiteboard).toBe('[ktriage: no-match]');
      const puts = h.fake.requests.slice(before).filter((r) => r.method === 'PUT');
      expect(puts.map((r) => r.body?.keywords)).toEqual([{ remove: ['dm-thin'] }]);
      // without its own login ktriage cannot tell its history entries from people's: its record decides, no history read
      expect(h.fake.requests.slice(before).some((r) => r.path.endsWith('/history'))).toBe(false);
      expect(await keywordsOf(h, id)).toEqual({ owned: ['triaged'], pending: [], declined: [] });
      expect(h.logs.some((l) => l.includes("removed ktriage's dm-thin"))).toBe(true);
      // the rule comes back: the keyword is ktriage's to add again (it removed it itself)
      h.engine.knows = true;
      h.advance(5_000);
      h.fake.comment(id, 'still broken', 'reporter@example.test');
      h.advance(5_000);
      await h.run();
      expect(h.fake.mustBug(id).fields.keywords).toEqual(['dm-thin', 'regression', 'triaged']);
    });

    it('with its login known, reads the history once and removes a keyword only it touched', async () => {
      const { h, id } = await triagedThenWithdrawn({ knowsLogin: true });
      const before = h.fake.requests.length;
      await h.run();
      expect(h.fake.requests.slice(before).filter((r) => r.path.endsWith('/history'))).toHaveLength(1);
      expect(h.fake.mustBug(id).fields.keywords).toEqual(['regression', 'triaged']);
    });

    it('leaves a keyword a maintainer removed and put back by hand (the history shows them last): theirs now, declined', async () => {
      const { h, id } = await triagedThenWithdrawn({ knowsLogin: true });
      // Between two of ktriage's reads: its record still says dm-thin is its own.
      h.fake.setKeywords(id, ['regression', 'triaged'], 'maintainer@example.test');
      h.fake.setKeywords(id, ['dm-thin', 'regression', 'triaged'], 'maintainer@example.test');
      await h.run();
      expect(h.fake.mustBug(id).fields.keywords).toEqual(['dm-thin', 'regression', 'triaged']);
      expect(await keywordsOf(h, id)).toEqual({ owned: ['triaged'], pending: [], declined: ['dm-thin'] });
      expect(h.logs.some((l) => l.includes('dm-thin left in place: a person changed it after ktriage'))).toBe(true);
    });

    it('never removes one a maintainer removed (declined), even if they put it back later', async () => {
      const h = await harness({ handling: { labelsAsKeywords: true }, fake: { apiKeys: ['KEY'], keywords: ['triaged', 'dm-thin'] } });
      const id = h.addBug('pool', `We were hit by:\n${REFCOUNT_LINE}`);
      await h.run();
      h.fake.setKeywords(id, ['triaged'], 'maintainer@example.test');
      h.advance(5_000);
      h.fake.comment(id, 'more detail', 'reporter@example.test');
      h.advance(5_000);
      await h.run(); // still the known bug: dm-thin wanted and gone, so a person removed it
      expect(await keywordsOf(h, id)).toEqual({ owned: ['triaged'], pending: [], declined: ['dm-thin'] });
      h.fake.setKeywords(id, ['dm-thin', 'triaged'], 'maintainer@example.test');
      h.engine.knows = false;
      h.advance(5_000);
      h.fake.comment(id, 'any news?', 'reporter@example.test');
      h.advance(5_000);
      await h.run();
      expect(h.fake.mustBug(id).fields.keywords).toEqual(['dm-thin', 'triaged']);
    });

    it('the removal PUT fails after the record: the keyword stays recorded as ktriage\'s, and the next run removes it', async () => {
      const { h, id } = await triagedThenWithdrawn();
      h.fake.faults.push({ match: (r) => r.method === 'PUT', kind: 'status-500', times: Infinity });
      await h.run();
      expect(h.fake.mustBug(id).fields.keywords).toEqual(['dm-thin', 'regression', 'triaged']);
      expect(await keywordsOf(h, id)).toEqual({ owned: ['triaged', 'dm-thin'], pending: [], declined: [] });
      h.fake.faults.splice(0);
      h.advance(3_600_000);
      await h.run();
      expect(h.fake.mustBug(id).fields.keywords).toEqual(['regression', 'triaged']);
      expect(await keywordsOf(h, id)).toEqual({ owned: ['triaged'], pending: [], declined: [] });
    });

    it('a keyword deleted on the server while on the bug: the removal is dropped and reported, the rest applied', async () => {
      const { h, id } = await triagedThenWithdrawn();
      h.fake.keywords.delete('dm-thin');
      await h.run();
      expect(h.fake.mustBug(id).fields.whiteboard).toBe('[ktriage: no-match]');
      expect(h.logs.some((l) => l.startsWith('warn') && l.includes("keyword 'dm-thin' does not exist"))).toBe(true);
      expect(await keywordsOf(h, id)).toEqual({ owned: ['triaged'], pending: [], declined: [] });
    });
  });

  it('a keyword the server lacks is skipped and reported; the rest is applied', async () => {
    const h = await harness({ handling: { keywords: ['triaged', 'ktriage-seen'] } });
    const id = h.addBug('pool', REFCOUNT_LINE);
    const s = await h.run();
    expect(s.outcomes.posted).toBe(1);
    expect(h.fake.mustBug(id).fields.keywords).toEqual(['triaged']);
    const store = h.openStore();
    const rec = await store.getBug('test', id);
    await store.close();
    expect(rec?.notes).toEqual([expect.stringContaining("keyword 'ktriage-seen' does not exist")]);
    expect(rec?.tagsApplied).toBe(true);
    expect(h.logs.some((l) => l.startsWith('warn') && l.includes('ktriage-seen'))).toBe(true);
  });

  it.each([
    ['deleted', (fake: FakeBugzilla, id: number) => fake.bugs.delete(id)],
    ['made private', (fake: FakeBugzilla, id: number) => void (fake.mustBug(id).hidden = true)],
  ])('a bug %s between search and fetch is skipped and does not hold the cursor', async (_what, vanish) => {
    const h = await harness();
    const a = h.addBug('one', 'x');
    const b = h.addBug('two', 'y');
    h.fake.beforeRequest = (r) => {
      if (r.path === `/rest/bug/${a}/comment`) vanish(h.fake, a);
    };
    const s = await h.run();
    expect(s.outcomes).toMatchObject({ gone: 1, posted: 1, failed: 0 });
    expect(h.ktriageComments(b)).toHaveLength(1);
    expect(s.cursorAfter).not.toBe(s.cursorBefore);
  });

  it('a bug failing with its own 500s does not hold the cursor: it is pending, backs off, and is retried when due', async () => {
    const h = await harness();
    const a = h.addBug('one', 'x');
    const b = h.addBug('two', 'y');
    h.fake.faults.push({ match: (r) => r.path === `/rest/bug/${a}`, kind: 'status-500', times: Infinity });
    const s1 = await h.run();
    expect(s1.outcomes).toMatchObject({ failed: 1, posted: 1 });
    expect(s1.failures[0]!.error).toMatch(/HTTP 500/);
    expect(s1.stopped).toBeNull(); // /rest/time still answers: the server is up, the bug is the problem
    expect(s1.cursorAfter).not.toBe(s1.cursorBefore);
    expect(s1).toMatchObject({ pending: 1, givenUp: 0 });
    expect(await h.failures()).toEqual([expect.objectContaining({ bugId: a, attempts: 1, serverErrors: 0, givenUp: false })]);
    // Within the backoff (5 min after a first failure) the bug is not asked for again.
    h.advance(60_000);
    const before = h.fake.requests.length;
    const s2 = await h.run();
    expect(s2).toMatchObject({ retried: 0, deferred: 1, pending: 1 });
    expect(h.fake.requests.slice(before).some((r) => r.path.startsWith(`/rest/bug/${a}`))).toBe(false);
    h.fake.faults.length = 0;
    h.advance(5 * 60_000);
    const s3 = await h.run();
    expect(s3).toMatchObject({ retried: 1, pending: 0, givenUp: 0 });
    expect(s3.outcomes).toMatchObject({ posted: 1, failed: 0 });
    expect(h.ktriageComments(a)).toHaveLength(1);
    expect(h.ktriageComments(b)).toHaveLength(1);
    expect(await h.failures()).toEqual([]);
  });

  it('gives up on a bug after max_attempts failures of its own, keeps it listed, and `retry` requeues it', async () => {
    const h = await harness({ poll: { maxAttempts: 2 } });
    const a = h.addBug('one', 'x');
    h.fake.faults.push({ match: (r) => r.path === `/rest/bug/${a}`, kind: 'status-500', times: Infinity });
    expect((await h.run()).outcomes.failed).toBe(1);
    h.advance(10 * 60_000);
    const s2 = await h.run();
    expect(s2.outcomes['gave-up']).toBe(1);
    expect(s2).toMatchObject({ pending: 0, givenUp: 1 });
    expect(h.logs.some((l) => l.startsWith('error') && l.includes('giving up after 2 failures of its own'))).toBe(true);
    // Given up: no longer retried, but kept for `ktriage bugzilla status`.
    h.advance(24 * 3_600_000);
    const s3 = await h.run();
    expect(s3).toMatchObject({ retried: 0, givenUp: 1 });
    expect(await h.failures()).toEqual([expect.objectContaining({ bugId: a, attempts: 2, givenUp: true })]);
    h.fake.faults.length = 0;
    const store = h.openStore();
    expect(await store.requeueFailures('test', null)).toEqual([a]);
    await store.close();
    const s4 = await h.run();
    expect(s4.outcomes.posted).toBe(1);
    expect(h.ktriageComments(a)).toHaveLength(1);
    expect(await h.failures()).toEqual([]);
  });

  it('429 bursts, malformed JSON and timeouts are ridden out by retries', async () => {
    const h = await harness();
    const ids = [h.addBug('a', REFCOUNT_LINE), h.addBug('b', 'y'), h.addBug('c', 'z')];
    h.fake.faults.push(
      { match: (r) => r.method === 'GET', kind: 'status-429', times: 2 },
      { match: (r) => r.path.endsWith('/comment') && r.method === 'GET', kind: 'malformed', times: 1 },
      { match: (r) => r.path === '/rest/bug', kind: 'status-503', times: 1 },
      { match: (r) => r.path === `/rest/bug/${ids[1]}`, kind: 'hang', times: 1 },
    );
    const s = await h.run();
    expect(s.outcomes).toMatchObject({ posted: 3, failed: 0 });
    for (const id of ids) expect(h.ktriageComments(id)).toHaveLength(1);
  });

  it('finds every bug behind a silent page cap', async () => {
    const h = await harness({ fake: { pageCap: 7 } });
    const ids = Array.from({ length: 30 }, (_, i) => h.addBug(`bug ${i}`, 'x'));
    const s = await h.run();
    expect(s.found).toBe(30);
    expect(s.effectivePageSize).toBe(7);
    for (const id of ids) expect(h.ktriageComments(id)).toHaveLength(1);
  });

  it('with follow_ups off, triages only new bugs: changed older ones are neither re-triaged nor read', async () => {
    const h = await harness({ handling: { followUps: false } });
    // created before the first window (start_from) and changed in it: never ktriage's bug
    const before = h.addBug('from last week', REFCOUNT_LINE);
    h.fake.mustBug(before).fields.creation_time = '2026-11-20T08:00:00Z';
    const old = h.addBug('old bug', 'x');
    await h.run();
    expect(h.ktriageComments(before)).toHaveLength(0);
    expect(h.ktriageComments(old)).toHaveLength(1);
    h.fake.comment(old, REFCOUNT_LINE, 'reporter@example.test');
    h.fake.comment(before, 'still broken', 'reporter@example.test');
    const fresh = h.addBug('new bug', REFCOUNT_LINE);
    const requestsBefore = h.fake.requests.length;
    const s = await h.run();
    expect(s.outcomes).toMatchObject({ posted: 1, unchanged: s.found - 1 });
    expect(h.ktriageComments(old)).toHaveLength(1);
    expect(h.ktriageComments(before)).toHaveLength(0);
    expect(h.ktriageComments(fresh)).toHaveLength(1);
    // the changed older bugs cost no request of their own (only the new one is read)
    const perBug = h.fake.requests.slice(requestsBefore).filter((r) => /^\/rest\/bug\/\d+/.test(r.path));
    expect(perBug.every((r) => r.path.startsWith(`/rest/bug/${fresh}`))).toBe(true);
  });

  it.each<[string, Partial<BugHandlingOptions>]>([
    ['follow_ups off', { followUps: false }],
    ['a dry run', { dryRun: true }],
    ['a dry run with follow_ups off', { dryRun: true, followUps: false }],
  ])('with %s, a triaged bug resolved later has its resolution recorded once, and nothing is written to the bug', async (_name, handling) => {
    const h = await harness({ handling });
    const id = h.addBug('pool', REFCOUNT_LINE);
    // created before ktriage's window: with follow_ups off never ktriage's bug, so its resolution is
    // not recorded (with follow-ups on, its change in the window made it one)
    const foreign = h.addBug('from last week', REFCOUNT_LINE);
    h.fake.mustBug(foreign).fields.creation_time = '2026-11-20T08:00:00Z';
    await h.run();
    await h.run();
    const commentsBefore = h.fake.mustBug(id).comments.length;
    for (const bug of [id, foreign]) Object.assign(h.fake.mustBug(bug).fields, { status: 'RESOLVED', resolution: 'FIXED', last_change_time: h.fake.tick() });
    const resolvedAt = h.fake.mustBug(id).fields.last_change_time;
    const before = h.fake.requests.length;
    await h.run();
    await h.run();
    expect(h.fake.mustBug(id).comments).toHaveLength(commentsBefore);
    expect(h.fake.requests.slice(before).some((r) => r.method !== 'GET')).toBe(false);
    const decisions = await h.openDecisions();
    const feedback = await decisions.listFeedback(10);
    const tallies = await decisions.ruleTallies();
    await decisions.close();
    const report = `${h.fake.url.replace(/\/$/, '')}/show_bug.cgi?id=${id}`;
    expect(feedback.filter((f) => f.report === report)).toEqual([{ tracker: 'bugzilla', report, sourceKey: 'resolution:FIXED', kind: 'resolution', ruleId: 'dm-sm-metadata-refcount-below-zero', by: 'test', at: new Date(resolvedAt).toISOString(), note: 'RESOLVED FIXED' }]);
    const foreignReport = report.replace(`id=${id}`, `id=${foreign}`);
    expect(feedback.filter((f) => f.report === foreignReport)).toHaveLength(handling.followUps === false ? 0 : 1);
    expect(tallies).toEqual([expect.objectContaining({ ruleId: 'dm-sm-metadata-refcount-below-zero', resolved: handling.followUps === false ? 1 : 2 })]);
  });

  it.each([
    ['5.1', 'header'],
    ['20240131.1', 'header'], // bugzilla.mozilla.org
    ['5.0.4', 'param'],
  ])('on Bugzilla %s every authenticated request carries the key as the %s', async (version, mode) => {
    const h = await harness({ fake: { version } });
    const id = h.addBug('pool', REFCOUNT_LINE);
    await h.run();
    expect(h.ktriageComments(id)).toHaveLength(1);
    const authed = h.fake.requests.filter((r) => r.path.startsWith('/rest/bug'));
    expect(authed.length).toBeGreaterThan(4);
    for (const r of authed) expect(r.keyIn).toBe(mode === 'header' ? 'header' : r.method === 'GET' ? 'query' : 'body');
  });

  it('stops the cycle on a bad API key instead of failing every bug', async () => {
    const h = await harness({ fake: { apiKeys: ['OTHER'] } });
    h.addBug('a', 'x');
    h.addBug('b', 'x');
    await expect(h.run()).rejects.toMatchObject({ kind: 'bad-api-key' });
    expect(h.fake.requests.filter((r) => r.path.startsWith('/rest/bug/'))).toHaveLength(0);
    void BugzillaError;
  });
});

describe('pollServer: server errors never cost a bug (issue 14, findings 1 and 2)', () => {
  const bugPaths = (id: number) => (r: { path: string }) => r.path === `/rest/bug/${id}` || r.path.startsWith(`/rest/bug/${id}/`);

  it('three cycles of 502 on one bug (max_attempts 3) while /rest/time and the search work: not given up, triaged once the server recovers', async () => {
    const h = await harness({ poll: { maxAttempts: 3 } });
    const a = h.addBug('pool', REFCOUNT_LINE);
    const b = h.addBug('other', 'y');
    h.fake.faults.push({ match: bugPaths(a), kind: 'status-502', times: Infinity });
    for (let cycle = 0; cycle < 3; cycle += 1) {
      const s = await h.run();
      expect(s.outcomes['gave-up']).toBe(0);
      expect(s.stopped).toBeNull();
      expect(s.cursorAfter).not.toBe(s.cursorBefore); // the healthy bug b does not wait for a
      h.advance(5 * 60_000);
    }
    expect(await h.failures()).toEqual([expect.objectContaining({ bugId: a, attempts: 0, serverErrors: 3, givenUp: false })]);
    h.fake.faults.length = 0;
    const after = await h.run();
    expect(after.outcomes.posted).toBe(1);
    expect(h.ktriageComments(a)).toHaveLength(1);
    expect(h.ktriageComments(b)).toHaveLength(1);
    expect(await h.failures()).toEqual([]);
    const again = await h.run();
    expect(again.outcomes.posted).toBe(0);
    expect(h.ktriageComments(a)).toHaveLength(1);
  });

  it('24 hours of failing cycles (50, injected clock: 502s, the server gone, timeouts), then a healthy server: the bug is triaged exactly once', async () => {
    const h = await harness({ poll: { maxAttempts: 3 } });
    const a = h.addBug('pool', REFCOUNT_LINE);
    const CYCLE_MS = 29 * 60_000; // 50 cycles: 24 h 10 min
    const phases: { cycles: number; faults: () => void }[] = [
      { cycles: 20, faults: () => h.fake.faults.push({ match: bugPaths(a), kind: 'status-502', times: Infinity }) },
      // Apache gone: every request cut, /rest/time included, so the cycle cannot even start.
      { cycles: 15, faults: () => h.fake.faults.push({ match: () => true, kind: 'reset', times: Infinity }) },
      { cycles: 10, faults: () => h.fake.faults.push({ match: bugPaths(a), kind: 'status-503', times: Infinity }) },
      { cycles: 5, faults: () => h.fake.faults.push({ match: bugPaths(a), kind: 'hang', times: Infinity }) },
    ];
    const later: number[] = [];
    let failedCycles = 0;
    for (const phase of phases) {
      h.fake.faults.length = 0;
      phase.faults();
      for (let i = 0; i < phase.cycles; i += 1) {
        try {
          const s = await h.run();
          expect(s.outcomes['gave-up']).toBe(0);
        } catch (error) {
          expect(error).toMatchObject({ kind: 'network' }); // the cycle could not start: nothing charged
        }
        failedCycles += 1;
        // New reports keep arriving while bug a is stuck; they are not held up by it.
        if (i === 0) later.push(h.addBug(`later ${later.length}`, 'z'));
        h.advance(CYCLE_MS);
      }
    }
    expect(failedCycles).toBe(50);
    expect(h.ktriageComments(a)).toHaveLength(0);
    expect(await h.failures()).toEqual([expect.objectContaining({ bugId: a, attempts: 0, givenUp: false })]);
    h.fake.faults.length = 0;
    const healthy = await h.run();
    expect(healthy.outcomes.posted).toBeGreaterThanOrEqual(1);
    await h.run();
    expect(h.ktriageComments(a)).toHaveLength(1);
    for (const id of later) expect(h.ktriageComments(id)).toHaveLength(1);
    expect(await h.failures()).toEqual([]);
  });

  it('the server going down mid-cycle stops the cycle at once (circuit breaker): nobody charged, cursor kept, the next cycle resumes', async () => {
    const h = await harness({ poll: { maxAttempts: 1 } });
    const ids = Array.from({ length: 7 }, (_, i) => h.addBug(`bug ${i}`, i === 0 ? REFCOUNT_LINE : 'x'));
    h.fake.beforeRequest = (r) => {
      if (r.path === `/rest/bug/${ids[2]}/comment` && r.method === 'GET') h.fake.faults.push({ match: () => true, kind: 'reset', times: Infinity });
    };
    const before = h.fake.requests.length;
    const s1 = await h.run();
    h.fake.beforeRequest = null;
    expect(s1.stopped).toMatch(/^the server stopped answering \(GET \/rest\/time: network error.*; 4 bugs left for the next cycle$/);
    expect(s1.outcomes).toMatchObject({ posted: 2, failed: 1, 'gave-up': 0 });
    expect(s1.cursorAfter).toBe(s1.cursorBefore);
    // the failing request's retries (retries: 2) and one probe; none of the 4 bugs after it was asked for
    const during = h.fake.requests.slice(before).filter((r) => r.path === `/rest/bug/${ids[2]}/comment` || r.path === '/rest/time');
    expect(during.length).toBeLessThanOrEqual(5);
    for (const id of ids.slice(3)) expect(h.fake.requests.some((r) => r.path.startsWith(`/rest/bug/${id}`))).toBe(false);
    expect(await h.failures()).toEqual([expect.objectContaining({ bugId: ids[2], attempts: 0, givenUp: false })]); // max_attempts 1, still not given up
    expect(h.logs.some((l) => l.startsWith('error') && l.includes('cycle stopped: the server stopped answering'))).toBe(true);

    h.fake.faults.length = 0;
    const s2 = await h.run();
    expect(s2.stopped).toBeNull();
    expect(s2.cursorBefore).toBe(s1.cursorBefore); // resumed from the kept cursor
    expect(s2.outcomes.posted).toBe(5);
    for (const id of ids) expect(h.ktriageComments(id)).toHaveLength(1);
    expect(await h.failures()).toEqual([]);
  });

  it('a front that answers while every bug gets a 502 stops the cycle after a few bugs, not a page of them', async () => {
    const h = await harness({ poll: { maxAttempts: 1 } });
    const ids = Array.from({ length: 8 }, (_, i) => h.addBug(`bug ${i}`, 'x'));
    h.fake.faults.push({ match: (r) => /^\/rest\/bug\/\d+/.test(r.path), kind: 'status-502', times: Infinity });
    const s = await h.run();
    expect(s.stopped).toMatch(new RegExp(`^${BREAKER_SERVER_FAILURES} bugs in a row failed with server errors; ${ids.length - BREAKER_SERVER_FAILURES} bugs left`));
    expect(s.outcomes).toMatchObject({ failed: BREAKER_SERVER_FAILURES, 'gave-up': 0 });
    expect(s.cursorAfter).toBe(s.cursorBefore);
    expect((await h.failures()).every((f) => f.attempts === 0 && !f.givenUp)).toBe(true);
    h.fake.faults.length = 0;
    await h.run();
    for (const id of ids) expect(h.ktriageComments(id)).toHaveLength(1);
  });
});

describe('formatSummary', () => {
  const base: PollSummary = {
    server: 'kernel',
    cursorBefore: '2026-11-23T19:25:10Z',
    cursorAfter: '2026-11-23T19:30:10Z',
    found: 3,
    retried: 0,
    deferred: 0,
    effectivePageSize: 100,
    outcomes: { posted: 3, recovered: 0, unchanged: 0, shadow: 0, silent: 0, gone: 0, failed: 0, 'gave-up': 0 },
    failures: [],
    pending: 0,
    givenUp: 0,
    stopped: null,
  };
  it.each<[string, Partial<PollSummary>, RegExp, RegExp | null]>([
    // finding 4: nothing to retry, so nothing says so
    ['a clean cycle', {}, /; cursor -> 2026-11-23T19:30:10Z$/, /retr|kept|pending/],
    // the server clock did not move (same second): still not "kept"
    ['a cycle in the cursor\'s second', { cursorAfter: '2026-11-23T19:25:10Z', found: 0 }, /; cursor -> 2026-11-23T19:25:10Z$/, /kept|retried/],
    ['a failing bug', { pending: 1, outcomes: { ...base.outcomes, posted: 2, failed: 1 } }, /failed 1, gave up 0; cursor -> 2026-11-23T19:30:10Z; 1 bug pending retry \(ktriage bugzilla status\)$/, /kept/],
    ['bugs backing off and given up', { pending: 2, deferred: 1, givenUp: 1, retried: 1 }, /3 bugs changed since .*, 1 failing bug retried, .*; 2 bugs pending retry \(1 backing off\), 1 given up \(ktriage bugzilla status\)$/, null],
    ['a stopped cycle', { stopped: 'the server stopped answering (x); 4 bugs left for the next cycle', cursorAfter: base.cursorBefore, pending: 1 }, /; stopped early: the server stopped answering \(x\); 4 bugs left for the next cycle; cursor kept at 2026-11-23T19:25:10Z; 1 bug pending retry/, /cursor ->/],
  ])('%s', (_name, over, expected, absent) => {
    const line = formatSummary({ ...base, ...over });
    expect(line).toMatch(expected);
    if (absent) expect(line).not.toMatch(absent);
  });
});
