// TextMemo: a repeated text is computed once, and the memo stays within its bound.
import { TextMemo } from '../../src/extract/text-memo.js';

describe('TextMemo', () => {
  it('computes a text once and returns the same result again', () => {
    const memo = new TextMemo<string[]>(1024);
    let calls = 0;
    const split = (s: string): string[] => {
      calls++;
      return s.split(' ');
    };
    const first = memo.get('we run 3.12.6', split);
    expect(memo.get('we run 3.12.6', split)).toBe(first);
    expect(first).toEqual(['we', 'run', '3.12.6']);
    expect(calls).toBe(1);
  });

  it('starts afresh when its characters are used up, and keeps no long texts', () => {
    const memo = new TextMemo<number>(64);
    let calls = 0;
    const length = (s: string): number => {
      calls++;
      return s.length;
    };
    for (const text of ['aaaa', 'bbbb', 'cccc']) memo.get(text, length);
    expect(calls).toBe(3);
    memo.get('aaaa', length);
    expect(calls).toBe(3);
    // 16 texts of 4 characters fill 64: the 17th clears the memo, so the first is computed again.
    for (let i = 0; i < 14; i++) memo.get(`t${String(i).padStart(3, '0')}`, length);
    expect(calls).toBe(17);
    memo.get('aaaa', length);
    expect(calls).toBe(18);
    memo.get('dddd', length);
    memo.get('dddd', length);
    expect(calls).toBe(19);
    // Longer than a 16th of the bound: computed every time, never kept.
    memo.get('x'.repeat(5), length);
    memo.get('x'.repeat(5), length);
    expect(calls).toBe(21);
    // Cleared (the report read is done): nothing is kept.
    memo.clear();
    memo.get('dddd', length);
    expect(calls).toBe(22);
  });
});
