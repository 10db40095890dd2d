// bin/ktriage.js runs the CLI from dist/bundle/ (scripts/bundle-cli.js, `npm run build`): the
// start-up path in a few files instead of ~100 modules (issue 10, item 4: cold start). The bundle
// must be the current sources' (rebuilt here and compared), must run as the sources do, and must
// leave the commands it does not hold to dist/cli/commands/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import { REPO_ROOT } from '../support/shared-data.js';

const SEED = 'examples/bugzilla-68801.txt';
// Two folders below the package root, as dist/bundle/ is: the modules find rules/ from there.
const CHECK_DIR = path.join(REPO_ROOT, 'dist', `bundle-check-${process.pid}`);

function files(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]));
}

/** Run `main(argv)` from a bundle in a child process: exit code, stdout, and every module URL it imported. */
function runBundle(dir: string, argv: string[]): { status: number | null; stdout: string; stderr: string; urls: string[] } {
  const log = path.join(mkdtempSync(path.join(tmpdir(), 'ktriage-bundle-')), 'imports.log');
  const script = `const cli = await import(${JSON.stringify(path.join(dir, 'ktriage.js'))});
let out = '';
process.exitCode = await cli.main(${JSON.stringify(argv)}, { stdout: { write: (s) => { out += s; return true; } }, stderr: process.stderr, stdin: process.stdin, env: {}, cwd: process.cwd() });
process.stdout.write(out);`;
  const child = spawnSync(process.execPath, ['--import', './test/support/record-imports.mjs', '--input-type=module', '-e', script], {
    cwd: REPO_ROOT,
    env: { ...process.env, KTRIAGE_IMPORT_LOG: log },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const urls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
  rmSync(path.dirname(log), { recursive: true, force: true });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr, urls };
}

async function runSources(argv: string[]): Promise<{ status: number; stdout: string }> {
  let stdout = '';
  const status = await main(argv, { stdout: { write: (s: string) => ((stdout += s), true) }, stderr: { write: () => true }, stdin: process.stdin, env: {}, cwd: REPO_ROOT });
  return { status, stdout };
}

describe('the CLI bundle (dist/bundle/)', () => {
  beforeAll(() => {
    const built = spawnSync(process.execPath, ['scripts/bundle-cli.js', '--out', CHECK_DIR], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
    expect({ status: built.status, stderr: built.stderr }).toEqual({ status: 0, stderr: '' });
  }, 120_000);
  afterAll(() => rmSync(CHECK_DIR, { recursive: true, force: true }));

  it('dist/bundle/ is the bundle of the current sources (else: npm run build)', () => {
    const shipped = path.join(REPO_ROOT, 'dist', 'bundle');
    expect({ exists: existsSync(shipped), hint: 'run npm run build' }).toEqual({ exists: true, hint: 'run npm run build' });
    expect(files(shipped)).toEqual(files(CHECK_DIR));
  });

  it('refuses a folder its modules could not find rules/ from', () => {
    const wrong = spawnSync(process.execPath, ['scripts/bundle-cli.js', '--out', path.join(tmpdir(), 'ktriage-bundle-elsewhere')], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toContain('is not two folders below');
  });

  it('triages and extracts as the sources do, loading none of dist/ but the bundle', async () => {
    for (const argv of [['triage', SEED, '--format', 'json'], ['triage', '--no-cves', SEED], ['extract', SEED]]) {
      const bundled = runBundle(CHECK_DIR, argv);
      const sources = await runSources(argv);
      expect({ argv, status: bundled.status, stderr: bundled.stderr }).toEqual({ argv, status: sources.status, stderr: '' });
      expect(bundled.stdout).toBe(sources.stdout);
      // Start-up reads the bundle's files only (plus packages and Node's own modules).
      const own = bundled.urls.filter((url) => url.startsWith('file:') && !url.includes('/node_modules/'));
      expect({ argv, outside: own.filter((url) => !url.includes(`/dist/${path.basename(CHECK_DIR)}/`)) }).toEqual({ argv, outside: [] });
    }
    // The seed gets its curated rule first through the bundle too.
    expect(JSON.parse(runBundle(CHECK_DIR, ['triage', SEED, '--format', 'json']).stdout).matches[0].rule_id).toBe('dm-sm-metadata-refcount-below-zero');
  }, 120_000);

  it('prints --help from the entry chunk alone, and runs the other commands from dist/cli/commands/', () => {
    const help = runBundle(CHECK_DIR, ['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('triage <file>');
    expect(help.urls.filter((url) => url.includes(`/dist/${path.basename(CHECK_DIR)}/`)).map((url) => path.basename(url))).toEqual(['ktriage.js']);
    // `lint` is not in the bundle: its compiled module (tsc's output, same build) is imported.
    expect({ compiled: existsSync(path.join(REPO_ROOT, 'dist/cli/commands/lint.js')), hint: 'run npm run build' }).toEqual({ compiled: true, hint: 'run npm run build' });
    const lint = runBundle(CHECK_DIR, ['lint', 'rules/block.yml']);
    expect({ status: lint.status, stderr: lint.stderr }).toEqual({ status: 0, stderr: '' });
    expect(lint.urls.some((url) => url.endsWith('/dist/cli/commands/lint.js'))).toBe(true);
  }, 60_000);
});
