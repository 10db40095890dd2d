import { realpathSync } from 'node:fs';
import { cliLog } from '../cli-log.js';
import type { Logger } from '../../log/index.js';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { checkFixesAgainstRecords } from '../../import/merge-cve-records.js';
import { readBundledRules, readCveRecordIndex } from '../../io/load-rule-packs.js';
import { readRuleFiles } from '../../io/read-rule-files.js';
import { formatProblem, parseRuleFiles, type RuleProblem, type RuleSet } from '../../rules/index.js';

/** Where a command writes; the CLI passes process streams, tests pass collectors. */
export interface LintIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  /** Relative paths are read from here and printed as typed. */
  cwd: string;
  /** LOG_LEVEL / LOG_FORMAT for the diagnostics (src/cli/cli-log.ts). */
  env?: Record<string, string | undefined>;
  /** The diagnostics logger; default: cliLog's. */
  log?: Logger;
}

export interface LintOptions {
  /**
   * Compare the linted files with the bundled curated bugs and playbooks (default true): an id they
   * already use is a warning. The bundled fact vocabulary is used either way.
   */
  bundled?: boolean;
  /** Warnings (old key spellings) fail too. */
  strict?: boolean;
  /** `text` (file:line:col: message, default), `json` (one object) or `github` (workflow annotations). */
  format?: LintFormat;
}

export type LintFormat = 'text' | 'json' | 'github';
export const LINT_FORMATS: readonly LintFormat[] = ['text', 'json', 'github'];

/**
 * `ktriage lint PATH...`: check rule files, print every problem as `file:line:col: message` and a
 * count. Exit 0 when clean, 1 on problems (errors; warnings too with --strict), 2 when a path cannot
 * be read. Facts the files use but do not define are looked up in the bundled vocabulary (always).
 */
export async function runLint(paths: readonly string[], options: LintOptions, io: LintIo): Promise<number> {
  const log = cliLog(io, 'ktriage lint');
  if (paths.length === 0) {
    log.error('ktriage lint: name at least one rule file or folder, e.g. `ktriage lint rules/`');
    return 2;
  }
  const format = options.format ?? 'text';
  if (!LINT_FORMATS.includes(format)) {
    log.error(`ktriage lint: --format must be one of ${LINT_FORMATS.join(', ')}, not "${String(format)}"`);
    return 2;
  }
  const read = await readRuleFiles(paths, { cwd: io.cwd });
  // A broken bundled file just contributes fewer rules. The vocabulary is vocabulary, not rules: it
  // is always there (issue 11), so a rule using `thin_pool` lints clean with --no-bundled too.
  const bundled = (await readBundledRules({ cvePack: false })).ruleSet;
  const parsed = parseRuleFiles(read.files, { knownFacts: bundled.facts });
  const shadowed = shadowingProblems(parsed.ruleSet, options.bundled === false ? { ...bundled, bugs: [], playbooks: [] } : bundled, io.cwd);
  // The kernel CVE records know every stable fix's mainline sha: a curated fix naming a record's
  // subject with another sha is most likely a pre-rebase sha.
  const records = await readCveRecordIndex();
  const problems = [...read.problems, ...parsed.problems, ...shadowed, ...checkFixesAgainstRecords(parsed.ruleSet.bugs, records)];

  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const { bugs, playbooks, facts } = parsed.ruleSet;
  const fileCount = read.files.length + read.problems.length;
  if (format === 'json') {
    const unreadable = read.unreadable.map((u) => ({ path: u.path, message: u.message }));
    const summary = { errors, warnings, files: fileCount, valid: { bugs: bugs.length, playbooks: playbooks.length, facts: facts.length } };
    const listed = problems.map((p) => ({ file: p.file, line: p.line, col: p.col, severity: p.severity, rule_id: p.ruleId, message: p.message }));
    io.stdout.write(`${JSON.stringify({ problems: listed, unreadable, ...summary }, null, 2)}\n`);
  } else {
    for (const problem of problems) io.stdout.write(`${format === 'github' ? githubAnnotation(problem) : formatProblem(problem)}\n`);
    for (const failure of read.unreadable) {
      log.error(`ktriage lint: cannot read ${failure.path}: ${failure.message}`);
      if (format === 'github') io.stdout.write(`::error file=${annotationProperty(failure.path)}::${annotationData(`cannot read ${failure.path}: ${failure.message}`)}\n`);
    }
    const counted = `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(fileCount, 'file')}`;
    io.stdout.write(`${counted} (valid: ${plural(bugs.length, 'bug')}, ${plural(playbooks.length, 'playbook')}, ${plural(facts.length, 'fact')})\n`);
  }

  if (read.unreadable.length > 0) return 2;
  if (errors > 0 || (options.strict === true && warnings > 0)) return 1;
  return 0;
}

/**
 * Bugs, playbooks and facts of the linted files whose id the bundled rules already use. `triage --rules`
 * reads the bundled rules first, so the linted one would be dropped as a duplicate: say so now.
 * Linting the bundled files themselves is no conflict.
 */
function shadowingProblems(linted: RuleSet, bundled: RuleSet, cwd: string): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const sections = [
    ['bug', linted.bugs, bundled.bugs],
    ['playbook', linted.playbooks, bundled.playbooks],
    ['fact', linted.facts, bundled.facts],
  ] as const;
  for (const [word, mine, theirs] of sections) {
    const byId = new Map(theirs.map((rule) => [rule.id, rule.source]));
    for (const rule of mine) {
      const other = byId.get(rule.id);
      if (!other || realPath(path.resolve(cwd, rule.source.file)) === realPath(other.file)) continue;
      problems.push({
        ...rule.source,
        ruleId: rule.id,
        severity: 'warning',
        message: `the bundled rules already define ${word} id \`${rule.id}\` (${other.file}:${other.line}:${other.col}): with both loaded, the bundled one is used; pick another id`,
      });
    }
  }
  return problems;
}

/** The path with symlinks resolved (a linked or globally installed ktriage reaches rules/ through one). */
function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/**
 * A GitHub Actions workflow command (`::error file=..,line=..,col=..::message`) that shows the problem
 * on the file's line in a pull request. Escaping per the workflow-commands documentation.
 */
export function githubAnnotation(problem: RuleProblem): string {
  const level = problem.severity === 'error' ? 'error' : 'warning';
  return `::${level} file=${annotationProperty(problem.file)},line=${problem.line},col=${problem.col},title=ktriage lint::${annotationData(problem.message)}`;
}

function annotationData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function annotationProperty(text: string): string {
  return annotationData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
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
    .option('--no-bundled', 'do not compare ids with the bundled bugs and playbooks (the bundled fact vocabulary is used either way)')
    .option('--strict', 'fail on warnings (old key spellings) too')
    .addOption(new Option('--format <format>', 'text (file:line:col: message), json, or github (annotations for a GitHub Actions workflow)').choices([...LINT_FORMATS]).default('text'))
    .action(async (paths: string[], options: { bundled: boolean; strict?: boolean; format: LintFormat }) => {
      setExitCode(await runLint(paths, { bundled: options.bundled, strict: options.strict === true, format: options.format }, io));
    });
}
