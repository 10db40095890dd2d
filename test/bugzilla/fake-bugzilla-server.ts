/**
 * An in-process fake Bugzilla (node:http on 127.0.0.1, ephemeral port) that answers in the exact
 * shapes recorded from a stock Bugzilla 5.2 server (test/fixtures/bugzilla-5.2/*.json): bug objects
 * are built from the recorded bug-get.json, errors carry the recorded codes, statuses and messages.
 *
 * Reproduced facts: auth by version (5.0/5.2 read only the api_key parameter and ignore the
 * X-BUGZILLA-API-KEY header; 5.1 and bugzilla.mozilla.org also read the header), a silent cap on
 * search `limit`, 0/1 attachment flags vs boolean comment flags, 201 for comment POSTs and 200 for
 * bug creation, keywords that must exist, private bugs hidden from search and 401/102 on fetch,
 * and `GET /rest/whoami` only where it exists: 5.1, 6.x and bugzilla.mozilla.org answer the key's
 * account (`{id, name, real_name}` per upstream docs/en/rst/api/core/v1/user.rst, bug 1204683; BMO
 * adds nick, mfa_status, groups, uuid); 5.0 and 5.2 have no such resource and answer Bugzilla's
 * 404 code 32614 (rest_invalid_resource, REST_STATUS_CODE_MAP in Bugzilla/WebService/Constants.pm).
 *
 * Faults are injected per request: 500, 502, 503, 429, malformed JSON, a hang (client timeout), a
 * cut connection, or a response that is processed and then lost.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RestComment, RestHistoryEntry } from '../../src/bugzilla/client/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const RECORDS_DIR = path.resolve(here, '../fixtures/bugzilla-5.2');

export function loadRecord(name: string): { request: { method: string; path: string; body: unknown }; status: number; response: Record<string, unknown> } {
  return JSON.parse(readFileSync(path.join(RECORDS_DIR, name), 'utf8'));
}

const DOC = 'https://bugzilla.readthedocs.org/en/5.0/api/';
const BUG_TEMPLATE = (loadRecord('bug-get.json').response.bugs as Record<string, unknown>[])[0]!;

/** A comment as the server stores it: the client's REST shape, with tags always present. */
export type FakeComment = RestComment & { tags: string[] };

export interface FakeAttachment {
  id: number;
  bug_id: number;
  file_name: string;
  summary: string;
  content_type: string;
  size: number;
  creator: string;
  creation_time: string;
  last_change_time: string;
  is_patch: 0 | 1;
  is_private: 0 | 1;
  is_obsolete: 0 | 1;
  flags: unknown[];
  data: string;
}

export interface FakeBug {
  fields: Record<string, unknown> & { id: number; whiteboard: string; keywords: string[]; last_change_time: string; creation_time: string };
  comments: FakeComment[];
  attachments: FakeAttachment[];
  /** In a group the ktriage account cannot see (made private). */
  hidden: boolean;
  /** Field changes after filing, oldest first, as `GET /rest/bug/N/history` answers them (history-keywords.json). */
  history: RestHistoryEntry[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown> | null;
  headers: IncomingMessage['headers'];
  /** Where a valid API key came from, as the server's version reads it. */
  keyIn: 'body' | 'header' | 'query' | null;
}

/**
 * `status-502`: a proxy in front of a dead or restarting Apache (what a reverse proxy answers);
 * `reset`: the connection is cut before any answer (a server going down).
 */
export type FaultKind = 'hang' | 'lost-response' | 'malformed' | 'reset' | 'status-429' | 'status-500' | 'status-502' | 'status-503';

export interface Fault {
  match: (req: RecordedRequest) => boolean;
  kind: FaultKind;
  /** How many matching requests it hits; Infinity for all. */
  times: number;
  /**
   * A Retry-After header on a 429/503 (seconds or an HTTP date). bugzilla.mozilla.org sends none;
   * a proxy or a maintenance page in front of a server may.
   */
  retryAfter?: string;
}

export interface FakeBugzillaOptions {
  version?: string;
  apiKeys?: string[];
  /** Silent cap on search `limit` (Bugzilla's max_search_results); null for none. */
  pageCap?: number | null;
  keywords?: string[];
  /** The server clock (db_time) at start. */
  now?: string;
  /** The account name comments are posted as (the owner of the API key). */
  botLogin?: string;
}

export class FakeBugzilla {
  readonly version: string;
  readonly apiKeys: Set<string>;
  pageCap: number | null;
  readonly keywords: Set<string>;
  readonly botLogin: string;
  readonly bugs = new Map<number, FakeBug>();
  /**
   * Products and their components (a bug's are added when it is filed). `hidden`: restricted to a
   * group the API key's account is not in. Like Bugzilla's Product.get, `/rest/product` answers
   * only accessible products: a hidden one and one that does not exist both answer `products: []`.
   */
  readonly products = new Map<string, { components: Set<string>; hidden: boolean }>();
  readonly requests: RecordedRequest[] = [];
  readonly faults: Fault[] = [];
  /** Runs before a request is answered (e.g. delete a bug between search and fetch). */
  beforeRequest: ((req: RecordedRequest) => void) | null = null;
  private clock: number;
  private nextBugId = 1;
  private nextCommentId = 1;
  private nextAttachmentId = 1;
  private server: Server | null = null;
  private sockets = new Set<Socket>();
  url = '';

  constructor(options: FakeBugzillaOptions = {}) {
    this.version = options.version ?? '5.2';
    this.apiKeys = new Set(options.apiKeys ?? ['KEY']);
    this.pageCap = options.pageCap === undefined ? null : options.pageCap;
    this.keywords = new Set(options.keywords ?? ['triaged']);
    this.botLogin = options.botLogin ?? 'ktriage-bot@example.test';
    this.clock = Date.parse(options.now ?? '2026-11-23T19:25:10Z');
  }

  /** Bugzilla times: second precision, UTC, `Z`. */
  get now(): string {
    return new Date(this.clock).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  tick(seconds = 1): string {
    this.clock += seconds * 1000;
    return this.now;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this.url;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  // ------------------------------------------------------------------------------------------
  // Data set-up (what a reporter does through the web UI)
  // ------------------------------------------------------------------------------------------

  addBug(input: { product: string; component: string; summary: string; description: string; creator?: string; version?: string; whiteboard?: string; keywords?: string[] }): number {
    const id = this.nextBugId++;
    const creator = input.creator ?? 'reporter@example.test';
    const fields = {
      ...structuredClone(BUG_TEMPLATE),
      id,
      product: input.product,
      component: input.component,
      summary: input.summary,
      version: input.version ?? 'unspecified',
      creator,
      creator_detail: { id: 1000 + id, name: creator, email: creator, real_name: creator.split('@')[0] },
      creation_time: this.now,
      last_change_time: this.now,
      whiteboard: input.whiteboard ?? '',
      keywords: input.keywords ?? [],
      update_token: `${this.clock}-token`,
    } as FakeBug['fields'];
    this.bugs.set(id, { fields, comments: [], attachments: [], hidden: false, history: [] });
    this.addProduct(input.product, [input.component]);
    this.comment(id, input.description, creator);
    return id;
  }

  addProduct(name: string, components: string[], options: { hidden?: boolean } = {}): void {
    const product = this.products.get(name) ?? { components: new Set<string>(), hidden: false };
    for (const c of components) product.components.add(c);
    if (options.hidden !== undefined) product.hidden = options.hidden;
    this.products.set(name, product);
  }

  comment(bugId: number, text: string, creator: string, attachmentId: number | null = null): FakeComment {
    const bug = this.mustBug(bugId);
    const c: FakeComment = {
      id: this.nextCommentId++,
      bug_id: bugId,
      count: bug.comments.length,
      text,
      creator,
      creation_time: this.now,
      time: this.now,
      is_private: false,
      attachment_id: attachmentId,
      tags: [],
    };
    bug.comments.push(c);
    bug.fields.last_change_time = this.now;
    return c;
  }

  attach(bugId: number, input: { file_name: string; content_type: string; text?: string; bytes?: Buffer; summary?: string; creator?: string; is_obsolete?: boolean; is_private?: boolean }): FakeAttachment {
    const bug = this.mustBug(bugId);
    const bytes = input.bytes ?? Buffer.from(input.text ?? '', 'utf8');
    const creator = input.creator ?? (bug.fields.creator as string);
    const a: FakeAttachment = {
      id: this.nextAttachmentId++,
      bug_id: bugId,
      file_name: input.file_name,
      summary: input.summary ?? input.file_name,
      content_type: input.content_type,
      size: bytes.length,
      creator,
      creation_time: this.now,
      last_change_time: this.now,
      is_patch: 0,
      is_private: input.is_private ? 1 : 0,
      is_obsolete: input.is_obsolete ? 1 : 0,
      flags: [],
      data: bytes.toString('base64'),
    };
    bug.attachments.push(a);
    // Attaching a file adds a comment of its own (recorded in comments-get.json).
    this.comment(bugId, `Created attachment ${a.id}\n${a.summary}`, creator, a.id);
    return a;
  }

  /** Loads a bug exactly as a server recorded it (bug-get.json, comments-get.json, attachments-get.json). */
  importBug(fields: Record<string, unknown>, comments: FakeComment[], attachments: FakeAttachment[]): number {
    const id = fields.id as number;
    this.bugs.set(id, { fields: structuredClone(fields) as FakeBug['fields'], comments: structuredClone(comments), attachments: structuredClone(attachments), hidden: false, history: [] });
    this.addProduct(String(fields.product), [String(fields.component)]);
    this.nextBugId = Math.max(this.nextBugId, id + 1);
    this.nextCommentId = Math.max(this.nextCommentId, ...comments.map((c) => c.id + 1));
    this.nextAttachmentId = Math.max(this.nextAttachmentId, ...attachments.map((a) => a.id + 1));
    return id;
  }

  /**
   * A person sets a bug's keywords through the web UI: the change is in the bug's history under
   * their login, as ktriage's own PUTs are under its account's.
   */
  setKeywords(bugId: number, keywords: string[], who: string): void {
    const bug = this.mustBug(bugId);
    const added = keywords.filter((k) => !bug.fields.keywords.includes(k));
    const removed = bug.fields.keywords.filter((k) => !keywords.includes(k));
    if (added.length + removed.length === 0) return;
    bug.fields.keywords = [...keywords].sort();
    bug.fields.last_change_time = this.now;
    bug.history.push({ when: this.now, who, changes: [{ field_name: 'keywords', added: added.sort().join(', '), removed: removed.sort().join(', ') }] });
  }

  /** Sets the server clock. */
  setNow(iso: string): void {
    this.clock = Date.parse(iso);
  }

  /** Comments whose text contains `needle` (ktriage's marker), on one bug. */
  commentsContaining(bugId: number, needle: string): FakeComment[] {
    return this.mustBug(bugId).comments.filter((c) => c.text.includes(needle));
  }

  mustBug(id: number): FakeBug {
    const bug = this.bugs.get(id);
    if (!bug) throw new Error(`fake bugzilla: no bug ${id}`);
    return bug;
  }

  // ------------------------------------------------------------------------------------------
  // HTTP
  // ------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    let body: Record<string, unknown> | null = null;
    const raw = Buffer.concat(chunks).toString('utf8');
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        return this.send(res, 400, { error: true, code: 32000, message: 'Could not parse the JSON body.', documentation: DOC });
      }
    }
    const rec: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body, headers: req.headers, keyIn: null };
    this.requests.push(rec);
    this.beforeRequest?.(rec);

    const taken = this.takeFault(rec);
    const fault = taken?.kind ?? null;
    const retryAfter: Record<string, string> = taken?.retryAfter !== undefined ? { 'Retry-After': taken.retryAfter } : {};
    if (fault === 'hang') return; // never answered: the client's timeout fires; close() frees it
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault === 'status-502') {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      return;
    }
    if (fault === 'status-500' || fault === 'status-503') {
      res.writeHead(fault === 'status-500' ? 500 : 503, { 'Content-Type': 'text/html', ...(fault === 'status-503' ? retryAfter : {}) });
      res.end(fault === 'status-500' ? '<html><body>Internal Server Error</body></html>' : '<html><body>Service Unavailable</body></html>');
      return;
    }
    if (fault === 'status-429') {
      // bugzilla.mozilla.org answers 429 without Retry-After (unless a fault adds one).
      this.send(res, 429, { error: true, code: 429, message: 'Too Many Requests', documentation: DOC }, false, retryAfter);
      return;
    }
    if (fault === 'malformed') {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=UTF-8' });
      res.end('{"bugs": [{"id": 1, "summ');
      return;
    }

    const answer = this.route(rec);
    if (fault === 'lost-response') {
      // The server acted; the answer never arrives (a crash or a cut connection right after).
      req.socket.destroy();
      return;
    }
    this.send(res, answer.status, answer.body);
  }

  private takeFault(rec: RecordedRequest): Fault | null {
    for (const f of this.faults) {
      if (f.times > 0 && f.match(rec)) {
        f.times -= 1;
        return f;
      }
    }
    return null;
  }

  private send(res: ServerResponse, status: number, body: unknown, json = true, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'Content-Type': json ? 'application/json; charset=UTF-8' : 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  private error(status: number, code: number, message: string): { status: number; body: unknown } {
    return { status, body: { error: true, code, message, documentation: DOC } };
  }

  /** The id of the account the API keys belong to. */
  readonly botUserId = 7;

  /** /rest/whoami came with the 5.1 line (upstream bug 1204683); the 5.0 line, 5.2 included, lacks it. */
  hasWhoami(): boolean {
    return this.version === '5.1' || /^5\.1\./.test(this.version) || /^\d{8}/.test(this.version) || Number.parseInt(this.version, 10) >= 6;
  }

  /** Which key the server reads, by version; null when none was given. */
  private readKey(rec: RecordedRequest): { key: string | null; where: RecordedRequest['keyIn'] } {
    const headerKey = rec.headers['x-bugzilla-api-key'];
    const acceptsHeader = this.version === '5.1' || /^\d{8}/.test(this.version) || Number.parseInt(this.version, 10) >= 6;
    if (acceptsHeader && typeof headerKey === 'string') return { key: headerKey, where: 'header' };
    const q = rec.query.get('api_key');
    if (q !== null) return { key: q, where: 'query' };
    if (rec.body && typeof rec.body.api_key === 'string') return { key: rec.body.api_key, where: 'body' };
    return { key: null, where: null };
  }

  private route(rec: RecordedRequest): { status: number; body: unknown } {
    const { method, path: p } = rec;
    if (method === 'GET' && p === '/rest/version') return { status: 200, body: { version: this.version } };
    if (method === 'GET' && p === '/rest/time') {
      return { status: 200, body: { db_time: this.now, web_time: this.now, web_time_utc: this.now, tz_short_name: 'UTC', tz_name: 'UTC', tz_offset: '+0000' } };
    }
    const { key, where } = this.readKey(rec);
    if (key !== null && !this.apiKeys.has(key)) return this.error(400, 306, 'The API key you specified is invalid. Please check that you typed it correctly.');
    rec.keyIn = key !== null ? where : null;
    const loggedIn = key !== null;
    const loginRequired = this.error(401, 410, 'You must log in before using this part of Bugzilla.');
    if (method === 'GET' && p === '/rest/whoami' && this.hasWhoami()) {
      if (!loggedIn) return loginRequired;
      const me: Record<string, unknown> = { id: this.botUserId, real_name: 'ktriage bot', name: this.botLogin };
      if (/^\d{8}/.test(this.version)) Object.assign(me, { nick: this.botLogin.split('@')[0], mfa_status: false, groups: ['editbugs'], uuid: 'bmo-who:0123456789abcdef' });
      return { status: 200, body: me };
    }

    if (method === 'GET' && p === '/rest/product') {
      // Product.get: names are matched case-insensitively among the accessible products only.
      const names = new Set(rec.query.getAll('names').map((n) => n.toLowerCase()));
      const all = rec.query.get('type') === 'accessible';
      const products = [...this.products.entries()]
        .filter(([name, prod]) => !prod.hidden && (all || names.has(name.toLowerCase())))
        .map(([name, prod]) => ({ name, components: [...prod.components].map((c) => ({ name: c })) }));
      return { status: 200, body: { products } };
    }
    let m: RegExpExecArray | null;
    if (method === 'GET' && p === '/rest/bug') return { status: 200, body: { bugs: this.search(rec.query) } };
    if (method === 'POST' && p === '/rest/bug') {
      if (!loggedIn) return loginRequired;
      const b = rec.body ?? {};
      const id = this.addBug({ product: String(b.product), component: String(b.component), summary: String(b.summary), description: String(b.description ?? ''), creator: this.botLogin });
      return { status: 200, body: { id } };
    }
    if ((m = /^\/rest\/bug\/attachment\/(\d+)$/.exec(p)) && method === 'GET') {
      const aid = Number(m[1]);
      for (const bug of this.bugs.values()) {
        const a = bug.attachments.find((x) => x.id === aid);
        if (a) {
          if (bug.hidden) return this.error(401, 102, `You are not authorized to access bug #${bug.fields.id}.`);
          return { status: 200, body: { bugs: {}, attachments: { [String(aid)]: this.project(a, rec.query) } } };
        }
      }
      return this.error(404, 100, `Attachment #${aid} does not exist.`);
    }
    if (!(m = /^\/rest\/bug\/(\d+)(\/comment|\/attachment|\/history)?$/.exec(p))) {
      return this.error(404, 32614, `A REST API resource was not found for '${method} ${p}'.`);
    }
    const id = Number(m[1]);
    const sub = m[2];
    const bug = this.bugs.get(id);
    if (!bug) return this.error(404, 101, `Bug #${id} does not exist.`);
    if (bug.hidden) return this.error(401, 102, `You are not authorized to access bug #${id}.`);

    if (method === 'GET' && sub === undefined) {
      return { status: 200, body: { bugs: [this.project(bug.fields, rec.query)], faults: [] } };
    }
    if (method === 'GET' && sub === '/comment') {
      const since = rec.query.get('new_since');
      // Bugzilla::Bug::comments keeps comments strictly newer than new_since.
      const comments = since ? bug.comments.filter((c) => c.creation_time > since) : bug.comments;
      return { status: 200, body: { bugs: { [String(id)]: { comments } }, comments: {} } };
    }
    if (method === 'GET' && sub === '/attachment') {
      return { status: 200, body: { bugs: { [String(id)]: bug.attachments.map((a) => this.project(a, rec.query)) }, attachments: {} } };
    }
    if (method === 'POST' && sub === '/comment') {
      if (!loggedIn) return loginRequired;
      const text = rec.body?.comment;
      if (typeof text !== 'string' || text.trim() === '') return this.error(400, 50, 'The function requires a comment argument, and that argument was not set.');
      // Bugzilla trims trailing whitespace of comments.
      const c = this.comment(id, text.replace(/\s+$/, ''), this.botLogin);
      return { status: 201, body: { id: c.id } };
    }
    if (method === 'PUT' && sub === undefined) {
      if (!loggedIn) return loginRequired;
      const changes: Record<string, { added: string; removed: string }> = {};
      const kw = (rec.body?.keywords as { add?: string[]; remove?: string[] } | undefined) ?? {};
      // Bugzilla checks every named keyword, removed ones too (bug-update-remove-unknown-keyword.json).
      for (const k of [...(kw.add ?? []), ...(kw.remove ?? [])]) {
        if (!this.keywords.has(k)) return this.error(404, 51, `There is no keyword named '${k}'. See the list of available keywords.`);
      }
      const added = (kw.add ?? []).filter((k) => !bug.fields.keywords.includes(k));
      // Removing a keyword the bug lacks changes nothing.
      const removed = (kw.remove ?? []).filter((k) => bug.fields.keywords.includes(k) && !added.includes(k));
      if (added.length + removed.length > 0) {
        bug.fields.keywords = [...bug.fields.keywords.filter((k) => !removed.includes(k)), ...added].sort();
        changes.keywords = { added: added.sort().join(', '), removed: removed.sort().join(', ') };
      }
      const wb = rec.body?.whiteboard;
      if (typeof wb === 'string' && wb !== bug.fields.whiteboard) {
        changes.whiteboard = { removed: bug.fields.whiteboard, added: wb };
        bug.fields.whiteboard = wb;
      }
      if (Object.keys(changes).length > 0) {
        bug.fields.last_change_time = this.now;
        bug.history.push({ when: this.now, who: this.botLogin, changes: Object.entries(changes).map(([field_name, c]) => ({ field_name, ...c })) });
      }
      return { status: 200, body: { bugs: [{ alias: [], last_change_time: bug.fields.last_change_time, id, changes }] } };
    }
    if (method === 'GET' && sub === '/history') {
      return { status: 200, body: { bugs: [{ history: bug.history, alias: [], id }] } };
    }
    return this.error(404, 32614, `A REST API resource was not found for '${method} ${p}'.`);
  }

  private search(q: URLSearchParams): unknown[] {
    const products = q.getAll('product');
    const components = q.getAll('component');
    const created = q.get('creation_time');
    const changed = q.get('last_change_time');
    let rows = [...this.bugs.values()]
      .filter((b) => !b.hidden)
      .filter((b) => products.length === 0 || products.includes(b.fields.product as string))
      .filter((b) => components.length === 0 || components.includes(b.fields.component as string))
      .filter((b) => !created || b.fields.creation_time >= created)
      .filter((b) => !changed || b.fields.last_change_time >= changed);
    if (q.get('order') === 'bug_id') rows = rows.sort((a, b) => a.fields.id - b.fields.id);
    const asked = q.has('limit') ? Number(q.get('limit')) : Infinity;
    const limit = Math.min(asked === 0 ? Infinity : asked, this.pageCap ?? Infinity);
    const offset = Number(q.get('offset') ?? 0);
    return rows.slice(offset, offset + limit).map((b) => this.project(b.fields, q));
  }

  private project<T extends object>(obj: T, q: URLSearchParams): Partial<T> {
    const include = q.get('include_fields')?.split(',').filter(Boolean);
    const exclude = q.get('exclude_fields')?.split(',').filter(Boolean) ?? [];
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      if (include && !include.includes(k)) continue;
      if (exclude.includes(k)) continue;
      out[k] = structuredClone(v);
    }
    return out as Partial<T>;
  }
}
