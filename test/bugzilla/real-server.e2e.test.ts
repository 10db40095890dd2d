/**
 * End to end against a real, stock Bugzilla 5.2 (issue 14): the built CLI driven as an operator
 * would (`node bin/ktriage.js bugzilla poll --once --config ...`), with the server's own answers,
 * its one-second clock and its ~1 s per request under mod_perl. The fast fake
 * (fake-bugzilla-server.ts) stays the unit tests' server; this suite shows what only a real server
 * can: the seed and real reports triaged once, kills at random points, Apache stopped mid-cycle, a
 * 502 run on one bug through a fault-injecting proxy, and a reporter's follow-up.
 *
 * The tests share one server and one ktriage database, in order, as a deployment would.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bugzillaRest, createKeyword, describeRealBugzilla, type RealBugzilla } from '../support/bugzilla-5.2-server.js';
import { startFaultProxy } from '../support/fault-proxy.js';
import { REPO_ROOT } from '../support/shared-data.js';

const FOOTER = '-- ktriage (';
const REPORTER = { login: 'reporter@example.test', password: 'Rep0rter-pass-2026' };
const LONG = 300_000;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

describeRealBugzilla('ktriage bugzilla against a real Bugzilla 5.2', (server) => {
  let bz: RealBugzilla;
  let dir: string;

  beforeAll(async () => {
    bz = server();
    dir = mkdtempSync(path.join(tmpdir(), 'ktriage-bz52-bot-'));
    await createKeyword(bz, 'triaged', 'Triaged by ktriage');
    await bugzillaRest(bz, 'POST', 'user', { email: REPORTER.login, password: REPORTER.password });
  }, LONG);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The bot's config; `url` is the server's or the fault proxy's. Short retries keep the suite bounded. */
  function config(url: string, startFrom: string): string {
    const file = path.join(dir, 'bugzilla.yml');
    writeFileSync(
      file,
      `database: state.sqlite
servers:
  - name: local
    url: ${url}
    api_key_env: KTRIAGE_E2E_BZ_KEY
    login: ${bz.adminLogin}
    watch:
      - product: TestProduct
        components: [TestComponent]
    start_from: "${startFrom}"
    keywords: [triaged]
    comment_on_no_match: true
    retries: 1
    timeout: 60s
    max_attempts: 2
`,
    );
    return file;
  }

  function ktriage(args: string[], options: { killAfterMs?: number; onStdout?: (text: string) => void } = {}): Promise<Run> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/ktriage.js'), 'bugzilla', ...args], {
        cwd: dir,
        env: { ...process.env, KTRIAGE_E2E_BZ_KEY: bz.apiKey },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        options.onStdout?.(stdout);
      });
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = options.killAfterMs === undefined ? null : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
      child.once('exit', (code, signal) => {
        if (timer) clearTimeout(timer);
        resolve({ code, signal, stdout, stderr });
      });
    });
  }

  const poll = (file: string, options?: Parameters<typeof ktriage>[1]) => ktriage(['poll', '--once', '--config', file], options);

  async function fileBug(summary: string, description: string): Promise<number> {
    const made = await bugzillaRest(bz, 'POST', 'bug', { product: 'TestProduct', component: 'TestComponent', summary, version: 'unspecified', description, op_sys: 'Linux', platform: 'PC' });
    return made.id as number;
  }

  async function ktriageComments(id: number): Promise<{ text: string; creator: string }[]> {
    const answer = await bugzillaRest(bz, 'GET', `bug/${id}/comment`, null);
    const comments = (answer.bugs as Record<string, { comments: { text: string; creator: string }[] }>)[String(id)]!.comments;
    return comments.filter((c) => c.text.includes(FOOTER));
  }

  async function bugFields(id: number): Promise<{ whiteboard: string; keywords: string[] }> {
    const answer = await bugzillaRest(bz, 'GET', `bug/${id}`, null);
    return (answer.bugs as { whiteboard: string; keywords: string[] }[])[0]!;
  }

  let startFrom = '';
  let seed = 0;
  let reports: number[] = [];

  it(
    'the seed and real reports are triaged once each (one comment, whiteboard tag, keyword); a second poll posts nothing',
    async () => {
      startFrom = ((await bugzillaRest(bz, 'GET', 'time', null)).db_time as string) ?? '';
      const examples = path.join(REPO_ROOT, 'examples');
      seed = await fileBug('thin-pool: space map common: unable to decrement a reference count below 0', readFileSync(path.join(examples, 'bugzilla-68801.txt'), 'utf8'));
      reports = [
        await fileBug('btrfs csum errors', readFileSync(path.join(examples, 'btrfs-csum-errors.txt'), 'utf8')),
        await fileBug('nvme drive drops', readFileSync(path.join(examples, 'nvme-kingston-ubuntu.txt'), 'utf8')),
      ];
      const file = config(bz.url, startFrom);
      const check = await ktriage(['check', '--config', file]);
      expect(check.stdout).toContain('local: Bugzilla 5.2 at');
      expect(check.stdout).toMatch(/local: key accepted; TestProduct \/ TestComponent: bugs visible/);
      expect(check.code).toBe(0);

      const first = await poll(file);
      expect(first.stderr).not.toMatch(/error/);
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/posted 3, .*failed 0, gave up 0; cursor -> \S+Z\n/);
      const seedComments = await ktriageComments(seed);
      expect(seedComments).toHaveLength(1);
      expect(seedComments[0]!.creator).toBe(bz.adminLogin);
      expect(seedComments[0]!.text).toContain('cebc2de44d3b');
      expect(await bugFields(seed)).toMatchObject({ whiteboard: '[ktriage: dm-sm-metadata-refcount-below-zero]', keywords: ['triaged'] });
      for (const id of reports) expect(await ktriageComments(id)).toHaveLength(1);

      const second = await poll(file);
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(/posted 0, /);
      for (const id of [seed, ...reports]) expect(await ktriageComments(id)).toHaveLength(1);
    },
    LONG,
  );

  it(
    'SIGKILL at random points of a cycle loses nothing and posts nothing twice',
    async () => {
      const file = config(bz.url, startFrom);
      const ids = [await fileBug('kill 1', 'lvcreate hangs forever'), await fileBug('kill 2', 'thin pool at 100%, writes hang')];
      const delays = Array.from({ length: 3 }, () => 800 + Math.floor(Math.random() * 4000));
      for (const delay of delays) {
        const killed = await poll(file, { killAfterMs: delay });
        // printed so a failing run can be replayed with the same delays
        if (killed.signal !== 'SIGKILL' && killed.code !== 0) throw new Error(`run killed at ${delay} ms ended with ${killed.code}: ${killed.stderr}`);
      }
      const final = await poll(file);
      expect(final.code).toBe(0);
      for (const id of ids) expect({ id, delays, comments: (await ktriageComments(id)).length }).toEqual({ id, delays, comments: 1 });
    },
    LONG,
  );

  it(
    'Apache stopped mid-cycle: the cycle stops at once, and after the restart nothing is lost or duplicated',
    async () => {
      const file = config(bz.url, startFrom);
      const ids = [await fileBug('outage 1', 'mdadm raid10 resync stuck'), await fileBug('outage 2', 'xfs log recovery fails'), await fileBug('outage 3', 'dm-crypt slow')];
      let stopped = false;
      const run = await poll(file, {
        onStdout: (text) => {
          if (!stopped && text.includes('posted comment')) {
            stopped = true;
            bz.stopApache();
          }
        },
      });
      expect(stopped).toBe(true);
      try {
        expect(run.code).toBe(1);
        expect(`${run.stdout}${run.stderr}`).toMatch(/stopped early: the server stopped answering|poll cycle failed/);
        expect(run.stderr).not.toMatch(/giving up/);
      } finally {
        bz.start();
      }
      const after = await poll(file);
      expect(after.code).toBe(0);
      for (const id of ids) expect(await ktriageComments(id)).toHaveLength(1);
    },
    LONG,
  );

  it(
    'a run of 502s on one bug (through a fault-injecting proxy) for more cycles than max_attempts: pending, never given up, triaged once it ends',
    async () => {
      const proxy = await startFaultProxy(bz.url);
      try {
        const ok = await fileBug('healthy', 'ext4 journal aborted');
        const sick = await fileBug('sick', 'thin_check reports errors');
        proxy.fault = (_method, p) => (new RegExp(`^/rest/bug/${sick}(/|\\?|$)`).test(p) ? { status: 502 } : null);
        const file = config(proxy.url, startFrom);
        for (let cycle = 0; cycle < 3; cycle += 1) {
          const run = await poll(file);
          expect(run.code).toBe(1);
          expect(run.stderr).not.toMatch(/giving up/);
        }
        expect(await ktriageComments(ok)).toHaveLength(1);
        const status = await ktriage(['status', '--config', file]);
        expect(status.stdout).toMatch(new RegExp(`pending {2}bug ${sick}: 0 failures of its own, 3 server errors \\(not counted\\)`));
        expect(proxy.faulted.length).toBeGreaterThanOrEqual(6);
        proxy.fault = () => null;
        const healed = await poll(file);
        expect(healed.code).toBe(0);
        expect(await ktriageComments(sick)).toHaveLength(1);
        expect((await ktriage(['status', '--config', file])).stdout).toMatch(/0 pending, 0 given up/);
      } finally {
        await proxy.close();
      }
    },
    LONG,
  );

  it(
    "a reporter's follow-up with a new kernel gets one follow-up comment, and nothing more after",
    async () => {
      const file = config(bz.url, startFrom);
      await bugzillaRest(
        bz,
        'POST',
        `bug/${seed}/comment`,
        { comment: 'We upgraded and it still happens.\nKernel: 6.6.8-200.fc39.x86_64\n[  12.345678] device-mapper: space map common: unable to decrement a reference count below 0' },
        REPORTER,
      );
      const run = await poll(file);
      expect(run.code).toBe(0);
      const comments = await ktriageComments(seed);
      expect(comments).toHaveLength(2);
      expect(comments[1]!.text).toMatch(/6\.6\.8/); // the new verdict names the new kernel
      await poll(file);
      expect(await ktriageComments(seed)).toHaveLength(2);
    },
    LONG,
  );
});
