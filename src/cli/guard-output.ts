/** A stream the CLI writes its output to (process.stdout / process.stderr). */
export interface OutputStream {
  write(chunk: string): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * Output that fails the way shells expect instead of with a stack trace: a reader that went away
 * (`ktriage extract big.txt | head -c 1`, EPIPE) ends the process quietly with the exit code so far;
 * a full disk or any other write failure (`> /dev/full`, ENOSPC) prints one line on stderr and
 * exits 2. A write to a file fails synchronously, to a pipe asynchronously: both are caught.
 */
export function guardOutput(
  stream: OutputStream,
  name: string,
  { exit, stderr, exitCode }: { exit: (code: number) => never; stderr: { write(chunk: string): unknown }; exitCode: () => number },
): { write(chunk: string): unknown } {
  const fail = (error: Error): never => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') return exit(exitCode());
    const reasons: Record<string, string> = { ENOSPC: 'no space left on device', EDQUOT: 'disk quota exceeded', EIO: 'input/output error', EFBIG: 'file too large' };
    try {
      stderr.write(`ktriage: cannot write to ${name}: ${(code && reasons[code]) ?? error.message}${code ? ` (${code})` : ''}\n`);
    } catch {
      // stderr is gone too: nothing left to tell.
    }
    return exit(2);
  };
  stream.on('error', fail);
  return {
    write(chunk: string): unknown {
      try {
        return stream.write(chunk);
      } catch (error) {
        return fail(error as Error);
      }
    },
  };
}

/**
 * What bin/ktriage.js runs: main() on the process's arguments and streams, output guarded.
 * Kept here (not in bin/) so tests run exactly this through the sources.
 */
export async function runBin(proc: NodeJS.Process, run: (argv: string[], io: import('./main.js').CliIo) => Promise<number>): Promise<void> {
  const exitCode = (): number => (typeof proc.exitCode === 'number' ? proc.exitCode : 0);
  const exit = (code: number): never => proc.exit(code);
  const stderr = guardOutput(proc.stderr, 'stderr', { exit, stderr: { write: () => true }, exitCode });
  const stdout = guardOutput(proc.stdout, 'stdout', { exit, stderr: proc.stderr, exitCode });
  proc.exitCode = await run(proc.argv.slice(2), { stdout, stderr, stdin: proc.stdin, env: proc.env, cwd: proc.cwd() });
}
