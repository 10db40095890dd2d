// Writing into a closed pipe or a full disk (issue 12): `ktriage extract big.txt | head -c 1` exits
// quietly, `ktriage triage seed.txt > /dev/full` prints one line and exits 2, never a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { guardOutput } from '../../src/cli/guard-output.js';
import { SEED_REPORT } from '../support/fixture-path.js';
import { REPO_ROOT } from '../support/shared-data.js';

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function fakeStream(fail: (chunk: string) => void) {
  const events = new EventEmitter();
  return Object.assign(events, { write: (chunk: string) => fail(chunk) });
}

const errno = (code: string) => Object.assign(new Error(`${code}: boom`), { code });
const exit = (code: number): never => {
  throw new Exit(code);
};

describe('guardOutput', () => {
  it('ends quietly with the exit code so far on EPIPE, thrown or emitted', () => {
    const lines: string[] = [];
    const stream = fakeStream(() => {
      throw errno('EPIPE');
    });
    const out = guardOutput(stream, 'stdout', { exit, stderr: { write: (s: string) => lines.push(s) }, exitCode: () => 1 });
    expect(() => out.write('x')).toThrow(new Exit(1));
    expect(() => stream.emit('error', errno('EPIPE'))).toThrow(new Exit(1));
    expect(lines).toEqual([]);
  });

  it('prints one line and exits 2 on ENOSPC and other write errors', () => {
    const lines: string[] = [];
    const stream = fakeStream(() => {
      throw errno('ENOSPC');
    });
    const out = guardOutput(stream, 'stdout', { exit, stderr: { write: (s: string) => lines.push(s) }, exitCode: () => 0 });
    expect(() => out.write('x')).toThrow(new Exit(2));
    expect(() => stream.emit('error', errno('EACCES'))).toThrow(new Exit(2));
    expect(lines).toEqual(['ktriage: cannot write to stdout: no space left on device (ENOSPC)\n', 'ktriage: cannot write to stdout: EACCES: boom (EACCES)\n']);
  });

  it('passes writes through when nothing fails', () => {
    const written: string[] = [];
    const out = guardOutput(fakeStream((chunk) => written.push(chunk)), 'stdout', { exit, stderr: { write: () => true }, exitCode: () => 0 });
    out.write('a');
    out.write('b');
    expect(written).toEqual(['a', 'b']);
  });
});

/** The CLI as bin/ktriage.js runs it, from the sources (`node -e` has no script in argv: a stand-in takes its place). */
const BIN = ['--import', 'tsx', '--input-type=module', '-e', "const { runBin } = await import('./src/cli/guard-output.ts'); const { main } = await import('./src/cli/main.ts'); await runBin(process, main);", 'ktriage'];

describe('the command line on a closed pipe and a full disk', () => {
  it('writes into /dev/full: one line on stderr, exit 2', () => {
    const child = spawnSync('sh', ['-c', `"${process.execPath}" "$@" > /dev/full`, 'sh', ...BIN, 'triage', SEED_REPORT], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect({ status: child.status, stderr: child.stderr }).toEqual({ status: 2, stderr: 'ktriage: cannot write to stdout: no space left on device (ENOSPC)\n' });
  });

  it('into a pipe closed after one byte: exits quietly with 0', async () => {
    // Output well past a pipe's 64 KB buffer, so writing goes on after the reader has gone.
    const lines = Array.from({ length: 20_000 }, (_, i) => `[${i}.000001] device-mapper: thin: 253:${i}: fn_${i}() failed: error = -${i % 100}`);
    const big = path.join(mkdtempSync(path.join(tmpdir(), 'ktriage-pipe-')), 'big.txt');
    writeFileSync(big, lines.join('\n'));
    const child = spawn(process.execPath, [...BIN, 'extract', big], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Read one byte, then close the pipe like `head -c 1`.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const status = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
  });
});
