// `/ktriage suggest-rule <sha>` against the GitHub API stand-in (a real HTTP server on loopback):
// a maintainer gets the drafted rule as a comment of its own (fenced YAML that lints and passes its
// examples), once per fix whatever is redelivered or repeated; anyone else gets the refusal.
import { Probot } from 'probot';
import { parse } from 'yaml';
import { readBundledRules } from '../../../src/io/load-rule-packs.js';
import { createKtriageApp } from '../../../src/github/index.js';
import { problemsOf, SUBJECT_PLACEHOLDER } from '../../../src/suggest/index.js';
import { BOT_LOGIN, startGitHubApiStandIn, type GitHubApiStandIn } from '../../support/github-api-stand-in.js';
import { bundledPacks } from '../support/scenario.js';
import { createTestLogger, TEST_APP_ID, TEST_PRIVATE_KEY, TestOctokit } from '../support/create-test-probot.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const REPORT = readFileSync(fileURLToPath(new URL('../../fixtures/suggest/bfq-kasan-report.txt', import.meta.url)), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
const SHA = 'e2f2a39452c43b64ea3191642a2661cb8d03827a';
const COMMAND = `/ktriage suggest-rule ${SHA} --fixed-in 6.3-rc2 block, bfq: fix uaf for 'stable_merge_bfqq'`;

let gh: GitHubApiStandIn;
let probot: Probot;
let delivery = 0;

beforeEach(async () => {
  gh = await startGitHubApiStandIn();
  const { log } = createTestLogger();
  probot = new Probot({ appId: TEST_APP_ID, privateKey: TEST_PRIVATE_KEY, Octokit: TestOctokit, log, baseUrl: gh.url });
  await probot.load(createKtriageApp({ bundledRules: await bundledPacks() }));
});
afterEach(() => gh.close());

const receive = (payload: Record<string, unknown>, id = `d-${++delivery}`) => probot.receive({ id, name: 'issue_comment', payload } as never);
const drafts = (n: number) => gh.comments(n).filter((c) => c.user.login === BOT_LOGIN && c.body.split('\n')[1]?.startsWith('<!-- ktriage:draft '));

/** The fenced YAML of a draft comment. */
function yamlOf(body: string): string {
  const match = /\n(`{3,})yaml\n([\s\S]*?)\n\1\n/.exec(body);
  if (!match) throw new Error(`no fenced YAML in:\n${body}`);
  return match[2]!;
}

describe('/ktriage suggest-rule', () => {
  it("posts a maintainer's draft once, as fenced YAML that lints and passes its own examples", async () => {
    gh.addIssue({ number: 1, title: '[bug report] BUG: KASAN: slab-use-after-free in bfq_setup_cooperator', body: REPORT, state: 'closed' });
    gh.setPermission('maintainer', 'maintain');
    const command = gh.addComment(1, { body: COMMAND, login: 'maintainer' });
    await receive(gh.commentPayload(1, command.id));

    const [draft, ...more] = drafts(1);
    expect(more).toEqual([]);
    expect(draft!.body.split('\n').slice(0, 2)).toEqual(['<!-- ktriage:reply -->', `<!-- ktriage:draft ${SHA} -->`]);
    expect(draft!.body.trimEnd().split('\n').at(-1)).toBe(`<!-- ktriage:in-reply-to ${command.id} suggest-rule -->`);
    const yaml = yamlOf(draft!.body);
    const bug = (parse(yaml) as { bugs: Array<Record<string, unknown>> }).bugs[0]!;
    expect(bug.fix).toEqual([{ commit: SHA, subject: "block, bfq: fix uaf for 'stable_merge_bfqq'" }]);
    expect(bug.affected).toEqual({ fixed: { mainline: '6.3-rc2' } });
    expect(bug.signatures).toContainEqual({ crash: 'KASAN: slab-use-after-free Read in bfq_setup_cooperator' });
    expect(problemsOf(yaml, (await readBundledRules({ cvePack: false })).ruleSet.facts)).toEqual([]);
    // acknowledged like the other commands
    expect(gh.reactions).toContainEqual(expect.objectContaining({ commentId: command.id, content: '+1' }));

    // a redelivery of the same event, then the command again in a new comment: still one draft
    await receive(gh.commentPayload(1, command.id));
    const again = gh.addComment(1, { body: COMMAND, login: 'maintainer' });
    await receive(gh.commentPayload(1, again.id));
    expect(drafts(1)).toHaveLength(1);
    // a draft is never the triage comment: that one is still a single comment of its own
    expect(gh.comments(1).filter((c) => c.user.login === BOT_LOGIN && c.body.startsWith('<!-- ktriage -->'))).toHaveLength(1);
  });

  it('counts an abbreviated and the full sha of one fix as one fix: one draft, in one comment or in two', async () => {
    gh.setPermission('maintainer', 'write');
    // the 12-digit form first, then the full sha in a later comment (and upper case: still one fix)
    gh.addIssue({ number: 6, title: 'bfq crash', body: REPORT, state: 'closed' });
    const short = gh.addComment(6, { body: `/ktriage suggest-rule ${SHA.slice(0, 12)}`, login: 'maintainer' });
    await receive(gh.commentPayload(6, short.id));
    const full = gh.addComment(6, { body: `/ktriage suggest-rule ${SHA.toUpperCase()}`, login: 'maintainer' });
    await receive(gh.commentPayload(6, full.id));
    expect(drafts(6)).toHaveLength(1);
    // the full sha first, then 14 digits of it
    gh.addIssue({ number: 7, title: 'bfq crash', body: REPORT, state: 'closed' });
    const first = gh.addComment(7, { body: `/ktriage suggest-rule ${SHA}`, login: 'maintainer' });
    await receive(gh.commentPayload(7, first.id));
    const second = gh.addComment(7, { body: `/ktriage suggest-rule ${SHA.slice(0, 14)}`, login: 'maintainer' });
    await receive(gh.commentPayload(7, second.id));
    expect(drafts(7)).toHaveLength(1);
    // both forms in one comment
    gh.addIssue({ number: 8, title: 'bfq crash', body: REPORT, state: 'closed' });
    const both = gh.addComment(8, { body: `/ktriage suggest-rule ${SHA.slice(0, 12)}\n/ktriage suggest-rule ${SHA}`, login: 'maintainer' });
    await receive(gh.commentPayload(8, both.id));
    expect(drafts(8)).toHaveLength(1);
    // another fix sharing 11 digits is another fix: a second draft
    const other = gh.addComment(8, { body: `/ktriage suggest-rule ${SHA.slice(0, 11)}0${SHA.slice(12)}`, login: 'maintainer' });
    await receive(gh.commentPayload(8, other.id));
    expect(drafts(8)).toHaveLength(2);
  });

  it("takes the subject (and the full sha) from the repository's commit when the command gives only a sha", async () => {
    gh.addIssue({ number: 4, title: 'bfq crash', body: REPORT, state: 'closed' });
    gh.setPermission('maintainer', 'write');
    gh.setCommit(SHA, "block, bfq: fix uaf for 'stable_merge_bfqq'\n\nThe body of the commit message.\n");
    const command = gh.addComment(4, { body: `/ktriage suggest-rule ${SHA.slice(0, 12)}`, login: 'maintainer' });
    await receive(gh.commentPayload(4, command.id));
    const bug = (parse(yamlOf(drafts(4)[0]!.body)) as { bugs: Array<Record<string, unknown>> }).bugs[0]!;
    expect(bug.fix).toEqual([{ commit: SHA, subject: "block, bfq: fix uaf for 'stable_merge_bfqq'" }]);
  });

  it('writes the subject placeholder (named first in the review notes) when the repository does not hold the commit', async () => {
    gh.addIssue({ number: 5, title: 'bfq crash', body: REPORT, state: 'closed' });
    gh.setPermission('maintainer', 'write');
    const command = gh.addComment(5, { body: `/ktriage suggest-rule ${SHA}`, login: 'maintainer' });
    await receive(gh.commentPayload(5, command.id));
    const yaml = yamlOf(drafts(5)[0]!.body);
    expect(yaml).toMatch(/# - replace the fix subject with e2f2a39452c4's subject, verbatim/);
    expect((parse(yaml) as { bugs: Array<{ fix: unknown }> }).bugs[0]!.fix).toEqual([{ commit: SHA, subject: SUBJECT_PLACEHOLDER }]);
  });

  it('a non-maintainer gets the refusal reaction and no draft', async () => {
    gh.addIssue({ number: 2, title: 'bfq crash', body: REPORT, state: 'closed' });
    gh.setPermission('passer-by', 'read');
    const command = gh.addComment(2, { body: COMMAND, login: 'passer-by' });
    await receive(gh.commentPayload(2, command.id));
    expect(drafts(2)).toEqual([]);
    expect(gh.reactions).toContainEqual(expect.objectContaining({ commentId: command.id, content: 'confused' }));
  });

  it('says in one comment why no rule could be drafted from a report with no kernel log', async () => {
    gh.addIssue({ number: 3, title: 'disk is slow', body: 'After the upgrade my disk is slow. Any idea?' });
    gh.setPermission('maintainer', 'write');
    const command = gh.addComment(3, { body: `/ktriage suggest-rule ${SHA}`, login: 'maintainer' });
    await receive(gh.commentPayload(3, command.id));
    const [draft] = drafts(3);
    expect(draft!.body).toMatch(/ktriage could not draft a rule for fix `e2f2a39452c4`: cannot draft a rule from octo-org\/storage#3: it holds no kernel log line/);
  });
});
