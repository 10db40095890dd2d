import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { cliLog } from '../cli-log.js';
import type { Logger } from '../../log/index.js';
import { Octokit, RequestError } from 'octokit';
import type { TriagePlan } from '../../model.js';
import { combineRules } from '../../io/combine-rules.js';
import { readBundledRules } from '../../io/load-rule-packs.js';
import { readRuleFiles } from '../../io/read-rule-files.js';
import { compileRules } from '../../match/index.js';
import { formatProblem } from '../../rules/index.js';
import { decideWrites, type TrackerState } from '../../writes/index.js';
import { githubPolicy, triageWithMinConfidence } from '../../github/app/triage-issue.js';
import { createRepoFileReader, fetchIssueComments, findKtriageComment, followUps, type IssueComment, type RepoFile } from '../../github/client/index.js';
import { composeTriageComment, EMPTY_STATE, nextCommentState, readCommentState } from '../../github/comment/index.js';
import { readRepoConfig, type KtriageConfig, type LoadedRules } from '../../github/config/index.js';
import { toBugReport, type GithubIssue } from '../../github/payload/index.js';
import { printable, toClippedJson } from '../format-output.js';
import { fromCwd, toJson, type TriageCommandOptions } from './triage.js';

export type ScanFormat = 'json' | 'text';
export const SCAN_FORMATS: readonly ScanFormat[] = ['text', 'json'];
export const DEFAULT_SCAN_LIMIT = 30;

export interface ScanOptions extends Pick<TriageCommandOptions, 'bundled' | 'cvePack' | 'cves' | 'rules'> {
  limit?: number;
  format?: ScanFormat;
}

export interface ScanIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  /** GITHUB_TOKEN (the only way to give a token: a flag would land in shell history) and GITHUB_API_URL. */
  env: Record<string, string | undefined>;
  cwd: string;
  now?: () => Date;
  /** The diagnostics logger; default: cliLog's. */
  log?: Logger;
}

/** What the App would do on one issue. */
interface ScanResult {
  issue: GithubIssue & { html_url?: string };
  plan: TriagePlan;
  /** The comment body it would post (or edit to); null when it would stay silent. */
  comment: string | null;
  /** Whether the issue already carries ktriage's comment (the App would edit it, not post a new one). */
  edits: boolean;
  addLabels: string[];
  removeLabels: string[];
  /** Why the App would write nothing on this issue whatever the plan (ignored, dry_run); null otherwise. */
  quiet: string | null;
}

/** GitHub's owner and repository name rules: letters, digits, `-` (owner) and `.`, `_` (repository). */
const TARGET = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/;

/**
 * `ktriage github scan OWNER/REPO [--limit N]`: triage a repository's open issues with the App's
 * own pipeline pieces (the repository's `.github/ktriage.yml` read as the App reads it, its rule
 * files, payload converter, min_confidence, write policy, comment composition) and print what the
 * App would post, writing nothing: only GET requests are made. Exit 0 on success, 2 on a usage
 * error, a broken `.github/ktriage.yml` (each problem at file:line:col), an unreadable rules path
 * or a failing API call.
 */
export async function runGithubScan(target: string, options: ScanOptions, io: ScanIo): Promise<number> {
  const log = cliLog(io, 'ktriage github scan');
  const match = TARGET.exec(target);
  if (!match || match[2] === '.' || match[2] === '..') {
    log.error(`ktriage github scan: "${printable(target)}" is not OWNER/REPO (for example torvalds/linux)`);
    return 2;
  }
  const [owner, repo] = [match[1]!, match[2]!];
  const limit = options.limit ?? DEFAULT_SCAN_LIMIT;
  const format = options.format ?? 'text';
  const token = io.env.GITHUB_TOKEN?.trim() || undefined;
  const baseUrl = io.env.GITHUB_API_URL?.trim() || undefined;
  if (!token) log.warn('ktriage github scan: no GITHUB_TOKEN set: reading anonymously (GitHub allows 60 requests an hour without a token)');

  const octokit = new Octokit({
    ...(token ? { auth: token } : {}),
    ...(baseUrl ? { baseUrl: baseUrl.replace(/\/+$/, '') } : {}),
    // A command line must not sleep for up to an hour on a spent quota: fail with the reset time.
    // A short secondary-limit pause is waited out once.
    throttle: { onRateLimit: () => false, onSecondaryRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount === 0 && retryAfter <= 60 },
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });

  // 1. The repository's .github/ktriage.yml as the App reads it, and the rule files it names.
  let config: KtriageConfig;
  let repoFiles: RepoFile[] = [];
  try {
    // The repository first: a missing one is named as such, not as a missing config.
    const { data: repository } = await octokit.rest.repos.get({ owner, repo });
    const loaded = await readRepoConfig(octokit, { owner, repo });
    if (!loaded.ok) {
      for (const problem of loaded.problems) io.stderr.write(`ktriage github scan: ${printable(problem)}\n`);
      io.stderr.write('ktriage github scan: the configuration is broken: the App would keep its last good one (the defaults on a first run) and report this in a "ktriage config" check run; fix it and scan again\n');
      return 2;
    }
    config = loaded.config;
    io.stderr.write(
      loaded.source === 'file'
        ? `ktriage github scan: configuration from ${loaded.files.join(', then ')}\n`
        : `ktriage github scan: no .github/ktriage.yml in ${owner}/${repo}${repo === '.github' ? '' : ` or ${owner}/.github`}: the App's defaults\n`,
    );
    if (config.rules.paths.length > 0) {
      // Repository rules are what is merged on the default branch (the App reads them there too).
      const read = await createRepoFileReader()(octokit as never, { owner, repo, ref: repository.default_branch, paths: config.rules.paths, repositories: config.rules.repositories });
      repoFiles = read.files;
      for (const problem of read.problems) io.stderr.write(`ktriage github scan: ${printable(problem.message)}\n`);
    }
  } catch (error) {
    io.stderr.write(`ktriage github scan: ${describeApiError(error, `${owner}/${repo}`, Boolean(token), baseUrl)}\n`);
    return 2;
  }

  // 2. The App's rules for this repository: bundled (as the config and the flags select), the
  //    repository's rule files, and the operator's --rules files.
  const { load, failed } = await loadScanRules(options, config, repoFiles, io);

  const results: ScanResult[] = [];
  let pullRequests = 0;
  try {
    const pages = octokit.paginate.iterator(octokit.rest.issues.listForRepo, { owner, repo, state: 'open', per_page: Math.min(100, limit) });
    listing: for await (const page of pages) {
      for (const issue of page.data) {
        // The issues API lists pull requests too; the App triages issues only.
        if (issue.pull_request) {
          pullRequests++;
          continue;
        }
        if (results.length >= limit) break listing;
        results.push(await scanIssue(octokit, { owner, repo }, issue as GithubIssue, config, load, (io.now ?? (() => new Date()))()));
      }
      if (results.length >= limit) break;
    }
  } catch (error) {
    log.error(`ktriage github scan: ${describeApiError(error, `${owner}/${repo}`, Boolean(token), baseUrl)}`);
    return 2;
  }

  if (format === 'json') io.stdout.write(`${toClippedJson({ repository: `${owner}/${repo}`, issues: results.map(resultJson), pull_requests_skipped: pullRequests })}\n`);
  else io.stdout.write(printable(results.map(resultText).join('\n')));
  const commenting = results.filter((r) => r.comment !== null).length;
  log.info(`ktriage github scan: ${results.length} open issue${results.length === 1 ? '' : 's'} of ${owner}/${repo} triaged (${pullRequests} pull request${pullRequests === 1 ? '' : 's'} skipped); the App would comment on ${commenting}; nothing was written`);
  return failed ? 2 : 0;
}

async function scanIssue(octokit: Octokit, ref: { owner: string; repo: string }, issue: GithubIssue, config: KtriageConfig, load: (exclude: string[]) => Promise<LoadedRules>, now: Date): Promise<ScanResult> {
  // The App's own steps (src/github/app/triage-issue.ts), read-only: comments, report, triage, write policy, comment.
  const comments: IssueComment[] = await fetchIssueComments(octokit as never, { ...ref, issue_number: issue.number });
  const own = findKtriageComment(comments);
  const previous = own ? readCommentState(own.body) : EMPTY_STATE;
  const report = toBugReport({ issue, repository: { full_name: `${ref.owner}/${ref.repo}` }, comments: followUps(comments) });
  // Rules a maintainer marked wrong on this issue are left out, and min_confidence applies, as in the App.
  const wrong = previous.wrong.map((w) => w.ruleId);
  const { plan } = await triageWithMinConfidence(report, await load(wrong), load, wrong, config.min_confidence, now);
  const quiet = previous.ignored !== null ? 'a maintainer ran /ktriage ignore on it' : config.dry_run ? 'dry_run: true in .github/ktriage.yml' : null;
  if (quiet !== null) return { issue, plan, comment: null, edits: own !== null, addLabels: [], removeLabels: [], quiet };
  const labels = (issue.labels ?? []).map((label) => (typeof label === 'string' ? label : (label.name ?? ''))).filter((name) => name !== '');
  const shows: TrackerState = {
    comment: own
      ? { fingerprint: previous.fingerprint, verdict: previous.verdict, ruleId: previous.matched[0] ?? null, retracted: previous.retracted, ownedLabels: previous.labels, pendingLabels: previous.pending, declinedLabels: previous.declined }
      : null,
    labels,
    whiteboard: null,
  };
  const decision = decideWrites(plan, shows, githubPolicy(config));
  const addLabels = decision.steps.flatMap((step) => (step.kind === 'add-labels' ? step.labels : []));
  const removeLabels = decision.steps.flatMap((step) => (step.kind === 'remove-labels' ? step.labels : []));
  const writesComment = decision.steps.some((step) => step.kind === 'comment');
  const next = nextCommentState(previous, plan, decision);
  return { issue, plan, comment: writesComment ? composeTriageComment(plan, next) : null, edits: own !== null, addLabels, removeLabels, quiet: null };
}

/**
 * The rules the App would use on the repository, plus the operator's own `--rules` files: the
 * bundled packs as `rules.bundled` / `rules.cves` select (a `--no-bundled` / `--no-cves` flag turns
 * them off too), compiled once per set of left-out rules.
 */
async function loadScanRules(
  options: ScanOptions,
  config: KtriageConfig,
  repoFiles: readonly RepoFile[],
  io: Pick<ScanIo, 'cwd' | 'stderr'>,
): Promise<{ load: (exclude: string[]) => Promise<LoadedRules>; failed: boolean }> {
  const useCves = options.cves !== false && config.rules.cves;
  const bundled = await readBundledRules({ cvePack: useCves ? (options.cvePack !== undefined ? fromCwd(io.cwd, options.cvePack) : true) : false });
  const local = await readRuleFiles((options.rules ?? []).map((p) => fromCwd(io.cwd, p)));
  for (const problem of [...bundled.problems, ...local.problems]) io.stderr.write(`${formatProblem(problem)}\n`);
  for (const failure of [...bundled.unreadable, ...local.unreadable]) io.stderr.write(`ktriage github scan: cannot read rules ${failure.path}: ${failure.message}\n`);
  const texts = [...local.files, ...repoFiles.map((file) => ({ path: file.path, text: file.text }))];
  const cache = new Map<string, LoadedRules>();
  const load = async (exclude: string[]): Promise<LoadedRules> => {
    const key = [...exclude].sort().join('\n');
    const cached = cache.get(key);
    if (cached) return cached;
    const { ruleSet, problems } = combineRules(bundled, texts, { bundled: options.bundled !== false && config.rules.bundled, cves: useCves, exclude });
    const loaded: LoadedRules = { ruleSet, compiled: compileRules(ruleSet), problems, fileProblems: [] };
    if (cache.size === 0) {
      // Problems of the rule files are printed once (the App reports them in its rules check).
      for (const problem of problems) io.stderr.write(`${formatProblem(problem)}\n`);
      if (ruleSet.bugs.length === 0) io.stderr.write('ktriage github scan: no valid bug rules loaded: every issue will get no-match\n');
    }
    cache.set(key, loaded);
    return loaded;
  };
  await load([]);
  return { load, failed: bundled.unreadable.length > 0 || local.unreadable.length > 0 };
}

function resultText(result: ScanResult): string {
  const { issue, plan } = result;
  const lines = [`=== #${issue.number}: ${issue.title}`];
  if (issue.html_url) lines.push(issue.html_url);
  lines.push(`verdict: ${plan.verdict}${plan.matches[0] ? ` (${plan.matches[0].ruleId})` : ''}`);
  if (result.comment === null) {
    lines.push(`the App would post nothing (${result.quiet ?? 'nothing worth saying'})`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(`labels it would add: ${result.addLabels.length > 0 ? result.addLabels.join(', ') : 'none'}`);
  if (result.removeLabels.length > 0) lines.push(`labels it would remove: ${result.removeLabels.join(', ')}`);
  lines.push(result.edits ? 'comment it would edit its existing one to:' : 'comment it would post:', '', result.comment.trimEnd());
  return `${lines.join('\n')}\n`;
}

function resultJson(result: ScanResult): Record<string, unknown> {
  return {
    number: result.issue.number,
    title: result.issue.title,
    url: result.issue.html_url ?? null,
    comment: result.comment,
    edits_existing_comment: result.edits,
    add_labels: result.addLabels,
    remove_labels: result.removeLabels,
    writes_nothing_because: result.quiet,
    plan: toJson(result.plan),
  };
}

/** One line naming GitHub's answer and what to do about it. */
export function describeApiError(error: unknown, target: string, hasToken: boolean, baseUrl: string | undefined): string {
  if (!(error instanceof RequestError)) return `cannot reach GitHub${baseUrl ? ` at ${baseUrl}` : ''}: ${error instanceof Error ? error.message : String(error)}`;
  const headers = error.response?.headers ?? {};
  const remaining = headers['x-ratelimit-remaining'];
  const reset = Number(headers['x-ratelimit-reset']);
  if ((error.status === 403 || error.status === 429) && String(remaining) === '0') {
    const when = Number.isFinite(reset) && reset > 0 ? ` until ${new Date(reset * 1000).toISOString()}` : '';
    return `GitHub answered ${error.status}: API rate limit exceeded${when}; ${hasToken ? 'wait for the reset' : 'set GITHUB_TOKEN for a higher limit, or wait for the reset'}`;
  }
  const advice: Record<number, string> = {
    401: `bad credentials: GITHUB_TOKEN is invalid or expired; set a valid token (or unset it to read a public repository anonymously)`,
    403: `forbidden: ${hasToken ? 'the token cannot read' : 'anonymous access cannot read'} ${target}; set GITHUB_TOKEN to a token with read access to its issues`,
    404: `repository ${target} not found, or private${hasToken ? ' and the token cannot read it' : ': set GITHUB_TOKEN to a token that can read it'}`,
    410: `issues are disabled on ${target}`,
    429: 'too many requests: wait a few minutes and run the scan again',
  };
  return `GitHub answered ${error.status}: ${advice[error.status] ?? `${printable(error.message.split('\n')[0] ?? '')}; try again later`}`;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

/** Register `ktriage github scan` and `ktriage github serve` on the program (src/cli/main.ts). */
export function addGithubCommand(program: Command, io: ScanIo, setExitCode: (code: number) => void): void {
  const github = program.command('github').description('the GitHub App: try it on a repository without installing it (scan), or serve it (serve)');
  github
    .command('serve')
    .description('serve the GitHub App (what `probot run` does, same environment: APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, PORT, ...) with ktriage\'s logger (LOG_LEVEL, LOG_FORMAT=json)')
    .argument('[app]', 'the Probot entry to serve (default: ktriage\'s dist/index.js)')
    .action(async (app: string | undefined) => {
      // Loaded here only: `github scan` never loads Probot's server.
      const { serveGithubApp } = await import('../../github/app/serve-app.js');
      await serveGithubApp({ env: io.env, stdout: io.stdout, stderr: io.stderr, ...(app !== undefined ? { appPath: path.resolve(io.cwd, app) } : {}) });
    });
  github
    .command('scan')
    .description('triage the open issues of OWNER/REPO and print what the App would post, writing nothing (token from GITHUB_TOKEN, API from GITHUB_API_URL)')
    .argument('<owner/repo>', 'the repository, for example octo-org/storage')
    .option('--limit <n>', 'at most this many open issues (pull requests are skipped)', positiveInteger, DEFAULT_SCAN_LIMIT)
    .option('--rules <path>', 'extra rule file or folder (repeatable)', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option('--no-bundled', 'do not use the curated known bugs and playbooks shipped with ktriage (their fact vocabulary stays)')
    .option('--no-cves', 'do not use the kernel CVE pack')
    .option('--cve-pack <path>', 'use this CVE pack (written by `ktriage import kernel-cves`) instead of the shipped one')
    .addOption(new Option('--format <format>', 'output format').choices([...SCAN_FORMATS]).default('text'))
    .action(async (target: string, options: { limit: number; rules: string[]; bundled: boolean; cves: boolean; cvePack?: string; format: ScanFormat }) => {
      const packOptions = options.cvePack !== undefined ? { cvePack: options.cvePack } : {};
      setExitCode(await runGithubScan(target, { limit: options.limit, rules: options.rules, bundled: options.bundled, cves: options.cves, ...packOptions, format: options.format }, io));
    });
}
