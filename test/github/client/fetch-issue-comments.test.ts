import nock from 'nock';
import { fetchIssueComments, findKtriageComment } from '../../../src/github/client/fetch-issue-comments.js';
import { createTestOctokit } from '../support/create-test-octokit.js';
import { mockGitHub } from '../support/record-requests.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.restore());

const comment = (id: number, body: string, login = 'user', type = 'User') => ({ id, body, user: { login, type }, created_at: `2024-01-0${(id % 9) + 1}T00:00:00Z` });

describe('fetchIssueComments', () => {
  it('follows the Link header through every page, oldest first', async () => {
    const gh = mockGitHub();
    const page1 = Array.from({ length: 100 }, (_, i) => comment(i + 1, `c${i + 1}`));
    gh.scope
      .get('/repos/o/r/issues/5/comments').query({ per_page: '100' })
      .reply(200, page1, { link: '<https://api.github.com/repositories/1/issues/5/comments?per_page=100&page=2>; rel="next", <https://api.github.com/repositories/1/issues/5/comments?per_page=100&page=2>; rel="last"' })
      .get('/repositories/1/issues/5/comments').query({ per_page: '100', page: '2' })
      .reply(200, [comment(101, 'the log, posted later'), comment(102, '<!-- ktriage -->\nx', 'ktriage[bot]', 'Bot')]);
    const comments = await fetchIssueComments(createTestOctokit(), { owner: 'o', repo: 'r', issue_number: 5 });
    expect(comments).toHaveLength(102);
    expect(comments[100]).toEqual({ id: 101, body: 'the log, posted later', login: 'user', isBot: false, createdAt: expect.any(String) });
    expect(findKtriageComment(comments)?.id).toBe(102);
  });
});

describe('findKtriageComment', () => {
  const base = { createdAt: 'x' };
  it.each([
    // a user pasting the marker is not ktriage
    [[{ ...base, id: 1, body: '<!-- ktriage -->', login: 'mallory', isBot: false }], null],
    // explain replies and other replies are not the triage comment
    [[{ ...base, id: 2, body: '<!-- ktriage:reply -->\n<!-- ktriage:explain -->', login: 'ktriage[bot]', isBot: true }], null],
    [[{ ...base, id: 3, body: 'hello', login: 'other[bot]', isBot: true }, { ...base, id: 4, body: '<!-- ktriage -->\nhi', login: 'ktriage[bot]', isBot: true }], 4],
  ])('%#', (comments, expected) => {
    expect(findKtriageComment(comments)?.id ?? null).toBe(expected);
  });
});
