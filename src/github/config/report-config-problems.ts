import { createHash } from 'node:crypto';
import type { ProbotOctokit } from 'probot';
import { formatConfigProblem, type ConfigProblem } from './config-schema.js';
import type { ReadRepoFiles } from '../client/index.js';
import { locateConfigProblem } from './locate-yaml-path.js';
import { publishCheckRun, type CheckAnnotation } from '../client/index.js';

type Octokit = InstanceType<typeof ProbotOctokit>;

export const CONFIG_CHECK_NAME = 'ktriage config';
export const CONFIG_PATH = '.github/ktriage.yml';

/**
 * Makes a broken `.github/ktriage.yml` visible exactly once: a failing check run named
 * "ktriage config" on the default branch's head commit, each problem annotated at its line.
 *
 * "Once" without memory: the run's title carries a digest of the problems, and an existing run
 * with the same title on that commit means it was already reported (a redelivery, a second issue
 * event, another replica or a stateless Actions run). Returns whether a run was created.
 *
 * A re-run from GitHub (`force`, `headSha`) skips that check and publishes on the commit the user
 * re-ran, so the suite GitHub re-queued there completes. The problems are those of the default
 * branch now; when `headSha` is no longer its head, the annotations (lines of the current file)
 * are left out rather than pinned to the wrong lines of an older file, and the summary says so.
 */
export async function reportConfigProblems(
  octokit: Octokit,
  params: {
    owner: string;
    repo: string;
    defaultBranch: string;
    problems: ConfigProblem[];
    source: 'defaults' | 'file' | 'last-good';
    readRepoFiles: ReadRepoFiles;
    force?: boolean;
    headSha?: string;
  },
): Promise<boolean> {
  const { owner, repo, defaultBranch, problems } = params;
  const lines = problems.map(formatConfigProblem);
  const digest = createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 12);
  const title = `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${CONFIG_PATH} (${digest})`;

  const { data: ref } = await octokit.rest.git.getRef({ owner, repo, ref: `heads/${defaultBranch}` });
  const branchHead = ref.object.sha;
  const headSha = params.headSha ?? branchHead;
  if (!params.force) {
    const { data: existing } = await octokit.rest.checks.listForRef({ owner, repo, ref: headSha, check_name: CONFIG_CHECK_NAME, per_page: 100 });
    if (existing.check_runs.some((run) => run.output.title === title)) return false;
  }

  const current = headSha === branchHead;
  const { files } = current ? await params.readRepoFiles(octokit, { owner, repo, ref: defaultBranch, paths: [CONFIG_PATH] }) : { files: [] };
  const text = files[0]?.text ?? null;
  const annotations: CheckAnnotation[] = text === null ? [] : problems.map((problem) => {
    const at = locateConfigProblem(text, problem);
    return { path: CONFIG_PATH, start_line: at.line, end_line: at.line, annotation_level: 'failure', title: 'ktriage config', message: formatConfigProblem(problem) };
  });
  const fallback = params.source === 'last-good' ? 'the last configuration that parsed stays in force until this is fixed' : 'ktriage uses its defaults until this is fixed';
  const summary = [
    `ktriage could not use \`${CONFIG_PATH}\` (or a file it extends); ${fallback}.`,
    '',
    ...lines.map((line) => `- \`${line.replace(/`/g, "'")}\``),
    '',
    'The keys are documented in ktriage\'s docs/github-actions.md ("Repository configuration").',
    ...(current ? [] : ['', `This commit is no longer the head of \`${defaultBranch}\` (now \`${branchHead.slice(0, 12)}\`): the problems above are those of the current configuration.`]),
  ].join('\n');
  await publishCheckRun(octokit, { owner, repo, head_sha: headSha, name: CONFIG_CHECK_NAME, conclusion: 'failure', title, summary, annotations });
  return true;
}
