import nock from 'nock';
import { ProbotOctokit } from 'probot';
import { createWriter } from '../../../src/github/client/create-writer.js';
import { silentLogger } from '../../../src/log/index.js';

/**
 * The writer with Octokit's retry plugin ON, as in production (the app tests turn it off). A
 * comment POST whose answer is lost (a 502 or a dropped connection after GitHub stored the
 * comment) must not be blindly re-sent: that is a second comment on the issue.
 */
const repoPath = '/repos/o/r';
const issue = { owner: 'o', repo: 'r', issue_number: 1 };

function productionLikeOctokit() {
  // retryAfterBaseValue 1 ms: the plugin's real retry decisions, without its seconds of waiting.
  return new ProbotOctokit({ auth: { token: 'test' }, retry: { retryAfterBaseValue: 1 }, throttle: { enabled: false } });
}

interface Stored {
  id: number;
  body: string;
  user: { login: string; type: string };
  created_at: string;
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('createWriter: creating a comment under production retry settings', () => {
  it('a 502 after GitHub stored the comment: confirmed by reading the comments, not posted again', async () => {
    const stored: Stored[] = [];
    let posts = 0;
    nock('https://api.github.com')
      .persist()
      .post(`${repoPath}/issues/1/comments`)
      .reply((_uri, body) => {
        posts += 1;
        stored.push({ id: posts, body: (body as { body: string }).body, user: { login: 'ktriage[bot]', type: 'Bot' }, created_at: '2026-01-01T00:00:00Z' });
        return [502, { message: 'Server Error' }];
      })
      .get(`${repoPath}/issues/1/comments`)
      .query(true)
      .reply(200, () => stored);
    const writer = createWriter(productionLikeOctokit(), issue, { dryRun: false, log: silentLogger });
    await writer.createComment('<!-- ktriage -->\nverdict\n');
    expect(posts).toBe(1);
    expect(stored).toHaveLength(1);
  });

  it('a 502 that stored nothing: posted once more, and the comment exists once', async () => {
    const stored: Stored[] = [];
    let posts = 0;
    nock('https://api.github.com')
      .persist()
      .post(`${repoPath}/issues/1/comments`)
      .reply((_uri, body) => {
        posts += 1;
        if (posts === 1) return [502, { message: 'Server Error' }];
        stored.push({ id: posts, body: (body as { body: string }).body, user: { login: 'ktriage[bot]', type: 'Bot' }, created_at: '2026-01-01T00:00:00Z' });
        return [201, stored.at(-1)];
      })
      .get(`${repoPath}/issues/1/comments`)
      .query(true)
      .reply(200, () => stored);
    const writer = createWriter(productionLikeOctokit(), issue, { dryRun: false, log: silentLogger });
    await writer.createComment('<!-- ktriage -->\nverdict\n');
    expect(posts).toBe(2);
    expect(stored.map((c) => c.body)).toEqual(['<!-- ktriage -->\nverdict\n']);
  });

  it('GitHub failing on and on: the error reaches the caller (the delivery fails and can be redelivered), after one re-post at most', async () => {
    let posts = 0;
    nock('https://api.github.com')
      .persist()
      .post(`${repoPath}/issues/1/comments`)
      .reply(() => {
        posts += 1;
        return [500, { message: 'Server Error' }];
      })
      .get(`${repoPath}/issues/1/comments`)
      .query(true)
      .reply(200, []);
    const writer = createWriter(productionLikeOctokit(), issue, { dryRun: false, log: silentLogger });
    await expect(writer.createComment('<!-- ktriage -->\nverdict\n')).rejects.toMatchObject({ status: 500 });
    expect(posts).toBe(2);
  });

  it('a refusal GitHub means (422) is not retried and not confirmed: it reaches the caller at once', async () => {
    let posts = 0;
    nock('https://api.github.com')
      .post(`${repoPath}/issues/1/comments`)
      .reply(() => {
        posts += 1;
        return [422, { message: 'Validation Failed' }];
      });
    const writer = createWriter(productionLikeOctokit(), issue, { dryRun: false, log: silentLogger });
    await expect(writer.createComment('x')).rejects.toMatchObject({ status: 422 });
    expect(posts).toBe(1);
  });
});
