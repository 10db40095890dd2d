import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
// Not the dashboard's door: the Action's bundle needs none of the clustering or drafting behind it.
import { DASHBOARD_CSP } from '../../dashboard/render-dashboard.js';

export interface DashboardRoute {
  /** Where the page is served (KTRIAGE_DASHBOARD_PATH). */
  path: string;
  /** The bearer token the operator set (KTRIAGE_DASHBOARD_TOKEN). */
  token: string;
  /** Builds the page from the decision store. */
  render: () => Promise<string>;
  /** How long a built page is reused (default 60 s): a reload storm does not query the store each time. */
  maxAgeMs?: number;
  nowMs?: () => number;
  /** Where a failed build is reported (the App's log). */
  onError?: (error: unknown) => void;
}

/**
 * The dashboard route of a served App (off unless the operator sets a token): GET/HEAD `path` with
 * `Authorization: Bearer <token>` answers the page; no or a wrong token answers 401 and nothing
 * about the data. The token is compared in constant time (sha256 of both, then timingSafeEqual, so
 * neither its content nor its length leaks through timing). Anything else falls through (false).
 */
export function createDashboardHandler(route: DashboardRoute): (req: IncomingMessage, res: ServerResponse) => boolean {
  const expected = digest(route.token);
  const maxAgeMs = route.maxAgeMs ?? 60_000;
  const nowMs = route.nowMs ?? Date.now;
  let cached: { at: number; page: Promise<string> } | null = null;
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== route.path && url.pathname !== `${route.path}/`) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return true;
    }
    const given = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1] ?? null;
    if (given === null || !timingSafeEqual(digest(given), expected)) {
      res.writeHead(401, { 'www-authenticate': 'Bearer realm="ktriage dashboard"', 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end('401: this dashboard needs `Authorization: Bearer <KTRIAGE_DASHBOARD_TOKEN>`\n');
      return true;
    }
    if (cached === null || nowMs() - cached.at >= maxAgeMs) {
      const page = route.render();
      cached = { at: nowMs(), page };
      // A failed build is not kept: the next request tries again.
      page.catch(() => {
        if (cached?.page === page) cached = null;
      });
    }
    cached.page.then(
      (html) => {
        res
          .writeHead(200, {
            'content-type': 'text/html; charset=utf-8',
            'cache-control': 'no-store',
            'content-security-policy': `${DASHBOARD_CSP}; frame-ancestors 'none'`,
            'x-content-type-options': 'nosniff',
            'referrer-policy': 'no-referrer',
          })
          .end(req.method === 'HEAD' ? undefined : html);
      },
      (error: unknown) => {
        route.onError?.(error);
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end('503: the dashboard could not be built from the decision store; see the App log\n');
      },
    );
    return true;
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
