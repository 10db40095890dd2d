import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ACTION_DIST, buildAction, listFiles, ROOT } from '../../scripts/build-action.js';
import { BOT_LOGIN, startGitHubApiStandIn, type GitHubApiStandIn } from '../support/github-api-stand-in.js';
import { reportFixtureText, THIN_POOL_TITLE } from '../support/report-fixture.js';

/**
 * The GitHub Action as the runner starts it: `node <action>/action/dist/index.mjs` with the
 * runner's environment (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_API_URL, inputs as INPUT_*),
 * against the GitHub API stand-in. The committed bundle is the one tested, and a rebuild must
 * reproduce it byte for byte.
 */
interface ActionYml {
  runs: { using: string; main: string };
  inputs: Record<string, { default?: string }>;
}
interface WorkflowStep {
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}
interface Workflow {
  concurrency: { group: string; 'cancel-in-progress': boolean; queue?: string };
  jobs: Record<string, { steps: WorkflowStep[] }>;
}

const actionYml = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml;
const workflow = parse(readFileSync(join(ROOT, 'docs', 'ktriage-workflow.yml'), 'utf8')) as Workflow;
const TOKEN = 'ghs_actions_job_token';

let gh: GitHubApiStandIn;
let dir: string;
beforeAll(async () => {
  gh = await startGitHubApiStandIn();
  dir = mkdtempSync(join(tmpdir(), 'ktriage-action-'));
});
afterAll(async () => {
  await gh.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The runner's part: `with:` values (expressions resolved the way this test's job would) and action.yml defaults become INPUT_*. */
function inputsEnv(step: WorkflowStep): Record<string, string> {
  const resolve = (value: string) => value.replace(/\$\{\{\s*github\.token\s*\}\}/g, TOKEN);
  const env: Record<string, string> = {};
  for (const [name, input] of Object.entries(actionYml.inputs)) {
    const value = step.with?.[name] ?? input.default;
    if (value !== undefined) env[`INPUT_${name.toUpperCase()}`] = resolve(String(value));
  }
  return env;
}

function runAction(eventName: string, payload: object, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const eventPath = join(dir, `event-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(eventPath, JSON.stringify(payload));
  const child = spawn(process.execPath, [join(ROOT, actionYml.runs.main)], {
    // Not the repository: the runner starts the action from the job's workspace.
    cwd: dir,
    env: { PATH: process.env.PATH, GITHUB_EVENT_NAME: eventName, GITHUB_EVENT_PATH: eventPath, GITHUB_API_URL: gh.url, GITHUB_RUN_ID: '77', GITHUB_RUN_ATTEMPT: '1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

const ktriageStep = () => {
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const step = steps.find((s) => s.uses !== undefined && /\/ktriage@/.test(s.uses));
  if (!step) throw new Error('docs/ktriage-workflow.yml has no `uses: <owner>/ktriage@<tag>` step');
  return { step, steps };
};

// Each test starts the bundle as a fresh Node process (cold start, twice in some tests): Jest's
// per-test limit is a hang guard sized for a loaded 2-core machine, not a measurement (`npm run
// bench` measures start-up).
describe('the GitHub Action', () => {
  it('action/dist is the build of the current sources and rules (run `npm run build:action` and commit it)', async () => {
    const fresh = join(dir, 'fresh-build');
    await buildAction(fresh);
    expect(listFiles(ACTION_DIST)).toEqual(listFiles(fresh));
    for (const file of listFiles(fresh)) {
      const same = readFileSync(join(fresh, file)).equals(readFileSync(join(ACTION_DIST, file)));
      if (!same) throw new Error(`action/dist/${file} is stale: run \`npm run build:action\` and commit action/dist`);
    }
  }, 120_000);

  it('action.yml runs the bundle on a Node runtime the runners offer', () => {
    expect(['node20', 'node24']).toContain(actionYml.runs.using);
    expect(actionYml.runs.main).toBe('action/dist/index.mjs');
  });

  it('the documented workflow uses the action, installs nothing per event and cannot cancel a command', () => {
    const { step, steps } = ktriageStep();
    expect(step.uses).toMatch(/^[\w.-]+\/ktriage@v?\d/);
    expect(steps.some((s) => /\bnpm\s+(ci|install|i)\b|\bnpx\b/.test(s.run ?? ''))).toBe(false);
    expect(workflow.concurrency['cancel-in-progress']).toBe(false);
    // one group per issue (runs of an issue never overlap) that queues instead of replacing its
    // pending run: no later event can cancel a waiting command
    expect(workflow.concurrency.group).toBe('ktriage-${{ github.event.issue.number || github.event.pull_request.number }}');
    expect(workflow.concurrency.queue).toBe('max');
  });

  it('runs the workflow step on an issue event: one comment and labels; a re-run writes nothing new', async () => {
    gh.addIssue({ number: 1, title: THIN_POOL_TITLE, body: reportFixtureText('bugzilla-68801.txt') });
    const env = inputsEnv(ktriageStep().step);
    const first = await runAction('issues', gh.issuesPayload('opened', 1), env);
    expect(first).toMatchObject({ code: 0 });
    const comments = gh.comments(1).filter((c) => c.user.login === BOT_LOGIN);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('cebc2de44d3b');
    expect(gh.labels(1).length).toBeGreaterThan(0);
    expect(gh.requests.every((r) => r.auth === `token ${TOKEN}`)).toBe(true);
    const writes = gh.requests.filter((r) => r.method !== 'GET').length;
    const again = await runAction('issues', gh.issuesPayload('edited', 1), env);
    expect(again.code).toBe(0);
    expect(gh.requests.filter((r) => r.method !== 'GET').length).toBe(writes);
  }, 300_000);

  it('two runs started at once on one issue (an issue run and a comment run on its first event) leave one comment', async () => {
    gh.addIssue({ number: 3, title: THIN_POOL_TITLE, body: reportFixtureText('bugzilla-68801.txt') });
    const human = gh.addComment(3, { body: 'Thanks for looking into this.', login: 'reporter' });
    // Both runs read "no ktriage comment yet" before either creation is applied: the race for certain.
    // The gate opens when both creates have arrived, however long each process takes to start on a
    // loaded machine (no clock decides it), or as soon as one run ends without arriving (its create
    // can no longer come: the assertions below then say what happened instead of a hang).
    const release = gh.holdUntil({ method: 'POST', path: /\/issues\/3\/comments$/, count: 2, timeoutMs: 280_000 });
    const env = inputsEnv(ktriageStep().step);
    const [issueRun, commentRun] = await Promise.all([
      runAction('issues', gh.issuesPayload('opened', 3), env).finally(release),
      runAction('issue_comment', gh.commentPayload(3, human.id), env).finally(release),
    ]);
    expect({ code: issueRun.code, output: issueRun.output }).toEqual({ code: 0, output: '' });
    expect({ code: commentRun.code, output: commentRun.output }).toEqual({ code: 0, output: '' });
    const created = gh.requests.filter((r) => r.method === 'POST' && /\/issues\/3\/comments$/.test(r.path));
    expect(created).toHaveLength(2);
    // the younger comment was deleted by the run that created it; the older one is the issue's
    const bot = gh.comments(3).filter((c) => c.user.login === BOT_LOGIN);
    expect(bot).toHaveLength(1);
    expect(bot[0]!.body).toContain('cebc2de44d3b');
    expect(gh.requests.filter((r) => r.method === 'DELETE' && /\/issues\/comments\/\d+$/.test(r.path))).toHaveLength(1);
  }, 300_000);

  it('fails the job with an ::error:: line when GitHub fails, and when the runner environment is incomplete', async () => {
    gh.addIssue({ number: 2, title: THIN_POOL_TITLE, body: reportFixtureText('bugzilla-68801.txt') });
    // 422 is not retried by Octokit, so the job fails at once.
    gh.inject({ method: 'POST', path: /\/issues\/2\/comments$/, status: 422, message: 'Validation Failed' });
    const failed = await runAction('issues', gh.issuesPayload('opened', 2), inputsEnv(ktriageStep().step));
    expect(failed.code).toBe(1);
    expect(failed.output).toMatch(/^::error::ktriage failed on issues: /m);
    const noPath = await runAction('issues', {}, { GITHUB_EVENT_PATH: '', 'INPUT_GITHUB-TOKEN': TOKEN });
    expect(noPath.code).toBe(1);
    expect(noPath.output).toContain('::error::ktriage: GITHUB_EVENT_PATH is not set');
  }, 300_000);
});
