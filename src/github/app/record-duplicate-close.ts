import type { ProbotOctokit } from 'probot';
import { fetchIssueComments, findKtriageComment, type Logger } from '../client/index.js';
import { readCommentState } from '../comment/index.js';
import type { GithubIssue } from '../payload/index.js';
import type { DecisionRecorder } from './triage-issue.js';

type Octokit = InstanceType<typeof ProbotOctokit>;

export interface ClosedIssueEvent {
  id: string;
  octokit: Octokit;
  log: Logger;
  repo: () => { owner: string; repo: string };
  payload: { issue: GithubIssue & { state_reason?: string | null; closed_at?: string | null }; sender?: { login?: string } | null };
}

/**
 * A maintainer closed the issue as a duplicate (`state_reason: duplicate`) while ktriage's comment
 * suggested a known bug: recorded as `duplicate` feedback on that rule, which the dashboard counts
 * as a confirmation. GitHub does not say which issue it duplicates (the REST state carries no
 * target), so the note says so. Once per closing: the source key is the close time.
 */
export async function recordDuplicateClose(event: ClosedIssueEvent, recorder: DecisionRecorder, now: Date): Promise<boolean> {
  const { issue } = event.payload;
  if (issue.state_reason !== 'duplicate') return false;
  const { owner, repo } = event.repo();
  const own = findKtriageComment(await fetchIssueComments(event.octokit, { owner, repo, issue_number: issue.number }));
  if (own === null) return false;
  const state = readCommentState(own.body);
  const rule = state.matched[0] ?? null;
  if (rule === null || !(state.verdict ?? '').startsWith('known-bug') || state.wrong.some((w) => w.ruleId === rule)) return false;
  const closedMs = issue.closed_at ? Date.parse(issue.closed_at) : Number.NaN;
  const at = (Number.isNaN(closedMs) ? now : new Date(closedMs)).toISOString();
  const added = await recorder.recordFeedback({
    tracker: 'github',
    report: issue.html_url ?? `github:${owner}/${repo}#${issue.number}`,
    sourceKey: `closed-duplicate:${issue.closed_at ?? event.id}`,
    kind: 'duplicate',
    ruleId: rule,
    by: event.payload.sender?.login ?? 'unknown',
    at,
    note: 'closed as a duplicate while ktriage suggested this known bug (GitHub does not record of which issue)',
  });
  event.log.info({ deliveryId: event.id, issue: `${owner}/${repo}#${issue.number}`, ruleId: rule, recorded: added }, 'ktriage: closed as duplicate of the suggested known bug');
  return added;
}
