import type { IncomingMessage, ServerResponse } from 'node:http';

export const DEFAULT_HEALTH_PATH = '/ktriage/health';

/**
 * The container health route: GET/HEAD `path` answers 200 with a small JSON status. Anything else
 * falls through to Probot's other handlers (returns false).
 */
export function createHealthHandler(path: string, status: () => Record<string, unknown>): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== path) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return true;
    }
    const body = JSON.stringify({ status: 'ok', ...status() });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
