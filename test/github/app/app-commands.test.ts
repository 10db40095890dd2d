import nock from 'nock';
import { commentPayload, issuesPayload, seedReport } from '../support/payloads.js';
import { commentBodies, createScenario, nockComments, nockConfig, repoPath } from '../support/scenario.js';

afterEach(() => nock.cleanAll());
afterAll(() => nock.restore());

const SEED_TITLE = 'thin-pool: space map common: unable to decrement a reference count below 0';
const RULE = 'dm-sm-metadata-refcount-below-zero';
const issue = (labels: string[] = ['bug']) => ({ title: SEED_TITLE, body: seedReport(), labels });

async function firstComment(): Promise<{ body: string; labels: string[] }> {
  const s = await createScenario();
  nockConfig(s.gh, null);
  nockComments(s.gh, []);
  s.gh.scope.post(`${repoPath}/issues/1/labels`).reply(200, []).post(`${repoPath}/issues/1/comments`).reply(201, { id: 77 });
  await s.deliver('issues', issuesPayload('opened', issue()));
  const labels = (s.gh.writes().find((w) => w.path.endsWith('/labels'))!.body as { labels: string[] }).labels;
  return { body: commentBodies(s.gh)[0]!, labels };
}

function nockPermission(s: Awaited<ReturnType<typeof createScenario>>, login: string, permission: string, roleName = permission): void {
  s.gh.scope.get(`${repoPath}/collaborators/${login}/permission`).reply(200, { permission, role_name: roleName, user: { login } });
}

describe('/ktriage commands', () => {
  it('answers a maintainer\'s /ktriage explain with a reply and leaves the triage comment alone', async () => {
    const first = await firstComment();
    const s = await createScenario();
    nockPermission(s, 'maintainer', 'write', 'maintain');
    nockConfig(s.gh, null);
    nockComments(s.gh, [{ id: 77, body: first.body }]);
    s.gh.scope.post(`${repoPath}/issues/1/comments`).reply(201, { id: 78 });
    await s.deliver('issue_comment', commentPayload(issue(['bug', ...first.labels]), { body: '/ktriage explain', login: 'maintainer' }));

    expect(s.gh.writes().map((w) => `${w.method} ${w.path}`)).toEqual([`POST ${repoPath}/issues/1/comments`]);
    const [reply] = commentBodies(s.gh);
    expect(reply).toMatch(/^<!-- ktriage:reply -->\n<!-- ktriage:explain -->/);
    expect(reply).not.toContain('<!-- ktriage -->');
    expect(reply).toContain(RULE);
    expect(s.gh.scope.isDone()).toBe(true);
  });

  it('politely refuses a non-maintainer\'s command and does not explain', async () => {
    const first = await firstComment();
    const s = await createScenario();
    nockPermission(s, 'passer-by', 'read');
    nockConfig(s.gh, null);
    nockComments(s.gh, [{ id: 77, body: first.body }, { id: 9001, body: '/ktriage explain', login: 'passer-by', type: 'User' }]);
    s.gh.scope.post(`${repoPath}/issues/1/comments`).reply(201, { id: 79 }).post(`${repoPath}/issues/comments/9001/reactions`).reply(201, { id: 1 });
    await s.deliver('issue_comment', commentPayload(issue(['bug', ...first.labels]), { body: '/ktriage explain', login: 'passer-by' }));

    expect(s.gh.writes().find((w) => w.path.endsWith('/reactions'))?.body).toEqual({ content: 'confused' });
    const bodies = commentBodies(s.gh);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toMatchInlineSnapshot(`
"<!-- ktriage:reply -->
Thanks for the suggestion! \`/ktriage\` commands are reserved for people with write access to this repository, so ktriage did not act on it. A maintainer can run it for you; your comment itself has been taken into account.
<!-- ktriage:in-reply-to 9001 refusal -->
"
`);
  });

  it('repeated commands by the same non-maintainer: one refusal comment per person and issue, a reaction for each (issue 13, finding 6)', async () => {
    const first = await firstComment();
    const refusal = (to: number) => `<!-- ktriage:reply -->\nThanks for the suggestion!\n<!-- ktriage:in-reply-to ${to} refusal -->\n`;
    const thread = [
      { id: 77, body: first.body },
      { id: 9001, body: '/ktriage explain', login: 'passer-by', type: 'User' as const },
      { id: 78, body: refusal(9001) },
    ];
    // three more attempts by the same person: reactions only, no comment that notifies everyone
    for (const [n, id] of [9002, 9003, 9004].entries()) {
      const s = await createScenario();
      nockPermission(s, 'passer-by', 'read');
      nockConfig(s.gh, null);
      const attempts = [9002, 9003, 9004].slice(0, n + 1).map((other) => ({ id: other, body: '/ktriage rerun', login: 'passer-by', type: 'User' as const }));
      nockComments(s.gh, [...thread, ...attempts]);
      s.gh.scope.post(`${repoPath}/issues/comments/${id}/reactions`).reply(201, { id: 1 });
      await s.deliver('issue_comment', commentPayload(issue(['bug', ...first.labels]), { body: '/ktriage rerun', login: 'passer-by', id }));
      expect(s.gh.writes().map((w) => `${w.method} ${w.path}`)).toEqual([`POST ${repoPath}/issues/comments/${id}/reactions`]);
    }
    // somebody else still gets the explanation once
    const s = await createScenario();
    nockPermission(s, 'newcomer', 'read');
    nockConfig(s.gh, null);
    nockComments(s.gh, [...thread, { id: 9100, body: '/ktriage ignore', login: 'newcomer', type: 'User' }]);
    s.gh.scope.post(`${repoPath}/issues/comments/9100/reactions`).reply(201, { id: 1 }).post(`${repoPath}/issues/1/comments`).reply(201, { id: 80 });
    await s.deliver('issue_comment', commentPayload(issue(['bug', ...first.labels]), { body: '/ktriage ignore', login: 'newcomer', id: 9100 }));
    expect(commentBodies(s.gh)).toHaveLength(1);
    expect(commentBodies(s.gh)[0]).toContain('<!-- ktriage:in-reply-to 9100 refusal -->');
  });

  it('treats a 404 from the permission endpoint (not a collaborator) as no permission', async () => {
    const s = await createScenario();
    s.gh.scope.get(`${repoPath}/collaborators/stranger/permission`).reply(404, { message: 'Not Found' });
    nockConfig(s.gh, 'dry_run: true\n');
    nockComments(s.gh, []);
    await s.deliver('issue_comment', commentPayload(issue(), { body: '/ktriage ignore', login: 'stranger' }));
    expect(s.logs.some((l) => l.msg === 'ktriage: command from a user without write access refused' && l.user === 'stranger')).toBe(true);
    expect(s.logs.filter((l) => l.dryRun === true).map((l) => l.write).slice(0, 2)).toEqual(['react', 'create comment']);
  });

  it('/ktriage wrong <rule-id>: records the feedback, stops suggesting the rule here, remembers it in the comment', async () => {
    const first = await firstComment();
    const s = await createScenario();
    nockPermission(s, 'maintainer', 'admin');
    nockConfig(s.gh, null);
    nockComments(s.gh, [{ id: 77, body: first.body }]);
    s.gh.scope.post(`${repoPath}/issues/comments/9001/reactions`).reply(201, { id: 1, content: '+1' });
    s.gh.scope.post(`${repoPath}/issues/1/labels`).optionally().reply(200, []);
    s.gh.scope.delete(/\/issues\/1\/labels\/.+/).times(3).optionally().reply(200, []);
    s.gh.scope.patch(`${repoPath}/issues/comments/77`).reply(200, { id: 77 });
    await s.deliver('issue_comment', commentPayload(issue(['bug', ...first.labels]), { body: `Not this one.\n/ktriage wrong ${RULE}`, login: 'maintainer' }), 'delivery-wrong');

    expect(s.feedback).toEqual([
      { tracker: 'github', report: 'https://github.com/Codertocat/Hello-World/issues/1', sourceKey: `comment:9001:wrong:${RULE}`, kind: 'wrong', ruleId: RULE, by: 'maintainer', at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/), note: '' },
    ]);
    expect(s.logs.some((l) => l.msg === 'ktriage feedback')).toBe(true);
    const [edited] = commentBodies(s.gh);
    expect(edited).toContain(`Maintainers marked this rule as wrong for this issue; it is not suggested here: \`${RULE}\``);
    expect(edited).not.toContain('cebc2de44d3b');
    // the no-match comment asks for each thing once (issue 13, finding 8: `dmsetup table` was asked for repeatedly)
    const steps = edited!.slice(edited!.indexOf('**Next steps**'), edited!.indexOf('<details>') === -1 ? undefined : edited!.indexOf('<details>'));
    for (const ask of ['dmsetup table', 'lvm version', 'kernel log']) expect(steps.split(ask).length - 1).toBeLessThanOrEqual(1);
    expect(edited).toContain(`"wrong":[{"ruleId":"${RULE}","by":"maintainer"`);
    // "bug" is the maintainer's: never removed
    expect(s.gh.writes().filter((w) => w.method === 'DELETE').map((w) => w.path)).not.toContain(`${repoPath}/issues/1/labels/bug`);
  });

  it('/ktriage ignore replaces the comment with a notice; later events write nothing; /ktriage rerun resumes', async () => {
    const first = await firstComment();
    const s = await createScenario();
    nockPermission(s, 'maintainer', 'write');
    nockConfig(s.gh, null);
    nockComments(s.gh, [{ id: 77, body: first.body }]);
    s.gh.scope.post(`${repoPath}/issues/comments/9001/reactions`).reply(201, {}).patch(`${repoPath}/issues/comments/77`).reply(200, { id: 77 });
    await s.deliver('issue_comment', commentPayload(issue(['bug', ...first.labels]), { body: '/ktriage ignore', login: 'maintainer' }));
    const [ignored] = commentBodies(s.gh);
    expect(ignored).toContain('ktriage was asked to ignore this issue by a maintainer (maintainer)');
    expect(ignored).toContain('"ignored":{"by":"maintainer"');

    // the reporter edits the issue: nothing is written
    const s2 = await createScenario();
    nockConfig(s2.gh, null);
    nockComments(s2.gh, [{ id: 77, body: ignored! }]);
    await s2.deliver('issues', issuesPayload('edited', { ...issue(['bug', ...first.labels]), body: 'new text' }, { changes: { body: { from: 'x' } } }));
    expect(s2.gh.writes()).toEqual([]);

    // rerun brings the triage back
    const s3 = await createScenario();
    nockPermission(s3, 'maintainer', 'write');
    nockConfig(s3.gh, null);
    nockComments(s3.gh, [{ id: 77, body: ignored! }]);
    s3.gh.scope.post(`${repoPath}/issues/comments/9001/reactions`).reply(201, {}).patch(`${repoPath}/issues/comments/77`).reply(200, { id: 77 });
    await s3.deliver('issue_comment', commentPayload(issue(['bug', ...first.labels]), { body: '/ktriage rerun', login: 'maintainer' }));
    const [resumed] = commentBodies(s3.gh);
    expect(resumed).toContain('cebc2de44d3b');
    expect(resumed).toContain('"ignored":null');
  });

  it('replies with what it could not understand', async () => {
    const s = await createScenario();
    nockPermission(s, 'maintainer', 'admin');
    nockConfig(s.gh, 'labels:\n  enabled: false\ncomment:\n  no_match: silent\n');
    nockComments(s.gh, []);
    s.gh.scope.post(`${repoPath}/issues/1/comments`).reply(201, { id: 81 });
    await s.deliver('issue_comment', commentPayload({ title: 'Docs typo', body: 'The README says "teh".' }, { body: '/ktriage frobnicate', login: 'maintainer' }));
    expect(commentBodies(s.gh)).toEqual([
      '<!-- ktriage:reply -->\nktriage could not understand a command:\n\n- line 1: Unknown command `frobnicate`. Usage: `/ktriage explain`, `/ktriage rerun`, `/ktriage ignore`, `/ktriage wrong <rule-id>` or `/ktriage suggest-rule <fix-sha>`.\n<!-- ktriage:in-reply-to 9001 errors -->\n',
    ]);
    expect(s.gh.scope.isDone()).toBe(true);
  });
});

describe('issue_comment.created', () => {
  it('ignores comments by bots (ktriage included) without a single request: no loop', async () => {
    const s = await createScenario();
    await s.deliver('issue_comment', commentPayload(issue(), { body: '<!-- ktriage -->\n/ktriage rerun', login: 'ktriage[bot]', type: 'Bot' }));
    expect(s.gh.requests).toEqual([]);
  });

  it('re-triages when the reporter adds the kernel log in a comment', async () => {
    const s = await createScenario();
    nockConfig(s.gh, null);
    nockComments(s.gh, [
      { id: 10, login: 'Codertocat', type: 'User', body: 'Here is dmesg from 3.12.6:\n\n[101754.726823] device-mapper: space map common: unable to decrement a reference count below 0\n[101754.735191] device-mapper: thin: 253:6: dm_thin_insert_block() failed: error = -22' },
    ]);
    s.gh.scope.post(`${repoPath}/issues/1/labels`).reply(200, []).post(`${repoPath}/issues/1/comments`).reply(201, { id: 80 });
    await s.deliver('issue_comment', commentPayload({ title: 'thin pool went read-only', body: 'Our thin pool switched to read-only mode, using LVM thin provisioning. Logs below.' }, { body: 'Here is dmesg', login: 'Codertocat' }));
    const [body] = commentBodies(s.gh);
    expect(body).toContain(RULE);
    expect(body).toContain('cebc2de44d3b');
  });
});

describe('closing as a duplicate', () => {
  // GitHub's "Close as duplicate" (state_reason: duplicate); the payload is an opened issue's, closed.
  const closed = (stateReason: string) => {
    const payload = issuesPayload('opened', issue()) as { action: string; issue: Record<string, unknown>; sender: { login: string } };
    Object.assign(payload.issue, { state: 'closed', state_reason: stateReason, closed_at: '2024-06-02T08:00:00Z' });
    return { ...payload, action: 'closed', sender: { ...payload.sender, login: 'maintainer' } };
  };

  it('records duplicate feedback on the known bug the comment suggested, once per closing', async () => {
    const first = await firstComment();
    const s = await createScenario();
    nockComments(s.gh, [{ id: 77, body: first.body }]);
    await s.deliver('issues', closed('duplicate'), 'close-1');
    nockComments(s.gh, [{ id: 77, body: first.body }]);
    await s.deliver('issues', closed('duplicate'), 'close-1-again');
    const entry = { tracker: 'github', report: 'https://github.com/Codertocat/Hello-World/issues/1', sourceKey: 'closed-duplicate:2024-06-02T08:00:00Z', kind: 'duplicate', ruleId: RULE, by: 'maintainer', at: '2024-06-02T08:00:00.000Z', note: expect.stringContaining('closed as a duplicate') };
    // the same source key both times: the store records it once
    expect(s.feedback).toEqual([entry, entry]);
    expect(s.gh.writes()).toEqual([]);
  });

  it('records nothing for another close reason, and reads nothing', async () => {
    const s = await createScenario();
    await s.deliver('issues', closed('completed'));
    expect(s.feedback).toEqual([]);
    expect(s.gh.requests.filter((r) => !r.path.endsWith('/issues/1'))).toEqual([]);
  });
});
