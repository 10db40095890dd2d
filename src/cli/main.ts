import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';

/** What the CLI touches of the outside world; bin/ktriage.js passes the process's, tests pass fakes. */
export interface CliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  stdin: NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
  cwd: string;
}

type AddCommand = (program: Command, io: CliIo, setExitCode: (code: number) => void) => void;

/**
 * Every top-level command: its one-line summary for `ktriage --help`, and the module that defines it,
 * imported only when that command runs. `ktriage --help` and `ktriage triage` therefore never load
 * the Bugzilla bot, SQLite, Probot or Octokit. A new command is one row here.
 */
const COMMANDS: Record<string, { args?: string; summary: string; load: () => Promise<AddCommand> }> = {
  extract: {
    args: '<file>',
    summary: 'print the facts of a report: kernel versions, log signatures, configuration, crashes, missing information',
    load: async () => (await import('./commands/extract.js')).addExtractCommand,
  },
  triage: {
    args: '<file>',
    summary: 'triage a report: the matching known bug, whether your kernel has the fix, next steps and questions',
    load: async () => (await import('./commands/triage.js')).addTriageCommand,
  },
  lint: {
    args: '<paths...>',
    summary: 'check rule files: every problem as file:line:col: message (exit 1 on problems, 2 on unreadable paths)',
    load: async () => (await import('./commands/lint.js')).addLintCommand,
  },
  test: {
    args: '<paths...>',
    summary: "run every rule's examples against their rules (exit 1 on failures)",
    load: async () => (await import('./commands/test.js')).addTestCommand,
  },
  'suggest-rule': {
    args: '<report>',
    summary: 'draft a known-bug rule from a resolved report and its fix (--fix SHA): YAML that passes lint and test, comments saying what to check',
    load: async () => (await import('./commands/suggest-rule.js')).addSuggestRuleCommand,
  },
  schema: {
    summary: 'print the JSON Schema of rule files (rules/schema.json)',
    load: async () => (await import('./commands/schema.js')).addSchemaCommand,
  },
  bugzilla: {
    summary: 'triage new bugs on Bugzilla servers (see docs/bugzilla.md)',
    load: async () => (await import('./commands/bugzilla.js')).addBugzillaCommand,
  },
  github: {
    summary: 'the GitHub App: `github scan OWNER/REPO` prints what it would post on open issues, writing nothing; `github serve` runs it',
    load: async () => (await import('./commands/github-scan.js')).addGithubCommand,
  },
  dashboard: {
    summary: 'write the triage dashboard from the decision store: `dashboard --store FILE|URL --out DIR` (docs/dashboard.md)',
    load: async () => (await import('./commands/dashboard.js')).addDashboardCommand,
  },
  import: {
    summary: "generate rule packs from public data: `import kernel-cves <vulns-dir>` (the kernel CNA's CVE records, docs/kernel-cves.md)",
    load: async () => (await import('./commands/import.js')).addImportCommand,
  },
};

/** The package version (package.json beside dist/ and src/), or "unknown" in a stripped install. */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The command a command line runs: its first word, or the one `help` is asked about. */
function commandOf(argv: readonly string[]): string | null {
  const words = argv.filter((arg) => !arg.startsWith('-'));
  const first = words[0] ?? null;
  return first === 'help' ? (words[1] ?? null) : first;
}

/**
 * The `ktriage` command line. Returns the exit code (docs/exit-codes.md): 0 success, 1 a finding
 * the command reports as failure (lint problems; with `triage --exit-code`, a known bug), 2 a usage
 * error or an unreadable input. Never calls process.exit.
 *
 * @example
 * await main(['extract', 'examples/bugzilla-68801.txt', '--format', 'text'], io) // => 0
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const setExitCode = (code: number): void => {
    exitCode = code;
  };
  const program = new Command('ktriage')
    .description('First-round triage for Linux kernel and storage-stack bug reports.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run `ktriage --help` for usage)');

  const wanted = commandOf(argv);
  for (const [name, command] of Object.entries(COMMANDS)) {
    // Only the command that runs is loaded; the others are listed by name and summary.
    if (name === wanted) (await command.load())(program, io, setExitCode);
    else program.command(command.args ? `${name} ${command.args}` : name).description(command.summary);
  }

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed.
      return error.exitCode === 0 ? 0 : 2;
    }
    // Loaded here: `ktriage --help` stays free of the logger's start-up cost.
    const { cliLog } = await import('./cli-log.js');
    cliLog(io, 'ktriage').error(`ktriage: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
  return exitCode;
}
