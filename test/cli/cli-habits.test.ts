// Command-line habits and clean failures (issue 12): --version, triage --exit-code, rules that cannot
// be loaded, a missing --facts file.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli as run } from '../support/run-cli.js';
import { matchExitCode } from '../../src/cli/commands/triage.js';
import { SEED_REPORT } from '../support/fixture-path.js';
import { REPO_ROOT } from '../support/shared-data.js';

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

describe('lint on a file that is not a rule file', () => {
  it('names the file and never quotes its lines (a symlink to /etc/shadow)', async () => {
    const shadow = path.join(mkdtempSync(path.join(tmpdir(), 'ktriage-lint-')), 'shadow');
    writeFileSync(shadow, 'root:$6$s3cr3tHash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n');
    const { code, stdout, stderr } = await run(['lint', shadow, '--no-bundled']);
    expect(code).toBe(1);
    expect(stdout).toContain(`${shadow}:1:1: not a rule file`);
    expect(`${stdout}${stderr}`).not.toMatch(/s3cr3t|daemon/);
  });
});

describe('output hygiene', () => {
  const hostile = `Linux version 6.1.0\n[ 1.0] device-mapper: thin: \u001b[2J\u001b]0;pwned\u0007\u001b]52;c;ZWNobyBoaQ==\u0007 failed: error = -5\n`;

  it('extract --format text and triage text/markdown print no control characters', async () => {
    for (const argv of [['extract', '-', '--format', 'text'], ['triage', '-', '--format', 'text'], ['triage', '-']]) {
      const { stdout } = await run(argv, hostile);
      // eslint-disable-next-line no-control-regex
      expect([argv.join(' '), /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/.test(stdout)]).toEqual([argv.join(' '), false]);
    }
  });

  it('JSON output clips a huge evidence line instead of copying it', async () => {
    const line = `[ 1.0] device-mapper: thin: ${'x'.repeat(200_000)} failed\n`;
    const { code, stdout } = await run(['triage', '-', '--format', 'json'], `We run 3.12.6.\n${line}`);
    expect(code).toBe(0);
    expect(stdout.length).toBeLessThan(100_000);
    expect(stdout).toMatch(/\[\.\.\. \d+ more characters\]/);
    expect(JSON.parse(stdout)).toHaveProperty('facts');
  });
});

describe('ktriage test on many rules sharing one signature', () => {
  it('prints a bounded number of lines per rule and counts the rest', async () => {
    const count = 30;
    const bugs = Array.from({ length: count }, (_, i) =>
      [
        `  - id: shared-signature-${i}`,
        `    title: "rule ${i} with the signature every other rule has"`,
        '    subsystem: device-mapper/thin',
        `    links: [https://bugzilla.example.org/show_bug.cgi?id=${i}]`,
        '    signatures:',
        '      - log: "device-mapper: space map common: unable to decrement a reference count below 0"',
        '    fix:',
        `      - commit: ${(0xabc000 + i).toString(16).padStart(12, '0')}`,
        `        subject: "fix ${i}"`,
        '    examples:',
        '      match:',
        '        - "[ 1.0] device-mapper: space map common: unable to decrement a reference count below 0"',
        '      no_match:',
        '        - "[ 1.0] device-mapper: thin: 253:4: reached low water mark for data device: sending event."',
      ].join('\n'),
    );
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ktriage-test-')), 'shared.yml');
    writeFileSync(file, `bugs:\n${bugs.join('\n')}\n`);
    const { stdout } = await run(['test', file]);
    const lines = stdout.trim().split('\n');
    // Each rule's header, at most 20 failures and 5 notes, one "... and N more" line; then the summary.
    expect(lines.length).toBeLessThanOrEqual(count * 27 + 1);
    expect(stdout).toMatch(/\.\.\. and \d+ more \(\d+ failures?, \d+ notes\) for shared-signature-0/);
    expect(lines.at(-1)).toMatch(new RegExp(`^${count} rules, ${count * 2} examples: `));
  });
});

describe('ktriage lint --format', () => {
  const broken = (): string => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ktriage-lintfmt-')), 'bad,name.yml');
    writeFileSync(file, 'bugs:\n  - id: Bad Id\n    title: "50% of it"\n');
    return file;
  };

  it('json: one object with every problem, counts and the same exit code', async () => {
    const file = broken();
    const { code, stdout } = await run(['lint', file, '--no-bundled', '--format', 'json']);
    expect(code).toBe(1);
    const result = JSON.parse(stdout) as { problems: Array<{ file: string; line: number; col: number; severity: string; message: string }>; errors: number; warnings: number; files: number };
    expect(result.errors).toBeGreaterThan(0);
    expect(result.errors).toBe(result.problems.filter((p) => p.severity === 'error').length);
    expect(result.files).toBe(1);
    expect(result.problems[0]).toMatchObject({ file, severity: 'error' });
    expect(result.problems[0]!.line).toBeGreaterThanOrEqual(1);
  });

  it('github: one workflow annotation per problem, properties escaped', async () => {
    const file = broken();
    const { code, stdout } = await run(['lint', file, '--no-bundled', '--format', 'github']);
    expect(code).toBe(1);
    const annotations = stdout.split('\n').filter((line) => line.startsWith('::'));
    expect(annotations.length).toBeGreaterThan(0);
    for (const line of annotations) expect(line).toMatch(/^::(error|warning) file=[^,:]+,line=\d+,col=\d+,title=ktriage lint::[^\n]+$/);
    expect(annotations[0]).toContain(`file=${file.replace(/,/g, '%2C')},`);
  });

  it('refuses an unknown format', async () => {
    expect((await run(['lint', broken(), '--format', 'xml'])).code).toBe(2);
  });
});
