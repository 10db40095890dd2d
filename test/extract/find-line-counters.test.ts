import { findLineCounters } from '../../src/extract/find-line-counters.js';
import { splitLines } from '../../src/extract/split-lines.js';

const counters = (text: string): number[] => [...findLineCounters(splitLines(text))];

describe('findLineCounters', () => {
  it.each([
    // a harness run id repeated on every line
    ['the same id on every line', '01818 EXT4-fs (dm-0): unmounting filesystem.\n01818 Buffer I/O error on dev dm-0\n01818 RIP: 0010:f+0x1/0x2', [6, 6, 6]],
    // cat -n style numbers, a timestamp after them, a call-trace line with two spaces after the counter
    ['incrementing numbers', '00412 [  93.1] Oops: 0000 [#1]\n00413 [  93.1] CPU: 2\n00414  commit+0x21/0x70', [6, 6, 7]],
    // the first line of the paste has prose above it: half its neighbours are enough
    ['the first line of a paste under prose', 'Hi,\nthe log\nis\nbelow:\n00405 a\n00406 b\n00407 c\n00408 d', [0, 0, 0, 0, 6, 6, 6, 6]],
    // two lines are enough for each other
    ['a two-line paste', '123 RIP: 0010:f+0x1/0x2\n124 Code: 0f 1f', [4, 4]],
    // blank lines are skipped when looking for neighbours
    // a mail client wrapped the counted log: continuations without a counter sit between counted lines
    ['a wrapped counted log', '01818 Hardware name: QEMU Standard PC (Q35 + ICH9, 2009), BIOS 1.15.0-1\n04/01/2014\n01818 RIP: 0010:f+0x1/0x2\n01818 Code: a0 f8 d7\ne8 01 fd ff', [6, 0, 6, 6, 0]],
    ['a paste with blank lines', '00001 a\n\n00002 b\n\n00003 c', [6, 0, 6, 0, 6]],
  ])('%s', (_name, text, expected) => {
    expect(counters(text)).toEqual(expected);
  });

  it.each([
    // a lone number at the start of a prose line keeps it
    ['a year starting a prose line', 'We first saw it in\n2014 and it came back\nafter the upgrade to the new\nstorage array last week.'],
    ['a count starting a prose line', 'The pool lost data.\n4096 of them were written before the pool went read-only;\nthe test then removes it.'],
    // numbers of different widths are not one counter
    ['numbers of different widths', '512 sectors\n1024 sectors\n99999 sectors\n3 sectors'],
    // one or two digits are list numbers or sizes, not counters
    ['short numbers', '1 one\n2 two\n3 three'],
    ['a line alone', '01818 RIP: 0010:f+0x1/0x2'],
    // quoted lines are not neighbours of the reporter's own
    ['a quoted paste around an own line', '> 01818 a\n> 01818 b\n01818 c\n> 01818 d'],
  ])('leaves %s alone', (name, text) => {
    const found = counters(text);
    if (name === 'a quoted paste around an own line') expect(found).toEqual([6, 6, 0, 6]);
    else expect(found.every((n) => n === 0)).toBe(true);
  });
});
