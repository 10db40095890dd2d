import { extractFacts, removeTerminalEscapes } from '../../src/extract/index.js';
import { makeReport } from './report-builder.js';

// The shapes util-linux `dmesg --color=always` writes (timestamp green, the subsystem prefix
// brown, an error message bold red: lib/colors.c and sys-utils/dmesg.c), plus what terminals
// and console capture tools add: OSC window titles and hyperlinks, a one-byte C1 CSI, charset
// selection.
const ESC = '\u001b';
const plain = [
  '[    1.000000] device-mapper: space map common: unable to decrement a reference count below 0',
  '[    1.000100] device-mapper: thin: 253:6: switching pool to read-only mode',
].join('\n');
const coloured = [
  `${ESC}[32m[    1.000000] ${ESC}[0m${ESC}[33mdevice-mapper: space map common: ${ESC}[0m${ESC}[1;31munable to decrement a reference count below 0${ESC}[0m`,
  `${ESC}]0;root@host: ~${ESC}\\${ESC}[32m[    1.000100] ${ESC}[0m${ESC}[33mdevice-mapper: thin: ${ESC}[0m253:6: switching pool to read-only mode${ESC}(B`,
].join('\n');

describe('removeTerminalEscapes', () => {
  it('gives back the plain text of a coloured dmesg', () => {
    expect(removeTerminalEscapes(coloured)).toBe(plain);
  });

  it.each([
    ['SGR with many parameters', `${ESC}[38;5;196mRED${ESC}[m`, 'RED'],
    ['cursor moves and erase', `${ESC}[2J${ESC}[1;1Htext${ESC}[K`, 'text'],
    ['OSC 8 hyperlink ended by BEL', `${ESC}]8;;https://example.org\u0007link${ESC}]8;;\u0007`, 'link'],
    ['one-byte C1 CSI', '\u009b31mred\u009b0m', 'red'],
    ['keypad mode', `${ESC}=a${ESC}>`, 'a'],
  ])('removes %s', (_name, input, expected) => {
    expect(removeTerminalEscapes(input)).toBe(expected);
  });

  it('leaves text without escapes as it is (same string), tabs and other controls included', () => {
    const text = 'a\tb\u0007c\r\nd';
    expect(removeTerminalEscapes(text)).toBe(text);
  });

  it('makes a coloured log give the facts the plain log gives', () => {
    const facts = (body: string) => extractFacts(makeReport(`Kernel 3.12.6\n${body}`), []).signatures.map((s) => s.canonical);
    expect(facts(plain).length).toBeGreaterThan(0);
    expect(facts(removeTerminalEscapes(coloured))).toEqual(facts(plain));
  });
});
