import type { Command } from 'commander';
import { extractFacts } from '../../extract/index.js';
import { bundledRulesDir, readRuleFiles } from '../../io/read-rule-files.js';
import { compileRules, evaluateRules, rankMatches, readReportLines, signatureLines, type CompiledRules, type RankedMatch } from '../../match/index.js';
import type { BugReport, FactDefinition } from '../../model.js';
import { formatProblem, parseRuleFiles, type BugRule, type FactRule } from '../../rules/index.js';
import { fromCwd } from './triage.js';

export interface TestIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  cwd: string;
}

export interface TestOptions {
  /** Use the bundled rules' facts as the vocabulary when the files define none (default true). */
  bundled?: boolean;
}

/** One finding of `ktriage test`. Failures make the run exit 1; notes are printed only. */
export interface ExampleFinding {
  ruleId: string;
  where: string;
  kind: 'failure' | 'note';
  message: string;
}

/**
 * `ktriage test PATH...`: run every rule's examples. Each `match` example must match its rule
 * (exact signature, conditions not contradicted) and rank it first; each `no_match` example must not
 * match it. A rule that matches ANOTHER rule's positive example is reported too (issue 7): as a
 * failure when it ranks at or above that example's own rule, as a note when it ranks below (the
 * intended overlap of a shared, lower-weight consequence line). Exit 0 when all pass, 1 on
 * failures or rule errors, 2 when a path cannot be read.
 */
export async function runTest(paths: readonly string[], options: TestOptions, io: TestIo): Promise<number> {
  if (paths.length === 0) {
    io.stderr.write('ktriage test: name at least one rule file or folder, e.g. `ktriage test rules/`\n');
    return 2;
  }
  const read = await readRuleFiles(paths.map((p) => fromCwd(io.cwd, p)));
  const knownFacts = options.bundled === false ? [] : await bundledFacts();
  const parsed = parseRuleFiles(read.files, { knownFacts });
  const problems = [...read.problems, ...parsed.problems];
  for (const problem of problems) io.stderr.write(`${formatProblem(problem)}\n`);
  for (const failure of read.unreadable) io.stderr.write(`ktriage test: cannot read ${failure.path}: ${failure.message}\n`);

  const compiled = compileRules(parsed.ruleSet);
  const vocabulary = mergeVocabulary(parsed.ruleSet.facts, knownFacts);
  const findings = testExamples(compiled, vocabulary);
  const byRule = new Map<string, ExampleFinding[]>();
  for (const finding of findings) byRule.set(finding.ruleId, [...(byRule.get(finding.ruleId) ?? []), finding]);

  let examples = 0;
  for (const bug of compiled.bugs) {
    examples += bug.examples.match.length + bug.examples.noMatch.length;
    const mine = byRule.get(bug.id) ?? [];
    const failed = mine.some((f) => f.kind === 'failure');
    io.stdout.write(`${failed ? 'FAIL' : 'ok  '} ${bug.id} (${bug.examples.match.length} match, ${bug.examples.noMatch.length} no_match)\n`);
    for (const finding of mine) io.stdout.write(`     ${finding.kind === 'failure' ? 'x' : '-'} ${finding.where}: ${finding.message}\n`);
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

/**
 * Run every example of every rule against the whole compiled set. Pure apart from the work: the
 * findings come back in rule order.
 */
export function testExamples(compiled: CompiledRules, vocabulary: readonly FactDefinition[]): ExampleFinding[] {
  const findings: ExampleFinding[] = [];
  for (const bug of compiled.bugs) {
    const location = `${bug.source.file}:${bug.source.line}:${bug.source.col}`;
    bug.examples.match.forEach((snippet, i) => {
      const where = `${location}: match example ${i + 1}`;
      const ranked = rankSnippet(snippet, bug, compiled, vocabulary);
      const own = ranked.findIndex((r) => r.match.ruleId === bug.id && r.evaluation.exact.length > 0);
      if (own < 0) {
        findings.push({ ruleId: bug.id, where, kind: 'failure', message: `does not match the rule${describeNear(ranked, bug)}` });
        return;
      }
      ranked.forEach((other, position) => {
        if (other.match.ruleId === bug.id || other.evaluation.exact.length === 0) return;
        const above = position < own;
        findings.push({
          ruleId: bug.id,
          where,
          kind: above ? 'failure' : 'note',
          message: above
            ? `rule ${other.match.ruleId} matches it too and ranks above this rule (score ${other.match.score} vs ${ranked[own]!.match.score})`
            : `rule ${other.match.ruleId} matches it too, ranked below this rule`,
        });
      });
    });
    bug.examples.noMatch.forEach((snippet, i) => {
      const ranked = rankSnippet(snippet, bug, compiled, vocabulary);
      const own = ranked.find((r) => r.match.ruleId === bug.id && r.evaluation.exact.length > 0);
      if (own) {
        findings.push({ ruleId: bug.id, where: `${location}: no_match example ${i + 1}`, kind: 'failure', message: `matches the rule: ${own.match.reasons[0] ?? 'signature found'}` });
      }
    });
  }
  return findings;
}

function rankSnippet(snippet: string, bug: BugRule, compiled: CompiledRules, vocabulary: readonly FactDefinition[]): RankedMatch[] {
  const report: BugReport = { source: 'file', id: `${bug.id} example`, url: null, title: '', body: snippet, comments: [], attachments: [], fields: {} };
  const facts = extractFacts(report, vocabulary);
  const known = signatureLines(facts);
  return rankMatches(evaluateRules(facts, compiled, [...known, ...readReportLines(report, known)]), facts);
}

function describeNear(ranked: RankedMatch[], bug: BugRule): string {
  const near = ranked.find((r) => r.match.ruleId === bug.id);
  if (near) return ` (only a near miss: ${near.match.reasons[0] ?? ''})`;
  return ' (no signature of the rule appears in it: are the lines error or warning lines, with the kernel log format?)';
}

/** The files' own facts first; bundled facts fill in ids the files do not define. */
function mergeVocabulary(own: readonly FactRule[], bundled: readonly FactRule[]): FactDefinition[] {
  const ids = new Set(own.map((f) => f.id));
  return [...own, ...bundled.filter((f) => !ids.has(f.id))];
}

async function bundledFacts(): Promise<FactRule[]> {
  const read = await readRuleFiles([bundledRulesDir()]);
  return parseRuleFiles(read.files).ruleSet.facts;
}

/** Register `ktriage test` on the program (src/cli/main.ts). */
export function addTestCommand(program: Command, io: TestIo, setExitCode: (code: number) => void): void {
  program
    .command('test')
    .description("run every rule's examples: match examples must match their rule, no_match examples must not (exit 1 on failures)")
    .argument('<paths...>', 'rule files, or folders whose *.yml/*.yaml files are tested')
    .option('--no-bundled', "do not use the bundled rules' facts for facts the files use but do not define")
    .action(async (paths: string[], options: { bundled: boolean }) => {
      setExitCode(await runTest(paths, { bundled: options.bundled }, io));
    });
}
