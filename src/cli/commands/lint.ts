import type { Command } from 'commander';
import { bundledRulesDir, readRuleFiles } from '../../io/read-rule-files.js';
import { formatProblem, parseRuleFiles, type FactRule } from '../../rules/index.js';

/** Where a command writes; the CLI passes process streams, tests pass collectors. */
export interface LintIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  /** Relative paths are read from here and printed as typed. */
  cwd: string;
}

export interface LintOptions {
  /** Use the bundled rules' facts as the vocabulary for the linted files (default true). */
  bundled?: boolean;
  /** Warnings (old key spellings) fail too. */
  strict?: boolean;
}

/**
 * `ktriage lint PATH...`: check rule files, print every problem as `file:line:col: message` and a
 * count. Exit 0 when clean, 1 on problems (errors; warnings too with --strict), 2 when a path cannot
 * be read. Facts the files use but do not define are looked up in the bundled vocabulary.
 */
export async function runLint(paths: readonly string[], options: LintOptions, io: LintIo): Promise<number> {
  if (paths.length === 0) {
    io.stderr.write('ktriage lint: name at least one rule file or folder, e.g. `ktriage lint rules/`\n');
    return 2;
  }
  const read = await readRuleFiles(paths, { cwd: io.cwd });
  const knownFacts = options.bundled === false ? [] : await bundledFacts();
  const parsed = parseRuleFiles(read.files, { knownFacts });
  const problems = [...read.problems, ...parsed.problems];

  for (const problem of problems) io.stdout.write(`${formatProblem(problem)}\n`);
  for (const failure of read.unreadable) io.stderr.write(`ktriage lint: cannot read ${failure.path}: ${failure.message}\n`);

  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const { bugs, playbooks, facts } = parsed.ruleSet;
  const fileCount = read.files.length + read.problems.length;
  const counted = `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(fileCount, 'file')}`;
  io.stdout.write(`${counted} (valid: ${plural(bugs.length, 'bug')}, ${plural(playbooks.length, 'playbook')}, ${plural(facts.length, 'fact')})\n`);

  if (read.unreadable.length > 0) return 2;
  if (errors > 0 || (options.strict === true && warnings > 0)) return 1;
  return 0;
}

/** The bundled rules' fact definitions; a broken bundled file just contributes fewer facts. */
async function bundledFacts(): Promise<FactRule[]> {
  const read = await readRuleFiles([bundledRulesDir()]);
  return parseRuleFiles(read.files).ruleSet.facts;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Register `ktriage lint PATH...` on the CLI program; the action reports its exit code through `setExitCode`. */
export function addLintCommand(program: Command, io: LintIo, setExitCode: (code: number) => void): void {
  program
    .command('lint')
    .description('check rule files: every problem as file:line:col: message (exit 1 on problems, 2 on unreadable paths)')
    .argument('<paths...>', 'rule files, or folders whose *.yml/*.yaml files are checked')
    .option('--no-bundled', 'do not use the bundled rules\' facts for facts the files use but do not define')
    .option('--strict', 'fail on warnings (old key spellings) too')
    .action(async (paths: string[], options: { bundled: boolean; strict?: boolean }) => {
      setExitCode(await runLint(paths, { bundled: options.bundled, strict: options.strict === true }, io));
    });
}
