import nock from 'nock';
import { nockInstallationToken } from './create-test-probot.js';

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
  const listen = (target: nock.Scope) => target.on('request', (req: { method: string; path: string }, _interceptor: unknown, body: string) => {
    let parsed: unknown = body === '' ? undefined : body;
    try {
      if (body) parsed = JSON.parse(body);
    } catch {
      // not JSON: keep the text
    }
    requests.push({ method: req.method, path: req.path, body: parsed });
  });
  listen(scope);
  // The installation-token exchange may happen once per Probot; its own scope persists (in nock,
  // persist() applies to a whole scope, so it must not share one with the per-test answers).
  listen(nockInstallationToken());
  return {
    scope,
    requests,
    writes: () => requests.filter((r) => r.method !== 'GET' && !/\/access_tokens$/.test(r.path)),
  };
}
