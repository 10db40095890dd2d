import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { applyWhiteboardTag } from '../../src/writes/index.js';
import {
  chooseAuthMode,
  decodeAttachmentText,
  findPostedVerdicts,
  fitComment,
  hasKtriageFooter,
  isKtriageComment,
  readFeedback,
  redactSecret,
  selectAttachments,
  type RestAttachment,
  type RestComment,
} from '../../src/bugzilla/index.js';
import { toBugReport } from '../../src/bugzilla/payload/to-bug-report.js';
import { createLineEngine } from './support.js';

function comment(id: number, text: string, creator = 'someone@example.test'): RestComment {
  return { id, bug_id: 1, count: id, text, creator, creation_time: '2026-11-23T19:25:13Z', time: '2026-11-23T19:25:13Z', is_private: false, attachment_id: null, tags: [] };
}

function attachment(id: number, over: Partial<RestAttachment>): RestAttachment {
  return {
    id,
    bug_id: 1,
    file_name: 'dmesg.txt',
    summary: 's',
    content_type: 'text/plain',
    size: 100,
    creator: 'r@example.test',
    creation_time: '2026-11-23T19:25:13Z',
    last_change_time: '2026-11-23T19:25:13Z',
    is_patch: 0,
    is_private: 0,
    is_obsolete: 0,
    ...over,
  };
}

describe('chooseAuthMode', () => {
  it.each([
    ['5.2', 'param'],
    ['5.0.4', 'param'], // upstream 5.0 ignores the header
    ['5.0', 'param'],
    ['4.4.14', 'param'],
    ['5.1', 'header'],
    ['5.1.2', 'header'],
    ['20240131.1', 'header'], // bugzilla.mozilla.org
    ['6.0', 'header'],
    ['unknown', 'param'], // the safe default: the parameter works everywhere
  ])('%s -> %s', (version, mode) => {
    expect(chooseAuthMode(version)).toBe(mode);
  });
});

describe('applyWhiteboardTag', () => {
  it.each([
    ['', '[ktriage: rule-a]'],
    ['[regression]', '[regression] [ktriage: rule-a]'],
    ['[ktriage: old-rule] [regression]', '[ktriage: rule-a] [regression]'], // replaced where it stands
    ['[regression] [ktriage: old] needs bisect [ktriage: older]', '[regression] [ktriage: rule-a] needs bisect'], // duplicates collapse
    ['[ktriage: rule-a]', '[ktriage: rule-a]'], // idempotent
    ['[ktriage-other: x]', '[ktriage-other: x] [ktriage: rule-a]'], // another tool's tag is not ours
  ])('%j -> %j', (before, after) => {
    expect(applyWhiteboardTag(before, 'ktriage', 'rule-a')).toBe(after);
  });

  it('is idempotent for any whiteboard', () => {
    fc.assert(
      fc.property(fc.string(), (wb) => {
        const once = applyWhiteboardTag(wb, 'ktriage', 'x');
        expect(applyWhiteboardTag(once, 'ktriage', 'x')).toBe(once);
        expect(once).toContain('[ktriage: x]');
      }),
    );
  });
});

describe('findPostedVerdicts', () => {
  it('finds the footer of the real plain-text rendering, and not a quote of it', () => {
    const engine = createLineEngine();
    const plan = engine.triage({ source: 'bugzilla', id: '1', url: null, title: 't', body: 'device-mapper: space map common: unable to decrement a reference count below 0', comments: [], attachments: [], fields: {} });
    const text = engine.render(plan);
    const quoted = text
      .split('\n')
      .map((l) => `> ${l}`)
      .join('\n');
    const found = findPostedVerdicts([comment(1, 'hello'), comment(2, text.trimEnd()), comment(3, `(In reply to ktriage from comment #2)\n${quoted}\nThanks!`)]);
    expect(found).toEqual([{ commentId: 2, verdict: plan.verdict, fingerprint: plan.fingerprint, text: text.trimEnd() }]);
  });

  it("with ktriage's login known, counts a footer only on the bot account's comments", () => {
    const footer = 'Known bug.\n\n-- ktriage (no-match; fingerprint 1a2b)';
    const comments = [
      comment(1, footer, 'reporter@example.test'), // pasted, unquoted, from another bug
      comment(2, footer, 'KTriage-Bot@Example.test'), // logins compare case-insensitively
      comment(3, 'thanks, no footer here', 'ktriage-bot@example.test'),
    ];
    expect(findPostedVerdicts(comments, 'ktriage-bot@example.test').map((v) => v.commentId)).toEqual([2]);
    expect(findPostedVerdicts(comments).map((v) => v.commentId)).toEqual([1, 2]); // footer only: fooled
    expect(comments.map((c) => isKtriageComment(c, 'ktriage-bot@example.test'))).toEqual([false, true, true]);
    expect(comments.map((c) => isKtriageComment(c))).toEqual([true, true, false]);
  });
});

describe('readFeedback', () => {
  it.each([
    ['ktriage: wrong - this is the cache target bug', 'wrong', 'this is the cache target bug'],
    ['Looked at it.\nktriage: correct', 'correct', ''],
    ['KTRIAGE: Incorrect, different oops', 'wrong', 'different oops'],
    ['ktriage: false-positive', 'wrong', ''],
    ['ktriage: right.', 'correct', ''],
  ])('%j', (text, kind, note) => {
    expect(readFeedback([comment(5, text, 'mike@example.test')])).toEqual([{ commentId: 5, author: 'mike@example.test', kind, note, time: '2026-11-23T19:25:13Z' }]);
  });

  it.each([
    ['> ktriage: wrong'], // a quote is not a statement
    ['I think ktriage: wrong is what you would say'], // not at a line start
    ['ktriage: wrongly matched?'], // not the word
  ])('ignores %j', (text) => {
    expect(readFeedback([comment(5, text)])).toEqual([]);
  });

  it("ignores ktriage's own comments by author when its login is known, and a pasted footer does not hide a maintainer's verdict", () => {
    const pasted = 'ktriage: wrong - not this one\n-- ktriage (no-match; fingerprint 1a2b)';
    expect(readFeedback([comment(5, pasted, 'mike@example.test')], 'bot@example.test').map((f) => f.kind)).toEqual(['wrong']);
    expect(readFeedback([comment(5, pasted, 'mike@example.test')])).toEqual([]); // footer only
    expect(readFeedback([comment(6, 'ktriage: correct', 'bot@example.test')], 'bot@example.test')).toEqual([]);
  });
});

describe('selectAttachments', () => {
  it('reads text logs; skips private, obsolete, patches, binaries, oversized, and beyond the count', () => {
    const list = [
      attachment(1, { file_name: 'dmesg.txt' }),
      attachment(2, { file_name: 'secret.log', is_private: 1 }),
      attachment(3, { file_name: 'old.log', is_obsolete: 1 }),
      attachment(4, { file_name: 'fix.patch', content_type: 'text/plain', is_patch: 1 }),
      attachment(5, { file_name: 'photo.png', content_type: 'image/png' }),
      attachment(6, { file_name: 'huge.log', size: 10_000_000 }),
      attachment(7, { file_name: 'kern.log', content_type: 'application/octet-stream' }), // name says text
      attachment(8, { file_name: 'dmesg-2.txt' }),
    ];
    const chosen = selectAttachments(list, 1_000_000, 2);
    expect(chosen.map((c) => [c.attachment.id, c.read, c.reason])).toEqual([
      [1, false, 'more than 2 text attachments'], // the newest two win
      [2, false, 'private'],
      [3, false, 'obsolete'],
      [4, false, 'a patch'],
      [5, false, 'not text (image/png)'],
      [6, false, 'larger than 1000000 bytes (10000000)'],
      [7, true, null],
      [8, true, null],
    ]);
  });

  it('decodes base64 text, caps it, and refuses binary data', () => {
    expect(decodeAttachmentText(Buffer.from('WARNING: at x\n').toString('base64'), 100)).toBe('WARNING: at x\n');
    expect(decodeAttachmentText(Buffer.from('abcdef').toString('base64'), 3)).toBe('abc');
    expect(decodeAttachmentText(Buffer.from([0x89, 0x50, 0, 1]).toString('base64'), 100)).toBeNull();
    expect(decodeAttachmentText(undefined, 100)).toBeNull();
  });
});

describe('redactSecret', () => {
  it.each([
    ['GET /rest/bug/1?api_key=abc123&x=1', 'abc123', 'GET /rest/bug/1?api_key=[REDACTED]&x=1'],
    ['{"comment":"x","api_key":"abc123"}', 'abc123', '{"comment":"x","api_key":"[REDACTED]"}'],
    ['key a+b/c= in text and a%2Bb%2Fc%3D encoded', 'a+b/c=', 'key [REDACTED] in text and [REDACTED] encoded'],
    ['api_key=other-key-not-known', null, 'api_key=[REDACTED]'],
  ])('%j', (text, secret, expected) => {
    expect(redactSecret(text, secret)).toBe(expected);
  });

  it('never leaves the secret in any text', () => {
    // API keys are long random strings (Bugzilla's are 40 characters).
    fc.assert(
      fc.property(fc.string({ minLength: 12 }), fc.string(), fc.string(), (secret, before, after) => {
        expect(redactSecret(`${before}${secret}${after}`, secret)).not.toContain(secret);
      }),
    );
  });
});

describe('fitComment', () => {
  it('keeps short comments as they are and long ones under the limit with the footer last', () => {
    const footer = '-- ktriage (no-match; fingerprint abc123)';
    expect(fitComment(`short\n${footer}\n`)).toBe(`short\n${footer}\n`);
    const long = fitComment(`${'evidence line\n'.repeat(6000)}${footer}\n`);
    expect(long.length).toBeLessThanOrEqual(65_535);
    expect(long.trimEnd().split('\n').at(-1)).toBe(footer);
    expect(hasKtriageFooter(long)).toBe(true);
  });
});

describe('toBugReport marks ktriage comments as the bot', () => {
  it('by the footer, without knowing the login', () => {
    const report = toBugReport({
      bug: { id: 2, summary: 's', creator: 'r@example.test' },
      comments: [
        { count: 0, text: 'description', creator: 'r@example.test' },
        { count: 1, text: 'ktriage: Known bug\n\n-- ktriage (no-match; fingerprint 1a2b)', creator: 'bot@example.test' },
        { count: 2, text: '> -- ktriage (no-match; fingerprint 1a2b)\nthanks', creator: 'r@example.test' },
      ],
    });
    expect(report.comments.map((c) => [c.isBot, c.isReporter])).toEqual([
      [true, false],
      [false, true],
    ]);
  });

  it('by the login when it is given: a footer pasted by the reporter stays the reporter\'s words', () => {
    const report = toBugReport(
      {
        bug: { id: 2, summary: 's', creator: 'r@example.test' },
        comments: [
          { count: 0, text: 'description', creator: 'r@example.test' },
          { count: 1, text: 'no footer, still the bot', creator: 'Bot@Example.test' },
          { count: 2, text: 'my log\n-- ktriage (no-match; fingerprint 1a2b)', creator: 'r@example.test' },
        ],
      },
      { botLogins: ['bot@example.test'] },
    );
    expect(report.comments.map((c) => [c.isBot, c.isReporter])).toEqual([
      [true, false],
      [false, true],
    ]);
  });
});
