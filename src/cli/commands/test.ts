import type { Command } from 'commander';
import { cliLog } from '../cli-log.js';
import type { Logger } from '../../log/index.js';
import { readBundledRules } from '../../io/load-rule-packs.js';
import { readRuleFiles } from '../../io/read-rule-files.js';
import { compileRules, testRuleExamples, type ExampleFinding } from '../../match/index.js';
import type { FactDefinition } from '../../model.js';
import { formatProblem, parseRuleFiles, type FactRule } from '../../rules/index.js';
import { fromCwd } from './triage.js';

export interface TestIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  cwd: string;
  /** LOG_LEVEL / LOG_FORMAT for the diagnostics (src/cli/cli-log.ts). */
  env?: Record<string, string | undefined>;
  /** The diagnostics logger; default: cliLog's. */
  log?: Logger;
}

export interface TestOptions {
  /**
   * Accepted for symmetry with `triage` (default true): the tested files are run on their own either
   * way, and the bundled fact vocabulary is always used (issue 11: vocabulary is not rules).
   */
  bundled?: boolean;
}

/**
 * `ktriage test PATH...`: run every rule's examples (the core's testRuleExamples). Each `match`
 * example must match its rule confidently (not a possible match) and rank it first; each
 * `no_match` example must give it neither a confident nor a possible match. A rule that matches
 * ANOTHER rule's positive example is reported too (issue 7): as a failure when it ranks above that
 * example's own rule, as a note when it ranks below (the intended overlap of a shared,
 * lower-weight consequence line). Exit 0 when all pass, 1 on failures or rule errors, 2 when a
 * path cannot be read.
 */
export async function runTest(paths: readonly string[], options: TestOptions, io: TestIo): Promise<number> {
  const log = cliLog(io, 'ktriage test');
  if (paths.length === 0) {
    log.error('ktriage test: name at least one rule file or folder, e.g. `ktriage test rules/`');
    return 2;
  }
  const read = await readRuleFiles(paths.map((p) => fromCwd(io.cwd, p)));
  const knownFacts = (await readBundledRules({ cvePack: false })).ruleSet.facts;
  const parsed = parseRuleFiles(read.files, { knownFacts });
  const problems = [...read.problems, ...parsed.problems];
  for (const problem of problems) log.error({ ruleId: problem.ruleId }, formatProblem(problem));
  for (const failure of read.unreadable) log.error(`ktriage test: cannot read ${failure.path}: ${failure.message}`);

  const compiled = compileRules(parsed.ruleSet);
  const vocabulary = mergeVocabulary(parsed.ruleSet.facts, knownFacts);
  const findings = testRuleExamples(compiled, { vocabulary });
  const byRule = new Map<string, ExampleFinding[]>();
  // Appended in place: copying the list per finding was quadratic in the findings of one rule.
  for (const finding of findings) {
    const list = byRule.get(finding.ruleId);
    if (list) list.push(finding);
    else byRule.set(finding.ruleId, [finding]);
  }

  let examples = 0;
  for (const bug of compiled.bugs) {
    examples += bug.examples.match.length + bug.examples.noMatch.length;
    const mine = byRule.get(bug.id) ?? [];
    const failed = mine.some((f) => f.kind === 'failure');
    io.stdout.write(`${failed ? 'FAIL' : 'ok  '} ${bug.id} (${bug.examples.match.length} match, ${bug.examples.noMatch.length} no_match)\n`);
    // Rules that share one signature each note every other: print a few per rule and count the rest,
    // so the output grows with the rules, not with their pairs (1,349 such rules printed 909,226 lines).
    const shown = [...mine.filter((f) => f.kind === 'failure').slice(0, MAX_FAILURES_SHOWN), ...mine.filter((f) => f.kind !== 'failure').slice(0, MAX_NOTES_SHOWN)];
    for (const finding of shown) io.stdout.write(`     ${finding.kind === 'failure' ? 'x' : '-'} ${where(finding)}: ${finding.message}\n`);
    if (mine.length > shown.length) {
      const hiddenFailures = mine.filter((f) => f.kind === 'failure').length - shown.filter((f) => f.kind === 'failure').length;
      io.stdout.write(`     ... and ${mine.length - shown.length} more (${hiddenFailures} failure${hiddenFailures === 1 ? '' : 's'}, ${mine.length - shown.length - hiddenFailures} notes) for ${bug.id}\n`);
    }
  }
  const failures = findings.filter((f) => f.kind === 'failure').length;
  const notes = findings.length - failures;
  const errors = problems.filter((p) => p.severity === 'error').length;
  io.stdout.write(
    `${compiled.bugs.length} rules, ${examples} examples: ${failures} failure${failures === 1 ? '' : 's'}, ${notes} note${notes === 1 ? '' : 's'}${errors > 0 ? `, ${errors} rule error${errors === 1 ? '' : 's'}` : ''}\n`,
  );
  if (read.unreadable.length > 0) return 2;
  return failures > 0 || errors > 0 ? 1 : 0;
}

/** Findings printed per rule; the rest are counted in one line. */
const MAX_FAILURES_SHOWN = 20;
const MAX_NOTES_SHOWN = 5;

/** `rules/x.yml:12:5: match example 1` (1-based, as people count examples). */
function where(finding: ExampleFinding): string {
  const { file, line, col } = finding.source;
  if (finding.example.kind === 'signature') return `${file}:${line}:${col}: signature ${finding.example.index + 1}`;
  return `${file}:${line}:${col}: ${finding.example.kind} example ${finding.example.index + 1}`;
}

/** The files' own facts first; bundled facts fill in ids the files do not define. */
function mergeVocabulary(own: readonly FactRule[], bundled: readonly FactRule[]): FactDefinition[] {
  const ids = new Set(own.map((f) => f.id));
  return [...own, ...bundled.filter((f) => !ids.has(f.id))];
}

/** Register `ktriage test` on the program (src/cli/main.ts). */
export function addTestCommand(program: Command, io: TestIo, setExitCode: (code: number) => void): void {
  program
    .command('test')
    .description("run every rule's examples: match examples must match their rule confidently, no_match examples must not match it even possibly (exit 1 on failures)")
    .argument('<paths...>', 'rule files, or folders whose *.yml/*.yaml files are tested')
    .option('--no-bundled', 'accepted for symmetry with triage: the files are tested on their own, with the bundled fact vocabulary')
    .action(async (paths: string[], options: { bundled: boolean }) => {
      setExitCode(await runTest(paths, { bundled: options.bundled }, io));
    });
}
