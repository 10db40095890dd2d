import nock from 'nock';
import { commentPayload, issuesPayload, seedReport } from '../support/payloads.js';
import { commentBodies, createScenario, nockComments, nockConfig, repoPath, type Scenario } from '../support/scenario.js';

/**
 * The issue pipeline when GitHub or the timing is not kind (issue 5: "a failed API call is logged
 * with the delivery id and does not lose the event; redelivery never creates a second comment").
 */
afterEach(() => nock.cleanAll());
afterAll(() => nock.restore());

const SEED_TITLE = 'thin-pool: space map common: unable to decrement a reference count below 0';
const seed = (labels: string[] = ['bug']) => ({ title: SEED_TITLE, body: seedReport(), labels });
const NOT_A_BUG = 'Sorry, this was a hardware problem; the disk is replaced.';
const KTRIAGE_LABELS = ['data-corruption', 'dm-thin', 'known-bug'];

/** The seed report triaged once, as the comment GitHub would now hold. */
async function firstComment(): Promise<string> {
  const s = await createScenario();
  nockConfig(s.gh, null);
  nockComments(s.gh, []);
  s.gh.scope.post(`${repoPath}/issues/1/labels`).reply(200, []).post(`${repoPath}/issues/1/comments`).reply(201, { id: 77 });
  await s.deliver('issues', issuesPayload('opened', seed()));
  return commentBodies(s.gh)[0]!;
}

const apiIssue = (fields: { body: string; labels: string[]; locked?: boolean; repo?: string }) => ({
  ...issuesPayload('opened', { title: SEED_TITLE, body: fields.body, labels: fields.labels }).issue,
  locked: fields.locked ?? false,
  repository_url: `https://api.github.com/repos/${fields.repo ?? 'Codertocat/Hello-World'}`,
});

/** The requests to the repository (the installation-token exchange left out). */
const repoRequests = (s: Scenario) => s.gh.requests.filter((r) => !r.path.endsWith('/access_tokens')).map((r) => `${r.method} ${r.path}`);

function warned(s: Scenario, deliveryId: string) {
  return s.logs.filter((l) => l.level === 40 && l.deliveryId === deliveryId);
}

describe('deliveries that arrive together or late', () => {
  it('opened + an immediate edit: one comment, and the edit is judged on the issue as it is (labels ktriage just added included)', async () => {
    const s = await createScenario();
    // A tiny GitHub: the issue changes as ktriage writes, and the reporter's edit lands meanwhile.
    const issue = apiIssue({ body: seedReport(), labels: ['bug'] });
    const stored: object[] = [];
    s.gh.scope
      .get(`${repoPath}/contents/.github%2Fktriage.yml`).times(2).reply(404, {})
      .get('/repos/Codertocat/.github/contents/.github%2Fktriage.yml').times(2).reply(404, {})
      .get(`${repoPath}/issues/1`).times(2).reply(200, () => issue)
      .get(`${repoPath}/issues/1/comments`).query(true).times(2).reply(200, () => stored)
      .post(`${repoPath}/issues/1/labels`).reply(200, (_uri, body) => {
        issue.labels.push(...(body as { labels: string[] }).labels.map((name, i) => ({ id: 10 + i, node_id: '', url: '', name, color: '', default: false, description: null })));
        return issue.labels;
      })
      .post(`${repoPath}/issues/1/comments`).reply(201, (_uri, body) => {
        stored.push({ id: 1, body: (body as { body: string }).body, user: { login: 'ktriage[bot]', type: 'Bot' }, created_at: '2024-01-01T00:00:00Z' });
        Object.assign(issue, { title: 'Wrong report', body: NOT_A_BUG }); // the reporter's edit
        return { id: 1 };
      })
      .delete(/\/issues\/1\/labels\/.+/).times(3).reply(200, [])
      .post(`${repoPath}/issues/1/labels`).optionally().reply(200, []) // needs-info, with the retraction
      .patch(`${repoPath}/issues/comments/1`).reply(200, { id: 1 });
    // the edit's payload was taken before ktriage labelled the issue: it knows only "bug"
    await Promise.all([
      s.deliver('issues', issuesPayload('opened', seed()), 'd-open'),
      s.deliver('issues', issuesPayload('edited', { title: 'Wrong report', body: NOT_A_BUG, labels: ['bug'] }, { changes: { title: { from: SEED_TITLE }, body: { from: seedReport() } } }), 'd-edit'),
    ]);

    expect(s.gh.writes().filter((w) => w.method === 'POST' && w.path.endsWith('/comments'))).toHaveLength(1);
    const deleted = s.gh.writes().filter((w) => w.method === 'DELETE').map((w) => decodeURIComponent(w.path.split('/').pop()!));
    expect(deleted.sort()).toEqual(KTRIAGE_LABELS);
    expect(commentBodies(s.gh)[1]).toContain('no longer matches');
    expect(s.gh.scope.isDone()).toBe(true);
  });

  it('a redelivered old event cannot put back an outdated verdict: the issue is read as it is now', async () => {
    const first = await firstComment();
    const s = await createScenario();
    s.gh.scope.get(`${repoPath}/issues/1`).reply(200, apiIssue({ body: seedReport(), labels: ['bug', ...KTRIAGE_LABELS] }));
    nockConfig(s.gh, null);
    nockComments(s.gh, [{ id: 77, body: first }]);
    // the first version of the issue, before the reporter pasted the log
    await s.deliver('issues', issuesPayload('opened', { title: SEED_TITLE, body: 'My thin pool went read-only. Logs to follow.', labels: [] }), 'old-delivery');
    expect(s.gh.writes()).toEqual([]);
  });

  it('leaves alone an issue transferred to another repository', async () => {
    const s = await createScenario();
    s.gh.scope.get(`${repoPath}/issues/1`).reply(200, apiIssue({ body: seedReport(), labels: [], repo: 'Codertocat/Other' }));
    await s.deliver('issues', issuesPayload('opened', seed()));
    expect(repoRequests(s)).toEqual([`GET ${repoPath}/issues/1`]);
  });
});

describe('GitHub\'s final answers end the event, logged, without failing the delivery', () => {
  it('410: the issue was deleted before ktriage got to it', async () => {
    const s = await createScenario();
    s.gh.scope.get(`${repoPath}/issues/1`).reply(410, { message: 'This issue was deleted' });
    await expect(s.deliver('issues', issuesPayload('opened', seed()), 'd-410')).resolves.toBeUndefined();
    expect(s.gh.writes()).toEqual([]);
    expect(warned(s, 'd-410')).toEqual([expect.objectContaining({ reason: 'gone', status: 410, message: 'This issue was deleted' })]);
  });

  it('410 in the middle: deleted while ktriage was writing', async () => {
    const s = await createScenario();
    nockConfig(s.gh, null);
    nockComments(s.gh, []);
    s.gh.scope.post(`${repoPath}/issues/1/labels`).reply(200, []).post(`${repoPath}/issues/1/comments`).reply(410, { message: 'Gone' });
    await expect(s.deliver('issues', issuesPayload('opened', seed()), 'd-410b')).resolves.toBeUndefined();
    expect(warned(s, 'd-410b')).toEqual([expect.objectContaining({ reason: 'gone', event: 'issues.opened' })]);
  });

  it('403 locked: the conversation was locked after the event was sent', async () => {
    const s = await createScenario();
    nockConfig(s.gh, null);
    nockComments(s.gh, []);
    s.gh.scope.post(`${repoPath}/issues/1/labels`).reply(200, []).post(`${repoPath}/issues/1/comments`).reply(403, { message: 'Unable to create comment because issue is locked.' });
    await expect(s.deliver('issues', issuesPayload('opened', seed()), 'd-locked')).resolves.toBeUndefined();
    expect(warned(s, 'd-locked')).toEqual([expect.objectContaining({ reason: 'locked', status: 403 })]);
  });

  it('a locked issue, as GitHub reports it now, is not touched at all', async () => {
    const s = await createScenario();
    s.gh.scope.get(`${repoPath}/issues/1`).reply(200, apiIssue({ body: seedReport(), labels: [], locked: true }));
    await s.deliver('issues', issuesPayload('opened', seed()));
    expect(repoRequests(s)).toEqual([`GET ${repoPath}/issues/1`]);
  });

  it('403 archived: the repository is read-only; nothing after the refused write is attempted', async () => {
    const s = await createScenario();
    nockConfig(s.gh, null);
    nockComments(s.gh, []);
    s.gh.scope.post(`${repoPath}/issues/1/comments`).reply(403, { message: 'Repository was archived so is read-only.' });
    await expect(s.deliver('issues', issuesPayload('opened', seed()), 'd-archived')).resolves.toBeUndefined();
    expect(s.gh.writes().map((w) => w.path)).toEqual([`${repoPath}/issues/1/comments`]);
    expect(warned(s, 'd-archived')).toEqual([expect.objectContaining({ reason: 'archived' })]);
  });

  it('a 403 that is neither (a missing permission) still fails the delivery', async () => {
    const s = await createScenario();
    nockConfig(s.gh, null);
    nockComments(s.gh, []);
    s.gh.scope.post(`${repoPath}/issues/1/comments`).reply(403, { message: 'Resource not accessible by integration' });
    await expect(s.deliver('issues', issuesPayload('opened', seed()), 'd-perm')).rejects.toThrow();
    expect(s.logs.find((l) => l.level === 50 && l.deliveryId === 'd-perm')).toMatchObject({ status: 403, msg: 'ktriage: handling the webhook failed; GitHub can redeliver it' });
  });
});

describe('the comment ktriage edits was deleted meanwhile', () => {
  it('404 on the edit: the comment is posted again, once', async () => {
    const first = await firstComment();
    const s = await createScenario();
    nockConfig(s.gh, null);
    nockComments(s.gh, [{ id: 77, body: first }]);
    s.gh.scope
      .delete(/\/issues\/1\/labels\/.+/).times(3).reply(200, [])
      .post(`${repoPath}/issues/1/labels`).optionally().reply(200, [])
      .patch(`${repoPath}/issues/comments/77`).reply(404, { message: 'Not Found' })
      .post(`${repoPath}/issues/1/comments`).reply(201, { id: 78 });
    await s.deliver('issues', issuesPayload('edited', { title: 'Wrong report', body: NOT_A_BUG, labels: ['bug', ...KTRIAGE_LABELS] }, { changes: { body: { from: 'x' } } }), 'd-404');
    const writes = s.gh.writes().filter((w) => w.path.includes('comments')).map((w) => `${w.method} ${w.path}`);
    expect(writes).toEqual([`PATCH ${repoPath}/issues/comments/77`, `POST ${repoPath}/issues/1/comments`]);
    expect(commentBodies(s.gh)[1]).toContain('no longer matches');
    expect(s.logs.some((l) => l.deliveryId === 'd-404' && l.msg === 'ktriage: its comment was deleted meanwhile; posting it again')).toBe(true);
  });
});

describe('rate limits', () => {
  const SECONDARY = { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits' };

  it.each([
    ['403 with retry-after', 403, { 'retry-after': '7' }, 7000],
    ['429 with retry-after', 429, { 'retry-after': '3' }, 3000],
    ['403 without a header: at least a minute', 403, {}, 60_000],
  ])('a secondary limit (%s) is waited out and the event handled again: one comment', async (_, status, headers, wait) => {
    const s = await createScenario();
    s.gh.scope.get(`${repoPath}/contents/.github%2Fktriage.yml`).times(2).reply(404, {}).get('/repos/Codertocat/.github/contents/.github%2Fktriage.yml').times(2).reply(404, {});
    nockComments(s.gh, []);
    nockComments(s.gh, []);
    s.gh.scope
      .post(`${repoPath}/issues/1/comments`).reply(status, SECONDARY, headers)
      .post(`${repoPath}/issues/1/comments`).reply(201, { id: 1 })
      .post(`${repoPath}/issues/1/labels`).reply(200, []);
    // the retry reads the issue again: the second GET is the scenario's default answer
    s.gh.scope.get(`${repoPath}/issues/1`).reply(200, apiIssue({ body: seedReport(), labels: ['bug'] }));
    await s.deliver('issues', issuesPayload('opened', seed()), 'd-rate');
    expect(s.waits).toEqual([wait]);
    expect(s.gh.writes().filter((w) => w.method === 'POST' && w.path.endsWith('/comments'))).toHaveLength(2);
    expect(s.gh.scope.isDone()).toBe(true);
    expect(warned(s, 'd-rate').map((l) => l.msg)).toContain('ktriage: GitHub rate limit; waiting, then handling the event again');
  });

  it('gives up after two waits: the delivery fails, logged as rate-limited with the delivery id', async () => {
    const s = await createScenario();
    s.gh.scope.get(`${repoPath}/issues/1`).times(3).reply(403, SECONDARY, { 'retry-after': '5' });
    await expect(s.deliver('issues', issuesPayload('opened', seed()), 'd-give-up')).rejects.toThrow();
    expect(s.waits).toEqual([5000, 5000]);
    expect(s.logs.find((l) => l.level === 50 && l.deliveryId === 'd-give-up')).toMatchObject({ rateLimited: true, retryAfterSeconds: 5, status: 403 });
  });

  it('does not hold an event for an hour when the hourly quota is spent: it fails at once', async () => {
    const s = await createScenario();
    const reset = Math.floor(new Date('2024-06-01T12:00:00Z').getTime() / 1000) + 3600;
    s.gh.scope.get(`${repoPath}/issues/1`).reply(403, { message: 'API rate limit exceeded for installation ID 2.' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) });
    await expect(s.deliver('issues', issuesPayload('opened', seed()), 'd-quota')).rejects.toThrow();
    expect(s.waits).toEqual([]);
    expect(s.logs.find((l) => l.level === 50 && l.deliveryId === 'd-quota')).toMatchObject({ rateLimited: true, retryAfterSeconds: 3600 });
  });
});

describe('maintainer feedback is recorded once', () => {
  it('/ktriage wrong whose comment edit hits a rate limit: handled again, the feedback recorded once', async () => {
    const first = await firstComment();
    const s = await createScenario();
    const RULE = 'dm-sm-metadata-refcount-below-zero';
    s.gh.scope.get(`${repoPath}/collaborators/maint/permission`).times(2).reply(200, { permission: 'admin', role_name: 'admin', user: { login: 'maint' } });
    nockConfig(s.gh, null);
    nockConfig(s.gh, null);
    nockComments(s.gh, [{ id: 77, body: first }]);
    nockComments(s.gh, [{ id: 77, body: first }]);
    s.gh.scope.get(`${repoPath}/issues/1`).reply(200, apiIssue({ body: seedReport(), labels: ['bug', ...KTRIAGE_LABELS] }));
    s.gh.scope
      .post(`${repoPath}/issues/comments/9001/reactions`).times(2).reply(200, { id: 1, content: '+1' })
      .post(`${repoPath}/issues/1/labels`).times(2).optionally().reply(200, [])
      .delete(/\/issues\/1\/labels\/.+/).times(6).optionally().reply(200, [])
      .patch(`${repoPath}/issues/comments/77`).reply(403, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '2' })
      .patch(`${repoPath}/issues/comments/77`).reply(200, { id: 77 });
    await s.deliver('issue_comment', commentPayload(seed(['bug', ...KTRIAGE_LABELS]), { body: `/ktriage wrong ${RULE}`, login: 'maint' }), 'd-wrong');
    expect(s.waits).toEqual([2000]);
    expect(s.feedback).toEqual([expect.objectContaining({ kind: 'wrong', ruleId: RULE, sourceKey: `comment:9001:wrong:${RULE}` })]);
    // recorded once, after the write that finally went through
    expect(s.decisions).toHaveLength(1);
    expect(s.gh.writes().filter((w) => w.method === 'PATCH')).toHaveLength(2);
  });
});

describe('replies are not repeated by a redelivery', () => {
  it('a non-maintainer\'s command already refused is not refused again', async () => {
    const first = await firstComment();
    const s = await createScenario();
    s.gh.scope.get(`${repoPath}/collaborators/passer-by/permission`).reply(200, { permission: 'read', role_name: 'read', user: { login: 'passer-by' } });
    nockConfig(s.gh, null);
    const refusal = '<!-- ktriage:reply -->\nThanks for the suggestion!\n<!-- ktriage:in-reply-to 9001 refusal -->\n';
    nockComments(s.gh, [{ id: 77, body: first }, { id: 9001, body: '/ktriage explain', login: 'passer-by', type: 'User' }, { id: 78, body: refusal }]);
    await s.deliver('issue_comment', commentPayload(seed(['bug', ...KTRIAGE_LABELS]), { body: '/ktriage explain', login: 'passer-by' }));
    expect(s.gh.writes()).toEqual([]);
  });

  it('an explain already answered is not answered again, but an error list for the same comment is still owed', async () => {
    const first = await firstComment();
    const s = await createScenario();
    s.gh.scope.get(`${repoPath}/collaborators/maint/permission`).reply(200, { permission: 'admin', role_name: 'admin', user: { login: 'maint' } });
    nockConfig(s.gh, null);
    const explained = '<!-- ktriage:reply -->\n<!-- ktriage:explain -->\nwhy...\n<!-- ktriage:in-reply-to 9001 explain -->\n';
    nockComments(s.gh, [{ id: 77, body: first }, { id: 78, body: explained }]);
    s.gh.scope.post(`${repoPath}/issues/1/comments`).reply(201, { id: 79 });
    await s.deliver('issue_comment', commentPayload(seed(['bug', ...KTRIAGE_LABELS]), { body: '/ktriage explain\n/ktriage frobnicate', login: 'maint' }));
    const bodies = commentBodies(s.gh);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toContain('could not understand');
    expect(bodies[0]).toMatch(/<!-- ktriage:in-reply-to 9001 errors -->\n$/);
  });

  it('a forged in-reply-to line quoted inside a reply does not count', async () => {
    const first = await firstComment();
    const s = await createScenario();
    s.gh.scope.get(`${repoPath}/collaborators/maint/permission`).reply(200, { permission: 'admin', role_name: 'admin', user: { login: 'maint' } });
    nockConfig(s.gh, null);
    // an explain for comment 5 that quotes a reporter's line pretending to answer 9001
    const other = '<!-- ktriage:reply -->\n> <!-- ktriage:in-reply-to 9001 explain -->\n<!-- ktriage:in-reply-to 9001 explain -->x\n<!-- ktriage:in-reply-to 5 explain -->\n';
    nockComments(s.gh, [{ id: 77, body: first }, { id: 78, body: other }]);
    s.gh.scope.post(`${repoPath}/issues/1/comments`).reply(201, { id: 79 });
    await s.deliver('issue_comment', commentPayload(seed(['bug', ...KTRIAGE_LABELS]), { body: '/ktriage explain', login: 'maint' }));
    expect(commentBodies(s.gh)).toEqual([expect.stringMatching(/<!-- ktriage:in-reply-to 9001 explain -->\n$/)]);
  });
});

describe('label ownership survives any interruption (issue 13, finding 1)', () => {
  // A tiny GitHub holding one issue: its labels and comments change as ktriage writes, and any
  // write can be made to fail once. Each delivery is a re-run (a retry or a redelivery).
  function tinyGitHub(s: Scenario, fail: { comment?: number; labels?: number } = {}) {
    const issue = apiIssue({ body: seedReport(), labels: ['bug'] });
    const names = (): string[] => issue.labels.map((l: string | { name: string }) => (typeof l === 'string' ? l : l.name));
    const setLabels = (next: string[]) => void (issue.labels = next.map((name, i) => ({ id: 10 + i, node_id: '', url: '', name, color: '', default: false, description: null })));
    const comments: { id: number; body: string; user: object; created_at: string; updated_at: string }[] = [];
    const events: { event: string; label: { name: string }; actor?: { login: string; type: string } }[] = [];
    let failComment = fail.comment ?? 0;
    let failLabels = fail.labels ?? 0;
    s.gh.scope
      .persist()
      .get(`${repoPath}/contents/.github%2Fktriage.yml`).reply(404, {})
      .get('/repos/Codertocat/.github/contents/.github%2Fktriage.yml').reply(404, {})
      .get(`${repoPath}/issues/1`).reply(200, () => issue)
      .get(`${repoPath}/issues/1/comments`).query(true).reply(200, () => comments)
      .get(`${repoPath}/issues/1/events`).query(true).reply(200, () => events)
      .post(`${repoPath}/issues/1/comments`).reply((_uri, body) => {
        if (failComment-- > 0) return [403, { message: 'Resource not accessible by integration' }];
        comments.push({ id: 77, body: (body as { body: string }).body, user: { login: 'ktriage[bot]', type: 'Bot' }, created_at: '2024-05-01T00:00:00Z', updated_at: '2024-05-01T00:00:00Z' });
        return [201, { id: 77 }];
      })
      .patch(`${repoPath}/issues/comments/77`).reply((_uri, body) => {
        comments[0]!.body = (body as { body: string }).body;
        return [200, { id: 77 }];
      })
      .post(`${repoPath}/issues/1/labels`).reply((_uri, body) => {
        if (failLabels-- > 0) return [403, { message: 'Resource not accessible by integration' }];
        setLabels([...names(), ...(body as { labels: string[] }).labels]);
        return [200, issue.labels];
      })
      .delete(/\/issues\/1\/labels\/.+/).reply((uri) => {
        const name = decodeURIComponent(uri.split('/').pop()!);
        setLabels(names().filter((l) => l !== name));
        events.push({ event: 'unlabeled', label: { name }, actor: { login: 'ktriage[bot]', type: 'Bot' } });
        return [200, issue.labels];
      });
    return {
      names,
      /** A maintainer's hand on the issue. */
      removeByHand: (name: string) => {
        setLabels(names().filter((l) => l !== name));
        events.push({ event: 'unlabeled', label: { name }, actor: { login: 'maint', type: 'User' } });
      },
      /** The next label POST fails (403). */
      failNextLabels: () => void (failLabels = 1),
      edit: (body: string) => Object.assign(issue, { title: 'Wrong report', body }),
      payload: () => issuesPayload('edited', { title: issue.title, body: issue.body ?? '', labels: names() }, { changes: { body: { from: 'x' } } }),
    };
  }

  it('the comment POST fails: no label is written; the re-run adds them and owns them; a changed verdict removes them', async () => {
    const s = await createScenario();
    const gh = tinyGitHub(s, { comment: 1 });
    await expect(s.deliver('issues', issuesPayload('opened', seed()), 'd-1')).rejects.toThrow();
    expect(gh.names()).toEqual(['bug']);
    await s.deliver('issues', issuesPayload('opened', seed()), 'd-1'); // the redelivery
    expect(gh.names()).toEqual(['bug', ...KTRIAGE_LABELS]);
    gh.edit(NOT_A_BUG);
    await s.deliver('issues', gh.payload(), 'd-2');
    expect(gh.names().filter((l) => KTRIAGE_LABELS.includes(l))).toEqual([]);
    expect(gh.names()).toContain('bug');
  });

  it('the label POST fails after the comment: the re-run adds them (announced, never seen) and later removes them', async () => {
    const s = await createScenario();
    const gh = tinyGitHub(s, { labels: 1 });
    await expect(s.deliver('issues', issuesPayload('opened', seed()), 'd-1')).rejects.toThrow();
    expect(gh.names()).toEqual(['bug']);
    await s.deliver('issues', gh.payload(), 'd-1');
    expect(gh.names()).toEqual(['bug', ...KTRIAGE_LABELS]);
    gh.edit(NOT_A_BUG);
    await s.deliver('issues', gh.payload(), 'd-2');
    expect(gh.names().filter((l) => KTRIAGE_LABELS.includes(l))).toEqual([]);
  });

  it('a label ktriage announced and a maintainer then removed is not added again', async () => {
    const s = await createScenario();
    const gh = tinyGitHub(s);
    await s.deliver('issues', issuesPayload('opened', seed()), 'd-1');
    gh.removeByHand('known-bug');
    const before = s.gh.writes().length;
    await s.deliver('issues', gh.payload(), 'd-2');
    expect(gh.names()).toEqual(['bug', 'data-corruption', 'dm-thin']);
    // remembered as removed by hand: the comment's state moves it out of pending, nothing is added
    expect(s.gh.writes().slice(before).filter((w) => w.path.endsWith('/labels'))).toEqual([]);
  });

  it('a label ktriage itself removed, announced again and whose add failed, is added on the re-run (its own removal is not a maintainer\'s)', async () => {
    const s = await createScenario();
    const gh = tinyGitHub(s);
    await s.deliver('issues', issuesPayload('opened', seed()), 'd-1');
    gh.edit(NOT_A_BUG);
    await s.deliver('issues', gh.payload(), 'd-2');
    expect(gh.names().filter((l) => KTRIAGE_LABELS.includes(l))).toEqual([]);
    gh.edit(seed().body);
    gh.failNextLabels();
    await expect(s.deliver('issues', gh.payload(), 'd-3')).rejects.toThrow();
    await s.deliver('issues', gh.payload(), 'd-3');
    expect(gh.names()).toEqual(['bug', ...KTRIAGE_LABELS]);
  });

  it('a label a maintainer removed stays removed when the verdict changes and changes back', async () => {
    const s = await createScenario();
    const gh = tinyGitHub(s);
    await s.deliver('issues', issuesPayload('opened', seed()), 'd-1');
    gh.removeByHand('known-bug');
    await s.deliver('issues', gh.payload(), 'd-2');
    gh.edit(NOT_A_BUG);
    await s.deliver('issues', gh.payload(), 'd-3');
    expect(gh.names().filter((l) => KTRIAGE_LABELS.includes(l))).toEqual([]);
    gh.edit(seed().body);
    await s.deliver('issues', gh.payload(), 'd-4');
    // ktriage's other labels come back with the verdict; the one removed by hand does not
    expect(gh.names()).toEqual(['bug', 'data-corruption', 'dm-thin']);
  });
});
