// The same kernel log must give the same crash title however it reached the report: syslog and
// journalctl prefixes, dmesg -T human timestamps, Markdown code fences, mail quoting and lines
// wrapped by a mail client at 76 columns.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractCrashes } from '../../../src/extract/crash/index.js';
import { parseCorpusFile } from '../../../src/extract/crash/score-titles.js';
import { describeShared, REPO_ROOT } from '../../support/shared-data.js';

const fixture = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'crash', 'transports.json'), 'utf8')) as { files: string[] };

const DMESG_PREFIX = /^(?:<\d+>)?\[ *\d+\.\d+\](?:\[ *[CT]\d+\])? ?/;

function perLine(log: string, wrap: (line: string) => string): string {
  return log
    .split('\n')
    .map((line) => wrap(line))
    .join('\n');
}

/** A mail client's hard wrap: break before the last space that keeps the line within `width`. */
export function mailWrap(log: string, width = 76): string {
  const out: string[] = [];
  for (const line of log.split('\n')) {
    let rest = line;
    while (rest.length > width) {
      const cut = rest.lastIndexOf(' ', width);
      if (cut <= 0) break;
      out.push(rest.slice(0, cut));
      rest = rest.slice(cut + 1);
    }
    out.push(rest);
  }
  return out.join('\n');
}

const TRANSPORTS: Array<[string, (log: string) => string]> = [
  ['syslog', (log) => perLine(log, (line) => `Jan 15 20:15:44 testhost kernel: ${line}`)],
  ['syslog, ISO time', (log) => perLine(log, (line) => `2024-01-15T20:15:44.123456+00:00 testhost kernel: ${line}`)],
  // journalctl and dmesg -T print their own time instead of the kernel's (and no caller id).
  ['journalctl', (log) => perLine(log, (line) => `Jan 15 20:15:44 testhost kernel: ${line.replace(DMESG_PREFIX, '')}`)],
  ['dmesg -T', (log) => perLine(log, (line) => (DMESG_PREFIX.test(line) ? line.replace(DMESG_PREFIX, '[Mon Jan 15 20:15:44 2024] ') : line))],
  ['Markdown fence', (log) => `Hi, I hit this on boot:\n\n\`\`\`text\n${log}\n\`\`\`\n\nAny idea?`],
  ['mail quote', (log) => `On Mon, someone wrote:\n${perLine(log, (line) => `> ${line}`)}\n\nThanks.`],
  ['mail wrap', (log) => mailWrap(log)],
  ['quoted mail wrap', (log) => perLine(mailWrap(log, 72), (line) => `> ${line}`)],
  ['CRLF line ends', (log) => log.replace(/\n/g, '\r\n')],
  // the dmesg tool prints the caller id after a space, and `dmesg -x` adds facility and level
  ['dmesg caller ids', (log) => log.replace(/^(\[ *\d+\.\d+\])(\[ *[CT]\d+\])/gm, '$1 $2')],
  ['dmesg -x', (log) => perLine(log, (line) => (DMESG_PREFIX.test(line) ? `kern  :warn  : ${line}` : line))],
];

describeShared('crash titles survive transports', ['corpus', 'syzkaller-linux'], (corpus) => {
  const cases = fixture.files.map((name) => parseCorpusFile(name, readFileSync(join(corpus, name), 'latin1')));

  it('has corpus logs to wrap', () => {
    expect(cases.length).toBe(fixture.files.length);
    for (const item of cases) expect(item.expected).not.toBeNull();
  });

  it.each(TRANSPORTS)('%s', (_name, wrap) => {
    const wrong: string[] = [];
    for (const item of cases) {
      const got = extractCrashes(wrap(item.log))[0]?.title ?? '(no crash)';
      if (got !== item.expected!.title) wrong.push(`${item.name}: expected ${item.expected!.title}, got ${got}`);
    }
    expect(wrong).toEqual([]);
  });

  it('mail wrapping really wraps (the test would prove nothing otherwise)', () => {
    let grown = 0;
    for (const item of cases) {
      const lines = mailWrap(item.log).split('\n');
      expect(lines.filter((line) => line.length > 76 && line.lastIndexOf(' ', 76) > 0)).toEqual([]);
      if (lines.length > item.log.split('\n').length) grown++;
    }
    expect(grown).toBeGreaterThan(cases.length / 2);
  });
});
