import nock from 'nock';
import type { Probot } from 'probot';
import { createKtriageApp } from '../../../src/github/index.js';
import type { DecisionRecord, FeedbackRecord } from '../../../src/store/index.js';
import { readBundledRules, type BundledRules } from '../../../src/io/load-rule-packs.js';
import { bundledRulesDir, readRuleFiles } from '../../../src/io/read-rule-files.js';
import type { RuleFileText } from '../../../src/rules/index.js';
import { createTestProbot, type LogLine } from './create-test-probot.js';
import { OWNER, REPO } from './payloads.js';
import { mockGitHub, type GitHubMock } from './record-requests.js';

let bundledCache: RuleFileText[] | null = null;
/** The texts of the curated rule files shipped with ktriage. */
export async function bundledRules(): Promise<RuleFileText[]> {
  if (!bundledCache) bundledCache = (await readRuleFiles([bundledRulesDir()])).files;
  return bundledCache;
}

/** The bundled packs as the Probot entry reads them (the one rule loader). */
export function bundledPacks(): Promise<BundledRules> {
  return readBundledRules();
}

export const NOW = new Date('2024-06-01T12:00:00Z');

export interface Scenario {
  probot: Probot;
  gh: GitHubMock;
  logs: LogLine[];
  /** What the App recorded in the decision store (in order). */
  feedback: FeedbackRecord[];
  decisions: DecisionRecord[];
  /** Every wait the app asked for (ms), e.g. after a rate limit; nothing really waits. */
  waits: number[];
  /** Deliver a webhook the way Probot's server does after verifying the signature. */
  deliver: (name: string, payload: object, id?: string) => Promise<void>;
}

/**
 * A real Probot with the real ktriage app (bundled rules, real triage) against nock'd GitHub.
 * Each test declares exactly the GitHub answers it expects; anything else fails (net disabled).
 */
export async function createScenario(options: { dryRun?: boolean } = {}): Promise<Scenario> {
  nock.disableNetConnect();
  const { probot, logs } = createTestProbot();
  const feedback: FeedbackRecord[] = [];
  const decisions: DecisionRecord[] = [];
  const waits: number[] = [];
  await probot.load(
    createKtriageApp({
      bundledRules: await bundledPacks(),
      now: () => NOW,
      dryRun: options.dryRun ?? false,
      recorder: {
        recordFeedback: async (entry) => feedback.push(entry) > 0,
        recordDecision: async (record) => decisions.push(record) > 0,
      },
      sleep: async (ms) => void waits.push(ms),
    }),
  );
  const gh = mockGitHub();
  return {
    probot,
    gh,
    logs,
    feedback,
    decisions,
    waits,
    deliver: (name, payload, id = 'delivery-1') => {
      nockCurrentIssue(gh, name, payload);
      return probot.receive({ id, name, payload } as never);
    },
  };
}

/**
 * The pipeline reads the issue as it is now (GET /issues/{n}); by default GitHub answers with the
 * issue the payload describes. Registered at delivery, after the test's own nocks, so a test that
 * wants another answer (410, a moved issue, fresher labels) registers it first and wins.
 */
export function nockCurrentIssue(gh: GitHubMock, name: string, payload: object): void {
  const issue = (payload as { issue?: { number: number } }).issue;
  if ((name === 'issues' || name === 'issue_comment') && issue) gh.scope.get(`${repoPath}/issues/${issue.number}`).optionally().reply(200, issue);
}

export const repoPath = `/repos/${OWNER}/${REPO}`;

/** `.github/ktriage.yml` as the config plugin asks for it (raw media type), in this repo and the org's `.github`. */
export function nockConfig(gh: GitHubMock, yaml: string | null): void {
  if (yaml === null) {
    gh.scope.get(`${repoPath}/contents/.github%2Fktriage.yml`).reply(404, { message: 'Not Found' });
    gh.scope.get(`/repos/${OWNER}/.github/contents/.github%2Fktriage.yml`).reply(404, { message: 'Not Found' });
  } else {
    gh.scope.get(`${repoPath}/contents/.github%2Fktriage.yml`).reply(200, yaml, { 'content-type': 'application/vnd.github.v3.raw; charset=utf-8' });
  }
}

export interface ExistingComment {
  id: number;
  body: string;
  login?: string;
  type?: 'Bot' | 'User';
}

export function nockComments(gh: GitHubMock, comments: ExistingComment[], issue = 1): void {
  gh.scope.get(`${repoPath}/issues/${issue}/comments`).query({ per_page: '100' }).reply(
    200,
    comments.map((c) => ({ id: c.id, body: c.body, user: { login: c.login ?? 'ktriage[bot]', type: c.type ?? 'Bot' }, created_at: '2024-05-01T00:00:00Z', updated_at: '2024-05-01T00:00:00Z' })),
  );
}

export function commentBodies(gh: GitHubMock): string[] {
  return gh.writes().filter((w) => /\/comments(\/\d+)?$/.test(w.path)).map((w) => (w.body as { body: string }).body);
}
