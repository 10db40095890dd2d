import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ownCopy } from '../../src/extract/own-copy.js';
import { parseKernelVersion } from '../../src/extract/parse-kernel-version.js';
import { stem } from '../../src/extract/tokenize-words.js';

// Module-level caches outlive the triage that filled them: a key that is a V8 view into the
// report (a slice of 13 characters or more) would keep the whole report alive (issue 12, memory).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MB = 1024 * 1024;

/** Heap still in use after `use` ran on a slice of a fresh 32 MB text and the text was dropped. */
function keptAfter(use: (slice: string) => void, word: string): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  (() => {
    const text = `${'x'.repeat(32 * MB)} ${word} `;
    use(text.slice(32 * MB + 1, 32 * MB + 1 + word.length));
  })();
  gc();
  return process.memoryUsage().heapUsed - before;
}

describe('caches that outlive a report do not keep its text alive', () => {
  it('ownCopy keeps the characters', () => {
    const text = `report ${'y'.repeat(100)} 5.15.0-91-generic`;
    expect(ownCopy(text.slice(108))).toBe('5.15.0-91-generic');
    expect(ownCopy('')).toBe('');
  });

  it('a slice held by ownCopy lets its parent go', () => {
    const held: string[] = [];
    expect(keptAfter((slice) => held.push(ownCopy(slice)), 'held-by-the-test-itself')).toBeLessThan(4 * MB);
    expect(held).toEqual(['held-by-the-test-itself']);
  });

  it('parseKernelVersion', () => {
    // A version no other test parses, so it is a cache miss and gets stored.
    const version = `5.15.0-${process.pid % 9000 + 1000}-generic`;
    expect(keptAfter((slice) => expect(parseKernelVersion(slice)?.distro).toBe('ubuntu'), version)).toBeLessThan(4 * MB);
  });

  it('stem', () => {
    const word = `unforgettablenesses${process.pid}`.replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!);
    expect(keptAfter((slice) => expect(stem(slice)).toBe(stem(word)), word)).toBeLessThan(4 * MB);
  });
});
