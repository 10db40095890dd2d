import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TEST_INSTALLATION_ID } from './create-test-probot.js';

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

/** The seed report (a real kernel.org Bugzilla bug) from ../shared/seeds, beside the repository. */
export function seedReport(): string {
  return readFileSync(fileURLToPath(new URL('../../../../shared/seeds/bugzilla-68801.txt', import.meta.url)), 'utf8');
}
