import type { ProbotOctokit } from 'probot';
import type { TriagePlan } from '../../model.js';
import { triage } from '../../triage.js';
import type { IssueComment } from '../client/index.js';
import { followUps } from '../client/index.js';
import type { CompiledRules } from '../../match/index.js';
import { toBugReport, type GithubRepository } from '../payload/index.js';

type Octokit = InstanceType<typeof ProbotOctokit>;

/** How many of the repository's open issues are re-triaged with the proposed rules. */
export const RETRIAGE_ISSUES = 50;
/** Comments read per issue (the oldest first, as the thread reads): enough for a reporter's answers. */
export const MAX_COMMENTS_PER_ISSUE = 100;
/**
 * API requests one check run may spend on comments. Every push to a rule PR re-runs the check; with
 * 50 busy issues the threads alone would otherwise cost 50+ requests a push. Issues are served
 * newest first, so the budget goes where re-triage matters most; the summary names the rest.
 */
export const COMMENT_REQUEST_BUDGET = 40;
/** Threads fetched at once: fast enough for a webhook, far below GitHub's secondary limits. */
const CONCURRENCY = 4;
const PAGE_SIZE = 100;

export interface VerdictChange {
  number: number;
  title: string;
  before: string;
  after: string;
}

export interface OpenIssueComparison {
  /** Issues re-triaged. */
  total: number;
  changed: VerdictChange[];
  /** Issues whose comments were read in full (or up to MAX_COMMENTS_PER_ISSUE). */
  withComments: number;
  /** Issues with comments that the request budget left unread (or partly read): judged without them. */
  budgetCut: number[];
  /** Issues with more than MAX_COMMENTS_PER_ISSUE comments: only the first ones were read. */
  capped: number[];
  /** The bounds this run had. */
  budget: number;
  maxCommentsPerIssue: number;
}

export interface CompareOpenIssuesParams {
  owner: string;
  repo: string;
  repository: GithubRepository;
  /** The rules in force (default branch) and the rules the pull request proposes. */
  before: () => Promise<CompiledRules>;
  after: CompiledRules;
  now: Date;
  budget?: number;
  maxCommentsPerIssue?: number;
}

/**
 * Which verdicts of the repository's last open issues the proposed rules would change, judged the
 * way the issue pipeline judges them: title, description and the follow-up comments (a reporter's
 * answer or pasted log often decides the verdict), ktriage's own comments left out. Comment reads
 * are bounded per issue and per check run; what the bounds left out is reported, not hidden.
 */
export async function compareOpenIssues(octokit: Octokit, params: CompareOpenIssuesParams): Promise<OpenIssueComparison> {
  const { owner, repo } = params;
  const budget = params.budget ?? COMMENT_REQUEST_BUDGET;
  const maxComments = params.maxCommentsPerIssue ?? MAX_COMMENTS_PER_ISSUE;
  // The issues list includes pull requests; ask for twice as many and keep the issues.
  const { data } = await octokit.rest.issues.listForRepo({ owner, repo, state: 'open', sort: 'created', direction: 'desc', per_page: RETRIAGE_ISSUES * 2 });
  const issues = data.filter((issue) => !issue.pull_request).slice(0, RETRIAGE_ISSUES);
  const result: OpenIssueComparison = { total: issues.length, changed: [], withComments: 0, budgetCut: [], capped: [], budget, maxCommentsPerIssue: maxComments };
  if (issues.length === 0) return result;

  let left = budget;
  const take = () => (left > 0 ? ((left -= 1), true) : false);
  const threads = await mapConcurrent(issues, CONCURRENCY, async (issue) => {
    // GitHub always sends the count; were it missing, the thread is read as if it were long.
    const count = typeof issue.comments === 'number' ? issue.comments : Number.POSITIVE_INFINITY;
    if (count === 0) return [];
    const read = await readThread(octokit, { owner, repo, issue_number: issue.number }, count, maxComments, take);
    if (!read.complete) result.budgetCut.push(issue.number);
    else result.withComments += 1;
    if (count > maxComments && Number.isFinite(count)) result.capped.push(issue.number);
    return read.comments;
  });

  const before = await params.before();
  for (const [i, issue] of issues.entries()) {
    const report = toBugReport({ issue: issue as never, repository: params.repository, comments: followUps(threads[i]!) });
    const old = describeVerdict(triage(report, before, { now: params.now }));
    const proposed = describeVerdict(triage(report, params.after, { now: params.now }));
    if (old !== proposed) result.changed.push({ number: issue.number, title: issue.title, before: old, after: proposed });
  }
  result.budgetCut.sort((a, b) => b - a);
  result.capped.sort((a, b) => b - a);
  return result;
}

/**
 * Up to `max` comments of one issue, page by page, each page paid from the budget first. Pages
 * are counted from the issue's comment count, so no request is spent on an empty last page.
 */
async function readThread(
  octokit: Octokit,
  params: { owner: string; repo: string; issue_number: number },
  count: number,
  max: number,
  take: () => boolean,
): Promise<{ comments: IssueComment[]; complete: boolean }> {
  const comments: IssueComment[] = [];
  const wanted = Math.min(count, max);
  for (let page = 1; comments.length < wanted; page += 1) {
    if (!take()) return { comments, complete: false };
    const { data } = await octokit.rest.issues.listComments({ ...params, per_page: PAGE_SIZE, page });
    for (const comment of data.slice(0, wanted - comments.length)) {
      comments.push({ id: comment.id, body: comment.body ?? '', login: comment.user?.login ?? 'ghost', isBot: comment.user?.type === 'Bot', createdAt: comment.created_at });
    }
    // Fewer than a page: the thread shrank since the count (comments deleted); nothing more to read.
    if (data.length < PAGE_SIZE) break;
  }
  return { comments, complete: true };
}

function describeVerdict(plan: TriagePlan): string {
  const best = plan.matches[0];
  return best ? `${plan.verdict} (${best.ruleId})` : plan.verdict;
}

/** Maps with at most `limit` calls in flight, results in input order; the first failure rejects. */
async function mapConcurrent<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next;
      next += 1;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
