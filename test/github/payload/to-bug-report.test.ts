import examples from '@octokit/webhooks-examples';
import { toBugReport } from '../../../src/github/payload/to-bug-report.js';

type Example = { name: string; examples: Array<Record<string, unknown>> };
const issuesOpened = (examples as unknown as Example[]).find((e) => e.name === 'issues')!.examples.find((e) => e.action === 'opened')!;

describe('github toBugReport', () => {
  it('converts the real issues.opened webhook example', () => {
    const payload = issuesOpened as { issue: Parameters<typeof toBugReport>[0]['issue']; repository: { full_name: string } };
    const report = toBugReport({ issue: payload.issue, repository: payload.repository });
    expect(report).toMatchObject({
      source: 'github',
      id: `${payload.repository.full_name}#${payload.issue.number}`,
      url: payload.issue.html_url,
      title: payload.issue.title,
      comments: [],
      attachments: [],
    });
    expect(report.body).toBe(payload.issue.body ?? '');
    expect(report.fields.reporter).toBe(payload.issue.user!.login);
  });

  it.each([
    // GitHub App bots have type "Bot" and a "[bot]" suffix
    [{ login: 'ktriage[bot]', type: 'Bot' }, true],
    [{ login: 'dependabot[bot]' }, true],
    // the app's own login passed by the adapter
    [{ login: 'storage-triage', type: 'User' }, true],
    [{ login: 'reporter', type: 'User' }, false],
  ])('marks %j isBot=%s', (user, isBot) => {
    const report = toBugReport(
      { issue: { number: 1, title: 't', user: { login: 'reporter' } }, comments: [{ body: 'x', user, created_at: '2024-01-01T00:00:00Z' }] },
      { botLogins: ['storage-triage'] },
    );
    expect(report.comments[0]!.isBot).toBe(isBot);
  });

  it('marks a comment with ktriage\'s hidden marker as the bot\'s, whoever posted it', () => {
    const report = toBugReport({
      issue: { number: 1, title: 't', user: { login: 'reporter' } },
      comments: [
        { body: '<!-- ktriage -->\n### ktriage: Known bug', user: { login: 'maintainer-token', type: 'User' } },
        { body: '<!-- ktriage:reply -->\nOK', user: { login: 'maintainer-token', type: 'User' } },
        { body: 'I wrote <!-- not a marker --> here', user: { login: 'reporter', type: 'User' } },
      ],
    });
    expect(report.comments.map((c) => c.isBot)).toEqual([true, true, false]);
  });

  it('marks the issue author\'s comments as the reporter\'s and takes the repository from the API URL', () => {
    const report = toBugReport({
      issue: { number: 12, title: 't', body: null, repository_url: 'https://api.github.com/repos/octo/storage', user: { login: 'alice' }, labels: ['bug', { name: 'dm-thin' }], state: 'open' },
      comments: [
        { body: 'more info', user: { login: 'alice' }, created_at: '2024-01-02T00:00:00Z' },
        { body: 'me too', user: null },
      ],
    });
    expect(report.id).toBe('octo/storage#12');
    expect(report.body).toBe('');
    expect(report.fields).toEqual({ labels: 'bug, dm-thin', state: 'open', reporter: 'alice' });
    expect(report.comments).toEqual([
      { author: 'alice', time: '2024-01-02T00:00:00Z', text: 'more info', isBot: false, isReporter: true },
      { author: 'ghost', time: null, text: 'me too', isBot: false, isReporter: false },
    ]);
  });
});

/**
 * The CLI hands this converter JSON files from disk (`ktriage triage issue.json`), which may be
 * hand-edited or come from another tool: wrong types must give a usable report, never a TypeError.
 */
describe('github toBugReport on JSON that does not keep to GitHub\'s types', () => {
  const untyped = (value: unknown) => value as never;
  it.each([
    // labels not a list, or a list with holes
    ['labels a string', { number: 1, title: 't', labels: 'bug' }, { fields: {} }],
    ['labels with null, numbers and nameless objects', { number: 1, title: 't', labels: [null, 5, { name: null }, 'bug', { name: 'dm-thin' }] }, { fields: { labels: 'bug, dm-thin' } }],
    // title and body of the wrong type
    ['title null, body a number', { number: 1, title: null, body: 5 }, { title: '', body: '' }],
    // a user without a login
    ['user without login', { number: 1, title: 't', user: { type: 'User' } }, { fields: {} }],
  ])('%s', (_name, issue, expected) => {
    expect(toBugReport({ issue: untyped(issue) })).toMatchObject(expected);
  });

  it('skips comments that are not objects and reads the rest', () => {
    const report = toBugReport({
      issue: { number: 1, title: 't', user: { login: 'alice' } },
      comments: untyped([null, 5, 'text', { body: null, user: null }, { body: 7, user: { login: 5 } }, { body: 'log here', user: { login: 'alice' } }]),
    });
    expect(report.comments).toEqual([
      { author: 'ghost', time: null, text: '', isBot: false, isReporter: false },
      { author: 'ghost', time: null, text: '', isBot: false, isReporter: false },
      { author: 'alice', time: null, text: 'log here', isBot: false, isReporter: true },
    ]);
  });

  it('removes terminal colour codes from what people wrote (a log pasted from `dmesg --color=always`), not from logins', () => {
    const coloured = '\u001b[32m[ 1.0] \u001b[0m\u001b[33mdevice-mapper: thin: \u001b[0mswitching pool to read-only mode';
    const report = toBugReport({
      issue: { number: 1, title: '\u001b[1mpool\u001b[0m read-only', body: coloured, user: { login: 'reporter' } },
      comments: [{ body: coloured, user: { login: 'reporter' } }],
      repository: { full_name: 'o/r' },
    } as unknown as Parameters<typeof toBugReport>[0]);
    const plain = '[ 1.0] device-mapper: thin: switching pool to read-only mode';
    expect([report.title, report.body, report.comments[0]?.text]).toEqual(['pool read-only', plain, plain]);
  });
});
