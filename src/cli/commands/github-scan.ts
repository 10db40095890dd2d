import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { cliLog } from '../cli-log.js';
import type { Logger } from '../../log/index.js';
import { Octokit, RequestError } from 'octokit';
import type { TriagePlan } from '../../model.js';
import { triage } from '../../triage.js';
import { decideWrites, type TrackerState } from '../../writes/index.js';
import { githubPolicy } from '../../github/app/triage-issue.js';
import { fetchIssueComments, findKtriageComment, followUps, type IssueComment } from '../../github/client/index.js';
import { composeTriageComment, EMPTY_STATE, nextCommentState, readCommentState } from '../../github/comment/index.js';
import { DEFAULT_CONFIG } from '../../github/config/index.js';
import { toBugReport, type GithubIssue } from '../../github/payload/index.js';
import { printable, toClippedJson } from '../format-output.js';
import { loadCliRules, toJson, type TriageCommandOptions } from './triage.js';

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
}

/** GitHub's owner and repository name rules: letters, digits, `-` (owner) and `.`, `_` (repository). */
const TARGET = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/;

/**
 * `ktriage github scan OWNER/REPO [--limit N]`: triage a repository's open issues with the App's
 * own pipeline pieces (payload converter, write policy with the default `.github/ktriage.yml`,
 * comment composition) and print what the App would post, writing nothing: only GET requests are
 * made. Exit 0 on success, 2 on a usage error, an unreadable rules path or a failing API call.
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

  const { compiled, failed } = await loadCliRules(options, io, 'ktriage github scan');
  const octokit = new Octokit({
    ...(token ? { auth: token } : {}),
    ...(baseUrl ? { baseUrl: baseUrl.replace(/\/+$/, '') } : {}),
    // A command line must not sleep for up to an hour on a spent quota: fail with the reset time.
    // A short secondary-limit pause is waited out once.
    throttle: { onRateLimit: () => false, onSecondaryRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount === 0 && retryAfter <= 60 },
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });

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
        results.push(await scanIssue(octokit, { owner, repo }, issue as GithubIssue, compiled, (io.now ?? (() => new Date()))()));
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

async function scanIssue(octokit: Octokit, ref: { owner: string; repo: string }, issue: GithubIssue, compiled: Parameters<typeof triage>[1], now: Date): Promise<ScanResult> {
  // The App's own steps (src/github/app/triage-issue.ts), read-only: comments, report, triage, write policy, comment.
  const comments: IssueComment[] = await fetchIssueComments(octokit as never, { ...ref, issue_number: issue.number });
  const own = findKtriageComment(comments);
  const previous = own ? readCommentState(own.body) : EMPTY_STATE;
  const report = toBugReport({ issue, repository: { full_name: `${ref.owner}/${ref.repo}` }, comments: followUps(comments) });
  const plan = triage(report, compiled, { now });
  const labels = (issue.labels ?? []).map((label) => (typeof label === 'string' ? label : (label.name ?? ''))).filter((name) => name !== '');
  const shows: TrackerState = {
    comment: own
      ? { fingerprint: previous.fingerprint, verdict: previous.verdict, ruleId: previous.matched[0] ?? null, retracted: previous.retracted, ownedLabels: previous.labels, pendingLabels: previous.pending }
      : null,
    labels,
    whiteboard: null,
  };
  const decision = decideWrites(plan, shows, githubPolicy(DEFAULT_CONFIG));
  const addLabels = decision.steps.flatMap((step) => (step.kind === 'add-labels' ? step.labels : []));
  const removeLabels = decision.steps.flatMap((step) => (step.kind === 'remove-labels' ? step.labels : []));
  const writesComment = decision.steps.some((step) => step.kind === 'comment');
  const next = nextCommentState(previous, plan, decision);
  return { issue, plan, comment: writesComment ? composeTriageComment(plan, next) : null, edits: own !== null, addLabels, removeLabels };
}

function resultText(result: ScanResult): string {
  const { issue, plan } = result;
  const lines = [`=== #${issue.number}: ${issue.title}`];
  if (issue.html_url) lines.push(issue.html_url);
  lines.push(`verdict: ${plan.verdict}${plan.matches[0] ? ` (${plan.matches[0].ruleId})` : ''}`);
  if (result.comment === null) {
    lines.push('the App would post nothing (nothing worth saying)');
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
