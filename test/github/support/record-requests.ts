import nock from 'nock';

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
}

export interface GitHubMock {
  /** A nock scope for api.github.com whose matched requests are recorded. */
  scope: nock.Scope;
  requests: RecordedRequest[];
  /** Requests that change something on GitHub (not GETs, not the installation-token exchange). */
  writes: () => RecordedRequest[];
}

/** nock for api.github.com that remembers every request the app sent, with its JSON body. */
export function mockGitHub(): GitHubMock {
  const requests: RecordedRequest[] = [];
  const scope = nock('https://api.github.com');
  scope.on('request', (req: { method: string; path: string }, _interceptor: unknown, body: string) => {
    let parsed: unknown = body === '' ? undefined : body;
    try {
      if (body) parsed = JSON.parse(body);
    } catch {
      // not JSON: keep the text
    }
    requests.push({ method: req.method, path: req.path, body: parsed });
  });
  return {
    scope,
    requests,
    writes: () => requests.filter((r) => r.method !== 'GET' && !/\/access_tokens$/.test(r.path)),
  };
}
