import nock from 'nock';
import { compareOpenIssues } from '../../../src/github/checks/compare-open-issues.js';
import { compileRules } from '../../../src/match/index.js';
import { parseRuleFiles } from '../../../src/rules/index.js';
import { bundledRules, NOW } from '../support/scenario.js';
import { createTestOctokit } from '../support/create-test-octokit.js';
import { mockGitHub } from '../support/record-requests.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.restore());

const comment = (id: number, body = `comment ${id}`) => ({ id, body, user: { login: 'u', type: 'User' }, created_at: '2024-05-02T00:00:00Z' });
const issue = (number: number, comments?: number) => ({ number, title: `Report ${number}`, body: 'Kernel 6.6.1.', user: { login: 'u', type: 'User' }, labels: [], state: 'open', ...(comments === undefined ? {} : { comments }) });

async function rules() {
  const { ruleSet } = parseRuleFiles(await bundledRules());
  return compileRules(ruleSet);
}

describe('compareOpenIssues: bounded comment reads', () => {
  it('reads a long thread page by page up to the per-issue cap, and names the issue as capped', async () => {
    const gh = mockGitHub();
    gh.scope.get('/repos/o/r/issues').query(true).reply(200, [issue(7, 250)]);
    gh.scope
      .get('/repos/o/r/issues/7/comments').query({ per_page: '100', page: '1' }).reply(200, Array.from({ length: 100 }, (_, i) => comment(i + 1)))
      .get('/repos/o/r/issues/7/comments').query({ per_page: '100', page: '2' }).reply(200, Array.from({ length: 100 }, (_, i) => comment(i + 101)));
    const compiled = await rules();
    const result = await compareOpenIssues(createTestOctokit(), { owner: 'o', repo: 'r', repository: { full_name: 'o/r' }, before: async () => compiled, after: compiled, now: NOW, maxCommentsPerIssue: 150 });
    expect(result).toMatchObject({ total: 1, withComments: 1, capped: [7], budgetCut: [], changed: [] });
    // page 3 was never asked for: the cap (150) was reached within page 2
    expect(gh.scope.isDone()).toBe(true);
    expect(gh.requests.filter((r) => r.path.includes('/comments'))).toHaveLength(2);
  });

  it('stops at a short page (comments deleted since the count) without spending more requests', async () => {
    const gh = mockGitHub();
    gh.scope.get('/repos/o/r/issues').query(true).reply(200, [issue(8, 180)]);
    gh.scope.get('/repos/o/r/issues/8/comments').query({ per_page: '100', page: '1' }).reply(200, [comment(1)]);
    const compiled = await rules();
    const result = await compareOpenIssues(createTestOctokit(), { owner: 'o', repo: 'r', repository: { full_name: 'o/r' }, before: async () => compiled, after: compiled, now: NOW, maxCommentsPerIssue: 300 });
    expect(result).toMatchObject({ withComments: 1, budgetCut: [] });
    expect(gh.requests.filter((r) => r.path.includes('/comments'))).toHaveLength(1);
  });

  it('a thread cut mid-way by the budget counts as not read; issues without comments cost nothing', async () => {
    const gh = mockGitHub();
    gh.scope.get('/repos/o/r/issues').query(true).reply(200, [issue(9, 0), issue(8, 150), issue(7, 1)]);
    gh.scope.get('/repos/o/r/issues/8/comments').query({ per_page: '100', page: '1' }).reply(200, Array.from({ length: 100 }, (_, i) => comment(i + 1)));
    const compiled = await rules();
    const result = await compareOpenIssues(createTestOctokit(), { owner: 'o', repo: 'r', repository: { full_name: 'o/r' }, before: async () => compiled, after: compiled, now: NOW, budget: 1, maxCommentsPerIssue: 200 });
    expect(result).toMatchObject({ total: 3, withComments: 0, budgetCut: [8, 7], budget: 1 });
    expect(gh.scope.isDone()).toBe(true);
  });

  it('reads the thread when GitHub did not say how many comments there are', async () => {
    const gh = mockGitHub();
    gh.scope.get('/repos/o/r/issues').query(true).reply(200, [issue(5)]);
    gh.scope.get('/repos/o/r/issues/5/comments').query({ per_page: '100', page: '1' }).reply(200, [comment(1)]);
    const compiled = await rules();
    const result = await compareOpenIssues(createTestOctokit(), { owner: 'o', repo: 'r', repository: { full_name: 'o/r' }, before: async () => compiled, after: compiled, now: NOW });
    expect(result).toMatchObject({ withComments: 1, capped: [], budgetCut: [] });
    expect(gh.scope.isDone()).toBe(true);
  });
});
