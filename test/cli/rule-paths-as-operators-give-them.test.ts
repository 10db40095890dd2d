// Rule paths the way operators give them (issue 12, found by running the built CLI): a FIFO from
// process substitution (`--rules <(...)`, `lint <(...)`), an endless device, a binary or a text file
// that is not YAML named by mistake, and an absolute path. Before: a FIFO read as empty (its size is
// 0), so `lint <(cat rules.yml)` and `lint /dev/zero` said "0 errors" and `--rules <(...)` loaded
// nothing; `lint /bin/ls` printed 94 errors quoting the binary; a file of 200 non-YAML lines gave
// 200 errors; `--rules /etc/passwd` was named `../../etc/passwd`.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { fixturePath, SEED_REPORT } from '../support/fixture-path.js';
import { REPO_ROOT } from '../support/shared-data.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ktriage-rule-paths-'));
const RULE_FILE = fixturePath('rules', 'valid', 'dm-thin.yml');

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    stdin: Readable.from(['']),
    env: {},
    cwd: REPO_ROOT,
  });
  return { code, stdout, stderr };
}

/** A named pipe that a shell fills with `bytes` once a reader opens it, as `<(cat file)` does. */
async function fifoOf(name: string, text: string): Promise<{ fifo: string; written: Promise<unknown> }> {
  const fifo = path.join(dir, name);
  const source = path.join(dir, `${name}.source`);
  writeFileSync(source, text);
  await new Promise<void>((resolve, reject) => spawn('mkfifo', [fifo]).on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mkfifo: ${code}`)))));
  const writer = spawn('sh', ['-c', `cat '${source}' > '${fifo}'`], { stdio: 'ignore' });
  return { fifo, written: new Promise((resolve) => writer.on('exit', resolve)) };
}

describe('rule files from a pipe or a device', () => {
  it('lint reads a FIFO (`lint <(cat rules.yml)`) to its end', async () => {
    const { fifo, written } = await fifoOf('lint-fifo', readFileSync(RULE_FILE, 'utf8'));
    const { code, stdout } = await run(['lint', fifo, '--no-bundled']);
    await written;
    expect(stdout).toMatch(/0 errors, 0 warnings in 1 file \(valid: 1 bug,/);
    expect(code).toBe(0);
  });

  it('triage --rules reads a FIFO and matches with its rules', async () => {
    const { fifo, written } = await fifoOf('triage-fifo', readFileSync(RULE_FILE, 'utf8'));
    const { code, stdout, stderr } = await run(['triage', SEED_REPORT, '--rules', fifo, '--no-bundled', '--no-cves', '--format', 'json']);
    await written;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { matches: Array<{ rule_id: string }> }).matches[0]?.rule_id).toBe('example-dm-sm-refcount-below-zero');
  });

  it('lint /dev/zero is refused as too large, not passed as an empty file', async () => {
    const { code, stdout } = await run(['lint', '/dev/zero', '--no-bundled']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^\/dev\/zero:1:1: the file is larger than \d+ bytes/);
  });
});

describe('files that are not rule files are named, not quoted', () => {
  it('a binary gives one error and none of its bytes', async () => {
    const binary = path.join(dir, 'program.yml');
    writeFileSync(binary, Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01\0\0\0'), Buffer.from('secret-token: "hunter2" <%s>\n'.repeat(50)), Buffer.alloc(64)]));
    const { code, stdout } = await run(['lint', binary, '--no-bundled']);
    expect(code).toBe(1);
    expect(stdout).toBe(`${binary}:1:1: not a text file (it holds NUL bytes): rule files are YAML text; its content is not shown\n1 error, 0 warnings in 1 file (valid: 0 bugs, 0 playbooks, 0 facts)\n`);
  });

  it('a long text file that is not YAML: ten syntax errors and a count, no line of it quoted', async () => {
    const services = path.join(dir, 'services');
    const lines = Array.from({ length: 200 }, (_, i) => `svc-${i}\t${1000 + i}/tcp\t\t# service number ${i} "quoted words"`);
    writeFileSync(services, `# a services file\nname: x\n${lines.join('\n')}\n`);
    const { code, stdout } = await run(['lint', services, '--no-bundled']);
    expect(code).toBe(1);
    const out = stdout.trimEnd().split('\n');
    expect(out.length).toBe(12);
    expect(out[10]).toMatch(/: and \d+ more YAML syntax errors: is this a YAML file at all\?$/);
    expect(stdout).not.toMatch(/svc-|service number|quoted words/);
  });

  it('a short token yaml quotes is kept: it tells the author what to remove', async () => {
    const stray = path.join(dir, 'stray.yml');
    writeFileSync(stray, 'bugs: []\n}\n');
    expect((await run(['lint', stray, '--no-bundled'])).stdout).toMatch(/stray\.yml:2:1: YAML syntax error: .*: "}"\n/);
  });
});

describe('a Bugzilla config that is a binary', () => {
  it('is one line naming the file, none of its bytes', async () => {
    const binary = path.join(dir, 'bugzilla.yml');
    writeFileSync(binary, Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01\0'), Buffer.from('api_key: "hunter2" <%s>\n'.repeat(50)), Buffer.alloc(64)]));
    const { code, stdout, stderr } = await run(['bugzilla', 'check', '--config', binary]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toBe(`ktriage bugzilla check: invalid Bugzilla configuration:\n  ${binary}: not a text file (it holds NUL bytes): a config file is YAML text; its content is not shown\n`);
  });
});

describe('paths in messages', () => {
  it('an absolute --rules path is named as given, not relative to the working folder', async () => {
    const passwd = path.join(dir, 'passwd');
    writeFileSync(passwd, 'root:x:0:0:root:/root:/bin/bash\n');
    const { code, stderr } = await run(['triage', SEED_REPORT, '--rules', passwd, '--no-bundled']);
    expect(code).toBe(2);
    expect(stderr).toContain(`no valid rules in ${passwd} (`);
    expect(stderr).not.toContain('../');
  });
});
