import fc from 'fast-check';
import { closeFences, cutComment } from '../../src/render/index.js';

describe('cutComment (the one cutter of GitHub and Bugzilla comments)', () => {
  it.each([
    // short enough: unchanged
    ['short', 10, {}, 'short'],
    // an open fence is closed before the note
    ['```\n' + 'x'.repeat(100), 40, { markdown: true }, '```\n' + 'x'.repeat(24) + '\n```\n\n(cut)\n'],
    // the last line (Bugzilla's footer) survives
    ['a'.repeat(100) + '\n-- footer', 40, { keepLastLine: true }, 'a'.repeat(22) + '\n\n(cut)\n-- footer\n'],
  ])('%#', (text, max, options, expected) => {
    expect(cutComment(text, max, { note: '(cut)', ...options })).toBe(expected);
  });

  it('fits the limit, keeps the footer, leaves no fence open (property)', () => {
    const line = fc.oneof(fc.constant('```'), fc.constant('~~~~'), fc.string({ maxLength: 40 }).map((s) => s.replace(/\n/g, ' ')));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 200 }), fc.integer({ min: 60, max: 2000 }), (lines, max) => {
        const text = `${lines.join('\n')}\n-- ktriage (no-match; fingerprint 1)`;
        const out = cutComment(text, max, { note: '(cut)', keepLastLine: true, markdown: true });
        expect(out.length).toBeLessThanOrEqual(Math.max(max, text.length <= max ? text.length : 0));
        if (text.length > max) {
          expect(out.trimEnd().split('\n').at(-1)).toBe('-- ktriage (no-match; fingerprint 1)');
          const body = out.slice(0, out.lastIndexOf('\n\n(cut)'));
          expect(closeFences(body)).toBe(body);
        }
      }),
    );
  });
});
