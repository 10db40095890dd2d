import nock from 'nock';
import { createRepoFileReader } from '../../../src/github/client/create-repo-file-reader.js';
import { createTestOctokit } from '../support/create-test-octokit.js';
import { mockGitHub } from '../support/record-requests.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const file = (path: string, text: string) => ({ type: 'file', name: path.split('/').pop(), path, encoding: 'base64', content: b64(text), size: text.length });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
// nock patches node:http for the whole worker; later suites in it must get the real network back.
afterAll(() => nock.restore());

describe('createRepoFileReader', () => {
  it('reads files and folders (their *.yml files), in path order', async () => {
    const gh = mockGitHub();
    gh.scope
      .get('/repos/o/r/contents/rules').query({ ref: 'main' })
      .reply(200, [
        { type: 'file', name: 'b.yml', path: 'rules/b.yml' },
        { type: 'file', name: 'README.md', path: 'rules/README.md' },
        { type: 'dir', name: 'sub', path: 'rules/sub' },
        { type: 'file', name: 'a.yaml', path: 'rules/a.yaml' },
      ], { etag: '"dir1"' })
      .get('/repos/o/r/contents/rules%2Fa.yaml').query({ ref: 'main' }).reply(200, file('rules/a.yaml', 'bugs: []\n'), { etag: '"a1"' })
      .get('/repos/o/r/contents/rules%2Fb.yml').query({ ref: 'main' }).reply(200, file('rules/b.yml', 'facts: []\n'), { etag: '"b1"' })
      .get('/repos/o/r/contents/extra.yml').query({ ref: 'main' }).reply(200, file('extra.yml', 'playbooks: []\n'), { etag: '"e1"' });
    const read = createRepoFileReader();
    const result = await read(createTestOctokit(), { owner: 'o', repo: 'r', ref: 'main', paths: ['rules/', 'extra.yml'] });
    expect(result.problems).toEqual([]);
    expect(result.files).toEqual([
      { path: 'rules/a.yaml', repoPath: 'rules/a.yaml', text: 'bugs: []\n' },
      { path: 'rules/b.yml', repoPath: 'rules/b.yml', text: 'facts: []\n' },
      { path: 'extra.yml', repoPath: 'extra.yml', text: 'playbooks: []\n' },
    ]);
  });

  it('sends If-None-Match on the second read and uses the cache on 304', async () => {
    const gh = mockGitHub();
    gh.scope
      .get('/repos/o/r/contents/k.yml').query({ ref: 'main' }).reply(200, file('k.yml', 'v1'), { etag: '"k1"' })
      .get('/repos/o/r/contents/k.yml').query({ ref: 'main' }).matchHeader('if-none-match', '"k1"').reply(304, '')
      .get('/repos/o/r/contents/k.yml').query({ ref: 'main' }).matchHeader('if-none-match', '"k1"').reply(200, file('k.yml', 'v2'), { etag: '"k2"' });
    const read = createRepoFileReader();
    const octokit = createTestOctokit();
    const params = { owner: 'o', repo: 'r', ref: 'main', paths: ['k.yml'] };
    expect((await read(octokit, params)).files[0]!.text).toBe('v1');
    expect((await read(octokit, params)).files[0]!.text).toBe('v1');
    expect((await read(octokit, params)).files[0]!.text).toBe('v2');
    expect(gh.scope.isDone()).toBe(true);
  });

  it('reads owner/repo:path from that repository\'s default branch when the config allow-lists it', async () => {
    const gh = mockGitHub();
    gh.scope.get('/repos/org/shared/contents/kt%2Frules.yml').reply(200, file('kt/rules.yml', 'bugs: []'), { etag: '"s"' });
    const result = await createRepoFileReader()(createTestOctokit(), { owner: 'org', repo: 'r', ref: 'main', paths: ['org/shared:kt/rules.yml'], repositories: ['Org/Shared'] });
    expect(result.files).toEqual([{ path: 'org/shared:kt/rules.yml', repoPath: 'kt/rules.yml', text: 'bugs: []' }]);
  });

  it.each([
    // issue 13, finding 7: the installation token reads private repositories too; nothing is read unless listed
    [[], 'org/private:kt/rules.yml: not read: list org/private in rules.repositories to read rule files from it'],
    [['org/shared'], 'org/private:kt/rules.yml: not read: list org/private in rules.repositories to read rule files from it'],
    // another owner is never read, listed or not
    [['other/private'], 'other/private:kt/rules.yml: not read: only repositories of org can be read'],
  ])('refuses another repository that is not allow-listed (%j), without a request', async (repositories, message) => {
    mockGitHub(); // net disabled, no answer registered: any request would fail the test
    const path = message.split(':')[0] + ':kt/rules.yml';
    const result = await createRepoFileReader()(createTestOctokit(), { owner: 'org', repo: 'r', ref: 'main', paths: [path], repositories });
    expect(result).toEqual({ files: [], problems: [{ path, message }] });
  });

  it('reports a missing path or a submodule as a problem and keeps going', async () => {
    const gh = mockGitHub();
    gh.scope
      .get('/repos/o/r/contents/missing.yml').query({ ref: 'main' }).reply(404, { message: 'Not Found' })
      .get('/repos/o/r/contents/sub').query({ ref: 'main' }).reply(200, { type: 'submodule', name: 'sub', path: 'sub' })
      .get('/repos/o/r/contents/ok.yml').query({ ref: 'main' }).reply(200, file('ok.yml', 'ok'));
    const result = await createRepoFileReader()(createTestOctokit(), { owner: 'o', repo: 'r', ref: 'main', paths: ['missing.yml', 'sub', 'ok.yml'] });
    expect(result.files.map((f) => f.path)).toEqual(['ok.yml']);
    expect(result.problems).toEqual([
      { path: 'missing.yml', message: 'missing.yml: not found on main; fix the path in .github/ktriage.yml (rules.paths)' },
      { path: 'sub', message: 'sub: is a submodule, not a file or folder of rule files' },
    ]);
  });

  it('rethrows server errors so the delivery fails and can be redelivered', async () => {
    const gh = mockGitHub();
    gh.scope.get('/repos/o/r/contents/k.yml').query({ ref: 'main' }).reply(502, { message: 'Bad Gateway' });
    await expect(createRepoFileReader()(createTestOctokit(), { owner: 'o', repo: 'r', ref: 'main', paths: ['k.yml'] })).rejects.toMatchObject({ status: 502 });
  });
});
