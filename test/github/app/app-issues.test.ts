import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import nock from 'nock';
import { issuesPayload, seedReport } from '../support/payloads.js';
import { commentBodies, createScenario, nockComments, nockConfig, repoPath } from '../support/scenario.js';

afterEach(() => nock.cleanAll());
// nock patches node:http for the whole worker; later suites in it must get the real network back.
afterAll(() => nock.restore());

const SEED_TITLE = 'thin-pool: space map common: unable to decrement a reference count below 0';
const seed = () => ({ title: SEED_TITLE, body: seedReport(), labels: ['bug'] });

/** The seed report triaged once, as the comment GitHub would now hold. */
async function firstComment(): Promise<{ body: string; labels: string[] }> {
  const s = await createScenario();
  nockConfig(s.gh, null);
  nockComments(s.gh, []);
  s.gh.scope.post(`${repoPath}/issues/1/labels`).reply(200, []).post(`${repoPath}/issues/1/comments`).reply(201, { id: 77 });
  await s.deliver('issues', issuesPayload('opened', seed()));
  const labels = (s.gh.writes().find((w) => w.path.endsWith('/labels'))!.body as { labels: string[] }).labels;
  return { body: commentBodies(s.gh)[0]!, labels };
}

describe('issues.opened', () => {
  it('posts exactly one comment naming the fix commit and fixed version, and adds the labels (seed report)', async () => {
    const s = await createScenario();
    nockConfig(s.gh, null);
    nockComments(s.gh, []);
    s.gh.scope.post(`${repoPath}/issues/1/labels`).reply(200, []).post(`${repoPath}/issues/1/comments`).reply(201, { id: 77 });
    await s.deliver('issues', issuesPayload('opened', seed()));

    // the comment first, announcing the labels, then the labels (issue 13, finding 1)
    expect(s.gh.writes().map((w) => `${w.method} ${w.path}`)).toEqual([`POST ${repoPath}/issues/1/comments`, `POST ${repoPath}/issues/1/labels`]);
    expect(s.gh.writes()[1]!.body).toEqual({ labels: ['data-corruption', 'dm-thin', 'known-bug'] });
    const [body] = commentBodies(s.gh);
    expect(body).toContain('<!-- ktriage -->');
    expect(body).toContain('cebc2de44d3b');
    expect(body).toContain('dm space map metadata: fix refcount decrement below 0 which caused corruption');
    expect(body).toMatch(/fixed in 3\.14/);
    expect(body).toContain('`3.12.6`');
    expect(body).toMatch(/<!-- ktriage fingerprint=[0-9a-f]+ -->/);
    // the memory: verdict, fingerprint and exactly the labels ktriage adds (not the maintainer's "bug"), announced before the add
    expect(body).toContain('"labels":[],"pending":["data-corruption","dm-thin","known-bug"]');
    // the comment's skeleton (the renderer's wording in between is render/'s own tests' business)
    const skeleton = body!
      .split('\n')
      .filter((line) => /^(<!-- ktriage|###|\*\*(Fix|Your kernel|Next steps|Questions)\b)/.test(line))
      .map((line) => line.replace(/\b[0-9a-f]{16}\b/g, '<fingerprint>'));
    expect(skeleton).toMatchInlineSnapshot(`
[
  "<!-- ktriage -->",
  "### ktriage: Known bug: your kernel lacks the fix",
  "**Your kernel:** \`3.12.6\`, lacks the fix: 3.12.6 predates the fix and no backport to 3.12 is known (fixed in 3.14).  ",
  "**Fix:** [\`cebc2de44d3b\`](https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=cebc2de44d3bce53e46476e774126c298ca2c8a9) "dm space map metadata: fix refcount decrement below 0 which caused corruption"",
  "**Next steps**",
  "<!-- ktriage fingerprint=<fingerprint> -->",
  "<!-- ktriage-state {"v":1,"fingerprint":"<fingerprint>","verdict":"known-bug-fix-available","retracted":false,"matched":["dm-sm-metadata-refcount-below-zero"],"labels":[],"pending":["data-corruption","dm-thin","known-bug"],"declined":[],"ignored":null,"wrong":[]} -->",
]
`);
    expect(s.gh.scope.isDone()).toBe(true);
  });

  it('stays silent on an unrelated issue when the repository says comment.no_match: silent', async () => {
    const s = await createScenario();
    nockConfig(s.gh, 'comment:\n  no_match: silent\n');
    nockComments(s.gh, []);
    await s.deliver('issues', issuesPayload('opened', { title: 'Docs typo', body: 'The README says "teh".' }));
    // silence is total: not even a label, whose memory would live in the comment that is not there
    expect(s.gh.writes()).toEqual([]);
  });

  it('ignores issues opened by bots without a single request', async () => {
    const s = await createScenario();
    await s.deliver('issues', { ...issuesPayload('opened', seed()), sender: { login: 'dependabot[bot]', type: 'Bot' } });
    expect(s.gh.requests).toEqual([]);
  });

  it('leaves locked issues alone without a single request', async () => {
    const s = await createScenario();
    const payload = issuesPayload('reopened', seed());
    payload.issue.locked = true;
    await s.deliver('issues', payload);
    expect(s.gh.requests).toEqual([]);
  });

  it('writes nothing in dry-run (config), but logs what it would have done', async () => {
    const s = await createScenario();
    nockConfig(s.gh, 'dry_run: true\n');
    nockComments(s.gh, []);
    await s.deliver('issues', issuesPayload('opened', seed()));
    expect(s.gh.writes()).toEqual([]);
    expect(s.logs.filter((l) => l.dryRun === true).map((l) => l.write)).toEqual(['create comment', 'add labels']);
  });
});

describe('KTRIAGE_DRY_RUN', () => {
  it('writes nothing on any repository, whatever its config says', async () => {
    const s = await createScenario({ dryRun: true });
    nockConfig(s.gh, 'dry_run: false\n');
    nockComments(s.gh, []);
    await s.deliver('issues', issuesPayload('opened', seed()));
    expect(s.gh.writes()).toEqual([]);
    expect(s.logs.filter((l) => l.dryRun === true).map((l) => l.write)).toEqual(['create comment', 'add labels']);
  });
});

describe('re-triage', () => {
  it('makes no write when the issue is edited without changing the verdict', async () => {
    const first = await firstComment();
    const s = await createScenario();
    nockConfig(s.gh, null);
    nockComments(s.gh, [{ id: 77, body: first.body }]);
    const payload = issuesPayload('edited', { ...seed(), labels: ['bug', ...first.labels], body: `${seedReport()}\n\n(edited: fixed a typo)` }, { changes: { body: { from: seedReport() } } });
    await s.deliver('issues', payload);
    expect(s.gh.writes()).toEqual([]);
    expect(s.gh.scope.isDone()).toBe(true);
  });

  it('never creates a second comment when the same delivery arrives again', async () => {
    const first = await firstComment();
    const s = await createScenario();
    nockConfig(s.gh, null);
    nockComments(s.gh, [{ id: 5, body: 'Me too', login: 'someone', type: 'User' }, { id: 77, body: first.body }]);
    await s.deliver('issues', issuesPayload('opened', { ...seed(), labels: ['bug', ...first.labels] }));
    expect(s.gh.writes()).toEqual([]);
  });

  it('serialises deliveries for one issue: opened and a quick edit arriving together make one comment', async () => {
    const s = await createScenario();
    const stored: { id: number; body: string; user: { login: string; type: string }; created_at: string }[] = [];
    s.gh.scope
      .get(`${repoPath}/contents/.github%2Fktriage.yml`).times(2).reply(404, {})
      .get('/repos/Codertocat/.github/contents/.github%2Fktriage.yml').times(2).reply(404, {})
      .get(`${repoPath}/issues/1/comments`).query(true).times(2).reply(200, () => stored)
      .post(`${repoPath}/issues/1/labels`).reply(200, [])
      .post(`${repoPath}/issues/1/comments`).reply(201, (_uri, body) => {
        stored.push({ id: 1, body: (body as { body: string }).body, user: { login: 'ktriage[bot]', type: 'Bot' }, created_at: '2024-01-01T00:00:00Z' });
        return { id: 1 };
      });
    const labels = ['bug', 'data-corruption', 'dm-thin', 'known-bug'];
    await Promise.all([
      s.deliver('issues', issuesPayload('opened', seed()), 'd-open'),
      s.deliver('issues', issuesPayload('edited', { ...seed(), labels }, { changes: { title: { from: 'typo' } } }), 'd-edit'),
    ]);
    expect(s.gh.writes().filter((w) => w.method === 'POST' && w.path.endsWith('/comments'))).toHaveLength(1);
    expect(s.gh.writes().filter((w) => w.method === 'PATCH')).toHaveLength(0);
  });

  it('skips an edit that changed neither title nor body (e.g. the milestone) without any request', async () => {
    const s = await createScenario();
    await s.deliver('issues', issuesPayload('edited', seed(), { changes: {} }));
    expect(s.gh.requests).toEqual([]);
  });

  it('retracts the claim when the issue no longer matches, removing only the labels ktriage added', async () => {
    const first = await firstComment();
    const s = await createScenario();
    nockConfig(s.gh, null);
    nockComments(s.gh, [{ id: 77, body: first.body }]);
    for (const label of first.labels) s.gh.scope.delete(`${repoPath}/issues/1/labels/${label}`).reply(200, []);
    s.gh.scope.post(`${repoPath}/issues/1/labels`).optionally().reply(200, []);
    s.gh.scope.patch(`${repoPath}/issues/comments/77`).reply(200, { id: 77 });
    const payload = issuesPayload('edited', { title: 'Wrong report', body: 'Sorry, this was a hardware problem; the disk is replaced.', labels: ['bug', ...first.labels] }, { changes: { body: { from: 'x' } } });
    await s.deliver('issues', payload);

    const deleted = s.gh.writes().filter((w) => w.method === 'DELETE').map((w) => decodeURIComponent(w.path.split('/').pop()!));
    expect(deleted.sort()).toEqual([...first.labels].sort());
    expect(deleted).not.toContain('bug');
    const [edited] = commentBodies(s.gh);
    expect(edited).toContain('no longer matches');
    expect(edited).toContain('"verdict":"no-match"');
    expect(s.gh.writes().filter((w) => w.method === 'POST' && w.path.endsWith('/comments'))).toEqual([]);

    // the retraction is stable: the same text again (with the labels it added) writes nothing
    const added = s.gh.writes().filter((w) => w.method === 'POST' && w.path.endsWith('/labels')).flatMap((w) => (w.body as { labels: string[] }).labels);
    const s2 = await createScenario();
    nockConfig(s2.gh, null);
    nockComments(s2.gh, [{ id: 77, body: edited! }]);
    await s2.deliver('issues', issuesPayload('edited', { title: 'Wrong report', body: 'Sorry, this was a hardware problem; the disk is replaced.', labels: ['bug', ...added] }, { changes: { title: { from: 'x' } } }));
    expect(s2.gh.writes()).toEqual([]);
  });
});

describe('repository configuration', () => {
  const goodRule = readFileSync(fileURLToPath(new URL('../../fixtures/github/good-rule.yml', import.meta.url)), 'utf8');
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const frobIssue = { title: 'Controller resets', body: 'Kernel 6.6.1\n\n[  12.345678] frobnicator: command timeout on queue 0, resetting controller' };

  it('uses the repository\'s own rule files (default branch) and can turn the bundled rules off; prefixes labels', async () => {
    const s = await createScenario();
    nockConfig(s.gh, 'rules:\n  bundled: false\n  cves: false\n  paths: [.github/ktriage/local.yml]\nlabels:\n  prefix: "kt/"\n');
    s.gh.scope.get(`${repoPath}/contents/.github%2Fktriage%2Flocal.yml`).query({ ref: 'master' }).reply(200, { type: 'file', name: 'local.yml', path: '.github/ktriage/local.yml', encoding: 'base64', content: b64(goodRule) }, { etag: '"r1"' });
    nockComments(s.gh, []);
    s.gh.scope.post(`${repoPath}/issues/1/labels`).reply(200, []).post(`${repoPath}/issues/1/comments`).reply(201, { id: 1 });
    await s.deliver('issues', issuesPayload('opened', frobIssue));
    expect(s.gh.writes().find((w) => w.path.endsWith('/labels'))!.body).toEqual({ labels: ['kt/frobnicator'] });
    expect(commentBodies(s.gh)[0]).toContain('local-frobnicator-timeout');

    // bundled rules are off: the seed report no longer matches anything
    const s2 = await createScenario();
    nockConfig(s2.gh, 'rules:\n  bundled: false\n  cves: false\n  paths: [.github/ktriage/local.yml]\ncomment:\n  no_match: silent\n');
    s2.gh.scope.get(`${repoPath}/contents/.github%2Fktriage%2Flocal.yml`).query({ ref: 'master' }).reply(200, { type: 'file', name: 'local.yml', path: '.github/ktriage/local.yml', encoding: 'base64', content: b64(goodRule) });
    nockComments(s2.gh, []);
    s2.gh.scope.post(`${repoPath}/issues/1/labels`).optionally().reply(200, []);
    await s2.deliver('issues', issuesPayload('opened', seed()));
    expect(commentBodies(s2.gh)).toEqual([]);
  });

  it('does not suggest matches below min_confidence', async () => {
    const s = await createScenario();
    nockConfig(s.gh, 'min_confidence: 0.99\ncomment:\n  no_match: always\n');
    nockComments(s.gh, []);
    s.gh.scope.post(`${repoPath}/issues/1/labels`).optionally().reply(200, []).post(`${repoPath}/issues/1/comments`).reply(201, { id: 1 });
    await s.deliver('issues', issuesPayload('opened', seed()));
    const [body] = commentBodies(s.gh);
    expect(body).not.toContain('dm-sm-metadata-refcount-below-zero');
    expect(body).toContain('"verdict":"no-match"');
  });

  it('follows _extends to a shared organisation config (Probot config plugin)', async () => {
    const s = await createScenario();
    s.gh.scope
      .get(`${repoPath}/contents/.github%2Fktriage.yml`).reply(200, '_extends: ktriage-config\n', { 'content-type': 'application/vnd.github.v3.raw; charset=utf-8' })
      .get('/repos/Codertocat/ktriage-config/contents/.github%2Fktriage.yml').reply(200, 'dry_run: true\n', { 'content-type': 'application/vnd.github.v3.raw; charset=utf-8' });
    nockComments(s.gh, []);
    await s.deliver('issues', issuesPayload('opened', seed()));
    expect(s.gh.writes()).toEqual([]);
    expect(s.logs.some((l) => l.dryRun === true && l.write === 'create comment')).toBe(true);
  });
});

describe('failures', () => {
  it('logs a failed API call with the delivery id and fails the delivery so GitHub can redeliver', async () => {
    const s = await createScenario();
    nockConfig(s.gh, null);
    nockComments(s.gh, []);
    // The first 502 is checked (did GitHub store the comment anyway? no) and posted once more: 502 again.
    nockComments(s.gh, []);
    s.gh.scope.post(`${repoPath}/issues/1/comments`).times(2).reply(502, { message: 'Bad Gateway' });
    await expect(s.deliver('issues', issuesPayload('opened', seed()), 'delivery-502')).rejects.toThrow();
    const error = s.logs.find((l) => l.level === 50 && l.deliveryId === 'delivery-502');
    expect(error?.msg).toBe('ktriage: handling the webhook failed; GitHub can redeliver it');
    expect(error?.status).toBe(502);
    expect(s.gh.scope.isDone()).toBe(true);
    // no label before the comment that remembers it (issue 13, finding 1)
    expect(s.gh.writes().filter((w) => w.path.endsWith('/labels'))).toEqual([]);
  });

  it.each([
    // issue 13, finding 8: these were annotated at line 1
    ['an unknown top-level key, at that key', 'comment:\n  no_match: ask\nlables:\n  prefix: x\n', 3, '(document): unknown key "lables"; known keys here: rules, labels, comment, dry_run, min_confidence'],
    ['each of two unknown keys, at its own line', 'labels:\n  enabled: true\n  prefx: x\n  needsinfo: y\n', [3, 4], null],
    ['invalid YAML, at the syntax error', 'comment:\n  no_match: ask\nlabels: [a\ndry_run: true\n', 4, null],
  ])('annotates %s', async (_name, yaml, line, message) => {
    const s = await createScenario();
    nockBrokenConfigRun(s, yaml);
    await s.deliver('issues', issuesPayload('opened', seed()));
    const check = s.gh.writes().find((w) => w.path.endsWith('/check-runs'))!.body as { output: { annotations: { start_line: number; message: string }[] } };
    expect(check.output.annotations.map((a) => a.start_line)).toEqual(Array.isArray(line) ? line : [line]);
    if (message !== null) expect(check.output.annotations[0]!.message).toBe(message);
  });

  it('reports a broken config once as a failing check at the line, and still triages with the defaults', async () => {
    const yaml = 'labels:\n  prefx: "kt/"\n';
    const s = await createScenario();
    nockBrokenConfigRun(s, yaml);
    await s.deliver('issues', issuesPayload('opened', seed()));

    const check = s.gh.writes().find((w) => w.path.endsWith('/check-runs'))!.body as { name: string; conclusion: string; output: { title: string; annotations: { path: string; start_line: number; message: string }[] } };
    expect(check.name).toBe('ktriage config');
    expect(check.conclusion).toBe('failure');
    expect(check.output.annotations).toEqual([
      expect.objectContaining({ path: '.github/ktriage.yml', start_line: 2, message: 'labels: unknown key "prefx"; known keys here: enabled, prefix, needs_info' }),
    ]);
    // triage went on with the defaults: labels unprefixed
    expect(s.gh.writes().find((w) => w.path.endsWith('/labels'))!.body).toEqual({ labels: ['data-corruption', 'dm-thin', 'known-bug'] });
    expect(commentBodies(s.gh)).toHaveLength(1);

    // the next event finds that run on the commit and does not report the same problems again
    const s2 = await createScenario();
    nockConfig(s2.gh, yaml);
    s2.gh.scope
      .get(`${repoPath}/git/ref/heads%2Fmaster`).reply(200, { ref: 'refs/heads/master', object: { sha: 'a'.repeat(40), type: 'commit' } })
      .get(`${repoPath}/commits/${'a'.repeat(40)}/check-runs`).query(true).reply(200, { total_count: 1, check_runs: [{ id: 1, name: 'ktriage config', output: { title: check.output.title } }] });
    nockComments(s2.gh, [{ id: 77, body: commentBodies(s.gh)[0]! }]);
    await s2.deliver('issues', issuesPayload('reopened', { ...seed(), labels: ['bug', 'data-corruption', 'dm-thin', 'known-bug'] }));
    expect(s2.gh.writes()).toEqual([]);
  });
});

/**
 * A new issue in a repository whose `.github/ktriage.yml` is broken: the config read, the lookups of
 * the default branch's check runs and the file at that commit, one check run created, and the
 * issue's labels and comment (the App still triages with the defaults).
 */
function nockBrokenConfigRun(s: Awaited<ReturnType<typeof createScenario>>, yaml: string): void {
  nockConfig(s.gh, yaml);
  s.gh.scope
    .get(`${repoPath}/git/ref/heads%2Fmaster`).reply(200, { ref: 'refs/heads/master', object: { sha: 'a'.repeat(40), type: 'commit' } })
    .get(`${repoPath}/commits/${'a'.repeat(40)}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] })
    .get(`${repoPath}/contents/.github%2Fktriage.yml`).query({ ref: 'master' }).reply(200, { type: 'file', name: 'ktriage.yml', path: '.github/ktriage.yml', encoding: 'base64', content: Buffer.from(yaml).toString('base64') })
    .post(`${repoPath}/check-runs`).reply(201, { id: 1 });
  nockComments(s.gh, []);
  s.gh.scope.post(`${repoPath}/issues/1/labels`).reply(200, []).post(`${repoPath}/issues/1/comments`).reply(201, { id: 77 });
}
