import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../log/index.js';

/**
 * A bugzilla.mozilla.org-style webhook (Webhooks extension):
 * `{webhook_name, webhook_id, event: {action, target, routing_key, time, user, changes}, bug: {id, summary, product, component, ...}}`.
 * Upstream Bugzilla has no webhooks; the poll loop covers it (and backs up lost deliveries here).
 */
export interface BugzillaWebhookPayload {
  webhook_name?: string;
  webhook_id?: number;
  event?: { action?: string; target?: string; routing_key?: string; time?: string; user?: unknown; changes?: unknown };
  bug: { id: number; product?: string; component?: string; [field: string]: unknown };
}

export interface WebhookHandlerOptions {
  /** The shared secret; the extension's one custom header is its only authenticity check. */
  secret: string;
  /** The header carrying it (case-insensitive). */
  header: string;
  path: string;
  /** Bugs outside these products/components are acknowledged and ignored. */
  watch: { product: string; components: string[] }[];
  /** Queues the bug for the same pipeline as the poll loop; must not throw. */
  enqueue: (bugId: number, reason: string) => void;
  logger: Logger;
  maxBodyBytes?: number;
}

/** Constant-time comparison of two secrets of any length (hashing first equalises lengths). */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

/**
 * The webhook route as a node:http request listener. It answers fast (202) and hands the bug id to
 * `enqueue`; handling fetches the bug in full, as the poll loop does, so the payload is never
 * trusted for content — only for which bug changed.
 *
 * @example
 * http.createServer(createWebhookHandler({ secret, header: 'X-Ktriage-Secret', path: '/bugzilla/webhook', watch, enqueue, logger })).listen(8787);
 */
export function createWebhookHandler(options: WebhookHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const headerName = options.header.toLowerCase();
  const reply = (res: ServerResponse, status: number, body: Record<string, unknown>): void => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz' && req.method === 'GET') return reply(res, 200, { ok: true });
    if (url.pathname !== options.path) return reply(res, 404, { error: 'not found' });
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return reply(res, 405, { error: 'POST only' });
    }
    const given = req.headers[headerName];
    if (typeof given !== 'string' || !secretsEqual(given, options.secret)) {
      options.logger.warn(`bugzilla webhook: rejected a delivery from ${req.socket.remoteAddress ?? '?'}: ${typeof given === 'string' ? 'wrong' : 'missing'} ${options.header} header`);
      req.resume();
      return reply(res, 401, { error: `missing or wrong ${options.header} header` });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('error', () => reply(res, 400, { error: 'request error' }));
    req.on('end', () => {
      if (tooLarge) return reply(res, 413, { error: `body larger than ${maxBody} bytes` });
      let payload: unknown;
      try {
        payload = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return reply(res, 400, { error: 'body is not JSON' });
      }
      const bug = (payload as Partial<BugzillaWebhookPayload> | null)?.bug;
      if (!bug || typeof bug.id !== 'number' || !Number.isInteger(bug.id) || bug.id <= 0) {
        return reply(res, 400, { error: 'expected a Bugzilla webhook payload with bug.id' });
      }
      // A payload that names the product is filtered here; one that does not is checked against the
      // API when handled (isWatched), as is every bug before it is touched.
      if (typeof bug.product === 'string' && !isWatched(options.watch, bug.product, bug.component)) {
        return reply(res, 202, { ignored: `bug ${bug.id} is not in a watched product/component` });
      }
      const event = (payload as BugzillaWebhookPayload).event;
      const reason = `webhook ${event?.routing_key ?? event?.action ?? 'event'}`;
      options.enqueue(bug.id, reason);
      return reply(res, 202, { queued: bug.id });
    });
  };
}

/** Whether a bug's product/component is one of the watched ones. */
export function isWatched(watch: readonly { product: string; components: readonly string[] }[], product: unknown, component: unknown): boolean {
  return watch.some((w) => w.product === product && (w.components.length === 0 || w.components.includes(String(component))));
}
