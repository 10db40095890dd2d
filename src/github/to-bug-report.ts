import type { BugReport, ReportComment } from '../model.js';

/** The parts of a GitHub user ktriage reads (webhook payloads and REST answers agree on these). */
export interface GithubUser {
  login: string;
  type?: string;
}

/** The parts of a GitHub issue ktriage reads; payloads carry many more fields. */
export interface GithubIssue {
  number: number;
  title: string;
  body?: string | null;
  html_url?: string;
  repository_url?: string;
  user?: GithubUser | null;
  labels?: Array<{ name?: string } | string>;
  state?: string;
  created_at?: string;
  /** A count in REST answers; ktriage's own files may hold the comment list instead. */
  comments?: number | GithubComment[];
  [key: string]: unknown;
}

export interface GithubComment {
  body?: string | null;
  user?: GithubUser | null;
  created_at?: string | null;
  author_association?: string;
  [key: string]: unknown;
}

export interface GithubRepository {
  full_name?: string;
  [key: string]: unknown;
}

export interface ToBugReportOptions {
  /** Logins whose comments are the bot's own (ktriage's app login), besides GitHub's Bot accounts. */
  botLogins?: readonly string[];
}

/**
 * An `issues` webhook payload (or a REST issue answer wrapped as `{ issue }`, optionally with a
 * `comments` list) as a BugReport. Pure: no API calls; comments the caller fetched are passed in.
 * Comments by GitHub Bot accounts (`type: "Bot"`, `login` ending in `[bot]`), by `botLogins`, or
 * carrying ktriage's hidden marker are marked isBot; the issue's author is the reporter.
 *
 * @example
 * toBugReport({ issue: payload.issue, repository: payload.repository }).id
 * // => 'octo/storage#12'
 */
export function toBugReport(
  input: { issue: GithubIssue; repository?: GithubRepository | null; comments?: readonly GithubComment[] | null },
  options: ToBugReportOptions = {},
): BugReport {
  const { issue } = input;
  const repo = input.repository?.full_name ?? repoFromUrl(issue.repository_url) ?? repoFromUrl(issue.html_url);
  const reporter = issue.user?.login ?? null;
  const listed = input.comments ?? (Array.isArray(issue.comments) ? issue.comments : []);
  const comments: ReportComment[] = listed.map((comment) => {
    const author = comment.user?.login ?? 'ghost';
    return {
      author,
      time: comment.created_at ?? null,
      text: comment.body ?? '',
      isBot: isBot(comment.user, comment.body ?? '', options.botLogins ?? []),
      isReporter: reporter !== null && author === reporter,
    };
  });
  const fields: Record<string, string> = {};
  const labels = (issue.labels ?? []).map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter((l) => l !== '');
  if (labels.length > 0) fields.labels = labels.join(', ');
  if (issue.state) fields.state = issue.state;
  if (reporter) fields.reporter = reporter;
  if (issue.created_at) fields.created = issue.created_at;
  return {
    source: 'github',
    id: repo ? `${repo}#${issue.number}` : `#${issue.number}`,
    url: issue.html_url ?? null,
    title: issue.title ?? '',
    body: issue.body ?? '',
    comments,
    attachments: [],
    fields,
  };
}

/**
 * ktriage's hidden markers (`<!-- ktriage -->` on its verdict, `<!-- ktriage:explain -->`,
 * `<!-- ktriage:reply -->`): a comment carrying one is the bot's own, whoever posted it (a bot
 * running on a personal token posts as a user).
 */
const KTRIAGE_MARKER = /<!-- ktriage(?::[\w-]+)? -->/;

function isBot(user: GithubUser | null | undefined, text: string, botLogins: readonly string[]): boolean {
  if (KTRIAGE_MARKER.test(text.slice(0, 2000))) return true;
  if (!user) return false;
  return user.type === 'Bot' || user.login.endsWith('[bot]') || botLogins.includes(user.login);
}

/** "https://api.github.com/repos/octo/storage" or "https://github.com/octo/storage/issues/12" -> "octo/storage". */
function repoFromUrl(url: string | undefined): string | null {
  if (!url) return null;
  const m = /(?:api\.github\.com\/repos|github\.com)\/([^/\s]+\/[^/\s]+?)(?:\/|$)/.exec(url);
  return m ? m[1]! : null;
}
