import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import { readBundledRules, readCveRecordIndex } from '../../io/load-rule-packs.js';
import { compileRules } from '../../match/index.js';
import type { RuleSet } from '../../rules/index.js';
import { draftRule, type DraftCandidate } from '../../suggest/index.js';
import { printable } from '../format-output.js';
import { readReportFile, ReportFileError } from '../read-report-file.js';

export interface SuggestRuleIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  stdin: NodeJS.ReadableStream;
  cwd: string;
}

export type SuggestFormat = 'json' | 'yaml';
export const SUGGEST_FORMATS: readonly SuggestFormat[] = ['yaml', 'json'];

export interface SuggestRuleOptions {
  /** The fix commit (`--fix`, required). */
  fix: string;
  subject?: string;
  fixedIn?: string;
  introduced?: string;
  id?: string;
  /** More texts the draft must not match (`--against PATH`, files or folders of report files). */
  against?: readonly string[];
  format?: SuggestFormat;
}

/** Files read from an `--against` folder: report-like text files, at most this many. */
const MAX_AGAINST_FILES = 500;
const AGAINST_FILE = /\.(?:txt|log|md|json|ya?ml)$/i;

/**
 * `ktriage suggest-rule REPORT --fix SHA [--subject S] [--fixed-in V] [--introduced V] [--id ID]
 * [--against PATH]... [--format yaml|json]`: draft a known bug from a resolved report (the core's
 * draftRule) and print it as a rule file, comments saying what to check. The no_match example is
 * the closest of the bundled rules' examples, the shipped example reports (examples/) and the
 * `--against` reports that the draft does not match. Exit 0 with a draft that lints and passes its examples, 1 when the drafted YAML would not
 * (printed anyway, the problems on stderr), 2 for a usage error, an unreadable report or a report
 * no rule can be drafted from (one line on stderr).
 */
export async function runSuggestRule(file: string, options: SuggestRuleOptions, io: SuggestRuleIo): Promise<number> {
  const fail = (message: string): number => {
    io.stderr.write(`ktriage suggest-rule: ${message}\n`);
    return 2;
  };
  const format = options.format ?? 'yaml';
  if (!SUGGEST_FORMATS.includes(format)) return fail(`--format must be one of ${SUGGEST_FORMATS.join(', ')}, not "${String(format)}"`);
  let report;
  try {
    ({ report } = await readReportFile(file, io));
  } catch (error) {
    if (error instanceof ReportFileError) return fail(error.message);
    throw error;
  }
  const bundled = await readBundledRules({ cvePack: false });
  const curated: RuleSet = bundled.ruleSet;
  const candidates: DraftCandidate[] = [...bundledExamples(curated), ...(await shippedExampleReports(io))];
  for (const target of options.against ?? []) {
    try {
      candidates.push(...(await readAgainst(path.resolve(io.cwd, target), target, io)));
    } catch (error) {
      if (error instanceof ReportFileError) return fail(`--against ${error.message}`);
      throw error;
    }
  }

  const outcome = draftRule(report, {
    fix: { commit: options.fix, subject: options.subject ?? null },
    fixedIn: options.fixedIn ?? null,
    introduced: options.introduced ?? null,
    id: options.id ?? null,
    candidates,
    vocabulary: curated.facts,
    rules: curated,
    known: compileRules(curated),
    records: await readCveRecordIndex(),
  });
  if ('refused' in outcome) return fail(outcome.refused);
  const { drafted } = outcome;
  if (format === 'json') {
    const json = { rule: drafted.rule, yaml: drafted.yaml, checks: drafted.checks, no_match_from: drafted.noMatch.from, also_matches: drafted.noMatch.matched, problems: drafted.problems };
    io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else io.stdout.write(printable(drafted.yaml));
  for (const problem of drafted.problems) io.stderr.write(`ktriage suggest-rule: the draft would fail lint/test: ${problem}\n`);
  return drafted.problems.length > 0 ? 1 : 0;
}

/** Every bundled curated rule's examples, named `<rule-id> match 1` / `<rule-id> no_match 1`. */
function bundledExamples(ruleSet: RuleSet): DraftCandidate[] {
  return ruleSet.bugs.flatMap((bug) => [
    ...bug.examples.match.map((text, i) => ({ name: `${bug.id} match ${i + 1}`, text })),
    ...bug.examples.noMatch.map((text, i) => ({ name: `${bug.id} no_match ${i + 1}`, text })),
  ]);
}

/**
 * The example reports shipped in the package's examples/ folder (each a real report of a bundled
 * bug): candidates too. A stripped install without the folder simply has none.
 */
async function shippedExampleReports(io: SuggestRuleIo): Promise<DraftCandidate[]> {
  const dir = fileURLToPath(new URL('../../../examples/', import.meta.url));
  try {
    const reports = await readAgainst(dir, 'examples', io);
    return reports.filter((r) => !/README\.md$/i.test(r.name)).map((r) => ({ ...r, name: `examples/${path.basename(r.name)}` }));
  } catch (error) {
    if (error instanceof ReportFileError) return [];
    throw error;
  }
}

/** A report file, or the report files of a folder (not recursive), read like `triage` reads a report. */
async function readAgainst(full: string, shown: string, io: SuggestRuleIo): Promise<DraftCandidate[]> {
  let info;
  try {
    info = await stat(full);
  } catch {
    throw new ReportFileError(`cannot read ${shown}: no such file or folder`);
  }
  const files = info.isDirectory()
    ? (await readdir(full))
        .filter((name) => AGAINST_FILE.test(name))
        .sort()
        .slice(0, MAX_AGAINST_FILES)
        .map((name) => path.join(full, name))
    : [full];
  const out: DraftCandidate[] = [];
  for (const f of files) {
    const { report } = await readReportFile(f, io);
    const text = [report.title, report.body, ...report.comments.map((c) => c.text), ...report.attachments.flatMap((a) => (a.text === null ? [] : [a.text]))].filter((t) => t.trim() !== '').join('\n\n');
    out.push({ name: path.relative(io.cwd, f) || f, text });
  }
  return out;
}

/** Register `ktriage suggest-rule` on the program (src/cli/main.ts). */
export function addSuggestRuleCommand(program: Command, io: SuggestRuleIo, setExitCode: (code: number) => void): void {
  program
    .command('suggest-rule')
    .description('draft a known-bug rule from a resolved report: its crash title, key lines and stack as signatures, its log as the match example (docs/suggest-rule.md)')
    .argument('<report>', 'report file (text/Markdown, Bugzilla JSON, GitHub issue JSON) or - for stdin')
    .requiredOption('--fix <sha>', 'the upstream commit that fixed it (12 to 40 hex digits)')
    .option('--subject <subject>', "the fix commit's subject, verbatim")
    .option('--fixed-in <version>', 'first release with the fix: mainline (6.3-rc2, 6.3) or stable (6.1.20)')
    .option('--introduced <version>', 'first bad release, when known')
    .option('--id <id>', 'the rule id (default: made from the crash title)')
    .option('--against <path>', 'a report file or folder of reports the rule must not match (repeatable; the closest becomes the no_match example)', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .addOption(new Option('--format <format>', 'output format').choices([...SUGGEST_FORMATS]).default('yaml'))
    .action(async (file: string, options: { fix: string; subject?: string; fixedIn?: string; introduced?: string; id?: string; against: string[]; format: SuggestFormat }) => {
      setExitCode(await runSuggestRule(file, options, io));
    });
}
