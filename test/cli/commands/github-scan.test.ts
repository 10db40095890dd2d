// `ktriage github scan` end to end against the loopback GitHub REST stand-in: what it prints, that
// it never writes (only GET requests reach the stand-in), and its one-line errors. No network.
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { main, type CliIo } from '../../../src/cli/main.js';
import { SEED_REPORT } from '../../support/fixture-path.js';
import { REPO_ROOT } from '../../support/shared-data.js';
import { startGitHubApiStandIn, STAND_IN_OWNER, STAND_IN_REPO, type GitHubApiStandIn } from '../../support/github-api-stand-in.js';

const SEED = readFileSync(SEED_REPORT, 'utf8');
// A repository's own rule file (the rules README's example rule for the seed's bug).
const REPO_RULE = readFileSync(`${REPO_ROOT}/test/fixtures/rules/valid/dm-thin.yml`, 'utf8');
const TARGET = `${STAND_IN_OWNER}/${STAND_IN_REPO}`;
// The seed report's known bug is fixed by this commit (rules/, thin-pool space map decrement).
const FIX = 'cebc2de44d3b';

async function run(argv: string[], env: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    stdin: new PassThrough(),
    env,
    cwd: REPO_ROOT,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const writes = (stand: GitHubApiStandIn) => stand.requests.filter((r) => r.method !== 'GET');

describe('ktriage github scan', () => {
  let stand: GitHubApiStandIn;
  beforeEach(async () => {
    stand = await startGitHubApiStandIn();
  });
  afterEach(async () => {
    await stand.close();
  });

  it('prints the comment and labels the App would post for the seed report, and writes nothing', async () => {
    stand.addIssue({ number: 7, title: 'thin-pool: unable to decrement a reference count below 0', body: SEED });
    stand.addComment(7, { body: 'Same here on 3.12.6.', login: 'someone-else' });
    stand.addIssue({ number: 8, title: 'Fix typo', body: 'A pull request.', pullRequest: true });
    stand.addIssue({ number: 3, title: 'closed one', body: SEED, state: 'closed' });

    const { code, stdout, stderr } = await run(['github', 'scan', TARGET], { GITHUB_TOKEN: 'ghp_test', GITHUB_API_URL: stand.url });
    expect(code).toBe(0);
    expect(stdout).toContain('=== #7: thin-pool');
    expect(stdout).toContain(FIX);
    expect(stdout).toMatch(/labels it would add: \S/);
    expect(stdout).toContain('<!-- ktriage');
    // The pull request and the closed issue are not triaged.
    expect(stdout).not.toContain('#8');
    expect(stdout).not.toContain('#3');
    expect(stderr).toContain('1 open issue of octo-org/storage triaged (1 pull request skipped)');
    expect(stderr).not.toContain('anonymously');
    expect(stand.requests.length).toBeGreaterThan(0);
    expect(stand.requests.every((r) => r.auth === 'token ghp_test')).toBe(true);
    expect(writes(stand)).toEqual([]);
    expect(stand.comments(7)).toHaveLength(1);
    expect(stand.labels(7)).toEqual([]);
  });

  it('--format json gives the comment, labels and plan per issue', async () => {
    stand.addIssue({ number: 1, title: 'seed', body: SEED });
    const { code, stdout } = await run(['github', 'scan', TARGET, '--format', 'json'], { GITHUB_API_URL: stand.url });
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { repository: string; issues: { number: number; comment: string; add_labels: string[]; plan: { verdict: string } }[] };
    expect(out.repository).toBe(TARGET);
    expect(out.issues.map((i) => i.number)).toEqual([1]);
    expect(out.issues[0]!.comment).toContain(FIX);
    expect(out.issues[0]!.add_labels.length).toBeGreaterThan(0);
    expect(out.issues[0]!.plan.verdict).not.toBe('no-match');
    expect(writes(stand)).toEqual([]);
  });

  it('respects --limit across pages and notes an anonymous scan', async () => {
    for (let n = 1; n <= 4; n++) stand.addIssue({ number: n, title: `issue ${n}`, body: 'My disk is slow, please help.' });
    // Listed newest first, 2 a page: the first page holds this pull request and #4, so #3 is on the second.
    stand.addIssue({ number: 5, title: 'a pull request', body: 'Fix.', pullRequest: true });
    const { code, stdout, stderr } = await run(['github', 'scan', TARGET, '--limit', '2'], { GITHUB_API_URL: stand.url });
    expect(code).toBe(0);
    expect(stdout.match(/^=== #\d+/gm)).toEqual(['=== #4', '=== #3']);
    expect(stderr).toContain('no GITHUB_TOKEN set');
    expect(stderr).toContain('2 open issues of octo-org/storage triaged');
    expect(stand.requests.every((r) => r.auth === undefined)).toBe(true);
    // Only the two scanned issues had their comments fetched.
    expect(stand.requests.filter((r) => r.path.endsWith('/comments'))).toHaveLength(2);
    expect(writes(stand)).toEqual([]);
  });

  it('a repository GitHub does not know: one line naming 404 and what to do, exit 2', async () => {
    const { code, stdout, stderr } = await run(['github', 'scan', 'nobody/nothing'], { GITHUB_API_URL: stand.url });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const errors = stderr.split('\n').filter((line) => line !== '' && !line.includes('GITHUB_TOKEN set'));
    expect(errors).toEqual(['ktriage github scan: GitHub answered 404: repository nobody/nothing not found, or private: set GITHUB_TOKEN to a token that can read it']);
  });

  it('a bad token: one line naming 401, exit 2', async () => {
    stand.addIssue({ number: 1, title: 'seed', body: SEED });
    stand.inject({ status: 401, message: 'Bad credentials', times: Infinity });
    const { code, stderr } = await run(['github', 'scan', TARGET], { GITHUB_TOKEN: 'ghp_expired', GITHUB_API_URL: stand.url });
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^ktriage github scan: GitHub answered 401: bad credentials: GITHUB_TOKEN is invalid or expired/)]);
    expect(stand.requests.filter((r) => r.status === 401)).toHaveLength(1);
  });

  it('a spent rate limit: 403 with the reset time', async () => {
    stand.addIssue({ number: 1, title: 'seed', body: SEED });
    const reset = Date.now() + 3600_000;
    stand.inject({ status: 403, message: 'API rate limit exceeded', times: Infinity, headers: () => ({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(reset / 1000)) }) });
    const { code, stderr } = await run(['github', 'scan', TARGET], { GITHUB_TOKEN: 'ghp_test', GITHUB_API_URL: stand.url });
    expect(code).toBe(2);
    expect(stderr).toContain(`GitHub answered 403: API rate limit exceeded until ${new Date(Math.ceil(reset / 1000) * 1000).toISOString()}`);
  });

  it.each([['not-a-repo'], ['a/b/c'], ['-x/y'], ['owner/..']])('a bad OWNER/REPO %s is a usage error before any request', async (target) => {
    const { code, stderr } = await run(['github', 'scan', '--', target], { GITHUB_API_URL: stand.url });
    expect(code).toBe(2);
    expect(stderr).toContain('is not OWNER/REPO');
    expect(stand.requests).toEqual([]);
  });

  it('a bad --limit is a usage error', async () => {
    const { code, stderr } = await run(['github', 'scan', TARGET, '--limit', '0'], { GITHUB_API_URL: stand.url });
    expect(code).toBe(2);
    expect(stderr).toContain('--limit');
    expect(stand.requests).toEqual([]);
  });
  describe('.github/ktriage.yml: what the App would use', () => {
    it('reads the repository config: its rule files, label prefix and bundled switch shape what is printed', async () => {
      stand.addIssue({ number: 7, title: 'thin-pool: unable to decrement a reference count below 0', body: SEED });
      stand.setFile('.github/ktriage.yml', ['rules:', '  bundled: false', '  cves: false', '  paths: [.github/ktriage/thin.yml]', 'labels:', '  prefix: "triage/"', ''].join('\n'));
      stand.setFile('.github/ktriage/thin.yml', REPO_RULE);
      const { code, stdout, stderr } = await run(['github', 'scan', TARGET, '--format', 'json'], { GITHUB_TOKEN: 'ghp_test', GITHUB_API_URL: stand.url });
      expect({ code, stderr: stderr.split('\n').filter((l) => l.includes('problem') || l.includes('error')) }).toEqual({ code: 0, stderr: [] });
      expect(stderr).toContain('configuration from octo-org/storage:.github/ktriage.yml');
      const out = JSON.parse(stdout) as { issues: { add_labels: string[]; plan: { matches: { rule_id: string }[] } }[] };
      // Only the repository's rule: the bundled curated rule for the same bug is off.
      expect(out.issues[0]!.plan.matches.map((m) => m.rule_id)).toEqual(['example-dm-sm-refcount-below-zero']);
      expect(out.issues[0]!.add_labels.length).toBeGreaterThan(0);
      expect(out.issues[0]!.add_labels.every((label) => label.startsWith('triage/'))).toBe(true);
      // The config and the rule file were read (raw), nothing was written.
      expect(stand.requests.filter((r) => r.path.includes('/contents/')).map((r) => r.path)).toEqual(expect.arrayContaining(['/repos/octo-org/storage/contents/.github%2Fktriage.yml']));
      expect(writes(stand)).toEqual([]);
    });

    it('no config in the repository or its owner\'s .github repository: the defaults, said in one line', async () => {
      stand.addIssue({ number: 1, title: 'seed', body: SEED });
      const { code, stdout, stderr } = await run(['github', 'scan', TARGET, '--format', 'json'], { GITHUB_API_URL: stand.url });
      expect(code).toBe(0);
      expect(stderr).toContain("no .github/ktriage.yml in octo-org/storage or octo-org/.github: the App's defaults");
      const out = JSON.parse(stdout) as { issues: { add_labels: string[] }[] };
      expect(out.issues[0]!.add_labels).toContain('known-bug');
    });

    it("falls back to the owner's .github repository and follows _extends, the repository's own values winning", async () => {
      stand.addIssue({ number: 1, title: 'seed', body: SEED });
      stand.setFile('.github/ktriage.yml', '_extends: shared-config\nlabels:\n  prefix: "org/"\n', 'octo-org', '.github');
      stand.setFile('.github/ktriage.yml', 'labels:\n  prefix: "base/"\ndry_run: true\n', 'octo-org', 'shared-config');
      const { code, stdout, stderr } = await run(['github', 'scan', TARGET], { GITHUB_API_URL: stand.url });
      expect(code).toBe(0);
      expect(stderr).toContain('configuration from octo-org/.github:.github/ktriage.yml, then octo-org/shared-config:.github/ktriage.yml');
      // dry_run from the extended file: the App would write nothing at all.
      expect(stdout).toContain('the App would post nothing (dry_run: true in .github/ktriage.yml)');
    });

    it('a YAML syntax error: file:line:col and the reason, exit 2, no issue read', async () => {
      stand.addIssue({ number: 1, title: 'seed', body: SEED });
      stand.setFile('.github/ktriage.yml', 'labels:\n  prefix: "triage/\n  enabled: true\n');
      const { code, stdout, stderr } = await run(['github', 'scan', TARGET], { GITHUB_API_URL: stand.url });
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^ktriage github scan: octo-org\/storage:\.github\/ktriage\.yml:\d+:\d+: .+$/m);
      expect(stderr).toContain('the configuration is broken');
      expect(stand.requests.filter((r) => r.path.includes('/issues'))).toEqual([]);
    });

    it('keys the schema refuses: each at its own line and column, exit 2', async () => {
      stand.addIssue({ number: 1, title: 'seed', body: SEED });
      stand.setFile('.github/ktriage.yml', 'rules:\n  bundled: true\nlabels:\n  prefx: "triage/"\ndry_run: sometimes\n');
      const { code, stderr } = await run(['github', 'scan', TARGET], { GITHUB_API_URL: stand.url });
      expect(code).toBe(2);
      const problems = stderr.split('\n').filter((l) => l.includes('ktriage.yml:'));
      expect(problems).toEqual([
        expect.stringMatching(/^ktriage github scan: octo-org\/storage:\.github\/ktriage\.yml:4:3: labels: unknown key "prefx"/),
        expect.stringMatching(/^ktriage github scan: octo-org\/storage:\.github\/ktriage\.yml:5:10: dry_run: /),
      ]);
      expect(writes(stand)).toEqual([]);
    });

    it('a YAML bomb in the config is refused by the safe reader, not expanded', async () => {
      stand.addIssue({ number: 1, title: 'seed', body: SEED });
      const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
      for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
      stand.setFile('.github/ktriage.yml', `${lines.join('\n')}\n`);
      const { code, stderr } = await run(['github', 'scan', TARGET], { GITHUB_API_URL: stand.url });
      expect(code).toBe(2);
      expect(stderr).toMatch(/ktriage\.yml:\d+:\d+: .*alias/);
    });
  });
});
