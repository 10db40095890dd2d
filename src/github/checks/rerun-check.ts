import type { ProbotOctokit } from 'probot';
import { checkRuleChanges, RULES_CHECK_NAME, type PullRequestEvent, type RuleCheckDeps } from './check-rule-changes.js';
import type { Logger } from '../client/index.js';
import type { ConfigSource } from '../config/index.js';
import { publishCheckRun } from '../client/index.js';
import { CONFIG_CHECK_NAME, CONFIG_PATH, reportConfigProblems } from '../config/index.js';

type Octokit = InstanceType<typeof ProbotOctokit>;

/** The check runs ktriage creates, and so the ones GitHub's "Re-run" may ask it to run again. */
export const KTRIAGE_CHECK_NAMES: readonly string[] = [CONFIG_CHECK_NAME, RULES_CHECK_NAME];

/** A `check_run` or `check_suite` webhook as the re-run needs it (a Probot Context fits). */
export interface CheckRerunEvent extends ConfigSource {
  id: string;
  octokit: Octokit;
  log: Logger;
  payload: { repository: { id: number; name: string; owner: { login: string }; default_branch: string } };
}

/** `check_run.pull_requests` / `check_suite.pull_requests` entries (only the fields used). */
export interface CheckPullRequest {
  number: number;
  head: { sha: string };
  base: { repo: { id: number } };
}

export interface RerunRequest {
  /** Names of ktriage's checks to run again (others are ignored). */
  names: readonly string[];
  /** The commit the re-run was asked for: the new run goes there, so the re-queued suite completes. */
  headSha: string;
  pullRequests: readonly CheckPullRequest[];
}

/** How many pages of open pull requests are searched for a fork's head commit. */
const PR_SEARCH_PAGES = 10;

/**
 * GitHub's "Re-run" on a ktriage check (`check_run.rerequested`) or "Re-run all checks" on
 * ktriage's suite (`check_suite.rerequested`): GitHub resets the suite to queued and expects the
 * app to publish a fresh run on that commit. Every re-run therefore ends in a completed run on
 * `headSha`, even when there is nothing left to check (a neutral one saying so); otherwise the
 * suite would stay queued forever.
 * - "ktriage rules": the pull request whose head is `headSha` is checked again, exactly as on a push;
 * - "ktriage config": the configuration in force now (the default branch's, `_extends` followed)
 *   is validated again; fixed, the new run succeeds.
 */
export async function rerunChecks(event: CheckRerunEvent, deps: RuleCheckDeps, request: RerunRequest): Promise<string[]> {
  const done: string[] = [];
  for (const name of KTRIAGE_CHECK_NAMES.filter((known) => request.names.includes(known))) {
    if (name === RULES_CHECK_NAME) await rerunRulesCheck(event, deps, request);
    else await rerunConfigCheck(event, deps, request.headSha);
    done.push(name);
  }
  event.log.info({ deliveryId: event.id, checks: done, headSha: request.headSha }, 'ktriage: checks re-run');
  return done;
}

/** The names of ktriage's checks in a check suite (what "Re-run all checks" should run again). */
export async function ktriageChecksOfSuite(octokit: Octokit, params: { owner: string; repo: string; check_suite_id: number }): Promise<string[]> {
  const runs = await octokit.paginate(octokit.rest.checks.listForSuite, { ...params, per_page: 100 });
  return KTRIAGE_CHECK_NAMES.filter((name) => runs.some((run) => run.name === name));
}

async function rerunRulesCheck(event: CheckRerunEvent, deps: RuleCheckDeps, request: RerunRequest): Promise<void> {
  const { owner, repo } = event.repo();
  const number = await findPullRequest(event, request);
  if (number !== null) {
    const prEvent: PullRequestEvent = {
      id: event.id,
      octokit: event.octokit,
      log: event.log,
      // Probot's context.config is a method that reads `this`.
      config: (fileName) => event.config(fileName),
      repo: () => event.repo(),
      payload: { pull_request: { number, head: { sha: request.headSha } }, repository: event.payload.repository },
    };
    const outcome = await checkRuleChanges(prEvent, deps);
    if (outcome !== null) return;
  }
  const summary =
    number === null
      ? `No open pull request has commit \`${request.headSha}\` as its head any more, so there is nothing for ktriage to check here.`
      : `Pull request #${number} no longer changes \`${CONFIG_PATH}\` or a file under the configured rule paths, so there is nothing for ktriage to check.`;
  await publishNeutral(event, deps, { owner, repo, name: RULES_CHECK_NAME, headSha: request.headSha, title: 'Nothing to check', summary });
}

/**
 * The pull request whose head is the commit: from the payload when GitHub filled it in (only
 * pull requests into this repository count: the list also names PRs from this branch into other
 * repositories), otherwise by searching the open pull requests — GitHub leaves the list empty for
 * pull requests from forks, and `GET /commits/{sha}/pulls` does not know fork commits either.
 */
async function findPullRequest(event: CheckRerunEvent, request: RerunRequest): Promise<number | null> {
  const own = request.pullRequests.filter((pr) => pr.base.repo.id === event.payload.repository.id);
  const exact = own.find((pr) => pr.head.sha === request.headSha) ?? own[0];
  if (exact) return exact.number;
  const { owner, repo } = event.repo();
  let pages = 0;
  const found = await event.octokit.paginate(event.octokit.rest.pulls.list, { owner, repo, state: 'open', sort: 'updated', direction: 'desc', per_page: 100 }, (response, done) => {
    pages += 1;
    const hits = response.data.filter((pr) => pr.head.sha === request.headSha);
    if (hits.length > 0 || pages >= PR_SEARCH_PAGES) done();
    return hits.map((pr) => pr.number);
  });
  return found[0] ?? null;
}

async function rerunConfigCheck(event: CheckRerunEvent, deps: RuleCheckDeps, headSha: string): Promise<void> {
  const { owner, repo } = event.repo();
  const defaultBranch = event.payload.repository.default_branch;
  const loaded = await deps.loadConfig(event);
  // A broken file's own dry_run does not count (it is not in force); the last good one's does.
  const dryRun = deps.dryRun || loaded.config.dry_run;
  if (loaded.problems.length > 0) {
    if (dryRun) {
      event.log.info({ dryRun: true, problems: loaded.problems.length }, 'dry-run: would publish the failing config check');
      return;
    }
    // Forced: the user asked for a fresh run, even if the same problems were reported before.
    await reportConfigProblems(event.octokit, { owner, repo, defaultBranch, problems: loaded.problems, source: loaded.source, readRepoFiles: deps.readRepoFiles, force: true, headSha });
    return;
  }
  const summary =
    loaded.source === 'file'
      ? `\`${CONFIG_PATH}\` on \`${defaultBranch}\` (and any file it extends) is valid; ktriage uses it.`
      : `There is no \`${CONFIG_PATH}\` on \`${defaultBranch}\` (nor in the organisation's \`.github\` repository); ktriage uses its defaults.`;
  const title = loaded.source === 'file' ? `${CONFIG_PATH} is valid` : `No ${CONFIG_PATH}: defaults in use`;
  if (dryRun) {
    event.log.info({ dryRun: true, title }, 'dry-run: would publish the config check');
    return;
  }
  await publishCheckRun(event.octokit, { owner, repo, head_sha: headSha, name: CONFIG_CHECK_NAME, conclusion: 'success', title, summary, annotations: [] });
}

async function publishNeutral(event: CheckRerunEvent, deps: RuleCheckDeps, run: { owner: string; repo: string; name: string; headSha: string; title: string; summary: string }): Promise<void> {
  if (deps.dryRun) {
    event.log.info({ dryRun: true, check: run.name, title: run.title }, 'dry-run: would publish a neutral check');
    return;
  }
  await publishCheckRun(event.octokit, { owner: run.owner, repo: run.repo, head_sha: run.headSha, name: run.name, conclusion: 'neutral', title: run.title, summary: run.summary, annotations: [] });
}
