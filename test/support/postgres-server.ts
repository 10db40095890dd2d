// A throwaway PostgreSQL cluster for tests (Debian's `postgresql` package; .ci/run installs it):
// initdb in a temp dir, a free loopback port, trust authentication, stopped and removed after.
// initdb refuses to run as root, so under root the cluster belongs to the package's `postgres`
// user. Without the binaries the tests that need it are skipped with one visible line.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './redis-server.js';

export interface PostgresServer {
  url: string;
  stop: () => Promise<void>;
}

/** The folder holding initdb and pg_ctl (PG_BIN, else the newest /usr/lib/postgresql/N/bin), or null. */
export function postgresBinDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = env.PG_BIN ? [env.PG_BIN] : existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)).map((v) => `/usr/lib/postgresql/${v}/bin`) : [];
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) ?? null;
}

function asOwner(): { uid: number; gid: number; user: string } | null {
  if (process.getuid?.() !== 0) return null;
  const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (id.status !== 0) throw new Error('running as root and there is no `postgres` user for initdb (apt-get install postgresql creates it)');
  return { uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()), user: 'postgres' };
}

function run(bin: string, args: string[], owner: ReturnType<typeof asOwner>): void {
  if (owner) execFileSync('runuser', ['-u', owner.user, '--', bin, ...args], { stdio: 'pipe' });
  else execFileSync(bin, args, { stdio: 'pipe' });
}

export async function startPostgres(binDir: string): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'ktriage-pg-'));
  const owner = asOwner();
  if (owner) {
    chownSync(dir, owner.uid, owner.gid);
    chmodSync(dir, 0o700);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  run(join(binDir, 'initdb'), ['-D', data, '-U', 'ktriage', '--auth=trust', '-E', 'UTF8', '--no-locale'], owner);
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c full_page_writes=off`;
  run(join(binDir, 'pg_ctl'), ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '30', 'start'], owner);
  return {
    url: `postgres://ktriage@127.0.0.1:${port}/postgres`,
    stop: async () => {
      try {
        run(join(binDir, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], owner);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * `describe` with a live PostgreSQL: `body` receives a getter for its URL (started in beforeAll,
 * stopped in afterAll). Without the binaries: one skipped test that says so.
 */
export function describePostgres(name: string, body: (server: () => PostgresServer) => void): void {
  const binDir = postgresBinDir();
  if (binDir === null) {
    describe(name, () => {
      it.skip('skipped: no PostgreSQL server binaries (apt-get install postgresql, or set PG_BIN to the folder of initdb and pg_ctl)', () => undefined);
    });
    return;
  }
  describe(name, () => {
    let server: PostgresServer | null = null;
    beforeAll(async () => {
      server = await startPostgres(binDir);
    }, 60_000);
    afterAll(async () => {
      await server?.stop();
    });
    body(() => {
      if (server === null) throw new Error('PostgreSQL is not running');
      return server;
    });
  });
}
