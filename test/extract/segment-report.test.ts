import { readText, segmentReport } from '../../src/extract/segment-report.js';
import { splitLines } from '../../src/extract/split-lines.js';
import { makeReport } from './report-builder.js';

describe('splitLines', () => {
  it('tracks quote depth, fences (closed and unclosed) and exact offsets', () => {
    const text = 'a\n> > b\n```\n[1.0] x\n```\n~~~\nopen';
    const lines = splitLines(text);
    expect(lines.map((l) => [l.quoteDepth, l.inFence, l.isFence, l.content])).toEqual([
      [0, false, false, 'a'],
      [2, false, false, 'b'],
      [0, true, true, '```'],
      [0, true, false, '[1.0] x'],
      [0, true, true, '```'],
      [0, true, true, '~~~'],
      [0, true, false, 'open'],
    ]);
    for (const l of lines) expect(text.slice(l.contentStart, l.end)).toBe(l.content);
  });
});

describe('readText: sentences', () => {
  it('cuts prose into sentences with offsets, merging lines of one paragraph', () => {
    const text = 'We run v3.12.6 stable, which has the same code.\nWe were hit by the\nfollowing error twice:\n\n- first item\n- second item';
    const t = readText('body', 0, text, true);
    expect(t.sentences.map((s) => s.text)).toEqual(['We run v3.12.6 stable, which has the same code.', 'We were hit by the following error twice:', 'first item', 'second item']);
    for (const s of t.sentences) expect(text.slice(s.start, s.end).replace(/\s+/g, ' ')).toBe(s.text);
  });

  it('leaves out quoted text, code, log lines and reply headers', () => {
    const text = '(In reply to Mike from comment #4)\n> You mentioned discards.\n\n```\nmount -o discard\n```\n[ 1.0] EXT4-fs error (device sda1): x\nOwn words here.';
    const t = readText('comment', 3, text, true);
    expect(t.sentences.map((s) => s.text)).toEqual(['Own words here.']);
    expect(t.codeLines.map((l) => l.content)).toEqual(['mount -o discard']);
    expect(t.logLines).toHaveLength(1);
  });

  it('links the answer below a quoted question to that question (one blank line allowed)', () => {
    const text = '> This trace is merely a side effect.\n> Did you happen to resize the metadata device?\n\nNo, we never resized it. Anything else?';
    const t = readText('comment', 0, text, true);
    expect(t.sentences.map((s) => [s.text, s.answerTo])).toEqual([
      ['No, we never resized it.', 'Did you happen to resize the metadata device?'],
      ['Anything else?', null],
    ]);
  });

  it('does not link text after a quoted statement', () => {
    const t = readText('comment', 0, '> It crashed again.\n\nThanks.', true);
    expect(t.sentences[0]!.answerTo).toBeNull();
  });
});

describe('segmentReport', () => {
  it('orders title, body, attachments, comments and skips bot comments', () => {
    const report = makeReport('body', [{ text: 'one' }, { text: 'bot', isBot: true }, { text: 'three', isReporter: false }], {
      title: 'title',
      attachments: [{ name: 'dmesg.txt', contentType: 'text/plain', text: 'log' }, { name: 'x.bin', contentType: 'application/octet-stream', text: null }],
    });
    expect(segmentReport(report).map((t) => [t.part, t.index, t.byReporter])).toEqual([
      ['title', 0, true],
      ['body', 0, true],
      ['attachment', 0, true],
      ['comment', 0, true],
      ['comment', 2, false],
    ]);
  });
});
