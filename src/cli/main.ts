import { Command, CommanderError } from 'commander';
import { runExtract } from './commands/extract.js';
import { addLintCommand } from './commands/lint.js';
import { addSchemaCommand } from './commands/schema.js';
import { addTestCommand } from './commands/test.js';
import { addBugzillaCommand } from './commands/bugzilla.js';
import { addImportCommand } from './commands/import.js';
import { addTriageCommand } from './commands/triage.js';

/** What the CLI touches of the outside world; bin/ktriage.js passes the process's, tests pass fakes. */
export interface CliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  stdin: NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
  cwd: string;
}

/**
 * The `ktriage` command line. Returns the exit code: 0 success, 1 a finding the command reports as
 * failure (lint problems), 2 a usage error or an unreadable input. Never calls process.exit.
 *
 * @example
 * await main(['extract', 'examples/bugzilla-68801.txt', '--format', 'text'], io) // => 0
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = new Command('ktriage')
    .description('First-round triage for Linux kernel and storage-stack bug reports.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run `ktriage --help` for usage)');

  program
    .command('extract')
    .description('print the facts of a report: kernel versions, log signatures, configuration, crashes, missing information')
    .argument('<file>', 'report file (text/Markdown, Bugzilla JSON, GitHub issue JSON) or - for stdin')
    .option('--format <format>', 'json or text', 'json')
    .option('--facts <file>', 'fact vocabulary to use instead of the bundled rules/facts.yml')
    .action(async (file: string, options: { format: string; facts?: string }) => {
      exitCode = await runExtract(file, options, io);
    });

  addLintCommand(program, io, (code) => (exitCode = code));
  addSchemaCommand(program, io, (code) => (exitCode = code));
  addTriageCommand(program, io, (code) => (exitCode = code));
  addTestCommand(program, io, (code) => (exitCode = code));
  addBugzillaCommand(program, io, (code) => (exitCode = code));
  addImportCommand(program, io, (code) => (exitCode = code));

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed.
      return error.exitCode === 0 ? 0 : 2;
    }
    io.stderr.write(`ktriage: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
  return exitCode;
}
