// A throwaway redis-server for tests (Debian's `redis-server` package; .ci/run installs it): a
// free loopback port, a temp dir, no persistence, stopped after. Without the binary the tests that
// need it are skipped with one visible line, as describeShared does for shared data.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisServer {
  url: string;
  port: number;
  stop: () => Promise<void>;
}

/** The redis-server binary (REDIS_SERVER_BIN or PATH), or null. */
export function redisServerBinary(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidate = env.REDIS_SERVER_BIN || 'redis-server';
  const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? candidate : null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export async function startRedisServer(binary: string): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'ktriage-redis-'));
  const port = await freePort();
  const child: ChildProcess = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error(`redis-server did not start on port ${port}: ${output}`)), 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/ready to accept connections/i.test(output)) {
        clearTimeout(timeout);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timeout);
      reject(new Error(`redis-server exited with ${code}: ${output}`));
    });
  });
  child.removeAllListeners('exit');
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/**
 * `describe` with a live redis-server: `body` receives a getter for the running server (started in
 * beforeAll, stopped in afterAll). Without the binary: one skipped test that says so.
 */
export function describeRedis(name: string, body: (server: () => RedisServer) => void): void {
  const binary = redisServerBinary();
  if (binary === null) {
    describe(name, () => {
      it.skip('skipped: no redis-server binary (apt-get install redis-server, or set REDIS_SERVER_BIN)', () => undefined);
    });
    return;
  }
  describe(name, () => {
    let server: RedisServer | null = null;
    beforeAll(async () => {
      server = await startRedisServer(binary);
    });
    afterAll(async () => {
      await server?.stop();
    });
    body(() => {
      if (server === null) throw new Error('redis-server is not running');
      return server;
    });
  });
}
