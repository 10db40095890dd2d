import type { ProbotOctokit } from 'probot';
import type { GithubIssue } from '../payload/index.js';

type Octokit = InstanceType<typeof ProbotOctokit>;

export type CurrentIssue = { issue: GithubIssue & { locked?: boolean; pull_request?: unknown } } | { skip: string };

/**
 * The issue as it is now, not as the webhook described it. A payload is a snapshot: a delivery
 * that waited in the per-issue queue behind ktriage's own writes, or one redelivered hours later,
 * carries an old body and old labels — triaged as such it would put back an outdated verdict and
 * miss labels ktriage added a moment ago. One GET settles it.
 *
 * A deleted issue answers 410, which the caller's guard treats as the end of the event. An issue
 * transferred to another repository answers with a redirect the client follows: the issue it
 * finds belongs elsewhere and is left alone here (the other repository's events cover it).
 */
export async function fetchCurrentIssue(octokit: Octokit, params: { owner: string; repo: string; issue_number: number }): Promise<CurrentIssue> {
  const { data } = await octokit.rest.issues.get(params);
  const home = `/repos/${params.owner}/${params.repo}`.toLowerCase();
  if (data.repository_url && !data.repository_url.toLowerCase().endsWith(home)) return { skip: `issue moved to ${data.repository_url.replace(/^.*\/repos\//, '')}` };
  if (data.pull_request) return { skip: 'pull request' };
  if (data.locked) return { skip: 'issue is locked' };
  return { issue: data as unknown as GithubIssue };
}
