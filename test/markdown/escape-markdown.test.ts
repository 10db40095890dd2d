import fc from 'fast-check';
import { codeBlock, codeSpan, escapeMarkdownText, longestBacktickRun, ZWJ } from '../../src/markdown/index.js';
import { stripCode } from '../render/markdown-code.js';

/** Text a hostile reporter might paste: mentions, references, HTML, fences, control characters. */
const hostile = fc.array(
  fc.oneof(
    fc.constantFrom('@octocat', '@org/team', '#123', 'owner/repo#7', 'GH-42', '<script>alert(1)</script>', '<img src=x onerror=y>', '</details>', '<!--', '```', '````', '`', '~~~', '\n', '\r\n', '\u0000', '\u202E', ' ', '&lt;', 'https://example.com/#12'),
    fc.string({ maxLength: 8 }),
  ),
  { maxLength: 30 },
).map((parts) => parts.join(''));

describe('codeSpan', () => {
  it.each([
    // plain text
    ['dmesg', '`dmesg`'],
    // a backtick inside: a longer delimiter
    ['a `b` c', '``a `b` c``'],
    // starting with a backtick: padded so the delimiter is not extended
    ['`x', '`` `x ``'],
    // line breaks become spaces
    ['a\nb', '`a b`'],
    // empty text still gives a valid span
    ['', '` `'],
  ])('%j -> %j', (text, expected) => {
    expect(codeSpan(text)).toBe(expected);
  });

  it('always delimits with a run longer than any inside, on one line', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const span = codeSpan(text);
        const fence = /^`+/.exec(span)![0];
        expect(span.endsWith(fence)).toBe(true);
        expect(longestBacktickRun(span.slice(fence.length, span.length - fence.length))).toBeLessThan(fence.length);
        expect(span).not.toMatch(/[\r\n]/);
      }),
    );
  });
});

describe('codeBlock', () => {
  it('uses a fence longer than any backtick run in the text (at least three)', () => {
    expect(codeBlock('plain')).toBe('```\nplain\n```');
    expect(codeBlock('a ````` b')).toBe('``````\na ````` b\n``````');
  });

  it('can never be closed early by the quoted text', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const block = codeBlock(text);
        const lines = block.split('\n');
        const fence = lines[0]!;
        expect(fence).toMatch(/^`{3,}$/);
        expect(lines[lines.length - 1]).toBe(fence);
        for (const line of lines.slice(1, -1)) expect(line.trim().startsWith(fence)).toBe(false);
      }),
    );
  });
});

describe('escapeMarkdownText', () => {
  it.each([
    // mentions and references get a zero-width joiner
    ['ping @octocat about #12', `ping @${ZWJ}octocat about #${ZWJ}12`],
    // HTML becomes text
    ['<b>bold</b>', '&lt;b&gt;bold&lt;/b&gt;'],
    // code spans stay as written
    ['run `grep @x #1 <y>`', 'run `grep @x #1 <y>`'],
    // an unmatched backtick opens nothing
    ['a ``` b', 'a \\`\\`\\` b'],
    // tilde runs cannot open a fence
    ['~~~ x', '\\~\\~\\~ x'],
    // URLs are left alone (GitHub links nothing inside them)
    ['see https://bugzilla.kernel.org/show_bug.cgi?id=68801#c5', 'see https://bugzilla.kernel.org/show_bug.cgi?id=68801#c5'],
    // a backslash ends a URL: Markdown may take `\@` as an escape and split the link there, leaving a
    // bare mention (found by the property below, one run in a few)
    ['https://example.com/#12\\@octocat', `https://example.com/#12\\@${ZWJ}octocat`],
    // a backslash-escaped backtick opens no code span, so what follows it is prose
    ['\\`@octocat`', `\\\`@${ZWJ}octocat\\\``],
    // ... but an escaped backslash before a backtick escapes nothing: the span stands
    ['\\\\`@octocat`', '\\\\`@octocat`'],
    // an escaped backtick at the start of a run: the rest of the run may still open a span
    ['\\``@x`', '\\``@x`'],
  ])('%j -> %j', (text, expected) => {
    expect(escapeMarkdownText(text)).toBe(expected);
  });

  it('leaves no mention, reference, HTML, line break or stray backtick outside code spans', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const out = escapeMarkdownText(text);
        expect(out).not.toMatch(/[\r\n]/);
        const prose = stripCode(out).replace(/https?:\/\/[^\s<>`\\]+/g, '');
        expect(prose).not.toMatch(/@[A-Za-z0-9_-]/);
        expect(prose).not.toMatch(/#\d/);
        expect(prose).not.toMatch(/</);
        expect(prose.replace(/\\`/g, '')).not.toMatch(/`/);
      }),
    );
  });
});
