/**
 * Acceptance (issue 6): against a Bugzilla 5.2 server on localhost, `ktriage bugzilla poll --once`
 * with an API key comments once on each new bug in the watched component, names the fix for the
 * seed's report, sets the whiteboard tag, and a second run posts nothing. Through the real CLI
 * entry (main), the real config loader, client, store, rules and triage.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { messageLogger } from '../support/record-logs.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main, type CliIo } from '../../src/cli/main.js';
import type { BugzillaCliIo } from '../../src/cli/commands/bugzilla.js';
import { FakeBugzilla, loadRecord, type FakeAttachment, type FakeComment } from './fake-bugzilla-server.js';

const KEY = 'bzKey-7Hq2+Zx/Secret';
let fake: FakeBugzilla;
let dir: string;

function collector() {
  const out: string[] = [];
  return { out, stream: { write: (chunk: string) => out.push(chunk) } };
}

async function ktriage(args: string[], env: Record<string, string | undefined> = { KTRIAGE_TEST_BZ_KEY: KEY }) {
  const stdout = collector();
  const stderr = collector();
  const io: CliIo & BugzillaCliIo = {
    stdout: stdout.stream,
    stderr: stderr.stream,
    stdin: process.stdin,
    env,
    cwd: dir,
    clientOverrides: { minBackoffMs: 1, maxBackoffMs: 2, timeoutMs: 2000 },
  };
  const code = await main(args, io);
  fake.tick(5);
  return { code, stdout: stdout.out.join(''), stderr: stderr.out.join('') };
}

function writeConfig(extra = ''): string {
  const file = path.join(dir, 'bugzilla.yml');
  writeFileSync(
    file,
    `database: state.sqlite
servers:
  - name: local
    url: ${fake.url}
    api_key_env: KTRIAGE_TEST_BZ_KEY
    login: ${fake.botLogin}
    watch:
      - product: IO/Storage
        components: [LVM2/DM]
    start_from: "${loadRecord('time.json').response.db_time as string}"
    keywords: [triaged]
${extra}`,
  );
  return 'bugzilla.yml';
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ktriage-cli-'));
  fake = new FakeBugzilla({ version: '5.2', apiKeys: [KEY], keywords: ['triaged'] });
  const bug = (loadRecord('bug-get.json').response.bugs as Record<string, unknown>[])[0]!;
  const comments = (loadRecord('comments-get.json').response.bugs as Record<string, { comments: FakeComment[] }>)['2']!.comments;
  const attachments = (loadRecord('attachments-get.json').response.bugs as Record<string, FakeAttachment[]>)['2']!;
  fake.importBug(bug, comments, attachments);
  fake.setNow('2026-11-23T19:40:00Z');
  fake.addBug({ product: 'IO/Storage', component: 'LVM2/DM', summary: 'lvconvert --repair fails', description: 'After a power cut, lvconvert --repair vg/pool fails with "Check of pool vg/pool failed". Kernel 6.1.0-13-amd64.' });
  fake.addBug({ product: 'IO/Storage', component: 'LVM2/DM', summary: 'dm-crypt slow', description: 'cryptsetup benchmark is slow on 5.15.0-91-generic' });
  fake.addBug({ product: 'IO/Storage', component: 'MD', summary: 'raid5 resync', description: 'md0 resync stuck' });
  await fake.start();
});

afterEach(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

const ktriageComments = (id: number) => fake.commentsContaining(id, '-- ktriage (');

describe('ktriage bugzilla poll --once (acceptance)', () => {
  it('comments once on each new watched bug, names the seed fix, tags the whiteboard; the second run posts nothing', async () => {
    const config = writeConfig();
    const first = await ktriage(['bugzilla', 'poll', '--config', config, '--once']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/bugzilla local: 3 bugs changed since 2026-11-23T19:25:10Z.*posted 3/);

    const watched = [2, 3, 4];
    for (const id of watched) expect(ktriageComments(id)).toHaveLength(1);
    expect(ktriageComments(5)).toHaveLength(0); // other component
    const seedComment = ktriageComments(2)[0]!.text;
    expect(seedComment).toContain('cebc2de44d3b');
    expect(seedComment).toContain('known-bug-fix-available');
    expect(fake.mustBug(2).fields.whiteboard).toBe('[ktriage: dm-sm-metadata-refcount-below-zero]');
    for (const id of watched) expect(fake.mustBug(id).fields.whiteboard).toMatch(/^\[ktriage: [a-z0-9-]+\]$/);
    // 5.2: the key went as the api_key parameter, never as the ignored header
    const authed = fake.requests.filter((r) => r.path.startsWith('/rest/bug'));
    expect(authed.every((r) => r.keyIn === 'query' || r.keyIn === 'body')).toBe(true);
    expect(authed.some((r) => r.headers['x-bugzilla-api-key'] !== undefined)).toBe(false);

    const posts = () => fake.requests.filter((r) => r.method !== 'GET').length;
    const before = posts();
    const second = await ktriage(['bugzilla', 'poll', '--config', config, '--once']);
    expect(second.code).toBe(0);
    expect(posts()).toBe(before);
    for (const id of watched) expect(ktriageComments(id)).toHaveLength(1);
    expect(second.stdout).toMatch(/posted 0/);

    // The key never reaches the output.
    for (const text of [first.stdout, first.stderr, second.stdout, second.stderr]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(encodeURIComponent(KEY));
    }
  });

  it('--dry-run posts nothing and `shadow` shows what would have been posted', async () => {
    const config = writeConfig();
    const run = await ktriage(['bugzilla', 'poll', '--config', config, '--once', '--dry-run']);
    expect(run.code).toBe(0);
    expect(fake.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
    expect(run.stdout).toMatch(/dry-run 3/);
    const shadow = await ktriage(['bugzilla', 'shadow', '--config', config]);
    expect(shadow.code).toBe(0);
    expect(shadow.stdout).toContain('=== local bug 2');
    expect(shadow.stdout).toContain('verdict: known-bug-fix-available (dm-sm-metadata-refcount-below-zero); whiteboard: [ktriage: dm-sm-metadata-refcount-below-zero]');
    expect(shadow.stdout).toContain('cebc2de44d3b');
    expect(shadow.stdout).toMatch(/3 dry-run records\n$/);
    const json = await ktriage(['bugzilla', 'shadow', '--config', config, '--format', 'json']);
    expect(JSON.parse(json.stdout)).toHaveLength(3);
  });

  it('dry_run in the config works the same, and reads anonymously when the key is not set', async () => {
    const config = writeConfig('    dry_run: true\n');
    const run = await ktriage(['bugzilla', 'poll', '--config', config, '--once'], {});
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('KTRIAGE_TEST_BZ_KEY is not set: dry run reads anonymously');
    expect(fake.requests.some((r) => r.query.has('api_key'))).toBe(false);
    expect(fake.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
  });

  it('a missing API key variable and a config typo are exit 2 with the fix in the message', async () => {
    const config = writeConfig();
    const noKey = await ktriage(['bugzilla', 'poll', '--config', config, '--once'], {});
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('the environment variable KTRIAGE_TEST_BZ_KEY is not set');
    writeFileSync(path.join(dir, 'bad.yml'), 'servers:\n  - name: local\n    url: http://x\n    api_key_env: K\n    wacth: []\n');
    const bad = await ktriage(['bugzilla', 'poll', '--config', 'bad.yml', '--once']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yml:5:5: unknown key `wacth` in `servers\[0\]` — did you mean `watch`\?/);
    expect(bad.stderr).not.toMatch(/missing required key/); // the typo's "did you mean" already says it
  });

  it('a wrong key stops the cycle with exit 1 and a message that never shows it', async () => {
    const config = writeConfig();
    const run = await ktriage(['bugzilla', 'poll', '--config', config, '--once'], { KTRIAGE_TEST_BZ_KEY: 'wrong-key-123' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Bugzilla error 306/);
    expect(run.stderr).not.toContain('wrong-key-123');
    expect(fake.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
  });

  it('a bug given up on (max_attempts) is exit 1: the unit shows failed, not only a log line', async () => {
    const config = writeConfig('    retries: 0\n    max_attempts: 1\n');
    // bug 3's comments always fail; the others are handled
    fake.faults.push({ match: (r) => r.path === '/rest/bug/3/comment' && r.method === 'GET', kind: 'status-500', times: Infinity });
    const run = await ktriage(['bugzilla', 'poll', '--config', config, '--once']);
    expect(run.stderr).toMatch(/error: bugzilla local: bug 3: giving up after 1 failure of its own \(`ktriage bugzilla retry` requeues it\)/);
    expect(run.stdout).toMatch(/posted 2, .*gave up 1; cursor -> \S+; 1 given up \(ktriage bugzilla status\)/);
    expect(run.code).toBe(1);

    // The operator sees it, fixes the cause (here: the fault goes away) and requeues it.
    const status = await ktriage(['bugzilla', 'status', '--config', config]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^local: cursor \S+Z; 0 pending, 1 given up\n {2}given up bug 3: 1 failure of its own; last: GET \/rest\/bug\/3\/comment\?api_key=\[REDACTED\]: server error \(HTTP 500\) \(ktriage bugzilla retry --server local 3\)\n$/);
    expect(status.stdout).not.toContain(KEY);
    const json = await ktriage(['bugzilla', 'status', '--config', config, '--format', 'json']);
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ server: 'local', failures: [expect.objectContaining({ bugId: 3, givenUp: true, attempts: 1 })] })]);
    expect((await ktriage(['bugzilla', 'retry', '--config', config, '3', '99'])).stderr).toMatch(/bug 99 is neither pending nor given up/);
    fake.faults.length = 0;
    const again = await ktriage(['bugzilla', 'poll', '--config', config, '--once']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/1 failing bug retried, .*posted 1, .*gave up 0; cursor -> \S+Z\n$/);
    expect(fake.commentsContaining(3, '-- ktriage (')).toHaveLength(1);
    expect((await ktriage(['bugzilla', 'status', '--config', config])).stdout).toMatch(/^local: cursor \S+; 0 pending, 0 given up\n$/);
    expect((await ktriage(['bugzilla', 'retry', '--config', config, 'x3'])).stderr).toMatch(/not a bug number: "x3"/);
  });

  it('a second ktriage on the same database skips the cycle instead of racing the first', async () => {
    const config = writeConfig();
    const { createSqliteTriageStore } = await import('../../src/bugzilla/index.js');
    const other = createSqliteTriageStore(path.join(dir, 'state.sqlite'));
    // another host's poller holds the lease (a local pid would be checked for liveness)
    expect(await other.acquireLease('local', 'other-host:77', Date.now(), 60_000, () => true)).toBe(true);
    const run = await ktriage(['bugzilla', 'poll', '--config', config, '--once']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('another ktriage process is working on this server');
    expect(fake.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
    await other.releaseLease('local', 'other-host:77');
    await other.close();
    const after = await ktriage(['bugzilla', 'poll', '--config', config, '--once']);
    expect(after.stdout).toMatch(/posted 3/);
  });

  it('without --once, polls every poll_interval until stopped', async () => {
    writeConfig('    poll_interval: 0.05\n');
    const { loadBugzillaConfig, runPoll } = await import('../../src/bugzilla/index.js');
    const loaded = await loadBugzillaConfig(path.join(dir, 'bugzilla.yml'));
    const stop = new AbortController();
    const lines: string[] = [];
    const logger = messageLogger({
      info: (m: string) => {
        lines.push(m);
        if (m.includes('changed since')) fake.tick(1);
        if (lines.filter((l) => l.includes('changed since')).length >= 3) stop.abort();
      },
      warn: (m: string) => lines.push(m),
      error: (m: string) => lines.push(m),
    });
    const result = await runPoll(loaded, { once: false, signal: stop.signal }, { env: { KTRIAGE_TEST_BZ_KEY: KEY }, logger, clientOverrides: { minBackoffMs: 1 } });
    expect(result.errors).toEqual([]);
    expect(result.summaries.length).toBeGreaterThanOrEqual(3);
    expect(result.summaries[0]!.outcomes.posted).toBe(3);
    expect(result.summaries.slice(1).every((s) => s.outcomes.posted === 0)).toBe(true);
    for (const id of [2, 3, 4]) expect(ktriageComments(id)).toHaveLength(1);
  });

  it('poll without --once: a stop (SIGTERM) is exit 0 even after failed cycles, which were logged and retried', async () => {
    const config = writeConfig('    poll_interval: 0.05\n    retries: 0\n');
    fake.faults.push({ match: (r) => r.path === '/rest/time', kind: 'status-500', times: 2 });
    const stop = new AbortController();
    const stderr: string[] = [];
    const stdout: string[] = [];
    const io: BugzillaCliIo = {
      stdout: { write: (chunk: string) => {
        stdout.push(chunk);
        if (chunk.includes('posted 3')) stop.abort();
      } },
      stderr: { write: (chunk: string) => stderr.push(chunk) },
      env: { KTRIAGE_TEST_BZ_KEY: KEY },
      cwd: dir,
      clientOverrides: { minBackoffMs: 1, maxBackoffMs: 2 },
      signal: stop.signal,
    };
    const { runBugzillaPoll } = await import('../../src/cli/commands/bugzilla.js');
    const code = await runBugzillaPoll({ config }, io);
    expect(stderr.filter((l) => l.includes('poll cycle failed'))).toHaveLength(2);
    for (const id of [2, 3, 4]) expect(ktriageComments(id)).toHaveLength(1);
    expect(code).toBe(0);
  });

  it('a long-running poll keeps only the latest summaries and errors, not one per cycle forever', async () => {
    writeConfig('    poll_interval: 0.001\n    retries: 0\n');
    // every other cycle fails, so errors pile up as well as summaries
    fake.faults.push({ match: (r) => r.path === '/rest/time' && fake.requests.filter((q) => q.path === '/rest/time').length % 2 === 0, kind: 'status-500', times: Infinity });
    const { loadBugzillaConfig, runPoll, POLL_RESULTS_KEPT } = await import('../../src/bugzilla/index.js');
    const loaded = await loadBugzillaConfig(path.join(dir, 'bugzilla.yml'));
    const stop = new AbortController();
    let cycles = 0;
    const count = (m: string) => {
      if (m.includes('changed since') || m.includes('poll cycle failed')) cycles += 1;
      if (cycles >= 2 * POLL_RESULTS_KEPT + 10) stop.abort();
    };
    const result = await runPoll(loaded, { once: false, signal: stop.signal }, { env: { KTRIAGE_TEST_BZ_KEY: KEY }, logger: messageLogger({ info: count, warn: () => {}, error: count }), clientOverrides: { minBackoffMs: 1 } });
    expect(result.summaries.length).toBe(POLL_RESULTS_KEPT);
    expect(result.errors.length).toBe(POLL_RESULTS_KEPT);
    // the latest are kept: the last summary is the cycle that ran last
    const { createSqliteTriageStore } = await import('../../src/bugzilla/index.js');
    const store = createSqliteTriageStore(path.join(dir, 'state.sqlite'));
    expect(result.summaries.at(-1)!.cursorAfter).toBe(await store.getCursor('local'));
    await store.close();
  });

  it('servers are independent: one down does not stop another; each keeps its own cursor', async () => {
    const second = new FakeBugzilla({ version: '5.1', apiKeys: ['OTHERKEY'] });
    await second.start();
    const id = second.addBug({ product: 'Drivers', component: 'NVMe', summary: 'nvme timeout', description: 'nvme nvme0: I/O 12 QID 3 timeout, aborting' });
    const file = path.join(dir, 'two.yml');
    writeFileSync(
      file,
      `database: state.sqlite
servers:
  - name: down
    url: http://127.0.0.1:9
    api_key_env: KTRIAGE_TEST_BZ_KEY
    login: ${fake.botLogin}
    watch: [{ product: IO/Storage }]
    retries: 0
  - name: second
    url: ${second.url}
    api_key_env: SECOND_KEY
    watch: [{ product: Drivers, components: [NVMe] }]
    start_from: "2026-11-23T00:00:00Z"
`,
    );
    const run = await ktriage(['bugzilla', 'poll', '--config', 'two.yml', '--once'], { KTRIAGE_TEST_BZ_KEY: KEY, SECOND_KEY: 'OTHERKEY' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/bugzilla down: poll cycle failed: GET \/rest\/time: network error/);
    expect(run.stdout).toMatch(/bugzilla second: 1 bug changed since .*posted 1/);
    expect(second.commentsContaining(id, '-- ktriage (')).toHaveLength(1);
    expect(second.requests.filter((r) => r.path.startsWith('/rest/bug')).every((r) => r.keyIn === 'header')).toBe(true);
    const { createSqliteTriageStore } = await import('../../src/bugzilla/index.js');
    const store = createSqliteTriageStore(path.join(dir, 'state.sqlite'));
    expect(await store.getCursor('down')).toBeNull();
    expect(await store.getCursor('second')).not.toBeNull();
    await store.close();
    await second.close();
  });

  it('check reports the version, where the key goes, and whether it works', async () => {
    const config = writeConfig();
    const run = await ktriage(['bugzilla', 'check', '--config', config]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('local: Bugzilla 5.2 at');
    expect(run.stdout).toContain('API key sent as the api_key parameter');
    expect(run.stdout).toContain('local: key accepted; IO/Storage / LVM2/DM: bugs visible');
    expect(run.stdout).toContain(`local: no /rest/whoami on Bugzilla 5.2; ktriage knows its own comments as those by ${fake.botLogin} (servers[].login)`);
  });

  // finding 3: /rest/product?names= answers only accessible products; a product it lists with no
  // visible bugs is fine (none filed yet), one it does not list leaves the bot blind: fail.
  it.each<[string, string, (f: FakeBugzilla) => void, number, RegExp]>([
    ['a misspelt product', 'IO/Storag', () => {}, 1, /local: watched product "IO\/Storag" does not exist, or the key's account cannot see it \(a product restricted to a group\): did you mean "IO\/Storage"\?/],
    ['a product restricted to a group', 'Security', (f) => f.addProduct('Security', ['Kernel'], { hidden: true }), 1, /local: watched product "Security" does not exist, or the key's account cannot see it .*: products visible: "IO\/Storage"/],
    ['a product with no bugs yet', 'Empty', (f) => f.addProduct('Empty', ['LVM2/DM']), 0, /local: key accepted; Empty \/ LVM2\/DM: no bugs visible yet: none filed, or every one is in a group the key's account is not in/],
  ])('check on %s', async (_what, product, setUp, code, expected) => {
    setUp(fake);
    const config = writeConfig();
    writeFileSync(path.join(dir, config), readFileSync(path.join(dir, config), 'utf8').replace('product: IO/Storage', `product: ${product}`));
    const run = await ktriage(['bugzilla', 'check', '--config', config]);
    expect(run.stdout).toMatch(expected);
    expect(run.code).toBe(code);
  });

  it('check names a watched component the product does not have', async () => {
    const config = writeConfig();
    writeFileSync(path.join(dir, config), readFileSync(path.join(dir, config), 'utf8').replace('components: [LVM2/DM]', 'components: [LVM2/DN, LVM2/DM]'));
    const run = await ktriage(['bugzilla', 'check', '--config', config]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/local: watched component "LVM2\/DN" is not a component of "IO\/Storage": did you mean "LVM2\/DM"\?/);
  });

  it('check without the key still checks the watched products anonymously (what a dry run will see), and fails', async () => {
    const config = writeConfig();
    const run = await ktriage(['bugzilla', 'check', '--config', config], {});
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('local: KTRIAGE_TEST_BZ_KEY is not set (dry runs read anonymously; posting needs it)');
    expect(run.stdout).toContain('local: anonymously; IO/Storage / LVM2/DM: bugs visible');
    expect(fake.requests.some((r) => r.path === '/rest/bug' && r.keyIn === null)).toBe(true);
  });

  it('check says which account the key belongs to where /rest/whoami exists, and catches a login that disagrees', async () => {
    await fake.close();
    fake = new FakeBugzilla({ version: '5.1', apiKeys: [KEY], botLogin: 'bot@example.test' });
    fake.addProduct('IO/Storage', ['LVM2/DM']); // no bugs filed yet
    await fake.start();
    let run = await ktriage(['bugzilla', 'check', '--config', writeConfig()]);
    // writeConfig names the fake's own bot login: they agree
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('local: the API key belongs to bot@example.test (/rest/whoami)');
    writeFileSync(path.join(dir, 'bugzilla.yml'), readFileSync(path.join(dir, 'bugzilla.yml'), 'utf8').replace('login: bot@example.test', 'login: someone@example.test'));
    run = await ktriage(['bugzilla', 'check', '--config', 'bugzilla.yml']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('local: the API key belongs to bot@example.test, but servers[].login says someone@example.test: fix one of them');
  });

  it('on 5.2 without servers[].login, polls but warns that a pasted footer could pass for its comment', async () => {
    const file = writeConfig();
    writeFileSync(path.join(dir, file), readFileSync(path.join(dir, file), 'utf8').replace(/^ {4}login: .*\n/m, ''));
    const run = await ktriage(['bugzilla', 'poll', '--config', file, '--once']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: bugzilla local: cannot tell which account the API key belongs to .*Set servers\[\]\.login/);
    expect(run.stdout).toMatch(/posted 3/);
    const check = await ktriage(['bugzilla', 'check', '--config', file]);
    expect(check.stdout).toContain('no /rest/whoami on Bugzilla 5.2 and no servers[].login');
  });
});
