// Bisect results: git's output, syzbot's bisection mail and prose; suggestions and endpoints are no results.
import { extractBisect } from '../../src/extract/extract-bisect.js';
import { segmentReport } from '../../src/extract/segment-report.js';
import { makeReport } from './report-builder.js';

const bisect = (body: string, comments: string[] = []) =>
  extractBisect(segmentReport(makeReport(body, comments.map((text) => ({ text, author: 'maintainer', isReporter: false }))))).map(({ commit, subject }) => ({ commit, subject }));

describe('extractBisect', () => {
  it.each([
    [
      // `git bisect` when done (git 2.x output, a commit header below).
      'git bisect output',
      [
        '```',
        'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678 is the first bad commit',
        'commit a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
        'Author: Jane Dev <jane@example.org>',
        'Date:   Tue Jan 9 10:00:00 2024 +0100',
        '',
        '    md/raid1: stop using the barrier bucket in read path',
        '',
        '    Longer description.',
        '```',
      ].join('\n'),
      [{ commit: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', subject: 'md/raid1: stop using the barrier bucket in read path' }],
    ],
    [
      // `git bisect log` / syzbot bisection log.
      'bisect log',
      '# first bad commit: [3c6bd1b4e0d5a2f1] dm thin: fix use-after-free in process_bio',
      [{ commit: '3c6bd1b4e0d5a2f1', subject: 'dm thin: fix use-after-free in process_bio' }],
    ],
    [
      // syzbot's mail.
      'syzbot mail',
      'syzbot found the following issue.\n\nThe bug was bisected to:\n\ncommit 9f1c2d3e4b5a\nAuthor: A <a@b.c>\nDate:   Mon Jan 1 00:00:00 2024 +0000\n\n    xfs: fix log recovery\n',
      [{ commit: '9f1c2d3e4b5a', subject: 'xfs: fix log recovery' }],
    ],
    ['bisected to sha ("subject")', 'The hang started with 6.7. I bisected to 1234abcd5678 ("blk-mq: move the flush queue").', [{ commit: '1234abcd5678', subject: 'blk-mq: move the flush queue' }]],
    ['bisected it to commit sha', 'I bisected it to commit abcdef123456 and reverting it fixes the problem.', [{ commit: 'abcdef123456', subject: null }]],
    ['git bisect points to', 'git bisect points to 7e1f2a3b4c5d (nvme: rework the timeout handler).', [{ commit: '7e1f2a3b4c5d', subject: 'nvme: rework the timeout handler' }]],
    ['culprit', 'Bisection says the culprit is commit 0abc1234.', [{ commit: '0abc1234', subject: null }]],
    ['upper case sha, abbreviated', 'Bisected to commit ABCDEF1.', [{ commit: 'abcdef1', subject: null }]],
    // A question, a request or a condition is nobody's result.
    ['question', 'Could you check whether it bisects to abcdef123456?', []],
    ['request', 'Please try bisecting to commit abcdef123456 first.', []],
    ['condition', 'If it is bisected to abcdef123456 we know the cause.', []],
    // Endpoints are not results.
    ['endpoints', 'I am bisecting between v6.1 and v6.2 now, git bisect good 1234abc.', []],
    ['no sha', 'I bisected it to the 6.5 merge window.', []],
    ['a number is not a sha', 'I bisected to 1234567 lines of log.', []],
    // The commit a reporter blames without the word "bisect" is the same fact.
    ['caused by commit', 'This is a regression caused by commit 1a2b3c4d5e6f ("blk-mq: move the flush queue").', [{ commit: '1a2b3c4d5e6f', subject: 'blk-mq: move the flush queue' }]],
    ['due to a release\'s commit', 'The log is flooded due to 5.9 commit 231609785cbfb, which made the message pr_info.', [{ commit: '231609785cbfb', subject: null }]],
    ['introduced by the upstream commit', 'The hang was introduced by the upstream commit abc1234def56.', [{ commit: 'abc1234def56', subject: null }]],
    ['regression since commit', 'Regression since commit 0f1e2d3c4b5a: every resync stalls.', [{ commit: '0f1e2d3c4b5a', subject: null }]],
    ['must be reverted', 'Otherwise commit 9a8b7c6d5e4f ("dm: print more") must be reverted.', [{ commit: '9a8b7c6d5e4f', subject: 'dm: print more' }]],
    ['reverting fixes it', 'Reverting 5e4f3a2b1c0d fixes the corruption for me.', [{ commit: '5e4f3a2b1c0d', subject: null }]],
    // A fix, a point in time, a guess, or a question is no blame.
    ['a commit that fixes it', 'Commit 5e4f3a2b1c0d fixes this, please backport it.', []],
    ['after a commit', 'After commit 5e4f3a2b1c0d the warning went away.', []],
    ['hedged blame', 'I suspect it is caused by commit 5e4f3a2b1c0d.', []],
    ['a blame asked about', 'Could this be caused by commit 5e4f3a2b1c0d?', []],
    ['reverting does not help', 'Reverting 5e4f3a2b1c0d changes nothing.', []],
  ])('%s', (_name, body, expected) => {
    expect(bisect(body)).toEqual(expected);
  });

  it('leaves out a quoted suggestion of someone else', () => {
    expect(bisect('> Maybe it is bisected to abcdef123456, check that.\nI will.')).toEqual([]);
  });

  it('lists a commit once, the first statement first, a later one adding the subject', () => {
    const found = bisect('I bisected it to commit abcdef123456.', ['Bisected to abcdef1234567890 ("md: fix the hang"), confirmed.', 'Second bisect: first bad commit: [0123456789ab] dm: other']);
    expect(found).toEqual([
      { commit: 'abcdef123456', subject: 'md: fix the hang' },
      { commit: '0123456789ab', subject: 'dm: other' },
    ]);
  });

  it('points its evidence at the stating line', () => {
    const report = makeReport('Hello.\n\n# first bad commit: [3c6bd1b4e0d5] dm: fix\n');
    const [fact] = extractBisect(segmentReport(report));
    expect(report.body.slice(fact!.evidence.start, fact!.evidence.end)).toBe('# first bad commit: [3c6bd1b4e0d5] dm: fix');
    expect(fact!.evidence).toMatchObject({ part: 'body', line: 2 });
  });
});
