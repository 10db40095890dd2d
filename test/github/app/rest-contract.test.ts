import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import nock from 'nock';
import { publishCheckRun } from '../../../src/github/client/publish-check-run.js';
import { createTestOctokit } from '../support/create-test-octokit.js';
import { validateGitHubRequest, type RequestProblem } from '../support/github-openapi.js';
import { checkRunRerequestedPayload, checkSuiteRerequestedPayload, commentPayload, issuesPayload, pullRequestPayload, seedReport } from '../support/payloads.js';
import { mockGitHub, type RecordedRequest } from '../support/record-requests.js';
import { commentBodies, createScenario, nockComments, nockConfig, repoPath } from '../support/scenario.js';

/**
 * Every request ktriage sends, in every flow it has, checked against GitHub's REST description
 * (@octokit/openapi): the route exists for the method, the query parameters are declared, and the
 * JSON body matches the operation's schema. A wrong route or field fails here, not in production.
 */
afterEach(() => nock.cleanAll());
afterAll(() => nock.restore());

const sent: RecordedRequest[] = [];
const SEED = { title: 'thin-pool: space map common: unable to decrement a reference count below 0', body: seedReport(), labels: ['bug'] };
const b64 = (text: string) => Buffer.from(text).toString('base64');

async function run(flow: (s: Awaited<ReturnType<typeof createScenario>>) => Promise<void>): Promise<Awaited<ReturnType<typeof createScenario>>> {
  const s = await createScenario();
  await flow(s);
  sent.push(...s.gh.requests);
  return s;
}

let firstBody = '';

describe('flows', () => {
  it('issues.opened on the seed report', async () => {
    const s = await run(async (s) => {
      nockConfig(s.gh, null);
      nockComments(s.gh, []);
      s.gh.scope.post(`${repoPath}/issues/1/labels`).reply(200, []).post(`${repoPath}/issues/1/comments`).reply(201, { id: 77 });
      await s.deliver('issues', issuesPayload('opened', SEED));
    });
    firstBody = commentBodies(s.gh)[0]!;
    expect(firstBody).toContain('cebc2de44d3b');
  });

  it('issues.edited that retracts the match (PATCH comment, DELETE labels)', async () => {
    const s = await run(async (s) => {
      nockConfig(s.gh, null);
      nockComments(s.gh, [{ id: 77, body: firstBody }]);
      s.gh.scope.delete(/\/issues\/1\/labels\/.+/).times(3).reply(200, []).post(`${repoPath}/issues/1/labels`).optionally().reply(200, []).patch(`${repoPath}/issues/comments/77`).reply(200, {});
      await s.deliver('issues', issuesPayload('edited', { title: 'never mind', body: 'It was the cable.', labels: ['bug', 'data-corruption', 'dm-thin', 'known-bug'] }, { changes: { body: { from: 'x' } } }));
    });
    expect(s.gh.writes().some((w) => w.method === 'PATCH')).toBe(true);
  });

  it('maintainer commands (permission, reaction, explain reply, edit)', async () => {
    const s = await run(async (s) => {
      s.gh.scope.get(`${repoPath}/collaborators/maint/permission`).reply(200, { permission: 'admin', role_name: 'admin', user: { login: 'maint' } });
      nockConfig(s.gh, null);
      nockComments(s.gh, [{ id: 77, body: firstBody }]);
      s.gh.scope
        .post(`${repoPath}/issues/comments/9001/reactions`).reply(201, {})
        .post(`${repoPath}/issues/1/comments`).reply(201, { id: 78 })
        .post(`${repoPath}/issues/1/labels`).optionally().reply(200, [])
        .delete(/\/issues\/1\/labels\/.+/).times(3).optionally().reply(200, [])
        .patch(`${repoPath}/issues/comments/77`).reply(200, {});
      await s.deliver('issue_comment', commentPayload({ ...SEED, labels: ['bug', 'data-corruption', 'dm-thin', 'known-bug'] }, { body: '/ktriage explain\n/ktriage wrong dm-sm-metadata-refcount-below-zero', login: 'maint' }));
    });
    expect(s.gh.writes().length).toBeGreaterThanOrEqual(3);
  });

  it('a broken config reported as a check run', async () => {
    const yaml = 'dry_run: maybe\n';
    const sha = 'b'.repeat(40);
    await run(async (s) => {
      nockConfig(s.gh, yaml);
      s.gh.scope
        .get(`${repoPath}/git/ref/heads%2Fmaster`).reply(200, { ref: 'refs/heads/master', object: { sha, type: 'commit' } })
        .get(`${repoPath}/commits/${sha}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] })
        .get(`${repoPath}/contents/.github%2Fktriage.yml`).query({ ref: 'master' }).reply(200, { type: 'file', encoding: 'base64', content: b64(yaml), name: 'ktriage.yml', path: '.github/ktriage.yml' })
        .post(`${repoPath}/check-runs`).reply(201, { id: 3 });
      nockComments(s.gh, []);
      s.gh.scope.post(`${repoPath}/issues/1/labels`).reply(200, []).post(`${repoPath}/issues/1/comments`).reply(201, { id: 77 });
      await s.deliver('issues', issuesPayload('opened', SEED));
    });
  });

  it('the rules check of a pull request', async () => {
    const rule = readFileSync(fileURLToPath(new URL('../../fixtures/github/good-rule.yml', import.meta.url)), 'utf8');
    await run(async (s) => {
      s.gh.scope.get(`${repoPath}/pulls/2/files`).query(true).reply(200, [{ filename: 'kt/local.yml', status: 'added' }]);
      nockConfig(s.gh, 'rules:\n  paths: [kt/]\n');
      for (const ref of ['ec26c3e57ca3a959ca5aad62de7213c562f8c821', 'master']) {
        s.gh.scope
          .get(`${repoPath}/contents/kt`).query({ ref }).reply(200, [{ type: 'file', name: 'local.yml', path: 'kt/local.yml' }])
          .get(`${repoPath}/contents/kt%2Flocal.yml`).query({ ref }).reply(200, { type: 'file', encoding: 'base64', content: b64(rule), name: 'local.yml', path: 'kt/local.yml' });
      }
      s.gh.scope.get(`${repoPath}/issues`).query(true).reply(200, [{ number: 4, title: 't', body: 'b', comments: 1, user: { login: 'u' }, labels: [], state: 'open' }]);
      s.gh.scope.get(`${repoPath}/issues/4/comments`).query({ per_page: '100', page: '1' }).reply(200, [{ id: 1, body: 'more', user: { login: 'u', type: 'User' }, created_at: '2024-01-01T00:00:00Z' }]);
      s.gh.scope.post(`${repoPath}/check-runs`).reply(201, { id: 5 });
      await s.deliver('pull_request', pullRequestPayload('opened'));
    });
  });

  it('"Re-run" on the rules check of a fork\'s pull request (the PR found by its head commit)', async () => {
    const head = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
    await run(async (s) => {
      s.gh.scope.get(`${repoPath}/pulls`).query(true).reply(200, [{ number: 2, head: { sha: head } }]);
      s.gh.scope.get(`${repoPath}/pulls/2/files`).query(true).reply(200, [{ filename: 'kt/local.yml', status: 'added' }]);
      nockConfig(s.gh, 'rules:\n  paths: [kt/]\n');
      s.gh.scope.get(`${repoPath}/contents/kt`).query({ ref: head }).reply(200, []);
      s.gh.scope.get(`${repoPath}/issues`).query(true).reply(200, []);
      s.gh.scope.post(`${repoPath}/check-runs`).reply(201, { id: 6 });
      await s.deliver('check_run', checkRunRerequestedPayload({ name: 'ktriage rules', pullRequests: 'none' }));
      expect(s.gh.scope.isDone()).toBe(true);
    });
  });

  it('"Re-run all checks" on a suite holding the config check', async () => {
    const suite = checkSuiteRerequestedPayload();
    await run(async (s) => {
      s.gh.scope.get(`${repoPath}/check-suites/${suite.check_suite.id}/check-runs`).query(true).reply(200, { total_count: 1, check_runs: [{ id: 3, name: 'ktriage config' }] });
      nockConfig(s.gh, 'dry_run: maybe\n');
      s.gh.scope
        .get(`${repoPath}/git/ref/heads%2Fmaster`).reply(200, { ref: 'refs/heads/master', object: { sha: 'e'.repeat(40), type: 'commit' } })
        .post(`${repoPath}/check-runs`).reply(201, { id: 7 });
      await s.deliver('check_suite', suite);
      expect(s.gh.scope.isDone()).toBe(true);
    });
  });

  it('a check run with more annotations than one request may carry (create + update)', async () => {
    nock.disableNetConnect();
    const gh = mockGitHub();
    gh.scope.post(`${repoPath}/check-runs`).reply(201, { id: 9 }).patch(`${repoPath}/check-runs/9`).times(2).reply(200, { id: 9 });
    const annotations = Array.from({ length: 120 }, (_, i) => ({ path: 'r.yml', start_line: i + 1, end_line: i + 1, annotation_level: 'failure' as const, message: `problem ${i}` }));
    await publishCheckRun(createTestOctokit(), { owner: 'Codertocat', repo: 'Hello-World', head_sha: 'c'.repeat(40), name: 'ktriage rules', conclusion: 'failure', title: 't', summary: 's', annotations });
    const counts = gh.requests.map((r) => (r.body as { output: { annotations: unknown[] } }).output.annotations.length);
    expect(counts).toEqual([50, 50, 20]);
    sent.push(...gh.requests);
  });
});

describe('GitHub REST description', () => {
  it('accepts every request ktriage sent', () => {
    expect(sent.length).toBeGreaterThan(30);
    const problems: RequestProblem[] = sent.flatMap((r) => validateGitHubRequest(r.method, r.path, r.body));
    expect(problems).toEqual([]);
    // every kind of call was exercised
    const kinds = new Set(sent.map((r) => `${r.method} ${r.path.replace(/\?.*$/, '').replace(/\/\d+(?=\/|$)/g, '/N').replace(/(labels|permission|contents)\/.*$/, '$1/…')}`));
    expect([...kinds].sort()).toEqual(expect.arrayContaining([
      'DELETE /repos/Codertocat/Hello-World/issues/N/labels/…',
      'GET /repos/Codertocat/Hello-World/check-suites/N/check-runs',
      'GET /repos/Codertocat/Hello-World/collaborators/maint/permission',
      'GET /repos/Codertocat/Hello-World/issues/N',
      'GET /repos/Codertocat/Hello-World/pulls',
      'PATCH /repos/Codertocat/Hello-World/check-runs/N',
      'PATCH /repos/Codertocat/Hello-World/issues/comments/N',
      'POST /repos/Codertocat/Hello-World/check-runs',
      'POST /repos/Codertocat/Hello-World/issues/N/comments',
      'POST /repos/Codertocat/Hello-World/issues/N/labels',
      'POST /repos/Codertocat/Hello-World/issues/comments/N/reactions',
    ]));
  });

  it.each([
    // the validator is not vacuous: each of these is a mistake it must catch
    ['POST', '/repos/o/r/issues/1/comment', { body: 'x' }, /no POST operation/],
    ['POST', '/repos/o/r/issues/1/comments', { text: 'x' }, /required property 'body'/],
    ['POST', '/repos/o/r/check-runs', { name: 'x', head_sha: 'y', conclusion: 'broken' }, /allowed values/],
    ['GET', '/repos/o/r/issues?state=open&sortby=created', undefined, /"sortby" is not accepted/],
    ['POST', '/repos/o/r/issues/comments/1/reactions', { content: 'thumbsup' }, /allowed values/],
  ])('rejects %s %s', (method, path, body, message) => {
    const problems = validateGitHubRequest(method, path, body);
    expect(problems.map((p) => p.problem).join('\n')).toMatch(message);
  });
});
