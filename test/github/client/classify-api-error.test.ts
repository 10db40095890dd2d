import { classifyApiError } from '../../../src/github/client/classify-api-error.js';

const NOW_MS = Date.UTC(2024, 5, 1, 12);

/**
 * The fields of Octokit's RequestError the classifier reads (status, response headers, GitHub's
 * JSON message); built by hand since @octokit/request-error is only a transitive dependency.
 * The end-to-end cases (test/github/pipeline-failures.test.ts) use the real thrown errors.
 */
function requestError(status: number, message: string, headers: Record<string, string> = {}): Error {
  return Object.assign(new Error(message), { name: 'HttpError', status, response: { status, url: 'https://api.github.com/repos/o/r/issues/1/comments', headers, data: { message } } });
}

describe('classifyApiError', () => {
  it.each([
    // final answers: no redelivery can change them
    [requestError(410, 'This issue was deleted'), 'gone', null],
    [requestError(410, 'Issues are disabled for this repo'), 'gone', null],
    [requestError(403, 'Repository was archived so is read-only.'), 'archived', null],
    [requestError(403, 'Unable to create comment because issue is locked.'), 'locked', null],
    // "blocked" is not "locked"
    [requestError(403, 'User is blocked'), 'other', null],
    // rate limits: wait as long as GitHub says
    [requestError(403, 'You have exceeded a secondary rate limit.', { 'retry-after': '30' }), 'rate-limited', 30],
    [requestError(429, 'Too many requests'), 'rate-limited', null],
    [requestError(403, 'API rate limit exceeded', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW_MS / 1000 + 90) }), 'rate-limited', 90],
    // a quota at 0 is a rate limit whatever the message says
    [requestError(403, 'Forbidden', { 'x-ratelimit-remaining': '0' }), 'rate-limited', null],
    // everything else fails the delivery
    [requestError(403, 'Resource not accessible by integration'), 'other', null],
    [requestError(502, 'Bad Gateway'), 'other', null],
    [new Error('socket hang up'), 'other', null],
    [undefined, 'other', null],
  ])('%#: %s', (error, kind, retryAfter) => {
    const result = classifyApiError(error, NOW_MS);
    expect(result.kind).toBe(kind);
    expect(result.retryAfterSeconds).toBe(retryAfter);
  });

  it('keeps GitHub\'s message and status for the log', () => {
    expect(classifyApiError(requestError(410, 'This issue was deleted'), NOW_MS)).toEqual({ kind: 'gone', status: 410, message: 'This issue was deleted', retryAfterSeconds: null });
  });
});
