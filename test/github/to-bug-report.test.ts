import examples from '@octokit/webhooks-examples';
import { toBugReport } from '../../src/github/to-bug-report.js';

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
