import fc from 'fast-check';
import { readText, segmentReport } from '../../src/extract/segment-report.js';
import { splitLines } from '../../src/extract/split-lines.js';
import { makeReport } from './report-builder.js';

describe('splitLines', () => {
  it('tracks quote depth, fences (closed and unclosed) and exact offsets', () => {
    const text = 'a\n> > b\n```\n[1.0] x\n```\n~~~\nopen';
    const lines = splitLines(text);
    expect([...lines].map((l) => [l.quoteDepth, l.inFence, l.isFence, l.content])).toEqual([
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
    expect([...t.codeLines].map((i) => t.lines.content(i))).toEqual(['mount -o discard']);
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

describe('readText: sentences continued over many lines', () => {
  // What a sentence's text is, by definition: its exact span of the text, read up to 2000
  // characters, whitespace runs collapsed. The reader builds it piece by piece (one piece per line),
  // so this holds it to the definition on any mix of lines, breaks, quotes and bullets.
  const spec = (text: string, s: { start: number; end: number }) =>
    text
      .slice(s.start, Math.min(s.end, s.start + 2000))
      .replace(/\s+/g, ' ')
      .trim();
  const piece = fc.constantFrom('a', 'word', 'ends.', 'asks?', 'x!', ' ', '  ', '"quoted."', '3.12.6', '- item', '> quoted', '', 'b'.repeat(700));

  it('gives each sentence the collapsed text of its own span, and isQuestion from that text (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(piece, { maxLength: 6 }).map((words) => words.join(' ')), { maxLength: 40 }), (rows) => {
        const text = rows.join('\n');
        for (const s of readText('body', 0, text, true).sentences) {
          expect(s.text).toBe(spec(text, s));
          expect(s.isQuestion).toBe(s.text.endsWith('?'));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('reads a sentence that never ends as one sentence of 2000 characters at most, whatever its length', () => {
    const text = 'a\n'.repeat(50_000);
    const sentences = readText('body', 0, text, true).sentences;
    expect(sentences).toHaveLength(1);
    expect(sentences[0]!.text).toBe(spec(text, sentences[0]!));
    expect(sentences[0]!.text.length).toBeLessThanOrEqual(2000);
    expect(sentences[0]!.end).toBe(text.length - 1);
  });
});
