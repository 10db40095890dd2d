import nock from 'nock';
import { pullRequestPayload } from '../support/payloads.js';
import { b64, CONFIG, enc, fixture, HEAD, RULE_DIR, RULE_FILE } from '../support/rule-files.js';
import { createScenario, nockConfig, repoPath } from '../support/scenario.js';

afterEach(() => nock.cleanAll());
afterAll(() => nock.restore());


type Scenario = Awaited<ReturnType<typeof createScenario>>;

function nockRuleDir(s: Scenario, ref: string, text: string | null): void {
  s.gh.scope.get(`${repoPath}/contents/${enc(RULE_DIR)}`).query({ ref }).reply(200, text === null ? [] : [{ type: 'file', name: 'local.yml', path: RULE_FILE }]);
  if (text !== null) s.gh.scope.get(`${repoPath}/contents/${enc(RULE_FILE)}`).query({ ref }).reply(200, { type: 'file', name: 'local.yml', path: RULE_FILE, encoding: 'base64', content: b64(text) });
}

function nockOpenIssues(s: Scenario, issues: { number: number; title: string; body: string; pull?: boolean; comments?: number }[]): void {
  s.gh.scope
    .get(`${repoPath}/issues`)
    .query({ state: 'open', sort: 'created', direction: 'desc', per_page: '100' })
    .reply(200, issues.map((i) => ({ number: i.number, title: i.title, body: i.body, comments: i.comments ?? 0, user: { login: 'u', type: 'User' }, labels: [], state: 'open', html_url: `https://github.com/Codertocat/Hello-World/issues/${i.number}`, ...(i.pull ? { pull_request: { url: 'x' } } : {}) })));
}

const FROB_LOG = '[  12.345678] frobnicator: command timeout on queue 0, resetting controller';
const comment = (id: number, body: string, login = 'u', type = 'User') => ({ id, body, user: { login, type }, created_at: '2024-05-02T00:00:00Z' });

type CheckBody = { name: string; head_sha: string; conclusion: string; output: { title: string; summary: string; annotations?: { path: string; start_line: number; annotation_level: string; message: string }[] } };
const checkOf = (s: Scenario) => s.gh.writes().find((w) => w.path === `${repoPath}/check-runs`)?.body as CheckBody | undefined;

describe('pull_request touching rule files', () => {
  it('fails the check with an annotation at the broken rule\'s line', async () => {
    const s = await createScenario();
    s.gh.scope.get(`${repoPath}/pulls/2/files`).query({ per_page: '100' }).reply(200, [{ filename: RULE_FILE, status: 'added' }, { filename: 'README.md', status: 'modified' }]);
    nockConfig(s.gh, CONFIG);
    nockRuleDir(s, HEAD, fixture('broken-rule.yml'));
    nockOpenIssues(s, []);
    s.gh.scope.post(`${repoPath}/check-runs`).reply(201, { id: 5 });
    await s.deliver('pull_request', pullRequestPayload('opened'));

    const check = checkOf(s)!;
    expect(check).toMatchObject({ name: 'ktriage rules', head_sha: HEAD, conclusion: 'failure' });
    expect(check.output.annotations).toEqual([
      { path: RULE_FILE, start_line: 17, end_line: 17, annotation_level: 'failure', title: 'local-frobnicator-timeout', message: `${RULE_FILE}:17:5: unknown key \`labelz\` — did you mean \`labels\`?` },
    ]);
    expect(check.output.title).toBe('1 problem in ktriage rules or config');
    expect(s.gh.scope.isDone()).toBe(true);
  });

  it('fails on a rule example that does not match, annotated at the rule', async () => {
    const s = await createScenario();
    s.gh.scope.get(`${repoPath}/pulls/2/files`).query({ per_page: '100' }).reply(200, [{ filename: RULE_FILE, status: 'modified' }]);
    nockConfig(s.gh, CONFIG);
    nockRuleDir(s, HEAD, fixture('failing-example-rule.yml'));
    nockOpenIssues(s, []);
    s.gh.scope.post(`${repoPath}/check-runs`).reply(201, { id: 5 });
    await s.deliver('pull_request', pullRequestPayload('opened'));
    const check = checkOf(s)!;
    expect(check.conclusion).toBe('failure');
    expect(check.output.annotations).toEqual([
      expect.objectContaining({ path: RULE_FILE, start_line: 3, title: 'rule example', message: 'local-frobnicator-timeout: examples.match[0]: does not match the rule (no signature of the rule appears in it: are its lines kernel log lines as dmesg or journalctl prints them?)' }),
    ]);
  });

  it('passes a good rule and reports which open issues would change verdict', async () => {
    const s = await createScenario();
    s.gh.scope.get(`${repoPath}/pulls/2/files`).query({ per_page: '100' }).reply(200, [{ filename: RULE_FILE, status: 'added' }]);
    nockConfig(s.gh, CONFIG);
    nockRuleDir(s, HEAD, fixture('good-rule.yml'));
    nockOpenIssues(s, [
      { number: 7, title: 'Controller resets', body: 'Kernel 6.6.1\n\n[  12.345678] frobnicator: command timeout on queue 0, resetting controller' },
      { number: 8, title: 'Unrelated', body: 'The docs have a typo.' },
      { number: 9, title: 'A pull request', body: 'frobnicator: command timeout on queue 0, resetting controller', pull: true },
    ]);
    nockRuleDir(s, 'master', null);
    s.gh.scope.post(`${repoPath}/check-runs`).reply(201, { id: 5 });
    await s.deliver('pull_request', pullRequestPayload('synchronize'));

    const check = checkOf(s)!;
    expect(check.conclusion).toBe('success');
    expect(check.output.title).toBe('Rules OK; 1 of 2 open issues would change verdict');
    expect(check.output.summary).toContain('| #7 | `no-match` | `known-bug-fix-available (local-frobnicator-timeout)` |');
    expect(check.output.summary).not.toContain('#9');
    expect(s.gh.scope.isDone()).toBe(true);
  });

  it('re-triages open issues with their comments: a log the reporter pasted in a follow-up changes the verdict', async () => {
    const s = await createScenario();
    s.gh.scope.get(`${repoPath}/pulls/2/files`).query({ per_page: '100' }).reply(200, [{ filename: RULE_FILE, status: 'added' }]);
    nockConfig(s.gh, CONFIG);
    nockRuleDir(s, HEAD, fixture('good-rule.yml'));
    nockOpenIssues(s, [
      { number: 11, title: 'Controller keeps resetting', body: 'Kernel 6.6.1. Happens under load.', comments: 2 },
      { number: 12, title: 'Controller keeps resetting too', body: 'Kernel 6.6.1.', comments: 1 },
      { number: 13, title: 'Unrelated', body: 'The docs have a typo.' },
    ]);
    // #11: ktriage asked for the log; the reporter answered with it
    s.gh.scope.get(`${repoPath}/issues/11/comments`).query({ per_page: '100', page: '1' }).reply(200, [
      comment(1, '<!-- ktriage -->\nPlease attach the kernel log (dmesg).', 'ktriage[bot]', 'Bot'),
      comment(2, `Here it is:\n\n\`\`\`\n${FROB_LOG}\n\`\`\``),
    ]);
    // #12: the only mention of the log line is inside ktriage's own comment, which never counts
    s.gh.scope.get(`${repoPath}/issues/12/comments`).query({ per_page: '100', page: '1' }).reply(200, [comment(3, `<!-- ktriage -->\nDoes your log contain \`${FROB_LOG}\`?`, 'ktriage[bot]', 'Bot')]);
    // #13 has no comments: no request for it
    nockRuleDir(s, 'master', null);
    s.gh.scope.post(`${repoPath}/check-runs`).reply(201, { id: 5 });
    await s.deliver('pull_request', pullRequestPayload('synchronize'));

    const check = checkOf(s)!;
    expect(check.output.title).toBe('Rules OK; 1 of 3 open issues would change verdict');
    expect(check.output.summary).toContain('| #11 | `no-match` | `known-bug-fix-available (local-frobnicator-timeout)` |');
    expect(check.output.summary).not.toContain('#12');
    expect(check.output.summary).toContain('open issues re-triaged (title, description and comments): 3');
    expect(check.output.summary).not.toContain('comments not read');
    expect(s.gh.scope.isDone()).toBe(true);
  });

  it('spends at most its request budget on comments and says which issues were judged without them', async () => {
    const s = await createScenario();
    s.gh.scope.get(`${repoPath}/pulls/2/files`).query({ per_page: '100' }).reply(200, [{ filename: RULE_FILE, status: 'added' }]);
    nockConfig(s.gh, CONFIG);
    nockRuleDir(s, HEAD, fixture('good-rule.yml'));
    // 50 open issues, newest first, each with a comment: more threads than one check run may read
    const issues = Array.from({ length: 50 }, (_, i) => ({ number: 100 - i, title: `Report ${100 - i}`, body: 'Kernel 6.6.1.', comments: 1 }));
    nockOpenIssues(s, issues);
    let reads = 0;
    s.gh.scope.get(/\/issues\/\d+\/comments/).query(true).times(50).optionally().reply(200, (uri) => {
      reads += 1;
      const number = Number(/issues\/(\d+)\//.exec(uri)![1]);
      return [comment(number, number === 99 ? FROB_LOG : 'Any news?')];
    });
    nockRuleDir(s, 'master', null);
    s.gh.scope.post(`${repoPath}/check-runs`).reply(201, { id: 5 });
    await s.deliver('pull_request', pullRequestPayload('synchronize'));

    expect(reads).toBe(40);
    const check = checkOf(s)!;
    // the newest issues got their threads read: #99's log, posted in a comment, counts
    expect(check.output.summary).toContain('| #99 | `no-match` |');
    expect(check.output.summary).toContain('**comments not read** for 10 issues (#60, #59, #58, #57, #56, #55, #54, #53, #52, #51): this check\'s budget of 40 API requests for comments ran out');
  });

  it('annotates a broken .github/ktriage.yml in the PR at its line', async () => {
    const s = await createScenario();
    const proposed = 'rules:\n  paths: [.github/ktriage/]\nmin_confidence: 7\n';
    s.gh.scope.get(`${repoPath}/pulls/2/files`).query({ per_page: '100' }).reply(200, [{ filename: '.github/ktriage.yml', status: 'modified' }]);
    nockConfig(s.gh, CONFIG);
    s.gh.scope.get(`${repoPath}/contents/${enc('.github/ktriage.yml')}`).query({ ref: HEAD }).reply(200, { type: 'file', name: 'ktriage.yml', path: '.github/ktriage.yml', encoding: 'base64', content: b64(proposed) });
    nockRuleDir(s, HEAD, fixture('good-rule.yml'));
    nockOpenIssues(s, []);
    s.gh.scope.post(`${repoPath}/check-runs`).reply(201, { id: 5 });
    await s.deliver('pull_request', pullRequestPayload('opened'));
    const check = checkOf(s)!;
    expect(check.conclusion).toBe('failure');
    expect(check.output.annotations).toEqual([
      expect.objectContaining({ path: '.github/ktriage.yml', start_line: 3, message: 'min_confidence: Too big: expected number to be <=1' }),
    ]);
  });

  it('publishes nothing when the repository is in dry-run, but logs the verdict', async () => {
    const s = await createScenario();
    s.gh.scope.get(`${repoPath}/pulls/2/files`).query({ per_page: '100' }).reply(200, [{ filename: RULE_FILE, status: 'added' }]);
    nockConfig(s.gh, `${CONFIG}dry_run: true\n`);
    nockRuleDir(s, HEAD, fixture('broken-rule.yml'));
    nockOpenIssues(s, []);
    await s.deliver('pull_request', pullRequestPayload('opened'));
    expect(s.gh.writes()).toEqual([]);
    expect(s.logs.find((l) => l.dryRun === true)).toMatchObject({ conclusion: 'failure', annotations: 1 });
  });

  it('creates no check for a PR that touches nothing ktriage reads', async () => {
    const s = await createScenario();
    s.gh.scope.get(`${repoPath}/pulls/2/files`).query({ per_page: '100' }).reply(200, [{ filename: 'src/main.c', status: 'modified' }]);
    nockConfig(s.gh, CONFIG);
    await s.deliver('pull_request', pullRequestPayload('opened'));
    expect(s.gh.writes()).toEqual([]);
    expect(s.gh.scope.isDone()).toBe(true);
  });
});
