import type { ProbotOctokit } from 'probot';
import type { Logger } from '../../log/index.js';
import { fetchIssueComments } from './fetch-issue-comments.js';

type Octokit = InstanceType<typeof ProbotOctokit>;

// The shared Logger (src/log): Probot's pino logger (`context.log`) fits it.
export type { Logger } from '../../log/index.js';

export interface IssueRef {
  owner: string;
  repo: string;
  issue_number: number;
}

/** Every write ktriage makes to an issue, in one place, so dry-run is one switch and every write is logged. */
export interface IssueWriter {
  /** The new comment's id; null in dry-run (nothing was created). */
  createComment: (body: string) => Promise<number | null>;
  deleteComment: (commentId: number) => Promise<void>;
  updateComment: (commentId: number, body: string) => Promise<void>;
  addLabels: (labels: string[]) => Promise<void>;
  removeLabel: (label: string) => Promise<void>;
  react: (commentId: number, content: '+1' | 'confused' | 'eyes') => Promise<void>;
  /** Names of the writes made (or, in dry-run, that would have been made): for logs and tests. */
  readonly writes: string[];
}

export function createWriter(octokit: Octokit, issue: IssueRef, { dryRun, log }: { dryRun: boolean; log: Logger }): IssueWriter {
  const writes: string[] = [];
  async function write<T>(name: string, details: object, call: () => Promise<T>): Promise<T | null> {
    writes.push(name);
    if (dryRun) {
      log.info({ dryRun: true, write: name, ...details }, `dry-run: would ${name}`);
      return null;
    }
    const result = await call();
    log.debug({ write: name, ...details }, name);
    return result;
  }
  const done = async (pending: Promise<unknown>): Promise<void> => void (await pending);
  return {
    writes,
    createComment: (body) => write('create comment', { length: body.length }, () => createCommentOnce(octokit, issue, body, log)),
    updateComment: (commentId, body) =>
      done(write('update comment', { commentId, length: body.length }, () => octokit.rest.issues.updateComment({ owner: issue.owner, repo: issue.repo, comment_id: commentId, body }))),
    deleteComment: (commentId) =>
      done(
        write('delete comment', { commentId }, async () => {
          try {
            await octokit.rest.issues.deleteComment({ owner: issue.owner, repo: issue.repo, comment_id: commentId });
          } catch (error) {
            // Already gone: the goal is reached.
            if ((error as { status?: number }).status !== 404) throw error;
          }
        }),
      ),
    addLabels: (labels) => done(write('add labels', { labels }, () => octokit.rest.issues.addLabels({ ...issue, labels }))),
    removeLabel: (label) =>
      done(write('remove label', { label }, async () => {
        try {
          await octokit.rest.issues.removeLabel({ ...issue, name: label });
        } catch (error) {
          // Already removed by someone else in the meantime: the goal is reached.
          if ((error as { status?: number }).status !== 404) throw error;
        }
      })),
    react: (commentId, content) =>
      done(write('react', { commentId, content }, () => octokit.rest.reactions.createForIssueComment({ owner: issue.owner, repo: issue.repo, comment_id: commentId, content }))),
  };
}

/**
 * Creating a comment is the one write that is not idempotent: Octokit's retry plugin re-sends a
 * POST that failed with a 5xx or a dropped connection (@octokit/request reports both as status
 * >= 500), yet GitHub may have stored the comment before the answer was lost — a re-send is a
 * second comment. So the plugin does not retry it; ktriage reads the issue's comments instead and
 * posts once more only when the comment is not there. A second failure reaches the caller (the
 * delivery fails and can be redelivered; the redelivery finds the comment by its marker).
 */
async function createCommentOnce(octokit: Octokit, issue: IssueRef, body: string, log: Logger): Promise<number> {
  const post = async () => (await octokit.rest.issues.createComment({ ...issue, body, request: { retries: 0 } })).data.id;
  try {
    return await post();
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status !== undefined && status < 500) throw error;
    const landed = (await fetchIssueComments(octokit, issue)).find((comment) => comment.isBot && comment.body.trimEnd() === body.trimEnd());
    log.warn({ status, landed: landed !== undefined }, landed ? 'ktriage: creating the comment failed, but GitHub stored it' : 'ktriage: creating the comment failed; posting it once more');
    return landed ? landed.id : post();
  }
}
