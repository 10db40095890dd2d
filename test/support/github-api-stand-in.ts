// A stand-in of the GitHub REST API on loopback for end-to-end tests: a real HTTP server holding
// issues, comments, labels, reactions, repository files, check runs and collaborator permissions
// in memory, answering with GitHub's rate-limit headers, and injecting faults (5xx, 403/429 primary
// and secondary rate limits with retry-after or x-ratelimit-reset, a latency per request).
//
// Reachable the three ways ktriage's entries are pointed at GitHub: Probot's `baseUrl` option,
// `GHE_HOST=127.0.0.1:<port>` with `GHE_PROTOCOL=http` (served under /api/v3), and an Action's
// GITHUB_API_URL. App auth is accepted as GitHub does it (POST /app/installations/{id}/access_tokens
// with a JWT returns an installation token); the JWT signature is not checked.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInUser {
  login: string;
  type: 'Bot' | 'User';
  id: number;
}

export interface StandInIssue {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'closed' | 'open';
  locked: boolean;
  labels: { id: number; name: string; color: string; default: boolean; description: null }[];
  user: StandInUser;
  created_at: string;
  updated_at: string;
  author_association: string;
  comments: number;
  /** Present on pull requests: GitHub's issues API lists them among the issues. */
  pull_request?: { url: string };
}

export interface StandInComment {
  id: number;
  issue: string;
  body: string;
  user: StandInUser;
  created_at: string;
  updated_at: string;
  author_association: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  auth: string | undefined;
  /** What the stand-in answered (after faults). */
  status: number;
  at: number;
}

/** One injected failure: answers matching requests instead of the real route while it lasts. */
export interface Fault {
  method?: string;
  /** Tested against the path without /api/v3 and without the query string. */
  path?: RegExp;
  /** How many matching requests it answers (default 1); Infinity with `untilMs` for a time window. */
  times?: number;
  /** Answers until this epoch ms (then the route answers again). */
  untilMs?: number;
  status: number;
  message: string;
  headers?: (nowMs: number) => Record<string, string>;
}

/** Fault builders for GitHub's real answers (docs: "Rate limits for the REST API"). */
export const faults = {
  serverError: (f: Omit<Fault, 'message' | 'status'> & { status?: number } = {}): Fault => ({ status: 502, message: 'Server Error', ...f }),
  /** 403 secondary limit with retry-after (seconds). */
  secondaryLimit: (retryAfterSeconds: number, f: Omit<Fault, 'message' | 'status'> = {}): Fault => ({
    status: 403,
    message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
    headers: () => ({ 'retry-after': String(retryAfterSeconds) }),
    ...f,
  }),
  /** 429 with retry-after. */
  tooManyRequests: (retryAfterSeconds: number, f: Omit<Fault, 'message' | 'status'> = {}): Fault => ({ status: 429, message: 'Too Many Requests', headers: () => ({ 'retry-after': String(retryAfterSeconds) }), ...f }),
  /** 403 with x-ratelimit-remaining: 0 until `resetAtMs` (the primary hourly quota is spent). */
  primaryLimit: (resetAtMs: number, f: Omit<Fault, 'message' | 'status' | 'untilMs'> = {}): Fault => ({
    status: 403,
    message: 'API rate limit exceeded for installation ID 1.',
    times: Infinity,
    untilMs: resetAtMs,
    headers: () => ({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(resetAtMs / 1000)), 'x-ratelimit-used': '5000' }),
    ...f,
  }),
};

export interface GitHubApiStandIn {
  /** http://127.0.0.1:<port> (Probot `baseUrl`, GITHUB_API_URL). */
  url: string;
  /** 127.0.0.1:<port> for GHE_HOST (with GHE_PROTOCOL=http). */
  host: string;
  requests: RecordedRequest[];
  addIssue: (issue: { owner?: string; repo?: string; number: number; title: string; body: string; labels?: string[]; locked?: boolean; user?: string; pullRequest?: boolean; state?: 'closed' | 'open' }) => StandInIssue;
  issue: (number: number, owner?: string, repo?: string) => StandInIssue | undefined;
  /** The comments of an issue, oldest first. */
  comments: (number: number, owner?: string, repo?: string) => StandInComment[];
  labels: (number: number, owner?: string, repo?: string) => string[];
  reactions: { commentId: number | null; issue: string; content: string; by: string }[];
  checkRuns: { id: number; name: string; head_sha: string; status: string; conclusion: string | null; output: unknown }[];
  addComment: (number: number, comment: { body: string; login: string; type?: 'Bot' | 'User' }, owner?: string, repo?: string) => StandInComment;
  setFile: (path: string, text: string, owner?: string, repo?: string) => void;
  setPermission: (login: string, permission: 'admin' | 'maintain' | 'none' | 'read' | 'triage' | 'write', owner?: string, repo?: string) => void;
  /** A commit of the repository (`GET /repos/{o}/{r}/commits/{ref}` finds it by its sha or a 7+ digit prefix). */
  setCommit: (sha: string, message: string, owner?: string, repo?: string) => void;
  inject: (fault: Fault) => void;
  /** Ends every injected fault (GitHub recovered, the quota was reset). */
  clearFaults: () => void;
  /** Milliseconds every answer waits (a slow GitHub). */
  latencyMs: number;
  /**
   * Holds matching requests unanswered (and unapplied) until `count` of them have arrived, the
   * returned release is called, or `timeoutMs` passed since the first one (a hang guard): two
   * clients that each read, then write, are made to race for certain (however long they take to
   * start). The gate is removed once open; requests after that pass.
   */
  holdUntil: (gate: { method: string; path: RegExp; count: number; timeoutMs: number }) => () => void;
  /** An `issues` webhook payload for an issue the stand-in holds. */
  issuesPayload: (action: 'edited' | 'opened' | 'reopened', number: number, owner?: string, repo?: string) => Record<string, unknown>;
  /** An `issue_comment.created` payload for a comment the stand-in holds. */
  commentPayload: (number: number, commentId: number, owner?: string, repo?: string) => Record<string, unknown>;
  close: () => Promise<void>;
}

export const STAND_IN_OWNER = 'octo-org';
export const STAND_IN_REPO = 'storage';
export const STAND_IN_INSTALLATION_ID = 4242;
export const BOT_LOGIN = 'ktriage[bot]';
const RATE_LIMIT = 5000;

class HttpAnswer {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => new HttpAnswer(status, body, headers);
const notFound = () => json(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });

export async function startGitHubApiStandIn(options: { now?: () => number } = {}): Promise<GitHubApiStandIn> {
  const now = options.now ?? Date.now;
  const issues = new Map<string, StandInIssue>();
  const comments = new Map<number, StandInComment>();
  const files = new Map<string, string>();
  const permissions = new Map<string, string>();
  const commits = new Map<string, { sha: string; message: string }>();
  const injected: Fault[] = [];
  const requests: RecordedRequest[] = [];
  const reactions: GitHubApiStandIn['reactions'] = [];
  const checkRuns: GitHubApiStandIn['checkRuns'] = [];
  const remaining = new Map<string, number>();
  let nextId = 1000;
  const windowReset = () => Math.ceil(now() / 1000) + 3600;

  const key = (owner: string, repo: string, number: number | string) => `${owner}/${repo}#${number}`.toLowerCase();
  const repoKey = (owner: string, repo: string) => `${owner}/${repo}`.toLowerCase();
  const user = (login: string, type: 'Bot' | 'User' = 'User'): StandInUser => ({ login, type, id: login.length * 1000 + login.charCodeAt(0) });
  const stamp = () => new Date(now()).toISOString();

  // The issue's history as GitHub's issue events API shows it (labeled / unlabeled only): ktriage
  // reads it to tell a label it announced but never added from one a maintainer removed.
  const events = new Map<string, { id: number; event: 'labeled' | 'unlabeled'; label: { name: string; color: string }; actor: StandInUser; created_at: string }[]>();
  function recordLabelEvent(issueKey: string, event: 'labeled' | 'unlabeled', name: string, actor: StandInUser = user('ktriage[bot]', 'Bot')) {
    const list = events.get(issueKey) ?? [];
    list.push({ id: nextId++, event, label: { name, color: 'ededed' }, actor, created_at: stamp() });
    events.set(issueKey, list);
  }

  function labelsOf(names: string[]) {
    return names.map((name) => ({ id: nextId++, name, color: 'ededed', default: false, description: null }));
  }

  const routes: { method: string; pattern: RegExp; handle: (m: RegExpMatchArray, req: { body: unknown; query: URLSearchParams; accept: string; auth: string | undefined; origin: string }) => HttpAnswer }[] = [
    {
      method: 'POST',
      pattern: /^\/app\/installations\/(\d+)\/access_tokens$/,
      handle: (m) => json(201, { token: `ghs_standin_${m[1]}`, expires_at: new Date(now() + 3600_000).toISOString(), permissions: { issues: 'write', contents: 'read', checks: 'write', metadata: 'read' }, repository_selection: 'all' }),
    },
    { method: 'GET', pattern: /^\/repos\/([^/]+)\/([^/]+)\/installation$/, handle: () => json(200, { id: STAND_IN_INSTALLATION_ID }) },
    {
      // A repository exists when it holds an issue or a file; its default branch is main.
      method: 'GET',
      pattern: /^\/repos\/([^/]+)\/([^/]+)$/,
      handle: (m) => {
        const name = repoKey(m[1]!, m[2]!);
        const held = [...issues.keys()].some((k) => k.startsWith(`${name}#`)) || [...files.keys()].some((k) => k.startsWith(`${name}:`));
        return held ? json(200, { name: m[2], full_name: `${m[1]}/${m[2]}`, owner: user(m[1]!), private: false, default_branch: 'main', has_issues: true }) : notFound();
      },
    },
    { method: 'GET', pattern: /^\/rate_limit$/, handle: () => json(200, { resources: { core: { limit: RATE_LIMIT, remaining: RATE_LIMIT, reset: windowReset(), used: 0 } } }) },
    {
      // The repository's issues (pull requests among them, as GitHub lists them), newest first,
      // filtered by state and paginated; a repository holding no issue does not exist (404).
      method: 'GET',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues$/,
      handle: (m, { query, origin }) => {
        const prefix = `${repoKey(m[1]!, m[2]!)}#`;
        const held = [...issues.entries()].filter(([k]) => k.startsWith(prefix)).map(([, issue]) => issue);
        if (held.length === 0) return notFound();
        const state = query.get('state') ?? 'open';
        const all = held.filter((issue) => state === 'all' || issue.state === state).sort((a, b) => b.number - a.number).map((issue) => issueJson(m[1]!, m[2]!, issue));
        const perPage = Math.min(100, Number(query.get('per_page') ?? 30));
        const page = Math.max(1, Number(query.get('page') ?? 1));
        const last = Math.max(1, Math.ceil(all.length / perPage));
        const headers: Record<string, string> = {};
        if (page < last) headers.link = `<${origin}/repos/${m[1]}/${m[2]}/issues?state=${state}&per_page=${perPage}&page=${page + 1}>; rel="next", <${origin}/repos/${m[1]}/${m[2]}/issues?state=${state}&per_page=${perPage}&page=${last}>; rel="last"`;
        return json(200, all.slice((page - 1) * perPage, page * perPage), headers);
      },
    },
    {
      method: 'GET',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/,
      handle: (m) => {
        const issue = issues.get(key(m[1]!, m[2]!, m[3]!));
        return issue ? json(200, issueJson(m[1]!, m[2]!, issue)) : notFound();
      },
    },
    {
      method: 'GET',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/,
      handle: (m, { query, origin }) => {
        const id = key(m[1]!, m[2]!, m[3]!);
        if (!issues.has(id)) return notFound();
        const all = [...comments.values()].filter((c) => c.issue === id).map((c) => commentJson(m[1]!, m[2]!, c));
        const perPage = Math.min(100, Number(query.get('per_page') ?? 30));
        const page = Math.max(1, Number(query.get('page') ?? 1));
        const slice = all.slice((page - 1) * perPage, page * perPage);
        const last = Math.max(1, Math.ceil(all.length / perPage));
        const headers: Record<string, string> = {};
        if (page < last) headers.link = `<${origin}/repos/${m[1]}/${m[2]}/issues/${m[3]}/comments?per_page=${perPage}&page=${page + 1}>; rel="next", <${origin}/repos/${m[1]}/${m[2]}/issues/${m[3]}/comments?per_page=${perPage}&page=${last}>; rel="last"`;
        return json(200, slice, headers);
      },
    },
    {
      method: 'POST',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/,
      handle: (m, { body, auth }) => {
        const id = key(m[1]!, m[2]!, m[3]!);
        const issue = issues.get(id);
        if (!issue) return notFound();
        if (issue.locked) return json(403, { message: 'Unable to create comment because issue is locked.' });
        const text = (body as { body?: unknown } | null)?.body;
        if (typeof text !== 'string' || text === '') return json(422, { message: 'Validation Failed', errors: [{ resource: 'IssueComment', code: 'missing_field', field: 'body' }] });
        if (text.length > 65536) return json(422, { message: 'Validation Failed', errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }] });
        const comment: StandInComment = { id: nextId++, issue: id, body: text, user: auth?.includes('ghs_') || auth?.includes('token') ? user(BOT_LOGIN, 'Bot') : user('someone'), created_at: stamp(), updated_at: stamp(), author_association: 'NONE' };
        comments.set(comment.id, comment);
        issue.comments += 1;
        return json(201, commentJson(m[1]!, m[2]!, comment));
      },
    },
    {
      method: 'GET',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/,
      handle: (m) => {
        const comment = comments.get(Number(m[3]));
        return comment ? json(200, commentJson(m[1]!, m[2]!, comment)) : notFound();
      },
    },
    {
      method: 'PATCH',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/,
      handle: (m, { body }) => {
        const comment = comments.get(Number(m[3]));
        if (!comment) return notFound();
        const text = (body as { body?: unknown } | null)?.body;
        if (typeof text !== 'string' || text === '') return json(422, { message: 'Validation Failed' });
        comment.body = text;
        comment.updated_at = stamp();
        return json(200, commentJson(m[1]!, m[2]!, comment));
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/,
      handle: (m) => (comments.delete(Number(m[3])) ? json(204, null) : notFound()),
    },
    {
      method: 'GET',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/events$/,
      handle: (m) => (issues.has(key(m[1]!, m[2]!, m[3]!)) ? json(200, events.get(key(m[1]!, m[2]!, m[3]!)) ?? []) : notFound()),
    },
    {
      method: 'POST',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/labels$/,
      handle: (m, { body }) => {
        const issue = issues.get(key(m[1]!, m[2]!, m[3]!));
        if (!issue) return notFound();
        const wanted = labelNames(body);
        if (wanted === null) return json(422, { message: 'Invalid request.\n\nFor \'links/0/schema\', nil is not an array.' });
        for (const name of wanted) {
          if (issue.labels.some((l) => l.name.toLowerCase() === name.toLowerCase())) continue;
          issue.labels.push(...labelsOf([name]));
          recordLabelEvent(key(m[1]!, m[2]!, m[3]!), 'labeled', name);
        }
        return json(200, issue.labels);
      },
    },
    {
      method: 'PUT',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/labels$/,
      handle: (m, { body }) => {
        const issue = issues.get(key(m[1]!, m[2]!, m[3]!));
        if (!issue) return notFound();
        const wanted = labelNames(body);
        if (wanted === null) return json(422, { message: 'Invalid request.' });
        issue.labels = labelsOf(wanted);
        return json(200, issue.labels);
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/labels\/(.+)$/,
      handle: (m) => {
        const issue = issues.get(key(m[1]!, m[2]!, m[3]!));
        if (!issue) return notFound();
        const name = decodeURIComponent(m[4]!);
        const before = issue.labels.length;
        issue.labels = issue.labels.filter((l) => l.name.toLowerCase() !== name.toLowerCase());
        if (issue.labels.length === before) return json(404, { message: 'Label does not exist' });
        recordLabelEvent(key(m[1]!, m[2]!, m[3]!), 'unlabeled', name);
        return json(200, issue.labels);
      },
    },
    {
      method: 'POST',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)\/reactions$/,
      handle: (m, { body, auth }) => {
        const comment = comments.get(Number(m[3]));
        if (!comment) return notFound();
        const content = String((body as { content?: unknown } | null)?.content ?? '');
        reactions.push({ commentId: comment.id, issue: comment.issue, content, by: auth ? BOT_LOGIN : 'anonymous' });
        return json(201, { id: nextId++, content, user: user(BOT_LOGIN, 'Bot') });
      },
    },
    {
      method: 'POST',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/reactions$/,
      handle: (m, { body }) => {
        const id = key(m[1]!, m[2]!, m[3]!);
        if (!issues.has(id)) return notFound();
        const content = String((body as { content?: unknown } | null)?.content ?? '');
        reactions.push({ commentId: null, issue: id, content, by: BOT_LOGIN });
        return json(201, { id: nextId++, content, user: user(BOT_LOGIN, 'Bot') });
      },
    },
    {
      // A commit by sha or abbreviated sha; GitHub answers 422 "No commit found for SHA" for an unknown one.
      method: 'GET',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/commits\/([0-9a-fA-F]{7,40})$/,
      handle: (m) => {
        const prefix = `${repoKey(m[1]!, m[2]!)}:${m[3]!.toLowerCase()}`;
        const found = [...commits.entries()].find(([k]) => k.startsWith(prefix))?.[1];
        if (!found) return json(422, { message: `No commit found for SHA: ${m[3]}`, documentation_url: 'https://docs.github.com/rest/commits/commits#get-a-commit' });
        return json(200, { sha: found.sha, commit: { message: found.message, author: { name: 'A Developer', date: stamp() } } });
      },
    },
    {
      method: 'GET',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/collaborators\/([^/]+)\/permission$/,
      handle: (m) => {
        const login = decodeURIComponent(m[3]!);
        const permission = permissions.get(`${repoKey(m[1]!, m[2]!)}:${login.toLowerCase()}`) ?? 'read';
        return json(200, { permission: permission === 'maintain' || permission === 'triage' ? (permission === 'maintain' ? 'write' : 'read') : permission, role_name: permission, user: user(login) });
      },
    },
    {
      method: 'GET',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/,
      handle: (m, { accept }) => {
        const path = decodeURIComponent(m[3]!);
        const text = files.get(`${repoKey(m[1]!, m[2]!)}:${path}`);
        if (text === undefined) return notFound();
        if (accept.includes('raw')) return new HttpAnswer(200, text, { 'content-type': 'application/vnd.github.v3.raw; charset=utf-8' });
        return json(200, { type: 'file', encoding: 'base64', size: Buffer.byteLength(text), name: path.split('/').pop(), path, content: Buffer.from(text).toString('base64'), sha: createHmac('sha1', 'blob').update(text).digest('hex') });
      },
    },
    {
      method: 'POST',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/check-runs$/,
      handle: (_m, { body }) => {
        const b = (body ?? {}) as { name?: string; head_sha?: string; status?: string; conclusion?: string; output?: unknown };
        if (!b.name || !b.head_sha) return json(422, { message: 'Validation Failed' });
        const run = { id: nextId++, name: b.name, head_sha: b.head_sha, status: b.status ?? (b.conclusion ? 'completed' : 'queued'), conclusion: b.conclusion ?? null, output: b.output ?? null };
        checkRuns.push(run);
        return json(201, run);
      },
    },
    {
      method: 'PATCH',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/check-runs\/(\d+)$/,
      handle: (m, { body }) => {
        const run = checkRuns.find((r) => r.id === Number(m[3]));
        if (!run) return notFound();
        Object.assign(run, body as object);
        return json(200, run);
      },
    },
    {
      method: 'GET',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/commits\/([^/]+)\/check-runs$/,
      handle: (m) => {
        const runs = checkRuns.filter((r) => r.head_sha === m[3]);
        return json(200, { total_count: runs.length, check_runs: runs });
      },
    },
  ];

  function labelNames(body: unknown): string[] | null {
    const raw = Array.isArray(body) ? body : (body as { labels?: unknown } | null)?.labels;
    if (!Array.isArray(raw)) return null;
    return raw.map((entry) => (typeof entry === 'string' ? entry : String((entry as { name?: unknown }).name)));
  }

  function repositoryJson(owner: string, repo: string) {
    return { id: 1, node_id: 'R_1', name: repo, full_name: `${owner}/${repo}`, private: false, owner: { ...user(owner), type: 'Organization' }, default_branch: 'main', html_url: `https://github.com/${owner}/${repo}` };
  }
  function issueJson(owner: string, repo: string, issue: StandInIssue) {
    return { ...issue, html_url: `https://github.com/${owner}/${repo}/issues/${issue.number}`, url: `https://api.github.com/repos/${owner}/${repo}/issues/${issue.number}`, repository_url: `https://api.github.com/repos/${owner}/${repo}` };
  }
  function commentJson(owner: string, repo: string, comment: StandInComment) {
    const number = comment.issue.split('#')[1];
    const { issue: _issue, ...rest } = comment;
    return { ...rest, html_url: `https://github.com/${owner}/${repo}/issues/${number}#issuecomment-${comment.id}`, issue_url: `https://api.github.com/repos/${owner}/${repo}/issues/${number}` };
  }

  function rateHeaders(auth: string | undefined): Record<string, string> {
    const who = auth ?? 'anonymous';
    const left = Math.max(0, (remaining.get(who) ?? RATE_LIMIT) - 1);
    remaining.set(who, left);
    return { 'x-ratelimit-limit': String(RATE_LIMIT), 'x-ratelimit-remaining': String(left), 'x-ratelimit-used': String(RATE_LIMIT - left), 'x-ratelimit-reset': String(windowReset()), 'x-ratelimit-resource': 'core' };
  }

  function answer(method: string, path: string, req: { body: unknown; query: URLSearchParams; accept: string; auth: string | undefined; origin: string }): HttpAnswer {
    const at = now();
    const index = injected.findIndex((f) => (f.method === undefined || f.method === method) && (f.path === undefined || f.path.test(path)) && (f.untilMs === undefined || at < f.untilMs) && (f.times ?? 1) > 0);
    if (index >= 0) {
      const fault = injected[index]!;
      fault.times = (fault.times ?? 1) - 1;
      return json(fault.status, { message: fault.message, documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' }, fault.headers?.(at) ?? {});
    }
    for (const route of routes) {
      if (route.method !== method) continue;
      const match = path.match(route.pattern);
      if (match) return route.handle(match, req);
    }
    return notFound();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const path = url.pathname.replace(/^\/api\/v3(?=\/)/, '');
    const origin = `http://${req.headers.host ?? '127.0.0.1'}${url.pathname.startsWith('/api/v3/') ? '/api/v3' : ''}`;
    let body: unknown = null;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const gate = gates.find((g) => g.method === (req.method ?? 'GET') && g.path.test(path));
    if (gate) {
      gate.arrived += 1;
      if (gate.arrived === 1) setTimeout(gate.release, gate.timeoutMs).unref();
      if (gate.arrived >= gate.count) gate.release();
      await gate.open;
    }
    const auth = req.headers.authorization;
    const result = answer(req.method ?? 'GET', path, { body, query: url.searchParams, accept: String(req.headers.accept ?? ''), auth, origin });
    requests.push({ method: req.method ?? 'GET', path, query: url.searchParams, body, auth, status: result.status, at: now() });
    if (stand.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, stand.latencyMs));
    const headers = { ...rateHeaders(auth), ...result.headers };
    if (result.status === 204) {
      res.writeHead(204, headers).end();
      return;
    }
    if (typeof result.body === 'string' && headers['content-type']) {
      res.writeHead(result.status, headers).end(result.body);
      return;
    }
    res.writeHead(result.status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(result.body));
  }

  const gates: { method: string; path: RegExp; count: number; timeoutMs: number; arrived: number; open: Promise<void>; release: () => void }[] = [];

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: `stand-in error: ${String(error)}` })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const stand: GitHubApiStandIn = {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    reactions,
    checkRuns,
    latencyMs: 0,
    holdUntil: ({ method, path, count, timeoutMs }) => {
      let resolve = () => {};
      const open = new Promise<void>((done) => {
        resolve = done;
      });
      const gate = { method, path, count, timeoutMs, arrived: 0, open, release: () => {} };
      gate.release = () => {
        const at = gates.indexOf(gate);
        if (at >= 0) gates.splice(at, 1);
        resolve();
      };
      gates.push(gate);
      return gate.release;
    },
    addIssue({ owner = STAND_IN_OWNER, repo = STAND_IN_REPO, number, title, body, labels = [], locked = false, user: login = 'reporter', pullRequest = false, state = 'open' }) {
      const issue: StandInIssue = { id: 100_000 + number, number, title, body, state, locked, labels: labelsOf(labels), user: user(login), created_at: stamp(), updated_at: stamp(), author_association: 'NONE', comments: 0 };
      if (pullRequest) issue.pull_request = { url: `https://api.github.com/repos/${owner}/${repo}/pulls/${number}` };
      issues.set(key(owner, repo, number), issue);
      return issue;
    },
    issue: (number, owner = STAND_IN_OWNER, repo = STAND_IN_REPO) => issues.get(key(owner, repo, number)),
    comments: (number, owner = STAND_IN_OWNER, repo = STAND_IN_REPO) => [...comments.values()].filter((c) => c.issue === key(owner, repo, number)),
    labels: (number, owner = STAND_IN_OWNER, repo = STAND_IN_REPO) => (issues.get(key(owner, repo, number))?.labels ?? []).map((l) => l.name),
    addComment(number, { body, login, type = 'User' }, owner = STAND_IN_OWNER, repo = STAND_IN_REPO) {
      const id = key(owner, repo, number);
      const issue = issues.get(id);
      if (!issue) throw new Error(`stand-in: no issue ${id}`);
      const comment: StandInComment = { id: nextId++, issue: id, body, user: user(login, type), created_at: stamp(), updated_at: stamp(), author_association: 'NONE' };
      comments.set(comment.id, comment);
      issue.comments += 1;
      return comment;
    },
    setFile: (path, text, owner = STAND_IN_OWNER, repo = STAND_IN_REPO) => void files.set(`${repoKey(owner, repo)}:${path}`, text),
    setPermission: (login, permission, owner = STAND_IN_OWNER, repo = STAND_IN_REPO) => void permissions.set(`${repoKey(owner, repo)}:${login.toLowerCase()}`, permission),
    setCommit: (sha, message, owner = STAND_IN_OWNER, repo = STAND_IN_REPO) => void commits.set(`${repoKey(owner, repo)}:${sha.toLowerCase()}`, { sha: sha.toLowerCase(), message }),
    inject: (fault) => void injected.push({ ...fault }),
    clearFaults: () => void injected.splice(0),
    issuesPayload(action, number, owner = STAND_IN_OWNER, repo = STAND_IN_REPO) {
      const issue = issues.get(key(owner, repo, number));
      if (!issue) throw new Error(`stand-in: no issue ${key(owner, repo, number)}`);
      return { action, issue: issueJson(owner, repo, structuredClone(issue)), repository: repositoryJson(owner, repo), sender: issue.user, installation: { id: STAND_IN_INSTALLATION_ID, node_id: 'I_1' }, ...(action === 'edited' ? { changes: { body: { from: '' } } } : {}) };
    },
    commentPayload(number, commentId, owner = STAND_IN_OWNER, repo = STAND_IN_REPO) {
      const issue = issues.get(key(owner, repo, number));
      const comment = comments.get(commentId);
      if (!issue || !comment) throw new Error(`stand-in: no comment ${commentId} on ${key(owner, repo, number)}`);
      return { action: 'created', issue: issueJson(owner, repo, structuredClone(issue)), comment: commentJson(owner, repo, comment), repository: repositoryJson(owner, repo), sender: comment.user, installation: { id: STAND_IN_INSTALLATION_ID, node_id: 'I_1' } };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return stand;
}

/** `X-Hub-Signature-256` as GitHub computes it. */
export function signWebhook(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** POSTs a signed webhook delivery the way GitHub does; resolves with the status and the time it took. */
export async function deliverWebhook(url: string, delivery: { event: string; id: string; payload: object; secret: string }): Promise<{ status: number; ms: number; text: string }> {
  const body = JSON.stringify(delivery.payload);
  const started = Date.now();
  const response = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-github-event': delivery.event, 'x-github-delivery': delivery.id, 'x-hub-signature-256': signWebhook(body, delivery.secret), 'user-agent': 'GitHub-Hookshot/stand-in' },
  });
  const text = await response.text();
  return { status: response.status, ms: Date.now() - started, text };
}
