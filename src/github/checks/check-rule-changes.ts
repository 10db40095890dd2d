import type { ProbotOctokit } from 'probot';
import { parse as parseYaml } from 'yaml';
import { combineRules } from '../../io/combine-rules.js';
import type { BundledRules } from '../../io/load-rule-packs.js';
import { formatProblem, type RuleFileText, type RuleProblem, type RuleSet } from '../../rules/index.js';
import { compileRules, testRuleExamples } from '../../match/index.js';
import { compareOpenIssues, type OpenIssueComparison } from './compare-open-issues.js';
import { DEFAULT_CONFIG, formatConfigProblem, parseConfig, type ConfigProblem, type KtriageConfig } from '../config/index.js';
import type { ReadRepoFiles, RepoFile } from '../client/index.js';
import type { Logger } from '../client/index.js';
import type { ConfigSource, LoadRepoConfig } from '../config/index.js';
import type { LoadRules } from '../config/index.js';
import { locateConfigProblem, yamlSyntaxError } from '../config/index.js';
import { publishCheckRun, type CheckAnnotation } from '../client/index.js';
import { CONFIG_PATH } from '../config/index.js';

type Octokit = InstanceType<typeof ProbotOctokit>;

export const RULES_CHECK_NAME = 'ktriage rules';

export interface PullRequestEvent extends ConfigSource {
  id: string;
  octokit: Octokit;
  log: Logger;
  payload: {
    pull_request: { number: number; head: { sha: string } };
    repository: { name: string; owner: { login: string }; default_branch: string };
  };
}

export interface RuleCheckDeps {
  loadConfig: LoadRepoConfig;
  loadRules: LoadRules;
  readRepoFiles: ReadRepoFiles;
  bundled: BundledRules;
  now: () => Date;
  dryRun: boolean;
}

export interface RuleCheckOutcome {
  conclusion: 'failure' | 'success';
  annotations: CheckAnnotation[];
  summary: string;
}

/**
 * A pull request that edits rule files or `.github/ktriage.yml` gets a "ktriage rules" check run:
 * 1. which files changed (nothing relevant: no check at all),
 * 2. the proposed config, validated (annotated at the offending line),
 * 3. the proposed rule files, linted with the same parser as everything else (annotated at file:line),
 * 4. the examples of the rules in the repository's files, run against the whole proposed rule set,
 * 5. the repository's last 50 open issues (with their comments, bounded) re-triaged with the proposed rules: which verdicts would change,
 * 6. one completed check run with all of it.
 * Returns null when the PR touches nothing ktriage reads.
 */
export async function checkRuleChanges(event: PullRequestEvent, deps: RuleCheckDeps): Promise<RuleCheckOutcome | null> {
  const { owner, repo } = event.repo();
  const pr = event.payload.pull_request;
  const headSha = pr.head.sha;

  // 1. What the PR changes, and whether ktriage reads any of it.
  const changed = await listChangedFiles(event.octokit, { owner, repo, pull_number: pr.number });
  const base = await deps.loadConfig(event);
  const configChanged = changed.has(CONFIG_PATH);

  // 2. The config as proposed (the base config when the PR does not touch it).
  const annotations: CheckAnnotation[] = [];
  const proposed = configChanged ? await readProposedConfig(event.octokit, deps.readRepoFiles, { owner, repo, ref: headSha }, annotations) : null;
  const headConfig = proposed ?? base.config;
  const rulePaths = unique([...base.config.rules.paths, ...headConfig.rules.paths]).filter((path) => !path.includes(':'));
  const rulesChanged = [...changed].some((file) => /\.ya?ml$/i.test(file) && rulePaths.some((path) => isUnder(file, path)));
  if (!configChanged && !rulesChanged) return null;

  // 3. Lint the proposed rule files at the PR's head commit.
  const { files, problems: fileProblems } = await deps.readRepoFiles(event.octokit, { owner, repo, ref: headSha, paths: headConfig.rules.paths.filter((path) => !path.includes(':')) });
  for (const problem of fileProblems) annotations.push({ path: CONFIG_PATH, start_line: 1, end_line: 1, annotation_level: 'failure', title: 'rule path', message: problem.message });
  const repoTexts: RuleFileText[] = files.map((file) => ({ path: file.path, text: file.text }));
  const { ruleSet, problems } = combineRules(deps.bundled, repoTexts, { bundled: headConfig.rules.bundled, cves: headConfig.rules.cves });
  const byPath = new Map(files.map((file) => [file.path, file]));
  const ruleProblems = problems.filter((problem) => byPath.has(problem.file));
  for (const problem of ruleProblems) annotations.push(problemAnnotation(problem, byPath.get(problem.file)!));

  // 4. Run the examples of the repository's rules.
  const exampleFailures = runExamples(ruleSet, new Set(byPath.keys()));
  for (const failure of exampleFailures) {
    const file = byPath.get(failure.file);
    if (file) annotations.push({ path: file.repoPath, start_line: failure.line, end_line: failure.line, annotation_level: 'failure', title: 'rule example', message: failure.message });
  }

  // 5. Which verdicts of open issues the proposed rules would change.
  const changes = await compareOpenIssues(event.octokit, {
    owner,
    repo,
    repository: event.payload.repository as never,
    before: async () => (await deps.loadRules(event.octokit, { owner, repo, ref: event.payload.repository.default_branch, config: base.config })).compiled,
    after: compileRules(ruleSet),
    now: deps.now(),
  });

  // 6. Report.
  const errors = annotations.filter((annotation) => annotation.annotation_level === 'failure').length;
  const conclusion = errors > 0 ? 'failure' : 'success';
  const summary = summarise({ errors, ruleProblems, exampleFailures: exampleFailures.length, files, changes, configChanged });
  const title = errors > 0 ? `${errors} problem${errors === 1 ? '' : 's'} in ktriage rules or config` : `Rules OK; ${changes.changed.length} of ${changes.total} open issues would change verdict`;
  // The repository's dry_run (the config in force, not the proposed one) means no writes, check runs included.
  if (deps.dryRun || base.config.dry_run) event.log.info({ dryRun: true, conclusion, title, annotations: annotations.length }, 'dry-run: would publish the rules check');
  else await publishCheckRun(event.octokit, { owner, repo, head_sha: headSha, name: RULES_CHECK_NAME, conclusion, title, summary, annotations });
  event.log.info({ deliveryId: event.id, pr: pr.number, conclusion, annotations: annotations.length }, 'ktriage: rules check');
  return { conclusion, annotations, summary };
}

async function listChangedFiles(octokit: Octokit, params: { owner: string; repo: string; pull_number: number }): Promise<Set<string>> {
  const names = new Set<string>();
  // The API lists at most 3000 files of a PR; more than enough for rule edits.
  const files = await octokit.paginate(octokit.rest.pulls.listFiles, { ...params, per_page: 100 });
  for (const file of files) {
    names.add(file.filename);
    if (file.previous_filename) names.add(file.previous_filename);
  }
  return names;
}

async function readProposedConfig(octokit: Octokit, readRepoFiles: ReadRepoFiles, params: { owner: string; repo: string; ref: string }, annotations: CheckAnnotation[]): Promise<KtriageConfig | null> {
  const { files } = await readRepoFiles(octokit, { ...params, paths: [CONFIG_PATH] });
  const text = files[0]?.text;
  if (text === undefined) return DEFAULT_CONFIG; // deleted: the defaults apply
  const syntax = yamlSyntaxError(text);
  if (syntax) {
    annotations.push({ path: CONFIG_PATH, start_line: syntax.location.line, end_line: syntax.location.line, annotation_level: 'failure', title: 'ktriage config', message: `not valid YAML: ${syntax.message}` });
    return null;
  }
  const raw = parseYaml(text) as unknown;
  // `_extends` is Probot's (the config plugin merges the extended file first); the rest is ours.
  const own = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? Object.fromEntries(Object.entries(raw).filter(([key]) => key !== '_extends')) : raw;
  const result = parseConfig(own);
  if (result.ok) return result.config;
  for (const problem of result.problems) annotations.push(configAnnotation(text, problem));
  return null;
}

function configAnnotation(text: string, problem: ConfigProblem): CheckAnnotation {
  const at = locateConfigProblem(text, problem);
  return { path: CONFIG_PATH, start_line: at.line, end_line: at.line, annotation_level: 'failure', title: 'ktriage config', message: formatConfigProblem(problem) };
}

function problemAnnotation(problem: RuleProblem, file: RepoFile): CheckAnnotation {
  return {
    path: file.repoPath,
    start_line: problem.line,
    end_line: problem.line,
    annotation_level: problem.severity === 'error' ? 'failure' : 'warning',
    title: problem.ruleId ?? 'rule file',
    message: formatProblem(problem),
  };
}

interface ExampleFailure {
  file: string;
  line: number;
  message: string;
}

/**
 * The examples of the rules this repository's files define, run against the whole proposed rule
 * set by the core's example runner (the same judgement as `ktriage test`). Only failures are
 * reported: a note (another rule's lower-ranked overlap) is not a problem of the pull request.
 */
function runExamples(ruleSet: RuleSet, repoFiles: ReadonlySet<string>): ExampleFailure[] {
  if (!ruleSet.bugs.some((bug) => repoFiles.has(bug.source.file))) return [];
  return testRuleExamples(compileRules(ruleSet), { select: (bug) => repoFiles.has(bug.source.file) })
    .filter((finding) => finding.kind === 'failure')
    .map((finding) => ({
      file: finding.source.file,
      line: finding.source.line,
      message: `${finding.ruleId}: ${finding.example.kind === 'signature' ? 'signatures' : `examples.${finding.example.kind}`}[${finding.example.index}]: ${finding.message}`,
    }));
}

function summarise(input: { errors: number; ruleProblems: RuleProblem[]; exampleFailures: number; files: RepoFile[]; changes: OpenIssueComparison; configChanged: boolean }): string {
  const lines = [
    `ktriage read ${input.files.length} rule file${input.files.length === 1 ? '' : 's'} of this pull request${input.configChanged ? ' and its `.github/ktriage.yml`' : ''}.`,
    '',
    `- lint: ${input.ruleProblems.filter((p) => p.severity === 'error').length} error(s), ${input.ruleProblems.filter((p) => p.severity === 'warning').length} warning(s)`,
    `- examples: ${input.exampleFailures === 0 ? 'all pass' : `${input.exampleFailures} failing`}`,
    `- open issues re-triaged (title, description and comments): ${input.changes.total}, verdict changes: ${input.changes.changed.length}`,
    ...commentNotes(input.changes),
  ];
  if (input.changes.changed.length > 0) {
    lines.push('', '| issue | before | after |', '| --- | --- | --- |');
    for (const change of input.changes.changed) lines.push(`| #${change.number} | ${cell(change.before)} | ${cell(change.after)} |`);
  }
  return lines.join('\n');
}

/** What the comment bounds left out, said plainly: a verdict judged without its thread may be off. */
function commentNotes(changes: OpenIssueComparison): string[] {
  const notes: string[] = [];
  const list = (numbers: number[]) => numbers.slice(0, 20).map((n) => `#${n}`).join(', ') + (numbers.length > 20 ? `, … (${numbers.length - 20} more)` : '');
  if (changes.budgetCut.length > 0) {
    notes.push(
      `- **comments not read** for ${changes.budgetCut.length} issue${changes.budgetCut.length === 1 ? '' : 's'} (${list(changes.budgetCut)}): this check's budget of ${changes.budget} API requests for comments ran out, so ${changes.budgetCut.length === 1 ? 'it was' : 'they were'} judged on title and description (and any comments read before the budget ran out); their verdicts above may differ from what ktriage would post`,
    );
  }
  if (changes.capped.length > 0) notes.push(`- only the first ${changes.maxCommentsPerIssue} comments were read of ${list(changes.capped)}`);
  return notes;
}

function cell(text: string): string {
  return `\`${text.replace(/[`|]/g, '')}\``;
}

function isUnder(file: string, path: string): boolean {
  const clean = path.replace(/\/+$/, '');
  return file === clean || file.startsWith(`${clean}/`);
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
