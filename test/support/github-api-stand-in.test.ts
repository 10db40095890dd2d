import { Octokit } from 'octokit';
import { classifyApiError } from '../../src/github/client/index.js';
import { faults, startGitHubApiStandIn, STAND_IN_OWNER as owner, STAND_IN_REPO as repo, type GitHubApiStandIn } from './github-api-stand-in.js';

/** The stand-in answers like GitHub for the calls ktriage makes, and its faults look like GitHub's. */
let gh: GitHubApiStandIn;
let octokit: Octokit;
beforeAll(async () => {
  gh = await startGitHubApiStandIn();
  // No retries or throttling here: each call must see exactly the stand-in's answer.
  octokit = new Octokit({ auth: 'ghs_test', baseUrl: gh.url, retry: { enabled: false }, throttle: { enabled: false } });
});
afterAll(() => gh.close());

const status = async (call: Promise<unknown>) => call.then(() => 200, (error: { status?: number }) => error.status);

describe('GitHub API stand-in', () => {
  it('keeps issues, comments and labels as GitHub does, with rate-limit headers', async () => {
    gh.addIssue({ number: 1, title: 't', body: 'b', labels: ['bug'] });
    const created = await octokit.rest.issues.createComment({ owner, repo, issue_number: 1, body: 'hello' });
    expect(created.status).toBe(201);
    expect(created.data.user?.login).toBe('ktriage[bot]');
    expect(Number(created.headers['x-ratelimit-remaining'])).toBeLessThan(5000);
    await octokit.rest.issues.updateComment({ owner, repo, comment_id: created.data.id, body: 'edited' });
    await octokit.rest.issues.addLabels({ owner, repo, issue_number: 1, labels: ['ktriage:known-bug', 'bug'] });
    await octokit.rest.issues.removeLabel({ owner, repo, issue_number: 1, name: 'bug' });
    expect(gh.comments(1).map((c) => c.body)).toEqual(['edited']);
    expect(gh.labels(1)).toEqual(['ktriage:known-bug']);
    expect(await status(octokit.rest.issues.removeLabel({ owner, repo, issue_number: 1, name: 'absent' }))).toBe(404);
    const listed = await octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: 1, per_page: 1 });
    expect(listed).toHaveLength(1);
  });

  it('pages long comment lists with a link header', async () => {
    gh.addIssue({ number: 2, title: 't', body: 'b' });
    for (let i = 0; i < 5; i += 1) gh.addComment(2, { body: `c${i}`, login: 'user' });
    const all = await octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: 2, per_page: 2 });
    expect(all.map((c) => c.body)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
  });

  it('serves files raw or base64, permissions, reactions and check runs', async () => {
    gh.setFile('.github/ktriage.yml', 'labels:\n  enabled: false\n');
    const file = await octokit.rest.repos.getContent({ owner, repo, path: '.github/ktriage.yml' });
    expect(Buffer.from((file.data as { content: string }).content, 'base64').toString()).toContain('enabled: false');
    expect(await status(octokit.rest.repos.getContent({ owner, repo, path: 'missing.yml' }))).toBe(404);
    gh.setPermission('maint', 'admin');
    expect((await octokit.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: 'maint' })).data.permission).toBe('admin');
    expect((await octokit.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: 'stranger' })).data.permission).toBe('read');
    const comment = gh.addComment(1, { body: '/ktriage wrong', login: 'stranger' });
    await octokit.rest.reactions.createForIssueComment({ owner, repo, comment_id: comment.id, content: 'eyes' });
    expect(gh.reactions.at(-1)).toMatchObject({ commentId: comment.id, content: 'eyes' });
    const run = await octokit.rest.checks.create({ owner, repo, name: 'ktriage rules', head_sha: 'abc', status: 'completed', conclusion: 'success' });
    expect((await octokit.rest.checks.listForRef({ owner, repo, ref: 'abc' })).data.check_runs.map((r) => r.id)).toEqual([run.data.id]);
  });

  it('answers under /api/v3 as GitHub Enterprise does (GHE_HOST)', async () => {
    const ghe = new Octokit({ auth: 'ghs_test', baseUrl: `${gh.url}/api/v3`, retry: { enabled: false }, throttle: { enabled: false } });
    expect((await ghe.rest.issues.get({ owner, repo, issue_number: 1 })).data.number).toBe(1);
  });

  it.each([
    ['a 5xx', faults.serverError(), 502, 'other', null],
    ['a secondary limit with retry-after', faults.secondaryLimit(7), 403, 'rate-limited', 7],
    ['a 429 with retry-after', faults.tooManyRequests(3), 429, 'rate-limited', 3],
  ])('injects %s once, as GitHub answers it', async (_name, fault, expectedStatus, kind, retryAfter) => {
    gh.inject({ ...fault, method: 'POST', path: /\/issues\/1\/comments$/ });
    const error = await octokit.rest.issues.createComment({ owner, repo, issue_number: 1, body: 'x' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).not.toBeNull();
    expect(classifyApiError(error, Date.now())).toMatchObject({ status: expectedStatus, kind, retryAfterSeconds: retryAfter });
    // once: the next call goes through
    expect((await octokit.rest.issues.createComment({ owner, repo, issue_number: 1, body: 'y' })).status).toBe(201);
  });

  it('injects a spent primary quota until its reset, then answers again', async () => {
    const reset = Date.now() + 400;
    gh.inject(faults.primaryLimit(reset, { path: /\/issues\/1$/ }));
    const error = await octokit.rest.issues.get({ owner, repo, issue_number: 1 }).then(
      () => null,
      (e: unknown) => e,
    );
    const problem = classifyApiError(error, Date.now());
    expect(problem).toMatchObject({ status: 403, kind: 'rate-limited' });
    // x-ratelimit-reset is in whole seconds, rounded up: at most one second past the real reset.
    expect(problem.retryAfterSeconds).toBeLessThanOrEqual(2);
    // other paths are not affected
    expect((await octokit.rest.issues.get({ owner, repo, issue_number: 2 })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, reset - Date.now()) + 20));
    expect((await octokit.rest.issues.get({ owner, repo, issue_number: 1 })).status).toBe(200);
  });

  it('hands out installation tokens the way App authentication asks for them', async () => {
    const response = await fetch(`${gh.url}/app/installations/4242/access_tokens`, { method: 'POST', headers: { authorization: 'Bearer jwt' } });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { token: string }).token).toMatch(/^ghs_/);
  });
});
