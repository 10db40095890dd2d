import path from 'node:path';
import type { Logger } from '../../log/index.js';
import { Option, type Command } from 'commander';
import { loadRulePacks } from '../../io/load-rule-packs.js';
import { compileRules } from '../../match/index.js';
import type { TriagePlan } from '../../model.js';
import { commitUrl, planHeadline, renderMarkdown, renderPlainText } from '../../render/index.js';
// rules/' light door: the parsing door (index.ts) loads the YAML parser and zod, which a triage on
// the precompiled packs never needs (issue 10: cold start; docs/kernel-cves.md).
import { formatProblem } from '../../rules/light.js';
import { triage } from '../../triage.js';
import { printable, toClippedJson } from '../format-output.js';
import { cliLogLater } from '../later-cli-log.js';
import { readReportFile, ReportFileError } from '../read-report-file.js';

export type TriageFormat = 'json' | 'markdown' | 'text';
export const TRIAGE_FORMATS: readonly TriageFormat[] = ['json', 'markdown', 'text'];

export interface TriageCommandOptions {
  /** Extra rule files or folders (`--rules PATH`, repeatable). */
  rules?: readonly string[];
  /** Use the bundled curated bugs and playbooks (default true; `--no-bundled`). The fact vocabulary is always used. */
  bundled?: boolean;
  /** Use the kernel CVE pack (default true; `--no-cves`). */
  cves?: boolean;
  /** An operator's own CVE pack instead of the shipped one (`--cve-pack PATH`). */
  cvePack?: string;
  format?: TriageFormat;
  /** Exit 1 when a known bug matched, 3 when only a possible match (docs/exit-codes.md); default: 0 whatever matched. */
  exitCode?: boolean;
}

export interface TriageIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  stdin: NodeJS.ReadableStream;
  cwd: string;
  /** The clock, passed to the core as `now`. */
  now?: () => Date;
  /** LOG_LEVEL / LOG_FORMAT for the diagnostics (src/cli/cli-log.ts). */
  env?: Record<string, string | undefined>;
  /** The diagnostics logger; default: cliLog's. */
  log?: Logger;
}

/**
 * `ktriage triage <file|-> [--rules PATH]... [--no-bundled] [--format markdown|text|json]`: triage
 * one report and print the plan (Markdown comment by default). Rule problems go to stderr as
 * `file:line:col: message` and the run continues with the valid rules. Exit 0 on success, 2 when
 * the report or a named rules path cannot be read (the plan is still printed for the latter).
 */
export async function runTriage(file: string, options: TriageCommandOptions, io: TriageIo): Promise<number> {
  const log = cliLogLater(io, 'ktriage triage');
  const format = options.format ?? 'markdown';
  if (!TRIAGE_FORMATS.includes(format)) {
    (await log()).error(`ktriage triage: unknown format "${String(format)}": use one of ${TRIAGE_FORMATS.join(', ')}`);
    return 2;
  }
  let report;
  try {
    ({ report } = await readReportFile(file, io));
  } catch (error) {
    if (error instanceof ReportFileError) {
      (await log()).error(`ktriage triage: ${error.message}`);
      return 2;
    }
    throw error;
  }

  const { compiled, failed } = await loadCliRules(options, io, 'ktriage triage');

  const plan = triage(report, compiled, { now: (io.now ?? (() => new Date()))() });
  // JSON clips long strings; human formats drop the report's control characters (terminal escapes).
  if (format === 'json') io.stdout.write(`${toClippedJson(toJson(plan))}\n`);
  else if (format === 'text') io.stdout.write(printable(renderPlainText(plan)));
  else io.stdout.write(printable(renderMarkdown(plan)));
  if (failed) return 2;
  return options.exitCode === true ? matchExitCode(plan) : 0;
}

/**
 * The rules of a CLI run, the way `ktriage triage` takes them (`--rules`, `--no-bundled`,
 * `--no-cves`, `--cve-pack`), problems written to stderr under `command`'s name. `failed` when a
 * named rules path could not be read or gave no valid rule: the caller still runs, then exits 2.
 */
export async function loadCliRules(
  options: Pick<TriageCommandOptions, 'bundled' | 'cvePack' | 'cves' | 'rules'>,
  io: Pick<TriageIo, 'cwd' | 'env' | 'log' | 'stderr'>,
  command: string,
): Promise<{ compiled: ReturnType<typeof compileRules>; failed: boolean }> {
  // The logger (pino) is loaded only when there is something to say.
  const later = cliLogLater(io, command);
  const named = (options.rules ?? []).map((p) => fromCwd(io.cwd, p));
  const loaded = await loadRulePacks({
    paths: named,
    bundled: options.bundled !== false,
    cves: options.cves !== false,
    ...(options.cvePack !== undefined ? { cvePack: fromCwd(io.cwd, options.cvePack) } : {}),
  });
  const compiled = compileRules(loaded.ruleSet, { descriptions: loaded.descriptions, fuzzyTables: loaded.fuzzyTables, signatureTables: loaded.signatureTables });
  // Rules the user named that give nothing (not rule files, or every rule invalid) are an error, not an empty run.
  const empty = named.filter((p) => !contributes(loaded.ruleSet, p));
  const silent = loaded.problems.length === 0 && loaded.unreadable.length === 0 && compiled.problems.length === 0 && loaded.ruleSet.bugs.length > 0 && empty.length === 0;
  if (!silent) {
    const log = await later();
    for (const problem of loaded.problems) log.warn({ ruleId: problem.ruleId }, formatProblem(problem));
    for (const failure of loaded.unreadable) log.error(`${command}: cannot read rules ${failure.path}: ${failure.message}`);
    for (const problem of compiled.problems) log.warn({ ruleId: problem.ruleId }, `${command}: rule ${problem.ruleId}, signature ${problem.signature + 1}: ${problem.message}`);
    if (loaded.ruleSet.bugs.length === 0) log.warn(`${command}: no valid bug rules loaded: every report will get no-match`);
    for (const p of empty) if (!loaded.unreadable.some((u) => u.path === p)) log.error(`${command}: no valid rules in ${p} (see the problems above; \`ktriage lint ${p}\` checks it)`);
  }

  return { compiled, failed: loaded.unreadable.length > 0 || empty.length > 0 };
}

/**
 * `triage --exit-code` (docs/exit-codes.md), for scripts, like `git diff --exit-code`: 1 when a known
 * bug matched (any known-bug verdict), 3 when the best is only a possible match, 0 when nothing matched.
 */
export function matchExitCode(plan: Pick<TriagePlan, 'verdict'>): number {
  if (plan.verdict === 'no-match') return 0;
  return plan.verdict === 'possible-match' ? 3 : 1;
}

type Sourced = ReadonlyArray<{ source: { file: string } }>;

/** Whether a named rules path (file or folder) gave at least one valid bug, playbook or fact. */
function contributes(ruleSet: { bugs: Sourced; playbooks: Sourced; facts: Sourced }, named: string): boolean {
  const root = path.resolve(named);
  return [...ruleSet.bugs, ...ruleSet.playbooks, ...ruleSet.facts].some((rule) => {
    const file = path.resolve(rule.source.file);
    return file === root || file.startsWith(`${root}${path.sep}`);
  });
}

/**
 * The documented JSON contract (docs/json-contract.md, which lists every field): the plan in
 * snake_case, matches best first and empty when nothing matches. Fields may be added, never renamed.
 */
export function toJson(plan: TriagePlan): Record<string, unknown> {
  return {
    report_id: plan.reportId,
    verdict: plan.verdict,
    // The comments' headline: says when the best match is by description, and whether lines of the report matched other bugs.
    headline: planHeadline(plan),
    facts: plan.facts,
    matches: plan.matches.map((m) => ({
      rule_id: m.ruleId,
      title: m.title,
      verdict: m.verdict,
      score: m.score,
      confidence: m.confidence,
      fix_status: m.fixStatus,
      fix_reason: m.fixReason,
      evidence: m.evidence,
      fix: m.fix.map((f) => ({ commit: f.sha, subject: f.subject, repo: f.repo, url: commitUrl(f) })),
      reasons: m.reasons,
      basis: m.basis ?? 'signatures',
    })),
    next_steps: plan.nextSteps,
    questions: plan.questions,
    labels: plan.labels,
    actions: plan.actions,
    fingerprint: plan.fingerprint,
  };
}

/**
 * A path given relative to `cwd`, as the process reads it; kept relative so messages show it as
 * typed. An absolute path stays absolute: `--rules /etc/passwd` is named so, not `../../etc/passwd`.
 */
export function fromCwd(cwd: string, target: string): string {
  if (path.isAbsolute(target)) return path.normalize(target);
  const full = path.resolve(cwd, target);
  return path.relative(process.cwd(), full) || '.';
}

/** Register `ktriage triage` on the program (src/cli/main.ts). */
export function addTriageCommand(program: Command, io: TriageIo, setExitCode: (code: number) => void): void {
  program
    .command('triage')
    .description('triage a report: the matching known bug, whether your kernel has the fix, next steps and questions')
    .argument('<file>', 'report file (text/Markdown, Bugzilla JSON, GitHub issue JSON) or - for stdin')
    .option('--rules <path>', 'extra rule file or folder (repeatable)', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option('--no-bundled', 'do not use the curated known bugs and playbooks shipped with ktriage (their fact vocabulary stays)')
    .option('--no-cves', 'do not use the kernel CVE pack')
    .option('--cve-pack <path>', 'use this CVE pack (written by `ktriage import kernel-cves`) instead of the shipped one')
    .addOption(new Option('--format <format>', 'output format').choices([...TRIAGE_FORMATS]).default('markdown'))
    .option('--exit-code', 'exit 1 when a known bug matched, 3 when only a possible match, 0 when nothing matched (docs/exit-codes.md)')
    .action(async (file: string, options: { rules: string[]; bundled: boolean; cves: boolean; cvePack?: string; format: TriageFormat; exitCode?: boolean }) => {
      const packOptions = options.cvePack !== undefined ? { cvePack: options.cvePack } : {};
      setExitCode(await runTriage(file, { rules: options.rules, bundled: options.bundled, cves: options.cves, ...packOptions, format: options.format, exitCode: options.exitCode === true }, io));
    });
}
