import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { fakeCliIo } from '../support/run-cli.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The seed as the tracker prints it, shipped in examples/ (the README's own example).
const SEED = path.resolve(repoRoot, 'examples/bugzilla-68801.txt');
const SEED_FIXTURE = path.join(repoRoot, 'test/fixtures/reports/bugzilla-68801.txt');

/** The shared harness, with stdin. */
const makeIo = (stdin = '') => fakeCliIo({ stdin });

describe('ktriage extract', () => {
  it('prints the JSON contract for the seed report', async () => {
    const io = makeIo();
    const code = await main(['extract', SEED], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(io.out());
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['kernel', 'signatures', 'config', 'missing', 'crash', 'crashes']));
    expect(Object.keys(json.kernel)).toEqual(['running', 'failing', 'working', 'mentioned', 'distro']);
    expect(json.kernel.running.version.raw).toBe('3.12.6');
    expect(json.signatures[0]).toEqual(
      expect.objectContaining({ canonical: 'device-mapper: space map common: unable to decrement a reference count below <N>', subsystem: 'device-mapper: space map common', count: 3, evidence: expect.objectContaining({ part: 'body' }) }),
    );
    expect(json.config.discards).toEqual(expect.objectContaining({ value: false, history: [expect.objectContaining({ value: true }), expect.objectContaining({ value: false })] }));
    expect(json.report).toEqual({ source: 'file', id: 'bugzilla-68801.txt', url: null, title: 'thin-pool: space map common: unable to decrement a reference count below 0' });
  });

  it('prints a text summary with --format text', async () => {
    const io = makeIo();
    expect(await main(['extract', SEED, '--format', 'text'], io)).toBe(0);
    expect(io.out()).toContain('running:   3.12.6 (body, line 11)');
    expect(io.out()).toContain('discards = false (history: true -> false)');
    expect(io.out()).toContain('Missing: reproduction-steps');
  });

  it('reads the report from stdin with -', async () => {
    const io = makeIo('Subject: md0 degraded\n\n[  233.118263] md/raid1:md0: Disk failure on vdc, disabling device.\nKernel: 6.1.0-13-amd64\n');
    expect(await main(['extract', '-'], io)).toBe(0);
    const json = JSON.parse(io.out());
    expect(json.report.title).toBe('md0 degraded');
    expect(json.kernel.running.version.raw).toBe('6.1.0-13-amd64');
    expect(json.kernel.distro).toBe('debian');
    expect(json.signatures.map((s: { subsystem: string }) => s.subsystem)).toEqual(['md/raid']);
  });

  it('reads a fixture file whose front matter is just more text', async () => {
    const io = makeIo();
    expect(await main(['extract', path.relative(repoRoot, SEED_FIXTURE)], io)).toBe(0);
    expect(JSON.parse(io.out()).kernel.running.version.raw).toBe('3.12.6');
  });

  it.each([
    [['extract', 'no/such/report.txt'], /ktriage extract: cannot read no\/such\/report\.txt: no such file/],
    [['extract', 'test'], /cannot read test: it is a directory/],
    [['extract', SEED, '--format', 'yaml'], /--format must be json or text, not "yaml"/],
    [['extract'], /missing required argument 'file'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('exits 2 with a clear message: %j', async (argv, message) => {
    const io = makeIo();
    expect(await main(argv, io)).toBe(2);
    expect(io.err()).toMatch(message);
    expect(io.out()).toBe('');
  });

  it('exits 2 on JSON it cannot understand, naming the expected shapes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ktriage-cli-'));
    writeFileSync(path.join(dir, 'odd.json'), '{"hello": 1}');
    writeFileSync(path.join(dir, 'broken.json'), '{"bugs": [');
    const io = makeIo();
    expect(await main(['extract', path.join(dir, 'odd.json')], io)).toBe(2);
    expect(io.err()).toMatch(/unknown JSON report shape; expected a Bugzilla bug/);
    const io2 = makeIo();
    expect(await main(['extract', path.join(dir, 'broken.json')], io2)).toBe(2);
    expect(io2.err()).toMatch(/broken\.json looks like JSON but does not parse/);
  });

  it('uses another vocabulary with --facts, and exits 2 when it is invalid', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ktriage-facts-'));
    writeFileSync(path.join(dir, 'facts.yml'), 'facts:\n  - id: thin_pool\n    description: thin\n    type: boolean\n    patterns:\n      - value: true\n        phrases: ["thin pool"]\n');
    writeFileSync(path.join(dir, 'bad.yml'), 'facts:\n  - id: Bad-Id\n    description: x\n    type: boolean\n    patterns: []\n');
    const io = makeIo();
    expect(await main(['extract', SEED, '--facts', path.join(dir, 'facts.yml')], io)).toBe(0);
    expect(Object.keys(JSON.parse(io.out()).config)).toEqual(['thin_pool']);
    const io2 = makeIo();
    expect(await main(['extract', SEED, '--facts', path.join(dir, 'bad.yml')], io2)).toBe(2);
    expect(io2.err()).toMatch(/invalid fact vocabulary:\n {2}\S*bad\.yml:2:9: `id`: fact ids are snake_case/);
  });

  it('prints help and exits 0', async () => {
    const io = makeIo();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.out()).toMatch(/extract <file> +print the facts of a report/);
    const one = makeIo();
    expect(await main(['extract', '--help'], one)).toBe(0);
    expect(one.out()).toMatch(/extract \[options\] <file>/);
  });
});

describe('the CLI diagnostics go through the one logger (src/log, cli style)', () => {
  const missing = path.join(repoRoot, 'no-such-report.txt');
  it.each<[string, Record<string, string>, (err: string) => void]>([
    // default: the bare message on stderr, as a terminal always read it
    ['text', {}, (err) => expect(err).toMatch(/^ktriage triage: .*no-such-report\.txt.*\n$/)],
    // LOG_FORMAT=json: one JSON object per line with the same field names as the App and the bot
    [
      'json',
      { LOG_FORMAT: 'json' },
      (err) => {
        const record = JSON.parse(err) as Record<string, unknown>;
        expect(record).toMatchObject({ level: 'error', tracker: 'cli', command: 'ktriage triage' });
        expect(String(record.msg)).toMatch(/^ktriage triage: .*no-such-report\.txt/);
      },
    ],
    // LOG_LEVEL=fatal silences the diagnostics; the exit code still says what happened
    ['fatal level', { LOG_LEVEL: 'fatal' }, (err) => expect(err).toBe('')],
  ])('%s', async (_name, env, check) => {
    const io = { ...makeIo(), env };
    const code = await main(['triage', missing], io);
    expect(code).toBe(2);
    check(io.err());
  });
});
