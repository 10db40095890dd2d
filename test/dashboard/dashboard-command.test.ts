import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDashboard } from '../../src/cli/commands/dashboard.js';
import { toScriptJson } from '../../src/dashboard/index.js';
import { openDecisionStore } from '../../src/store/index.js';
import { decision, feedback, issue, unmatched } from '../store/decision-fixtures.js';

function io(cwd: string, env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, env, cwd }, out, err };
}

describe('ktriage dashboard', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ktriage-dash-cmd-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes index.html and data.json from a store, with a rule draft for a cluster', async () => {
    const store = await openDecisionStore({ kind: 'sqlite', file: join(dir, 'store.sqlite') });
    await store.recordDecision(decision({ report: issue(1), ruleId: 'r1', confidence: 0.2 }));
    await store.recordFeedback(feedback({ report: issue(1), sourceKey: 'c:1', ruleId: 'r1' }));
    const log = 'kernel BUG at fs/ext4/inode.c:1234!\ninvalid opcode: 0000 [#1] SMP\nRIP: 0010:ext4_write_begin+0x1a/0x2b0\nCall Trace:\n ext4_da_write_begin+0x10/0x20\n generic_perform_write+0x90/0x1f0\n ext4_buffered_write_iter+0x5a/0x140\n';
    await store.recordDecision(unmatched(issue(2), { crashTitle: 'kernel BUG in ext4_write_begin', excerpt: `ext4 BUG on write\n\n${log}`, title: 'ext4 BUG on write' }));
    await store.close();
    const { io: cli, out, err } = io(dir);
    expect(await runDashboard({ store: 'store.sqlite', out: 'site', now: () => new Date('2026-12-07T00:00:00Z') }, cli)).toBe(0);
    expect(err).toEqual([]);
    expect(out.join('')).toBe('2 decisions on 2 reports, 1 rules fired, 1 reports to look at, 1 unmatched clusters: wrote site/index.html and data.json\n');
    const data = JSON.parse(readFileSync(join(dir, 'site', 'data.json'), 'utf8'));
    expect(data).toMatchObject({ generatedAt: '2026-12-07T00:00:00.000Z', counts: { decisions: 2, reports: 2, feedback: 1 }, rules: [{ ruleId: 'r1', fires: 1, wrong: 1, precision: 0 }], reviewTotal: 1 });
    expect(data.clusters[0]).toMatchObject({ kind: 'crash', label: 'kernel BUG in ext4_write_begin', size: 1 });
    expect(data.clusters[0].draft).toContain('- crash: kernel BUG in ext4_write_begin');
    const html = readFileSync(join(dir, 'site', 'index.html'), 'utf8');
    // self-contained: nothing is fetched from anywhere
    expect(html).not.toMatch(/<(?:script|link|img)[^>]+(?:src|href)=/i);
    expect(html).toContain("default-src 'none'");
  }, 60_000);

  it.each([
    [{ store: 'missing.sqlite', out: 'site' }, /^ktriage dashboard: no store at .*missing\.sqlite/],
    [{ out: 'site' }, /^ktriage dashboard: which store\? give --store FILE/],
    [{ store: 'mysql://u:secret@db/x', out: 'site' }, /DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL \(got "mysql:\/\/u:\*\*\*@db\/x"\)/],
    [{ store: 'x.sqlite', out: 'site', minConfidence: 'high' }, /--min-confidence is a number from 0 to 1 \(got "high"\)/],
  ])('refuses %j with one line and exit 2, writing nothing', async (options, message) => {
    const { io: cli, err } = io(dir);
    expect(await runDashboard(options, cli)).toBe(2);
    expect(err.join('')).toMatch(message);
    expect(err.join('').split('\n').filter(Boolean)).toHaveLength(1);
    expect(existsSync(join(dir, 'site'))).toBe(false);
    expect(existsSync(join(dir, 'missing.sqlite'))).toBe(false);
  });
});

describe('toScriptJson', () => {
  it.each([
    // a title that would close the data block early
    ['</script><script>alert(1)</script>'],
    ['<!-- x -->'],
    ['a\u2028b\u2029c & <b>'],
  ])('%j cannot end the script block and parses back', (text) => {
    const json = toScriptJson({ text });
    expect(json).not.toMatch(/[<>\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual({ text });
  });
});
