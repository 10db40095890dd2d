import type { ProbotOctokit } from 'probot';

type Octokit = InstanceType<typeof ProbotOctokit>;

export interface CheckAnnotation {
  /** Path inside the repository the check runs on. */
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'failure' | 'notice' | 'warning';
  message: string;
  title?: string;
}

export interface CheckRunResult {
  owner: string;
  repo: string;
  head_sha: string;
  name: string;
  conclusion: 'failure' | 'neutral' | 'success';
  title: string;
  summary: string;
  text?: string;
  annotations: CheckAnnotation[];
}

/** GitHub accepts at most 50 annotations per create/update request; later updates append. */
const ANNOTATIONS_PER_REQUEST = 50;
/** `output.summary` and `output.text` are limited to 65535 characters each. */
const OUTPUT_LIMIT = 65_000;

/**
 * Publishes a completed check run with every annotation: the first 50 on create, the rest in
 * follow-up updates (GitHub appends annotations on update, so none is lost). Returns the run id.
 */
export async function publishCheckRun(octokit: Octokit, result: CheckRunResult): Promise<number> {
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < result.annotations.length; i += ANNOTATIONS_PER_REQUEST) batches.push(result.annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  const output = {
    title: result.title.slice(0, 250),
    summary: cap(result.summary),
    ...(result.text === undefined ? {} : { text: cap(result.text) }),
  };
  const { data } = await octokit.rest.checks.create({
    owner: result.owner,
    repo: result.repo,
    name: result.name,
    head_sha: result.head_sha,
    status: 'completed',
    conclusion: result.conclusion,
    output: { ...output, ...(batches[0] ? { annotations: batches[0].map(clean) } : {}) },
  });
  for (const batch of batches.slice(1)) {
    await octokit.rest.checks.update({ owner: result.owner, repo: result.repo, check_run_id: data.id, output: { ...output, annotations: batch.map(clean) } });
  }
  return data.id;
}

function clean(annotation: CheckAnnotation): CheckAnnotation {
  const start = Math.max(1, Math.floor(annotation.start_line));
  return { ...annotation, start_line: start, end_line: Math.max(start, Math.floor(annotation.end_line)), message: annotation.message.slice(0, 64_000) };
}

function cap(text: string): string {
  return text.length <= OUTPUT_LIMIT ? text : `${text.slice(0, OUTPUT_LIMIT)}\n\n… (truncated)`;
}
