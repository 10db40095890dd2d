import { removeTerminalEscapes } from '../../extract/index.js';
import type { BugReport, ReportComment } from '../../model.js';

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
  // GitHub keeps to these types; a JSON file the CLI reads from disk may not, so every field is
  // read through text()/login() and wrong types give an empty value, never a TypeError.
  const { issue } = input;
  const repo = text(input.repository?.full_name) ?? repoFromUrl(text(issue.repository_url)) ?? repoFromUrl(text(issue.html_url));
  const reporter = login(issue.user);
  const listed: readonly unknown[] = input.comments ?? (Array.isArray(issue.comments) ? issue.comments : []);
  const comments: ReportComment[] = listed.filter(isObject).map((comment: GithubComment) => {
    const author = login(comment.user) ?? 'ghost';
    const body = pasted(comment.body);
    return {
      author,
      time: text(comment.created_at),
      text: body,
      isBot: isBot(comment.user, author, body, options.botLogins ?? []),
      isReporter: reporter !== null && author === reporter,
    };
  });
  const fields: Record<string, string> = {};
  const labels = (Array.isArray(issue.labels) ? (issue.labels as unknown[]) : []).map((l) => text(l) ?? (isObject(l) ? text(l.name) : null)).filter((l): l is string => Boolean(l));
  if (labels.length > 0) fields.labels = labels.join(', ');
  const state = text(issue.state);
  if (state) fields.state = state;
  if (reporter) fields.reporter = reporter;
  const created = text(issue.created_at);
  if (created) fields.created = created;
  return {
    source: 'github',
    id: repo ? `${repo}#${issue.number}` : `#${issue.number}`,
    url: text(issue.html_url),
    title: pasted(issue.title),
    body: pasted(issue.body),
    comments,
    attachments: [],
    fields,
  };
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** What a person wrote or pasted: a terminal's colour codes removed (a log saved with `--color=always`). */
function pasted(value: unknown): string {
  return removeTerminalEscapes(text(value) ?? '');
}

function login(user: unknown): string | null {
  return isObject(user) ? text(user.login) : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * ktriage's hidden markers (`<!-- ktriage -->` on its verdict, `<!-- ktriage:explain -->`,
 * `<!-- ktriage:reply -->`): a comment carrying one is the bot's own, whoever posted it (a bot
 * running on a personal token posts as a user).
 */
const KTRIAGE_MARKER = /<!-- ktriage(?::[\w-]+)? -->/;

function isBot(user: GithubUser | null | undefined, author: string, body: string, botLogins: readonly string[]): boolean {
  if (KTRIAGE_MARKER.test(body.slice(0, 2000))) return true;
  if (!isObject(user)) return false;
  return user.type === 'Bot' || author.endsWith('[bot]') || botLogins.includes(author);
}

/** "https://api.github.com/repos/octo/storage" or "https://github.com/octo/storage/issues/12" -> "octo/storage". */
function repoFromUrl(url: string | null): string | null {
  if (!url) return null;
  const m = /(?:api\.github\.com\/repos|github\.com)\/([^/\s]+\/[^/\s]+?)(?:\/|$)/.exec(url);
  return m ? m[1]! : null;
}
