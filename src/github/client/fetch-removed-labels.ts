import type { ProbotOctokit } from 'probot';

type Octokit = InstanceType<typeof ProbotOctokit>;

/** Enough for any real issue's history; a pathological one must not exhaust the rate limit. */
const MAX_EVENTS = 3000;

/**
 * Which of `labels` the issue's history shows someone removed (an `unlabeled` event by anyone but
 * `ownLogin`, ktriage's own account: it removes its labels when a verdict changes, and that is not
 * a maintainer's decision). ktriage asks only about labels it announced (pending in its comment's
 * state) that are absent now: absent because its add never happened (re-add it) or because someone
 * removed it (leave it alone). An issue's events are the one place GitHub says which.
 *
 * @example
 * await fetchRemovedLabels(octokit, { owner, repo, issue_number: 1 }, ['dm-thin'], 'ktriage[bot]') // => ['dm-thin'] when a maintainer removed it
 */
export async function fetchRemovedLabels(octokit: Octokit, params: { owner: string; repo: string; issue_number: number }, labels: readonly string[], ownLogin: string | null): Promise<string[]> {
  if (labels.length === 0) return [];
  const asked = new Set(labels.map((label) => label.toLowerCase()));
  const removed = new Set<string>();
  let seen = 0;
  await octokit.paginate(octokit.rest.issues.listEvents, { ...params, per_page: 100 }, (response, done) => {
    seen += response.data.length;
    if (seen >= MAX_EVENTS) done();
    for (const event of response.data) {
      const name = (event as { label?: { name?: string } }).label?.name?.toLowerCase();
      const byKtriage = ownLogin !== null && event.actor?.login === ownLogin;
      if (event.event === 'unlabeled' && name !== undefined && asked.has(name) && !byKtriage) removed.add(name);
    }
    return [];
  });
  return labels.filter((label) => removed.has(label.toLowerCase()));
}
