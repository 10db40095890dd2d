import { apiError, BugzillaError } from './bugzilla-error.js';
import { chooseAuthMode, type AuthMode } from './choose-auth-mode.js';
import { silentLogger, type Logger } from '../../log/index.js';
import { redactSecret } from './redact-secret.js';
import type { RestAttachment, RestBug, RestBugUpdate, RestComment, RestHistoryEntry, RestProduct, RestTime, RestWhoami } from './rest-types.js';

export interface BugzillaClientOptions {
  /** The server's root (`https://bugzilla.kernel.org`, or with a path: `https://host/bugzilla`). */
  baseUrl: string;
  /** Null for anonymous, read-only use. */
  apiKey: string | null;
  fetch?: typeof globalThis.fetch;
  /** `auto` asks `/rest/version` once and decides (see chooseAuthMode). */
  auth?: AuthMode | 'auto';
  /** Per request attempt. */
  timeoutMs?: number;
  /** Retries after the first attempt, for transient failures only. */
  retries?: number;
  /** Backoff without Retry-After: minBackoffMs * 2^n, randomised x1..x2 (jitter), capped at maxBackoffMs. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /**
   * The longest wait a server's Retry-After (on 429/503) may ask for; a longer one is not waited out
   * in the request: it fails (transient) and the next poll cycle tries again.
   */
  maxRetryAfterMs?: number;
  /** Waits between attempts (tests pass one that records and returns at once). */
  sleep?: (ms: number) => Promise<void>;
  /** The local clock, for Retry-After given as an HTTP date. */
  now?: () => number;
  /** Jitter source in [0, 1). */
  random?: () => number;
  logger?: Logger;
  userAgent?: string;
}

export interface SearchQuery {
  product?: string[];
  component?: string[];
  /** Bugs created at or after this server time. */
  creationTime?: string;
  /** Bugs changed at or after this server time. */
  lastChangeTime?: string;
  includeFields?: string[];
}

export interface SearchResult {
  bugs: RestBug[];
  /** The page size the server actually used (servers cap `limit` silently). */
  effectivePageSize: number;
  pages: number;
}

export interface BugUpdate {
  whiteboard?: string;
  keywordsAdd?: string[];
  /** Removing a keyword the bug lacks changes nothing; one the server lacks is refused like an add (unknown-keyword). */
  keywordsRemove?: string[];
}

export interface BugzillaClient {
  readonly baseUrl: string;
  getVersion(): Promise<string>;
  /** `GET /rest/time`; `retries: 0` makes it a quick probe of whether the server answers at all. */
  getTime(options?: { retries?: number }): Promise<RestTime>;
  /**
   * The account the API key belongs to (`GET /rest/whoami`), or null when there is no key or the
   * server has no such resource (Bugzilla 5.0 answers 404, code 32614). A bad key is an error.
   */
  whoami(): Promise<RestWhoami | null>;
  /**
   * Products by name (`GET /rest/product?names=`), or every product the key can see (`names`
   * null: `type=accessible`), with their components' names. Bugzilla answers only accessible
   * products: one that does not exist and one restricted to a group the account is not in are
   * both missing from the answer.
   */
  getProducts(names: readonly string[] | null): Promise<RestProduct[]>;
  /** One page of a search (`order=bug_id`). */
  searchPage(query: SearchQuery, limit: number, offset: number): Promise<RestBug[]>;
  /** Every page of a search, stopping at a short page; detects a silent cap on `limit`. */
  searchAll(query: SearchQuery, pageSize: number): Promise<SearchResult>;
  getBug(id: number, includeFields?: string[]): Promise<RestBug>;
  getComments(id: number, options?: { newSince?: string }): Promise<RestComment[]>;
  /** Attachments without their data (`exclude_fields=data`). */
  listAttachments(id: number): Promise<RestAttachment[]>;
  /** One attachment with its base64 data. */
  getAttachment(attachmentId: number): Promise<RestAttachment>;
  /** Posts a comment; answers the new comment's id. Not retried after it may have reached the server. */
  addComment(id: number, text: string): Promise<number>;
  updateBug(id: number, update: BugUpdate): Promise<RestBugUpdate>;
  /** The bug's changes, oldest first (`GET /rest/bug/N/history`): who changed which field when. */
  getHistory(id: number): Promise<RestHistoryEntry[]>;
}

interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  query?: [string, string][];
  body?: Record<string, unknown>;
  /** Send the API key. /rest/version and /rest/time need none. */
  auth: boolean;
  /**
   * Whether repeating the request after it may have reached the server is harmless. A comment POST
   * is not: a retry after a timeout could post twice, so it is retried only when the server
   * certainly did not act (429, connection refused).
   */
  idempotent: boolean;
  expectStatus: number[];
}

/**
 * A typed Bugzilla 5.x REST client: timeouts per attempt, retries with exponential backoff and
 * jitter on 5xx/429/network failures, typed errors otherwise, and the API key placed where the
 * server's version reads it. The key never appears in an error or log line.
 *
 * @example
 * const bz = createBugzillaClient({ baseUrl: 'https://bugzilla.kernel.org', apiKey: process.env.BZ_KEY ?? null });
 * const { db_time } = await bz.getTime();
 */
export function createBugzillaClient(options: BugzillaClientOptions): BugzillaClient {
  const {
    apiKey,
    fetch: fetchImpl = globalThis.fetch,
    auth = 'auto',
    timeoutMs = 30_000,
    retries = 5,
    minBackoffMs = 500,
    maxBackoffMs = 30_000,
    maxRetryAfterMs = 120_000,
    sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    now = Date.now,
    random = Math.random,
    logger = silentLogger,
    userAgent = 'ktriage',
  } = options;
  const baseUrl = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  const redact = (text: string): string => redactSecret(text, apiKey);

  let authMode: Promise<AuthMode> | null = auth === 'auto' ? null : Promise.resolve(auth);
  const resolveAuthMode = (): Promise<AuthMode> => {
    if (!authMode) {
      authMode = getVersion().then(chooseAuthMode);
      // A failed version probe must not be cached: the next call asks again.
      authMode.catch(() => {
        authMode = null;
      });
    }
    return authMode;
  };

  async function attempt(spec: RequestSpec, mode: AuthMode | null): Promise<unknown> {
    const url = new URL(spec.path.replace(/^\//, ''), baseUrl);
    for (const [k, v] of spec.query ?? []) url.searchParams.append(k, v);
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': userAgent };
    let body = spec.body;
    if (spec.auth && apiKey) {
      if (mode === 'header') headers['X-BUGZILLA-API-KEY'] = apiKey;
      else if (spec.method === 'GET') url.searchParams.set('api_key', apiKey);
      else body = { ...(body ?? {}), api_key: apiKey };
    }
    const label = redact(`${spec.method} ${url.pathname}${url.search}`);
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: spec.method,
        headers: body ? { ...headers, 'Content-Type': 'application/json' } : headers,
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw networkError(label, error, spec.idempotent);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw networkError(label, error, spec.idempotent);
    }
    let json: unknown;
    let parsed = true;
    try {
      json = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      parsed = false;
    }
    // A 429 or 503 may say how long to wait (RFC 9110 Retry-After: seconds or an HTTP date).
    const retryAfterMs = response.status === 429 || response.status === 503 ? parseRetryAfter(response.headers.get('retry-after'), now()) : null;
    const wait = retryAfterMs === null ? '' : `; Retry-After ${formatMs(retryAfterMs)}`;
    // bugzilla.mozilla.org rate-limits with 429 and no Retry-After; a rate-limited request was not
    // processed, so even a comment POST may be repeated.
    if (response.status === 429) {
      throw new BugzillaError('rate-limited', `${label}: rate limited (HTTP 429${wait})`, label, 429, null, true, retryAfterMs);
    }
    if (parsed && isRestError(json)) {
      throw apiError(label, response.status, json.code, redact(String(json.message)), response.status >= 500 && spec.idempotent, retryAfterMs);
    }
    if (response.status >= 500) {
      throw new BugzillaError('server-error', `${label}: server error (HTTP ${response.status}${wait})`, label, response.status, null, spec.idempotent, retryAfterMs);
    }
    if (!spec.expectStatus.includes(response.status)) {
      throw new BugzillaError('http', `${label}: unexpected HTTP ${response.status} (expected ${spec.expectStatus.join('/')})`, label, response.status, null, false);
    }
    if (!parsed || json === undefined) {
      // A truncated or proxy-mangled body: the request may have been processed, so only a
      // repeatable request is retried.
      throw new BugzillaError('bad-response', `${label}: the server's answer is not JSON (${text.length} bytes: ${JSON.stringify(redact(text.slice(0, 80)))})`, label, response.status, null, spec.idempotent);
    }
    return json;
  }

  /** Exponential backoff with jitter (x1..x2), for failures the server gave no Retry-After for. */
  function backoffMs(attemptNumber: number): number {
    return Math.min(maxBackoffMs, Math.round(minBackoffMs * 2 ** (attemptNumber - 1) * (1 + random())));
  }

  /**
   * One request with retries: transient failures only (5xx, 429, timeouts, network errors, as
   * classified by attempt()), at most `retries` more times. The wait is the server's Retry-After
   * when it sent one (bounded by maxRetryAfterMs), else exponential backoff with jitter.
   */
  async function request(spec: RequestSpec, maxRetries = retries): Promise<unknown> {
    const mode = spec.auth && apiKey ? await resolveAuthMode() : null;
    for (let attemptNumber = 1; ; attemptNumber += 1) {
      try {
        return await attempt(spec, mode);
      } catch (error) {
        if (!(error instanceof BugzillaError) || !error.transient) throw error;
        const retriesLeft = maxRetries - (attemptNumber - 1);
        if (retriesLeft <= 0) throw error;
        if (error.retryAfterMs !== null && error.retryAfterMs > maxRetryAfterMs) {
          // Waiting that long inside one request would stall the cycle; retrying sooner would
          // ignore the server. Fail now (transient): the next cycle comes back to it.
          throw new BugzillaError(
            error.kind,
            `${error.message}: the server asks to wait longer than ${formatMs(maxRetryAfterMs)} (max_retry_after); not retried now`,
            error.request,
            error.status,
            error.code,
            true,
            error.retryAfterMs,
          );
        }
        const delay = error.retryAfterMs ?? backoffMs(attemptNumber);
        logger.warn(`bugzilla: ${redact(error.message)}; attempt ${attemptNumber} failed, ${retriesLeft} retries left, next in ${formatMs(delay)}${error.retryAfterMs !== null ? ' as the server asked' : ''}`);
        await sleep(delay);
      }
    }
  }

  function shape<T>(spec: RequestSpec, json: unknown, pick: (value: Record<string, unknown>) => T | undefined, what: string): T {
    const value = typeof json === 'object' && json !== null ? pick(json as Record<string, unknown>) : undefined;
    if (value === undefined) {
      const label = redact(`${spec.method} ${spec.path}`);
      throw new BugzillaError('bad-response', `${label}: the answer lacks ${what}`, label, null, null, false);
    }
    return value;
  }

  async function call<T>(spec: RequestSpec, pick: (value: Record<string, unknown>) => T | undefined, what: string, maxRetries = retries): Promise<T> {
    return shape(spec, await request(spec, maxRetries), pick, what);
  }

  async function getVersion(): Promise<string> {
    const spec: RequestSpec = { method: 'GET', path: '/rest/version', auth: false, idempotent: true, expectStatus: [200] };
    return call(spec, (v) => (typeof v.version === 'string' ? v.version : undefined), '"version"');
  }

  function searchParams(query: SearchQuery, limit: number, offset: number): [string, string][] {
    const params: [string, string][] = [];
    for (const p of query.product ?? []) params.push(['product', p]);
    for (const c of query.component ?? []) params.push(['component', c]);
    if (query.creationTime) params.push(['creation_time', query.creationTime]);
    if (query.lastChangeTime) params.push(['last_change_time', query.lastChangeTime]);
    params.push(['order', 'bug_id'], ['limit', String(limit)], ['offset', String(offset)]);
    if (query.includeFields?.length) params.push(['include_fields', query.includeFields.join(',')]);
    return params;
  }

  const client: BugzillaClient = {
    baseUrl,
    getVersion,
    async getTime(opts = {}) {
      const spec: RequestSpec = { method: 'GET', path: '/rest/time', auth: false, idempotent: true, expectStatus: [200] };
      return call(spec, (v) => (typeof v.db_time === 'string' ? (v as unknown as RestTime) : undefined), '"db_time"', opts.retries ?? retries);
    },
    async whoami() {
      if (!apiKey) return null;
      const spec: RequestSpec = { method: 'GET', path: '/rest/whoami', auth: true, idempotent: true, expectStatus: [200] };
      try {
        return await call(
          spec,
          (v) => {
            // The documentation's example shows the id as a string; the server types it as an int.
            const id = typeof v.id === 'number' ? v.id : typeof v.id === 'string' && /^\d+$/.test(v.id) ? Number(v.id) : null;
            return typeof v.name === 'string' && v.name.trim() !== '' && id !== null ? ({ ...v, id, name: v.name } as RestWhoami) : undefined;
          },
          '"id" and "name"',
        );
      } catch (error) {
        // No such resource: Bugzilla's own 404 (code 32614), or a plain 404 from a proxy in front.
        if (error instanceof BugzillaError && (error.kind === 'unknown-resource' || (error.kind === 'http' && error.status === 404))) return null;
        throw error;
      }
    },
    async getProducts(names) {
      const query: [string, string][] = names === null ? [['type', 'accessible']] : names.map((n): [string, string] => ['names', n]);
      query.push(['include_fields', 'name,components.name']);
      const spec: RequestSpec = { method: 'GET', path: '/rest/product', query, auth: true, idempotent: true, expectStatus: [200] };
      return call(spec, (v) => (Array.isArray(v.products) ? (v.products as RestProduct[]).filter((p) => typeof p?.name === 'string') : undefined), '"products"');
    },
    async searchPage(query, limit, offset) {
      const spec: RequestSpec = { method: 'GET', path: '/rest/bug', query: searchParams(query, limit, offset), auth: true, idempotent: true, expectStatus: [200] };
      return call(spec, (v) => (Array.isArray(v.bugs) ? (v.bugs as RestBug[]).filter(isBugLike) : undefined), '"bugs"');
    },
    async searchAll(query, pageSize) {
      // No "has more" flag exists: stop at a short page. A server may cap `limit` silently, so
      // a page shorter than asked is only "short" once it is also shorter than the largest page
      // seen; the first short page costs one extra request that answers empty.
      const seen = new Map<number, RestBug>();
      let offset = 0;
      let largest = 0;
      let pages = 0;
      for (;;) {
        const page = await client.searchPage(query, pageSize, offset);
        pages += 1;
        for (const bug of page) if (!seen.has(bug.id)) seen.set(bug.id, bug);
        if (page.length === 0 || page.length < largest) break;
        largest = Math.max(largest, page.length);
        offset += page.length;
      }
      return { bugs: [...seen.values()].sort((a, b) => a.id - b.id), effectivePageSize: largest, pages };
    },
    async getBug(id, includeFields) {
      const query: [string, string][] = includeFields?.length ? [['include_fields', includeFields.join(',')]] : [];
      const spec: RequestSpec = { method: 'GET', path: `/rest/bug/${id}`, query, auth: true, idempotent: true, expectStatus: [200] };
      return call(spec, (v) => (Array.isArray(v.bugs) && isBugLike(v.bugs[0]) ? (v.bugs[0] as RestBug) : undefined), `bug ${id} in "bugs"`);
    },
    async getComments(id, opts = {}) {
      const query: [string, string][] = opts.newSince ? [['new_since', opts.newSince]] : [];
      const spec: RequestSpec = { method: 'GET', path: `/rest/bug/${id}/comment`, query, auth: true, idempotent: true, expectStatus: [200] };
      return call(
        spec,
        (v) => {
          const entry = (v.bugs as Record<string, { comments?: unknown }> | undefined)?.[String(id)];
          return Array.isArray(entry?.comments) ? (entry.comments as RestComment[]) : undefined;
        },
        `"bugs"."${id}"."comments"`,
      );
    },
    async listAttachments(id) {
      const spec: RequestSpec = { method: 'GET', path: `/rest/bug/${id}/attachment`, query: [['exclude_fields', 'data']], auth: true, idempotent: true, expectStatus: [200] };
      return call(
        spec,
        (v) => {
          const list = (v.bugs as Record<string, unknown> | undefined)?.[String(id)];
          return Array.isArray(list) ? (list as RestAttachment[]) : undefined;
        },
        `"bugs"."${id}"`,
      );
    },
    async getAttachment(attachmentId) {
      const spec: RequestSpec = { method: 'GET', path: `/rest/bug/attachment/${attachmentId}`, auth: true, idempotent: true, expectStatus: [200] };
      return call(
        spec,
        (v) => {
          const att = (v.attachments as Record<string, unknown> | undefined)?.[String(attachmentId)];
          return typeof att === 'object' && att !== null ? (att as RestAttachment) : undefined;
        },
        `"attachments"."${attachmentId}"`,
      );
    },
    async addComment(id, text) {
      const spec: RequestSpec = { method: 'POST', path: `/rest/bug/${id}/comment`, body: { comment: text }, auth: true, idempotent: false, expectStatus: [201, 200] };
      return call(spec, (v) => (typeof v.id === 'number' ? v.id : undefined), '"id"');
    },
    async updateBug(id, update) {
      const body: Record<string, unknown> = {};
      if (update.whiteboard !== undefined) body.whiteboard = update.whiteboard;
      const keywords = { ...(update.keywordsAdd?.length ? { add: update.keywordsAdd } : {}), ...(update.keywordsRemove?.length ? { remove: update.keywordsRemove } : {}) };
      if (Object.keys(keywords).length > 0) body.keywords = keywords;
      // Setting the whiteboard to a value, adding and removing keywords are all repeatable.
      const spec: RequestSpec = { method: 'PUT', path: `/rest/bug/${id}`, body, auth: true, idempotent: true, expectStatus: [200] };
      return call(
        spec,
        (v) => {
          const first = Array.isArray(v.bugs) ? (v.bugs as RestBugUpdate[]).find((b) => b.id === id) : undefined;
          return first && typeof first.last_change_time === 'string' ? first : undefined;
        },
        `bug ${id} in "bugs"`,
      );
    },
    async getHistory(id) {
      const spec: RequestSpec = { method: 'GET', path: `/rest/bug/${id}/history`, auth: true, idempotent: true, expectStatus: [200] };
      return call(
        spec,
        (v) => {
          const first = Array.isArray(v.bugs) ? (v.bugs as { id?: unknown; history?: unknown }[]).find((b) => b.id === id) : undefined;
          return Array.isArray(first?.history) ? (first.history as RestHistoryEntry[]) : undefined;
        },
        `bug ${id}'s "history" in "bugs"`,
      );
    },
  };
  return client;

  function networkError(label: string, error: unknown, idempotent: boolean): BugzillaError {
    const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    if (err?.name === 'TimeoutError' || err?.name === 'AbortError') {
      return new BugzillaError('timeout', `${label}: no answer within ${timeoutMs} ms`, label, null, null, idempotent);
    }
    const code = err?.cause?.code ?? '';
    // A refused connection certainly never reached Bugzilla, so even a comment POST may be retried.
    const neverSent = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
    const detail = redact(`${err?.message ?? String(error)}${err?.cause?.message ? ` (${err.cause.message})` : ''}`);
    return new BugzillaError('network', `${label}: network error: ${detail}`, label, null, null, idempotent || neverSent);
  }
}

/**
 * A Retry-After header in milliseconds from `nowMs`: delay-seconds (`120`) or an HTTP date
 * (`Wed, 25 Nov 2026 10:00:00 GMT`; a past date means now). Null when absent or unreadable, so the
 * caller falls back to its own backoff.
 *
 * @example
 * parseRetryAfter('7', 0) // => 7000
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only an IMF-fixdate-like date (RFC 9110 also allows two obsolete forms; Date.parse reads them too),
  // not any string Date.parse happens to accept, like "12".
  if (!/^[A-Za-z]{3},? /.test(text) && !/^[A-Za-z]+day, /.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function isRestError(value: unknown): value is { error: true; code: number; message: unknown } {
  return typeof value === 'object' && value !== null && (value as { error?: unknown }).error === true && typeof (value as { code?: unknown }).code === 'number';
}

function isBugLike(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'number';
}
