import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { TEST_INSTALLATION_ID } from './create-test-probot.js';
import { SEED_REPORT } from '../../support/fixture-path.js';

/**
 * Real webhook payloads from @octokit/webhooks-examples, adjusted per test (issue text, labels,
 * sender). The examples carry no `installation` (they were recorded outside an App), which every
 * App delivery has; it is added here.
 */
const require = createRequire(import.meta.url);
type Example = { name: string; examples: Record<string, unknown>[] };
const examples = require('@octokit/webhooks-examples') as Example[];

export const OWNER = 'Codertocat';
export const REPO = 'Hello-World';
export const DEFAULT_BRANCH = 'master';

function example(event: string, action: string, pick: (e: Record<string, unknown>) => boolean = () => true): Record<string, unknown> {
  const found = examples.find((e) => e.name === event)?.examples.find((e) => e.action === action && pick(e));
  if (!found) throw new Error(`no ${event}.${action} example in @octokit/webhooks-examples`);
  return { ...structuredClone(found), installation: { id: TEST_INSTALLATION_ID, node_id: 'test' } };
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function issuesPayload(action: 'edited' | 'opened' | 'reopened', issue: { number?: number; title: string; body: string; labels?: string[] }, extra: Json = {}): Json {
  const payload = example('issues', action === 'reopened' ? 'reopened' : action) as Json;
  payload.issue.number = issue.number ?? 1;
  payload.issue.title = issue.title;
  payload.issue.body = issue.body;
  payload.issue.labels = (issue.labels ?? []).map((name, i) => ({ id: i + 1, node_id: `L${i}`, url: '', name, color: 'ededed', default: false, description: null }));
  delete payload.issue.pull_request;
  return { ...payload, ...extra };
}

export function commentPayload(issue: { number?: number; title: string; body: string; labels?: string[] }, comment: { body: string; login: string; type?: 'Bot' | 'User'; id?: number }): Json {
  const payload = example('issue_comment', 'created', (e) => !(e as Json).issue.pull_request) as Json;
  Object.assign(payload.issue, { number: issue.number ?? 1, title: issue.title, body: issue.body });
  payload.issue.labels = (issue.labels ?? []).map((name, i) => ({ id: i + 1, node_id: `L${i}`, url: '', name, color: 'ededed', default: false, description: null }));
  delete payload.issue.pull_request;
  payload.comment.body = comment.body;
  payload.comment.id = comment.id ?? 9001;
  payload.comment.user = { ...payload.comment.user, login: comment.login, type: comment.type ?? 'User' };
  payload.sender = { ...payload.sender, login: comment.login, type: comment.type ?? 'User' };
  return payload;
}

export function pullRequestPayload(action: 'opened' | 'synchronize'): Json {
  return example('pull_request', action);
}

/** The seed report (a real kernel.org Bugzilla bug), shipped in examples/. */
export function seedReport(): string {
  return readFileSync(SEED_REPORT, 'utf8');
}

/**
 * `check_run.rerequested` as GitHub sends it when someone presses "Re-run" on one of ktriage's
 * checks. The example was recorded on github/hello-world; it is moved to the repository the other
 * examples use (Codertocat/Hello-World, from the real check_suite example) so the same nocks serve.
 */
export function checkRunRerequestedPayload(run: { name: string; headSha?: string; pullRequests?: 'payload' | 'none' }): Json {
  const payload = example('check_run', 'rerequested') as Json;
  const suite = example('check_suite', 'rerequested') as Json;
  const headSha = run.headSha ?? suite.check_suite.head_sha;
  payload.repository = suite.repository;
  payload.check_run.name = run.name;
  payload.check_run.head_sha = headSha;
  payload.check_run.check_suite.head_sha = headSha;
  payload.check_run.pull_requests = run.pullRequests === 'none' ? [] : structuredClone(suite.check_suite.pull_requests);
  return payload;
}

/** `check_suite.rerequested` ("Re-run all checks"); its real sender is a Bot. */
export function checkSuiteRerequestedPayload(): Json {
  return example('check_suite', 'rerequested') as Json;
}
