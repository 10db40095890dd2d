import { afterEach, describe, expect, it } from '@jest/globals';
import { messageLogger } from '../../support/record-logs.js';
import { BugzillaError, bugzillaConfigSchema, createBugzillaClient, type BugzillaClientOptions } from '../../../src/bugzilla/index.js';
import { FakeBugzilla, loadRecord } from '../fake-bugzilla-server.js';

const KEY = 'Sekr3tKeyAbc+/=';
let fake: FakeBugzilla | null = null;

async function setup(opts: ConstructorParameters<typeof FakeBugzilla>[0] = {}, client: Partial<BugzillaClientOptions> = {}) {
  fake = new FakeBugzilla({ apiKeys: [KEY], ...opts });
  const baseUrl = await fake.start();
  const bz = createBugzillaClient({ baseUrl, apiKey: KEY, minBackoffMs: 1, maxBackoffMs: 4, timeoutMs: 2000, ...client });
  return { fake, bz };
}

function seedBug(f: FakeBugzilla): number {
  return f.addBug({ product: 'IO/Storage', component: 'LVM2/DM', summary: 'thin-pool: refcount below 0', description: 'Hi,\nsomething broke' });
}

async function caught(p: Promise<unknown>): Promise<BugzillaError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof BugzillaError) return error;
    throw error;
  }
  throw new Error('expected a BugzillaError');
}

afterEach(async () => {
  await fake?.close();
  fake = null;
});

describe('the fake server reproduces the recorded shapes', () => {
  it('answers /rest/version and /rest/time like the records', async () => {
    const { bz } = await setup();
    expect(await bz.getVersion()).toBe(loadRecord('version.json').response.version);
    const time = await bz.getTime();
    expect(Object.keys(time).sort()).toEqual(Object.keys(loadRecord('time.json').response).sort());
  });

  it('gives bugs, comments and attachments the recorded keys and flag types', async () => {
    const { fake: f, bz } = await setup();
    const id = seedBug(f);
    f.attach(id, { file_name: 'backtrace.txt', content_type: 'text/plain', text: 'WARNING: at x\n' });
    const bug = await bz.getBug(id);
    const recordedBug = (loadRecord('bug-get.json').response.bugs as object[])[0]!;
    expect(Object.keys(bug).sort()).toEqual(Object.keys(recordedBug).sort());

    const comments = await bz.getComments(id);
    const recordedComment = ((loadRecord('comments-get.json').response.bugs as Record<string, { comments: object[] }>)['2']!.comments)[0]!;
    expect(Object.keys(comments[0]!).sort()).toEqual(Object.keys(recordedComment).sort());
    expect(comments[0]!.is_private).toBe(false); // boolean on comments
    expect(comments[1]!.text).toBe('Created attachment 1\nbacktrace.txt'); // attaching adds a comment

    const list = await bz.listAttachments(id);
    const recordedList = (loadRecord('attachments-list.json').response.bugs as Record<string, object[]>)['2']![0]!;
    expect(Object.keys(list[0]!).sort()).toEqual(Object.keys(recordedList).sort());
    expect(list[0]!.is_private).toBe(0); // 0/1 integers on attachments
    expect(list[0]!.data).toBeUndefined();
    const full = await bz.getAttachment(list[0]!.id);
    expect(Buffer.from(full.data!, 'base64').toString('utf8')).toBe('WARNING: at x\n');
  });

  it('posts comments with 201 and answers the new id; updates whiteboard and keywords like the record', async () => {
    const { fake: f, bz } = await setup();
    const id = seedBug(f);
    const commentId = await bz.addComment(id, 'ktriage: hello');
    expect(f.mustBug(id).comments.at(-1)).toMatchObject({ id: commentId, text: 'ktriage: hello' });
    const update = await bz.updateBug(id, { whiteboard: '[ktriage: dm-space-map-refcount]', keywordsAdd: ['triaged'] });
    const recorded = (loadRecord('bug-update-whiteboard-keywords.json').response.bugs as { changes: object }[])[0]!;
    expect(update.changes).toEqual(recorded.changes);
  });

  it('removes keywords like the record (removing an absent one changes nothing), refuses an unknown one like an add, and answers the history in its recorded shape', async () => {
    const { fake: f, bz } = await setup({ keywords: ['triaged', 'dm-thin'] });
    const id = seedBug(f);
    await bz.updateBug(id, { keywordsAdd: ['triaged', 'dm-thin'] });
    const removal = loadRecord('bug-update-keywords-remove.json');
    const update = await bz.updateBug(id, { whiteboard: '[ktriage: no-match]', keywordsRemove: ['dm-thin'] });
    expect(f.requests.at(-1)!.body).toMatchObject(removal.request.body as object);
    expect(update.changes).toEqual((removal.response.bugs as { changes: object }[])[0]!.changes);
    expect(f.mustBug(id).fields.keywords).toEqual(['triaged']);
    expect((await bz.updateBug(id, { keywordsRemove: ['dm-thin'] })).changes).toEqual({});
    const unknown = loadRecord('bug-update-remove-unknown-keyword.json');
    expect(await caught(bz.updateBug(id, { keywordsRemove: ['no-such-keyword'] }))).toMatchObject({ kind: 'unknown-keyword', status: unknown.status, code: (unknown.response as { code: number }).code });

    const history = await bz.getHistory(id);
    const recorded = (loadRecord('history-keywords.json').response.bugs as { history: { changes: object[] }[] }[])[0]!.history;
    expect(history.map((entry) => Object.keys(entry).sort())).toEqual(recorded.map((entry) => Object.keys(entry).sort()));
    expect(history.map((entry) => entry.changes.map((c) => ({ ...c })).sort((a, b) => a.field_name.localeCompare(b.field_name)))).toEqual(
      recorded.map((entry) => [...entry.changes].sort((a, b) => (a as { field_name: string }).field_name.localeCompare((b as { field_name: string }).field_name))),
    );
    expect(history.every((entry) => entry.who === f.botLogin)).toBe(true);
  });
});

describe('auth follows the server version', () => {
  it.each([
    // upstream 5.2 and 5.0 read the key only as a parameter
    ['5.2', 'query', 'body', false],
    ['5.0.4', 'query', 'body', false],
    // 5.1 and bugzilla.mozilla.org (date-like versions) take the header
    ['5.1', 'header', 'header', true],
    ['20240131.1', 'header', 'header', true],
  ])('version %s: GET key in %s, POST key in %s', async (version, getIn, postIn, header) => {
    const { fake: f, bz } = await setup({ version });
    const id = seedBug(f);
    await bz.getComments(id);
    await bz.addComment(id, 'x');
    const [get, post] = f.requests.filter((r) => r.path.endsWith('/comment'));
    expect(get!.keyIn).toBe(getIn);
    expect(post!.keyIn).toBe(postIn);
    expect(get!.headers['x-bugzilla-api-key'] !== undefined).toBe(header);
    // the version and time calls are anonymous, as recorded
    expect(f.requests.find((r) => r.path === '/rest/version')!.query.has('api_key')).toBe(false);
  });

  it('a 5.2 server ignores the header: forcing header auth gives a clear login-required error', async () => {
    const { fake: f, bz } = await setup({ version: '5.2' }, { auth: 'header' });
    const id = seedBug(f);
    const err = await caught(bz.addComment(id, 'x'));
    expect(err).toMatchObject({ kind: 'login-required', status: 401, code: 410, transient: false });
    // the hint names a value the config accepts
    const hinted = /set auth: (\w+)/.exec(err.message)?.[1];
    expect(hinted).toBe('param');
    expect(bugzillaConfigSchema.shape.servers.element.shape.auth.safeParse(hinted).success).toBe(true);
    expect(f.mustBug(id).comments).toHaveLength(1);
  });

  it('a bad key is a typed error that never shows the key', async () => {
    const { fake: f } = await setup();
    const bz = createBugzillaClient({ baseUrl: f.url, apiKey: 'WRONG+KEY/123', minBackoffMs: 1 });
    const err = await caught(bz.getBug(seedBug(f)));
    expect(err).toMatchObject({ kind: 'bad-api-key', status: 400, code: 306 });
    expect(err.message).not.toContain('WRONG');
    expect(err.message).toContain('api_key=[REDACTED]');
    expect(err.request).not.toContain('WRONG');
  });
});

describe('typed errors', () => {
  it('missing bug, unknown keyword, empty comment', async () => {
    const { fake: f, bz } = await setup();
    const id = seedBug(f);
    expect(await caught(bz.getBug(999999))).toMatchObject({ kind: 'bug-not-found', status: 404, code: 101 });
    expect(await caught(bz.updateBug(id, { keywordsAdd: ['no-such-keyword'] }))).toMatchObject({ kind: 'unknown-keyword', status: 404, code: 51 });
    expect(await caught(bz.addComment(id, '   '))).toMatchObject({ kind: 'empty-comment', status: 400, code: 50 });
    expect(f.requests).toHaveLength(1 + 3); // version probe + one attempt each: none retried
  });

  it('a private bug is bug-access-denied', async () => {
    const { fake: f, bz } = await setup();
    const id = seedBug(f);
    f.mustBug(id).hidden = true;
    expect(await caught(bz.getComments(id))).toMatchObject({ kind: 'bug-access-denied', status: 401, code: 102 });
  });
});

describe('retries', () => {
  const onComments = (r: { path: string; method: string }) => r.method === 'GET' && r.path.endsWith('/comment');

  it('retries 500s and a 429 burst with backoff, then succeeds', async () => {
    const { fake: f, bz } = await setup();
    const id = seedBug(f);
    f.faults.push({ match: onComments, kind: 'status-500', times: 2 }, { match: onComments, kind: 'status-429', times: 3 });
    const logged: string[] = [];
    const bz2 = createBugzillaClient({ baseUrl: f.url, apiKey: KEY, minBackoffMs: 1, maxBackoffMs: 2, logger: messageLogger({ info: () => {}, warn: (m) => logged.push(m), error: () => {} }) });
    const comments = await bz2.getComments(id);
    expect(comments).toHaveLength(1);
    expect(f.requests.filter(onComments)).toHaveLength(6);
    expect(logged).toHaveLength(5);
    expect(logged.join('\n')).not.toContain(KEY);
    expect(logged.join('\n')).not.toContain(encodeURIComponent(KEY));
    void bz;
  });

  it('gives up after the configured retries with a server-error', async () => {
    const { fake: f, bz } = await setup({}, { retries: 3 });
    const id = seedBug(f);
    f.faults.push({ match: onComments, kind: 'status-503', times: Infinity });
    expect(await caught(bz.getComments(id))).toMatchObject({ kind: 'server-error', status: 503, transient: true });
    expect(f.requests.filter(onComments)).toHaveLength(4);
  });

  it('times out a hung request and retries it', async () => {
    const { fake: f, bz } = await setup({}, { timeoutMs: 150 });
    const id = seedBug(f);
    f.faults.push({ match: onComments, kind: 'hang', times: 1 });
    expect(await bz.getComments(id)).toHaveLength(1);
    f.faults.push({ match: onComments, kind: 'hang', times: Infinity });
    const bz2 = createBugzillaClient({ baseUrl: f.url, apiKey: KEY, timeoutMs: 100, retries: 1, minBackoffMs: 1 });
    expect(await caught(bz2.getComments(id))).toMatchObject({ kind: 'timeout' });
  });

  it('retries malformed JSON on reads and reports it clearly when it persists', async () => {
    const { fake: f, bz } = await setup({}, { retries: 2 });
    const id = seedBug(f);
    f.faults.push({ match: onComments, kind: 'malformed', times: 1 });
    expect(await bz.getComments(id)).toHaveLength(1);
    f.faults.push({ match: onComments, kind: 'malformed', times: Infinity });
    const err = await caught(bz.getComments(id));
    expect(err.kind).toBe('bad-response');
    expect(err.message).toMatch(/not JSON/);
  });

  it('never retries a comment POST that may have reached the server (5xx, lost answer), but retries a 429', async () => {
    const { fake: f, bz } = await setup();
    const id = seedBug(f);
    const onPost = (r: { method: string }) => r.method === 'POST';
    f.faults.push({ match: onPost, kind: 'status-500', times: 1 });
    expect(await caught(bz.addComment(id, 'one'))).toMatchObject({ kind: 'server-error', transient: false });
    f.faults.push({ match: onPost, kind: 'lost-response', times: 1 });
    expect((await caught(bz.addComment(id, 'two'))).kind).toBe('network');
    expect(f.mustBug(id).comments.map((c) => c.text)).toEqual(['Hi,\nsomething broke', 'two']);
    f.faults.push({ match: onPost, kind: 'status-429', times: 2 });
    await bz.addComment(id, 'three');
    expect(f.mustBug(id).comments.map((c) => c.text).filter((t) => t === 'three')).toHaveLength(1);
  });

  it('retries a refused connection', async () => {
    const { fake: f } = await setup();
    let calls = 0;
    const flaky: typeof fetch = async (input, init) => {
      calls += 1;
      if (calls <= 2) throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
      return fetch(input, init);
    };
    const bz = createBugzillaClient({ baseUrl: f.url, apiKey: KEY, fetch: flaky, minBackoffMs: 1, auth: 'param' });
    expect(await bz.addComment(seedBug(f), 'hello')).toBeGreaterThan(0);
    expect(calls).toBe(3);
  });
});

describe('search paging', () => {
  it.each([
    // [bugs, server cap, asked page size, expected pages]
    [45, 20, 50, 3], // capped silently: 20, 20, 5
    [40, 20, 50, 3], // cap multiple: 20, 20, 0
    [45, null, 50, 2], // under one page: 45, then an empty page confirms the end
    [120, null, 50, 3], // 50, 50, 20
    [0, null, 50, 1],
  ])('%i bugs, cap %s, limit %i -> %i pages, none lost or repeated', async (count, cap, pageSize, pages) => {
    const { fake: f, bz } = await setup({ pageCap: cap as number | null });
    for (let i = 0; i < count; i += 1) seedBug(f);
    f.addBug({ product: 'IO/Storage', component: 'Other', summary: 'elsewhere', description: 'x' });
    const result = await bz.searchAll({ product: ['IO/Storage'], component: ['LVM2/DM'], includeFields: ['id', 'last_change_time'] }, pageSize);
    expect(result.bugs.map((b) => b.id)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect(result.pages).toBe(pages);
    if (count > 0) expect(result.effectivePageSize).toBe(Math.min(cap ?? pageSize, count, pageSize));
    expect(Object.keys(result.bugs[0] ?? { id: 1, last_change_time: '' }).sort()).toEqual(['id', 'last_change_time']);
  });

  it('sends the recorded search parameters', async () => {
    const { fake: f, bz } = await setup();
    await bz.searchPage({ product: ['IO/Storage'], component: ['LVM2/DM'], creationTime: '2026-11-23T19:25:10Z' }, 50, 0);
    const req = f.requests.find((r) => r.path === '/rest/bug')!;
    const recorded = new URL(loadRecord('search-created-since.json').request.path, 'http://x').searchParams;
    for (const [k, v] of recorded) expect(req.query.get(k)).toBe(v);
    expect(req.query.get('api_key')).toBe(KEY);
  });
});
