import { Readable } from 'node:stream';
import { main, type CliIo } from '../../src/cli/main.js';
import { REPO_ROOT } from './shared-data.js';

/**
 * The one harness for running the CLI in-process (`main(argv, io)`), as a shell would: what it
 * prints on stdout and stderr is collected, stdin is the given text, the environment is empty
 * unless given, and paths are relative to the repository root unless another `cwd` is given.
 */
export interface FakeCliOptions {
  /** The text on stdin (`ktriage triage -`); empty by default. */
  stdin?: string;
  env?: Record<string, string | undefined>;
  /** The working directory paths are relative to; the repository root by default. */
  cwd?: string;
}

/** The io `main` takes, with `out()` and `err()` reading what was written so far. */
export function fakeCliIo(options: FakeCliOptions = {}): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (chunk: string) => (out += chunk) },
    stderr: { write: (chunk: string) => (err += chunk) },
    stdin: Readable.from([options.stdin ?? '']),
    env: options.env ?? {},
    cwd: options.cwd ?? REPO_ROOT,
    out: () => out,
    err: () => err,
  };
}

/**
 * Runs `ktriage <argv>` with `stdin` on its standard input and answers its exit code and output.
 *
 * @example
 * await runCli(['triage', '-', '--exit-code'], 'My laptop fan is loud.\n') // => { code: 0, stdout: '...', stderr: '' }
 */
export async function runCli(argv: string[], stdin = '', options: Omit<FakeCliOptions, 'stdin'> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = fakeCliIo({ ...options, stdin });
  const code = await main(argv, io);
  return { code, stdout: io.out(), stderr: io.err() };
}
