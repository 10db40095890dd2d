/**
 * The seed report (bugzilla.kernel.org 68801, filed as bug 2 on a stock Bugzilla 5.2: the recorded
 * test/fixtures/bugzilla-5.2/*.json) triaged end to end through HTTP, the real client, the bundled rules
 * and the real triage: the right comment and whiteboard, and nothing on the second run.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBugReport, createBugzillaClient, createSqliteTriageStore, createTriageEngine, pollServer, silentLogger, type BugHandlingOptions, type TriageStore } from '../../src/bugzilla/index.js';
import { FakeBugzilla, loadRecord, type FakeAttachment, type FakeComment } from './fake-bugzilla-server.js';
import { testHandling } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = path.join(here, '../fixtures/bugzilla/bug-68801.json');

function recordedSeed() {
  const bug = (loadRecord('bug-get.json').response.bugs as Record<string, unknown>[])[0]!;
  const comments = (loadRecord('comments-get.json').response.bugs as Record<string, { comments: FakeComment[] }>)['2']!.comments;
  const attachments = (loadRecord('attachments-get.json').response.bugs as Record<string, FakeAttachment[]>)['2']!;
  return { bug, comments, attachments };
}

let fake: FakeBugzilla | null = null;
let store: TriageStore | null = null;
afterEach(async () => {
  await store?.close();
  await fake?.close();
});

const options: BugHandlingOptions = testHandling({ attachments: { enabled: true, maxBytes: 524288, maxCount: 10 } });

describe('the seed bug, end to end', () => {
  it('the committed JSON export is exactly the recorded bug 2 (bug, 18 comments, attachment)', () => {
    const { bug, comments, attachments } = recordedSeed();
    const exported = JSON.parse(readFileSync(FIXTURE, 'utf8'));
    expect(exported).toEqual({ bugs: [bug], comments: { '2': { comments } }, attachments: { '2': attachments } });
  });

  it('posts the known-bug comment naming cebc2de44d3b, sets the whiteboard, and posts nothing on the second run', async () => {
    fake = new FakeBugzilla({ apiKeys: ['KEY'], keywords: ['triaged'] });
    const { bug, comments, attachments } = recordedSeed();
    fake.importBug(bug, comments, attachments);
    fake.setNow('2026-11-23T19:30:00Z');
    await fake.start();
    store = createSqliteTriageStore(':memory:');
    const client = createBugzillaClient({ baseUrl: fake.url, apiKey: 'KEY', minBackoffMs: 1 });
    const engine = await createTriageEngine({ paths: [], bundled: true, logger: silentLogger });
    const ctx = { server: 'kernel', client, store, engine, buildReport: buildBugReport, options, logger: silentLogger };
    const poll = { watch: [{ product: 'IO/Storage', components: ['LVM2/DM'] }], pageSize: 50, startFrom: loadRecord('time.json').response.db_time as string, initialLookbackMs: 0, maxAttempts: 5 };

    const first = await pollServer(ctx, poll);
    expect(first.outcomes.posted).toBe(1);
    const posted = fake.mustBug(2).comments.at(-1)!;
    expect(posted.creator).toBe(fake.botLogin);
    expect(posted.text.split('\n')[0]).toBe('ktriage: Known bug: your kernel lacks the fix');
    expect(posted.text).toContain('(dm-sm-metadata-refcount-below-zero, confidence');
    expect(posted.text).toContain('Fix: cebc2de44d3b ("dm space map metadata: fix refcount decrement below 0 which caused corruption")');
    expect(posted.text).toContain('device-mapper: space map common: unable to decrement a reference count below 0');
    // the running kernel as the reporter wrote it ("3.12.6" or "v3.12.6": the extractor quotes one mention)
    expect(posted.text).toMatch(/^Your kernel: v?3\.12\.6, lacks the fix: /m);
    // plain text: no Markdown headings, no HTML markers
    expect(posted.text).not.toMatch(/^#{1,6} |<!--|<\/?details>/m);
    expect(posted.text).toMatch(/^-- ktriage \(known-bug-fix-available.*; fingerprint [0-9a-f]+\)$/m);
    expect(fake.mustBug(2).fields.whiteboard).toBe('[ktriage: dm-sm-metadata-refcount-below-zero]');
    expect(fake.mustBug(2).fields.keywords).toEqual(['triaged']);
    // The PUT carries the recorded shape: whiteboard string and keywords.add.
    const put = fake.requests.find((r) => r.method === 'PUT')!;
    expect(put.body).toMatchObject({ whiteboard: '[ktriage: dm-sm-metadata-refcount-below-zero]', keywords: { add: ['triaged'] } });
    expect(put.keyIn).toBe('body');
    // The attachment was read as text (its backtrace names dec_ref_count).
    expect(fake.requests.some((r) => r.path === '/rest/bug/attachment/2')).toBe(true);

    const record = await store.getBug('kernel', 2);
    expect(record).toMatchObject({ verdict: 'known-bug-fix-available', ruleId: 'dm-sm-metadata-refcount-below-zero', commentId: posted.id, tagsApplied: true, rulesVersion: engine.rulesVersion });

    fake.tick(60);
    const second = await pollServer(ctx, poll);
    expect(second.outcomes.posted).toBe(0);
    expect(fake.commentsContaining(2, '-- ktriage (')).toHaveLength(1);
  });

  it('with the real rules: a comment whose answer was lost is recognised by its footer, not posted again', async () => {
    fake = new FakeBugzilla({ apiKeys: ['KEY'], keywords: ['triaged'] });
    const { bug, comments, attachments } = recordedSeed();
    fake.importBug(bug, comments, attachments);
    fake.setNow('2026-11-23T19:30:00Z');
    await fake.start();
    fake.faults.push({ match: (r) => r.method === 'POST', kind: 'lost-response', times: 1 });
    store = createSqliteTriageStore(':memory:');
    const client = createBugzillaClient({ baseUrl: fake.url, apiKey: 'KEY', minBackoffMs: 1, retries: 1 });
    const engine = await createTriageEngine({ paths: [], bundled: true, logger: silentLogger });
    const ctx = { server: 'kernel', client, store, engine, buildReport: buildBugReport, options, logger: silentLogger };
    const poll = { watch: [{ product: 'IO/Storage', components: ['LVM2/DM'] }], pageSize: 50, startFrom: '2026-11-23T19:25:10Z', initialLookbackMs: 0, maxAttempts: 5 };
    const first = await pollServer(ctx, poll);
    expect(first.outcomes.failed).toBe(1);
    expect(fake.commentsContaining(2, '-- ktriage (')).toHaveLength(1);
    fake.tick(10);
    const second = await pollServer(ctx, poll);
    expect(second.outcomes).toMatchObject({ recovered: 1, posted: 0, failed: 0 });
    expect(fake.commentsContaining(2, '-- ktriage (')).toHaveLength(1);
    expect(fake.mustBug(2).fields.whiteboard).toBe('[ktriage: dm-sm-metadata-refcount-below-zero]');
  });
});
