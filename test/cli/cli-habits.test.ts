// Command-line habits and clean failures (issue 12): --version, triage --exit-code, rules that cannot
// be loaded, a missing --facts file.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { matchExitCode } from '../../src/cli/commands/triage.js';
import { SEED_REPORT } from '../support/fixture-path.js';
import { REPO_ROOT } from '../support/shared-data.js';

async function run(argv: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    stdin: Readable.from([stdin]),
    env: {},
    cwd: REPO_ROOT,
  });
  return { code, stdout, stderr };
}

describe('ktriage --version', () => {
  it('prints the package version, exit 0', async () => {
    const { version } = JSON.parse(readFileSync(`${REPO_ROOT}/package.json`, 'utf8')) as { version: string };
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect((await run(['-V'])).stdout).toBe(`${version}\n`);
  });
});

describe('ktriage triage --exit-code', () => {
  it('maps verdicts to the documented codes', () => {
    expect(matchExitCode({ verdict: 'no-match' })).toBe(0);
    expect(matchExitCode({ verdict: 'known-bug-fix-available' })).toBe(1);
    expect(matchExitCode({ verdict: 'known-bug-fix-present' })).toBe(1);
    expect(matchExitCode({ verdict: 'known-bug-version-unknown' })).toBe(1);
    expect(matchExitCode({ verdict: 'possible-match' })).toBe(3);
  });

  it('exits 1 on a known bug and 0 on no match; without the flag 0 either way', async () => {
    expect((await run(['triage', SEED_REPORT, '--exit-code'])).code).toBe(1);
    expect((await run(['triage', SEED_REPORT])).code).toBe(0);
    expect((await run(['triage', '-', '--exit-code'], 'My laptop fan is loud.\n')).code).toBe(0);
  });
});

describe('rules that cannot be loaded', () => {
  it('--rules naming a file that is not a rule file exits 2 and says so', async () => {
    const passwd = path.join(mkdtempSync(path.join(tmpdir(), 'ktriage-rules-')), 'passwd');
    writeFileSync(passwd, 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n');
    const { code, stderr } = await run(['triage', SEED_REPORT, '--rules', passwd, '--no-bundled']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/no valid rules in \S*passwd/);
  });

  it('extract --facts with a missing file: one line in words, exit 2', async () => {
    expect(await run(['extract', SEED_REPORT, '--facts', 'nope.yml'])).toEqual({ code: 2, stdout: '', stderr: 'ktriage extract: cannot read the fact vocabulary nope.yml: no such file or folder\n' });
  });

  it('triage "" is an empty path, not a directory', async () => {
    expect(await run(['triage', ''])).toEqual({ code: 2, stdout: '', stderr: 'ktriage triage: no report file named: the path is empty (name a file, or - for stdin)\n' });
  });
});
