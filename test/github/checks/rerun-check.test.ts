import nock from 'nock';
import { checkRunRerequestedPayload, checkSuiteRerequestedPayload } from '../support/payloads.js';
import { b64, CONFIG, enc, fixture, HEAD, RULE_DIR, RULE_FILE } from '../support/rule-files.js';
import { createScenario, nockConfig, repoPath } from '../support/scenario.js';

/**
 * GitHub's "Re-run" (check_run.rerequested) and "Re-run all checks" (check_suite.rerequested) on
 * ktriage's checks, with the real payload shapes from @octokit/webhooks-examples. GitHub re-queues
 * the suite and waits for the app: every re-run must end in a completed run on that commit.
 */
afterEach(() => nock.cleanAll());
afterAll(() => nock.restore());

type Scenario = Awaited<ReturnType<typeof createScenario>>;


type CheckBody = { name: string; head_sha: string; conclusion: string; output: { title: string; summary: string; annotations?: { path: string; start_line: number; message: string }[] } };
const checksOf = (s: Scenario) => s.gh.writes().filter((w) => w.path === `${repoPath}/check-runs`).map((w) => w.body as CheckBody);

/** What the rules check of PR #2 at HEAD reads: its files, the config, the proposed rule folder, open issues. */
function nockRulesCheck(s: Scenario, rule: string): void {
  s.gh.scope.get(`${repoPath}/pulls/2/files`).query({ per_page: '100' }).reply(200, [{ filename: RULE_FILE, status: 'modified' }]);
  nockConfig(s.gh, CONFIG);
  s.gh.scope.get(`${repoPath}/contents/${enc(RULE_DIR)}`).query({ ref: HEAD }).reply(200, [{ type: 'file', name: 'local.yml', path: RULE_FILE }]);
  s.gh.scope.get(`${repoPath}/contents/${enc(RULE_FILE)}`).query({ ref: HEAD }).reply(200, { type: 'file', name: 'local.yml', path: RULE_FILE, encoding: 'base64', content: b64(rule) });
  s.gh.scope.get(`${repoPath}/issues`).query(true).reply(200, []);
  s.gh.scope.post(`${repoPath}/check-runs`).reply(201, { id: 50 });
}

describe('check_run.rerequested on "ktriage rules"', () => {
  it('checks the pull request named in the payload again and publishes a new run on that commit', async () => {
    const s = await createScenario();
    nockRulesCheck(s, fixture('broken-rule.yml'));
    await s.deliver('check_run', checkRunRerequestedPayload({ name: 'ktriage rules' }));
    const [check] = checksOf(s);
    expect(check).toMatchObject({ name: 'ktriage rules', head_sha: HEAD, conclusion: 'failure' });
    expect(check!.output.annotations).toEqual([expect.objectContaining({ path: RULE_FILE, start_line: 17 })]);
    expect(s.gh.scope.isDone()).toBe(true);
  });

  it('finds a fork\'s pull request by its head commit when GitHub leaves pull_requests empty', async () => {
    const s = await createScenario();
    s.gh.scope
      .get(`${repoPath}/pulls`)
      .query({ state: 'open', sort: 'updated', direction: 'desc', per_page: '100' })
      .reply(200, [
        { number: 9, head: { sha: 'f'.repeat(40) } },
        { number: 2, head: { sha: HEAD } },
      ]);
    nockRulesCheck(s, fixture('good-rule.yml'));
    await s.deliver('check_run', checkRunRerequestedPayload({ name: 'ktriage rules', pullRequests: 'none' }));
    expect(checksOf(s)).toEqual([expect.objectContaining({ name: 'ktriage rules', head_sha: HEAD, conclusion: 'success' })]);
    expect(s.gh.scope.isDone()).toBe(true);
  });

  it('completes the re-queued suite with a neutral run when no open pull request has that commit', async () => {
    const s = await createScenario();
    const old = 'a'.repeat(40);
    s.gh.scope.get(`${repoPath}/pulls`).query(true).reply(200, [{ number: 2, head: { sha: HEAD } }]);
    s.gh.scope.post(`${repoPath}/check-runs`).reply(201, { id: 51 });
    await s.deliver('check_run', checkRunRerequestedPayload({ name: 'ktriage rules', headSha: old, pullRequests: 'none' }));
    expect(checksOf(s)).toEqual([
      expect.objectContaining({ name: 'ktriage rules', head_sha: old, conclusion: 'neutral', output: expect.objectContaining({ title: 'Nothing to check' }) }),
    ]);
    expect(checksOf(s)[0]!.output.summary).toContain(old);
  });

  it('publishes a neutral run when the pull request no longer touches anything ktriage reads', async () => {
    const s = await createScenario();
    s.gh.scope.get(`${repoPath}/pulls/2/files`).query({ per_page: '100' }).reply(200, [{ filename: 'README.md', status: 'modified' }]);
    nockConfig(s.gh, CONFIG);
    s.gh.scope.post(`${repoPath}/check-runs`).reply(201, { id: 52 });
    await s.deliver('check_run', checkRunRerequestedPayload({ name: 'ktriage rules' }));
    const [check] = checksOf(s);
    expect(check).toMatchObject({ name: 'ktriage rules', head_sha: HEAD, conclusion: 'neutral' });
    expect(check!.output.summary).toContain('#2 no longer changes');
  });

  it('ignores the re-run of a check that is not ktriage\'s, without a single request', async () => {
    const s = await createScenario();
    await s.deliver('check_run', checkRunRerequestedPayload({ name: 'randscape' }));
    expect(s.gh.requests).toEqual([]);
  });

  it('writes nothing under KTRIAGE_DRY_RUN, even for the neutral run', async () => {
    const s = await createScenario({ dryRun: true });
    s.gh.scope.get(`${repoPath}/pulls`).query(true).reply(200, []);
    await s.deliver('check_run', checkRunRerequestedPayload({ name: 'ktriage rules', pullRequests: 'none' }));
    expect(s.gh.writes()).toEqual([]);
    expect(s.logs.some((l) => l.dryRun === true && l.check === 'ktriage rules')).toBe(true);
  });
});

describe('check_run.rerequested on "ktriage config"', () => {
  const broken = 'labels:\n  prefx: "kt/"\n';

  it('succeeds once the configuration is fixed', async () => {
    const s = await createScenario();
    nockConfig(s.gh, 'labels:\n  prefix: "kt/"\n');
    s.gh.scope.post(`${repoPath}/check-runs`).reply(201, { id: 53 });
    await s.deliver('check_run', checkRunRerequestedPayload({ name: 'ktriage config' }));
    expect(checksOf(s)).toEqual([
      expect.objectContaining({ name: 'ktriage config', head_sha: HEAD, conclusion: 'success', output: expect.objectContaining({ title: '.github/ktriage.yml is valid' }) }),
    ]);
    expect(s.gh.scope.isDone()).toBe(true);
  });

  it('says the defaults are in use when the file was deleted', async () => {
    const s = await createScenario();
    nockConfig(s.gh, null);
    s.gh.scope.post(`${repoPath}/check-runs`).reply(201, { id: 54 });
    await s.deliver('check_run', checkRunRerequestedPayload({ name: 'ktriage config' }));
    expect(checksOf(s)).toEqual([expect.objectContaining({ conclusion: 'success', output: expect.objectContaining({ title: 'No .github/ktriage.yml: defaults in use' }) })]);
  });

  it('publishes a fresh failing run with annotations, although the same problems were reported before', async () => {
    const s = await createScenario();
    nockConfig(s.gh, broken);
    s.gh.scope
      .get(`${repoPath}/git/ref/heads%2Fmaster`).reply(200, { ref: 'refs/heads/master', object: { sha: HEAD, type: 'commit' } })
      .get(`${repoPath}/contents/.github%2Fktriage.yml`).query({ ref: 'master' }).reply(200, { type: 'file', name: 'ktriage.yml', path: '.github/ktriage.yml', encoding: 'base64', content: b64(broken) })
      .post(`${repoPath}/check-runs`).reply(201, { id: 55 });
    // no GET .../check-runs: the "already reported" lookup is skipped on an explicit re-run
    await s.deliver('check_run', checkRunRerequestedPayload({ name: 'ktriage config' }));
    const [check] = checksOf(s);
    expect(check).toMatchObject({ name: 'ktriage config', head_sha: HEAD, conclusion: 'failure' });
    expect(check!.output.annotations).toEqual([expect.objectContaining({ path: '.github/ktriage.yml', start_line: 2 })]);
    expect(s.gh.scope.isDone()).toBe(true);
  });

  it('on an older commit of the default branch: the current problems, without annotations at stale lines', async () => {
    const s = await createScenario();
    const old = 'b'.repeat(40);
    nockConfig(s.gh, broken);
    s.gh.scope
      .get(`${repoPath}/git/ref/heads%2Fmaster`).reply(200, { ref: 'refs/heads/master', object: { sha: HEAD, type: 'commit' } })
      .post(`${repoPath}/check-runs`).reply(201, { id: 56 });
    await s.deliver('check_run', checkRunRerequestedPayload({ name: 'ktriage config', headSha: old }));
    const [check] = checksOf(s);
    expect(check).toMatchObject({ head_sha: old, conclusion: 'failure' });
    expect(check!.output.annotations).toBeUndefined();
    expect(check!.output.summary).toContain('no longer the head of `master` (now `ec26c3e57ca3`)');
    expect(check!.output.summary).toContain('unknown key "prefx"');
    expect(s.gh.scope.isDone()).toBe(true);
  });
});

describe('check_suite.rerequested ("Re-run all checks", sent by a bot)', () => {
  it('runs again the ktriage checks the suite holds', async () => {
    const s = await createScenario();
    const suite = checkSuiteRerequestedPayload();
    s.gh.scope.get(`${repoPath}/check-suites/${suite.check_suite.id}/check-runs`).query({ per_page: '100' }).reply(200, {
      total_count: 1,
      check_runs: [{ id: 50, name: 'ktriage rules', head_sha: HEAD }],
    });
    nockRulesCheck(s, fixture('good-rule.yml'));
    await s.deliver('check_suite', suite);
    expect(checksOf(s)).toEqual([expect.objectContaining({ name: 'ktriage rules', head_sha: HEAD, conclusion: 'success' })]);
    expect(s.gh.scope.isDone()).toBe(true);
  });

  it('does nothing for a suite without ktriage checks', async () => {
    const s = await createScenario();
    const suite = checkSuiteRerequestedPayload();
    s.gh.scope.get(`${repoPath}/check-suites/${suite.check_suite.id}/check-runs`).query(true).reply(200, { total_count: 1, check_runs: [{ id: 1, name: 'build', head_sha: HEAD }] });
    await s.deliver('check_suite', suite);
    expect(s.gh.writes()).toEqual([]);
  });
});
