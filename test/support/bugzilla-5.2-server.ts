// A real, stock Bugzilla 5.2 for end-to-end tests, started with the shared folder's
// bugzilla-5.2/server/up.sh (MariaDB + Apache mod_perl on a free loopback port, in a temp work dir;
// Debian packages installed by up.sh on first use) and stopped with its down.sh. Where it cannot start
// (no shared folder, not root, no apt, KTRIAGE_REAL_BUGZILLA=0) the suite is skipped with one visible
// line naming the reason, as describeShared does for missing data.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedPath } from './shared-data.js';

export interface RealBugzilla {
  /** With a trailing slash, as up.sh writes it. */
  url: string;
  apiKey: string;
  adminLogin: string;
  adminPassword: string;
  workDir: string;
  /** Stops Apache only (an outage; MariaDB keeps its data). */
  stopApache(): void;
  /** (Re)starts what is not running: Apache after stopApache, in about 3 s. */
  start(): void;
  /** Stops everything and removes the work dir. */
  destroy(): void;
}

/** A free loopback port, found synchronously (the suite decides at collection time whether it runs). */
function freePortSync(): number {
  const probe = spawnSync(process.execPath, ['-e', "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"], { encoding: 'utf8' });
  return Number(probe.stdout.trim());
}

function tail(text: string, lines = 6): string {
  return text.trim().split('\n').slice(-lines).join(' | ');
}

/** Starts the server, or answers why it cannot. Blocking: up.sh takes ~15 s (~70 s with the first apt install). */
export function startRealBugzilla(env: NodeJS.ProcessEnv = process.env): RealBugzilla | { skip: string } {
  if (env.KTRIAGE_REAL_BUGZILLA === '0') return { skip: 'KTRIAGE_REAL_BUGZILLA=0' };
  const dir = sharedPath('bugzilla-5.2', 'server');
  if (dir === null) return { skip: 'shared/bugzilla-5.2/server is missing (set KTRIAGE_SHARED or put shared/ beside the clone)' };
  if (process.getuid?.() !== 0) return { skip: 'not root: up.sh installs Debian packages and starts Apache as www-data' };
  const workDir = mkdtempSync(join(tmpdir(), 'ktriage-bz52-'));
  const port = freePortSync();
  const run = (script: string, args: string[] = []) =>
    spawnSync('bash', [join(dir, script), ...args], { env: { ...env, BZ_WORK: workDir, BZ_PORT: String(port), DEBIAN_FRONTEND: 'noninteractive' }, encoding: 'utf8', timeout: 600_000 });
  const up = run('up.sh');
  if (up.status !== 0) {
    run('down.sh', [workDir, '--purge']);
    rmSync(workDir, { recursive: true, force: true });
    return { skip: `up.sh could not start Bugzilla 5.2 (exit ${up.status ?? up.signal}): ${tail(up.stderr)}` };
  }
  const vars = Object.fromEntries(
    readFileSync(join(workDir, 'bugzilla.env'), 'utf8')
      .split('\n')
      .map((line) => /^(\w+)=(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!.replace(/^'(.*)'$/, '$1')]),
  );
  const must = (status: number | null, what: string, stderr: string) => {
    if (status !== 0) throw new Error(`${what} failed (${status}): ${tail(stderr)}`);
  };
  return {
    url: vars.BUGZILLA_URL!,
    apiKey: vars.BUGZILLA_API_KEY!,
    adminLogin: vars.BUGZILLA_ADMIN_LOGIN!,
    adminPassword: vars.BUGZILLA_ADMIN_PASSWORD!,
    workDir,
    stopApache: () => {
      const r = run('down.sh', [workDir, '--apache-only']);
      must(r.status, 'down.sh --apache-only', r.stderr);
    },
    start: () => {
      const r = run('up.sh');
      must(r.status, 'up.sh', r.stderr);
    },
    destroy: () => {
      run('down.sh', [workDir, '--purge']);
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/**
 * `describe` over a real Bugzilla 5.2: started once at collection (so a server that cannot start is
 * one skipped line, not a failure), destroyed after the suite.
 */
export function describeRealBugzilla(name: string, body: (server: () => RealBugzilla) => void): void {
  const started = startRealBugzilla();
  if ('skip' in started) {
    describe(name, () => {
      it.skip(`skipped: ${started.skip}`, () => undefined);
    });
    return;
  }
  describe(name, () => {
    afterAll(() => started.destroy());
    body(() => started);
  });
}

/** A Bugzilla REST call as the admin (api_key) or as a user by login and password (5.x accepts both as parameters). */
export async function bugzillaRest(server: RealBugzilla, method: string, path: string, body: Record<string, unknown> | null, as: { login: string; password: string } | null = null): Promise<Record<string, unknown>> {
  const auth = as ? { login: as.login, password: as.password } : { api_key: server.apiKey };
  const url = new URL(`rest/${path}`, server.url);
  if (method === 'GET') for (const [k, v] of Object.entries(auth)) url.searchParams.set(k, v);
  const response = await fetch(url, {
    method,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    ...(method === 'GET' ? {} : { body: JSON.stringify({ ...(body ?? {}), ...auth }) }),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (json.error) throw new Error(`${method} ${path}: ${String(json.message)}`);
  return json;
}

/**
 * Creates a keyword the way an admin does, through the web forms (5.2 has no REST call for it):
 * log in (the login form's token comes with its cookie), open Administration > Keywords > Add, post.
 */
export async function createKeyword(server: RealBugzilla, name: string, description: string): Promise<void> {
  const cookies = new Map<string, string>();
  const call = async (path: string, form: Record<string, string> | null): Promise<string> => {
    const response = await fetch(new URL(path, server.url), {
      method: form ? 'POST' : 'GET',
      headers: { Cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
      redirect: 'manual',
    });
    for (const c of response.headers.getSetCookie()) {
      const m = /^([^=]+)=([^;]*)/.exec(c);
      if (m) cookies.set(m[1]!, m[2]!);
    }
    return response.text();
  };
  await call('index.cgi?GoAheadAndLogIn=1', null);
  const loginToken = /name="Bugzilla_login_token"\s*value="([^"]*)"/.exec(await call('index.cgi?GoAheadAndLogIn=1', null))?.[1] ?? '';
  await call('index.cgi', { Bugzilla_login: server.adminLogin, Bugzilla_password: server.adminPassword, Bugzilla_login_token: loginToken, GoAheadAndLogIn: '1' });
  const token = /name="token" value="([^"]*)"/.exec(await call('editkeywords.cgi?action=add', null))?.[1];
  if (!token) throw new Error('createKeyword: could not log in as the admin (no token on the keyword form)');
  const page = await call('editkeywords.cgi', { action: 'new', name, description, token });
  if (!page.includes('New Keyword Created')) throw new Error(`createKeyword: ${/<title>([^<]*)/.exec(page)?.[1] ?? 'unexpected page'}`);
}
