// A small fault-injecting HTTP proxy on loopback, for end-to-end tests against a real server: it
// forwards every request to `target` unchanged, except those `fault` picks, which it answers itself
// (a gateway's 502, as a reverse proxy in front of a failing backend does) or cuts. Counts what it
// forwarded and what it faulted.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type ProxyFault = { status: number } | 'cut';

export interface FaultProxy {
  /** With a trailing slash, like the target's. */
  url: string;
  /** Decides per request (method and path with query); null forwards it. Replace it at will. */
  fault: (method: string, path: string) => ProxyFault | null;
  forwarded: number;
  faulted: { method: string; path: string }[];
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const to = new URL(target);
  const sockets = new Set<Socket>();
  const proxy: FaultProxy = {
    url: '',
    fault: () => null,
    forwarded: 0,
    faulted: [],
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((req: IncomingMessage, res) => {
    const path = req.url ?? '/';
    const fault = proxy.fault(req.method ?? 'GET', path);
    if (fault !== null) {
      proxy.faulted.push({ method: req.method ?? 'GET', path: path.replace(/api_key=[^&]+/, 'api_key=[REDACTED]') });
      req.resume();
      if (fault === 'cut') {
        req.socket.destroy();
        return;
      }
      res.writeHead(fault.status, { 'Content-Type': 'text/html' });
      res.end(`<html><body><h1>${fault.status} from the test proxy</h1></body></html>`);
      return;
    }
    proxy.forwarded += 1;
    const upstream = httpRequest({ host: to.hostname, port: to.port, method: req.method, path, headers: { ...req.headers, host: to.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return proxy;
}
