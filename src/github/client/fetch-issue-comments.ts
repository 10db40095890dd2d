import type { ProbotOctokit } from 'probot';
import { COMMENT_MARKER } from '../../render/index.js';
import type { GithubComment } from '../payload/index.js';

type Octokit = InstanceType<typeof ProbotOctokit>;

export interface IssueComment {
  id: number;
  body: string;
  login: string;
  /** `user.type === "Bot"`: GitHub Apps, github-actions[bot], dependabot. */
  isBot: boolean;
  createdAt: string;
}

/** Hidden marker of ktriage's replies to commands (explain, refusals): never the triage comment. */
export const REPLY_MARKER = '<!-- ktriage:reply -->';

/**
 * The hidden line ending a reply, naming the comment it answers (so a redelivery does not answer
 * twice). Only the last line counts: an explain reply quotes report text, which could hold a forged one.
 */
const IN_REPLY_TO = /^<!-- ktriage:in-reply-to (\d+) ([a-z-]+) -->$/;

/** The kinds of reply one comment can get (a maintainer's comment may get both an error list and an explanation). */
export type ReplyKind = 'errors' | 'explain' | 'refusal' | 'suggest-rule';

/** A reply body with its in-reply-to line appended. */
export function replyTo(commentId: number, kind: ReplyKind, body: string): string {
  return `${body.trimEnd()}\n<!-- ktriage:in-reply-to ${commentId} ${kind} -->\n`;
}

/** Whether ktriage (a bot) already gave that comment that kind of reply. */
export function hasReplyTo(comments: readonly IssueComment[], commentId: number, kind: ReplyKind): boolean {
  return repliesOf(comments, kind).includes(commentId);
}

/**
 * Whether ktriage already gave that kind of reply to any comment by the author of `commentId` on
 * this issue: a refusal is explained once per person and issue, later ones are a reaction only.
 */
export function hasRepliedToAuthor(comments: readonly IssueComment[], commentId: number, kind: ReplyKind): boolean {
  const author = comments.find((comment) => comment.id === commentId)?.login;
  if (author === undefined) return false;
  const answered = new Set(repliesOf(comments, kind));
  return comments.some((comment) => answered.has(comment.id) && comment.login === author);
}

/** The ids of the comments ktriage (a bot) gave that kind of reply. */
function repliesOf(comments: readonly IssueComment[], kind: ReplyKind): number[] {
  return comments.flatMap((comment) => {
    if (!comment.isBot || !comment.body.includes(REPLY_MARKER)) return [];
    const match = IN_REPLY_TO.exec(comment.body.trimEnd().split('\n').at(-1) ?? '');
    return match && match[2] === kind ? [Number(match[1])] : [];
  });
}

/** Every hidden marker ktriage writes starts so (the comment, explain replies, other replies). */
export const KTRIAGE_MARKER_PREFIX = '<!-- ktriage';

/** Enough for any real issue; a pathological thread must not exhaust the rate limit. */
const MAX_COMMENTS = 3000;

/**
 * Every comment of an issue, oldest first, paginated (100 a page) so re-triage sees follow-ups
 * posted after the description, capped at MAX_COMMENTS.
 */
export async function fetchIssueComments(octokit: Octokit, params: { owner: string; repo: string; issue_number: number }): Promise<IssueComment[]> {
  let seen = 0;
  return octokit.paginate(octokit.rest.issues.listComments, { ...params, per_page: 100 }, (response, done) => {
    seen += response.data.length;
    if (seen >= MAX_COMMENTS) done();
    return response.data.map((comment) => ({
      id: comment.id,
      body: comment.body ?? '',
      login: comment.user?.login ?? 'ghost',
      isBot: comment.user?.type === 'Bot',
      createdAt: comment.created_at,
    }));
  });
}

/**
 * ktriage's own comment: written by a bot (a human cannot forge `type: Bot`, so a pasted marker
 * in a user's comment is never mistaken for ktriage's memory) and carrying the marker. The first
 * one wins if a race ever produced two.
 */
export function findKtriageComment(comments: readonly IssueComment[]): IssueComment | null {
  return comments.find((comment) => comment.isBot && comment.body.includes(COMMENT_MARKER) && !comment.body.includes(REPLY_MARKER)) ?? null;
}

/**
 * The follow-ups a report is triaged with: every comment but ktriage's own (its verdict, explain
 * replies, refusals), in the shape toBugReport reads. The issue pipeline and the pull-request
 * re-triage use this one function so both judge an issue the same way.
 */
export function followUps(comments: readonly IssueComment[]): GithubComment[] {
  return comments
    .filter((comment) => !(comment.isBot && comment.body.includes(KTRIAGE_MARKER_PREFIX)))
    .map((comment) => ({ body: comment.body, user: { login: comment.login, type: comment.isBot ? 'Bot' : 'User' }, created_at: comment.createdAt }));
}
