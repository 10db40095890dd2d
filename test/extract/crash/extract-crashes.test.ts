import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { extractCrashes, type CrashFinding } from '../../../src/extract/crash/index.js';
import { parseCorpusFile } from '../../../src/extract/crash/score-titles.js';
import { fixturePath } from '../../support/fixture-path.js';

const WARNING = [
  '[  140.728135] ------------[ cut here ]------------',
  '[  140.728169] WARNING: CPU: 1 PID: 6181 at fs/buffer.c:1183 mark_buffer_dirty+0x299/0x3f0',
  '[  140.728306] RIP: 0010:mark_buffer_dirty+0x299/0x3f0',
  '[  140.728499] Call Trace:',
  '[  140.728510]  bfs_get_block+0x1a/0x30',
  '[  140.728520]  do_writepages+0x21/0x50',
].join('\n');

const HUNG = [
  '[  300.000001] INFO: task md0_raid1:321 blocked for more than 122 seconds.',
  '[  300.000002] Call Trace:',
  '[  300.000003]  __schedule+0x2cb/0x750',
  '[  300.000004]  schedule+0x63/0x110',
  '[  300.000005]  raise_barrier+0x11a/0x1c0 [raid1]',
  '[  300.000006]  raid1_sync_request+0x6e/0x8d0 [raid1]',
].join('\n');

/** Every finding points at its header line in the text. */
function expectAnchored(text: string, findings: CrashFinding[]): void {
  for (const finding of findings) {
    expect(finding.start).toBeGreaterThanOrEqual(0);
    expect(finding.end).toBeLessThanOrEqual(text.length);
    expect(finding.start).toBeLessThanOrEqual(finding.end);
    expect(text.slice(0, finding.start).split('\n').length - 1).toBe(finding.line);
    if (!text.slice(finding.start, finding.end).includes('\n')) expect(finding.quote).toBe(text.slice(finding.start, finding.end));
  }
}

describe('extractCrashes', () => {
  it('names the crash and points at its header line', () => {
    const text = `Seen on 6.9:\n\n${WARNING}\n`;
    const [crash, ...rest] = extractCrashes(text);
    expect(rest).toEqual([]);
    expect(crash).toEqual({
      title: 'WARNING in mark_buffer_dirty',
      alt: [],
      type: 'WARNING',
      frame: 'mark_buffer_dirty',
      corrupted: false,
      corruptedReason: null,
      line: 3,
      start: text.indexOf('[  140.728169]'),
      end: text.indexOf('\n[  140.728306]'),
      quote: '[  140.728169] WARNING: CPU: 1 PID: 6181 at fs/buffer.c:1183 mark_buffer_dirty+0x299/0x3f0',
    });
  });

  it('lists distinct crashes in order, each once', () => {
    const text = [HUNG, WARNING, HUNG].join('\n');
    const findings = extractCrashes(text);
    expect(findings.map((crash) => crash.title)).toEqual(['INFO: task hung in raise_barrier', 'WARNING in mark_buffer_dirty']);
    expectAnchored(text, findings);
  });

  it('does not count the panic that follows an oops as a crash of its own', () => {
    const text = `${WARNING}\n[  140.730000] Kernel panic - not syncing: panic_on_warn set ...\n`;
    expect(extractCrashes(text).map((crash) => crash.title)).toEqual(['WARNING in mark_buffer_dirty']);
  });

  it('flags a report whose call trace was cut off', () => {
    const text = WARNING.split('\n').slice(0, 3).join('\n');
    const [crash] = extractCrashes(text);
    expect(crash).toMatchObject({ title: 'WARNING in mark_buffer_dirty', corrupted: true, corruptedReason: 'no stack trace in report' });
  });

  it('says "in corrupted" and gives no frame when the trace holds no usable frame', () => {
    const text = HUNG.split('\n').slice(0, 2).join('\n');
    expect(extractCrashes(text)[0]).toMatchObject({ title: 'INFO: task hung in corrupted', frame: null, corrupted: true });
  });

  it.each([
    ['empty text', ''],
    ['prose only', 'The machine froze after resume. No oops on screen.'],
    ['an oops mentioned in a sentence', 'I get a "BUG: unable to handle kernel paging request" every night.'],
    ['sshd warning', '[   10.1] WARNING: /etc/ssh/moduli does not exist, using fixed modulus'],
  ])('finds no crash in %s', (_name, text) => {
    expect(extractCrashes(text)).toEqual([]);
  });

  it('gives the same title for the same bug whatever the volatile values', () => {
    const other = WARNING.replace(/CPU: 1 PID: 6181/, 'CPU: 7 PID: 99')
      .replace(/\[ +140\.\d+\]/g, '[ 9999.000001]')
      .replace(/fs\/buffer\.c:1183/, 'fs/buffer.c:1201')
      .replace(/0x299\/0x3f0/g, '0x2a1/0x400');
    expect(extractCrashes(other)[0]?.title).toBe(extractCrashes(WARNING)[0]?.title);
  });

  describe('hostile input', () => {
    it('one 10 MB line', () => {
      const text = `BUG: ${'a'.repeat(10_000_000)}`;
      const findings = extractCrashes(text);
      expect(findings.length).toBeLessThanOrEqual(1);
      expectAnchored(text, findings);
    });

    it('binary junk', () => {
      let junk = '';
      for (let i = 0; junk.length < 1_000_000; i++) junk += String.fromCharCode((i * 7919) % 256);
      expectAnchored(junk, extractCrashes(junk));
    });

    it('a flood of oops headers', () => {
      const text = '[  1.0] general protection fault: 0000 [#1]\n'.repeat(100_000);
      const findings = extractCrashes(text);
      expect(findings.map((crash) => crash.title)).toEqual(['general protection fault in corrupted']);
    });
  });

  it('never throws and keeps findings inside the text (property)', () => {
    const pieces = fc.constantFrom(
      '\n',
      ' ',
      '[  1.000000] ',
      '[  1.0][T12] ',
      'BUG: ',
      'WARNING: ',
      'INFO: task x blocked for more than 10 seconds.',
      'Call Trace:',
      ' func+0x1/0x2',
      ' ? func+0x1/0x2',
      'RIP: 0010:f+0x1/0x2',
      'kernel BUG at a.c:1!',
      '> ',
      '```',
      'Jan 15 20:15:44 h kernel: ',
      'unreferenced object 0xffff (size 8):',
      'backtrace:',
      '_RNvB0_',
      '(',
      '[<ffffffff81000000>] ',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string({ maxLength: 20 })), { maxLength: 80 }), (parts) => {
        const text = parts.join('');
        const findings = extractCrashes(text);
        expectAnchored(text, findings);
        for (const finding of findings) {
          expect(finding.title.length).toBeGreaterThan(0);
          expect(finding.title.length).toBeLessThanOrEqual(120);
          expect([...finding.title].filter((ch) => ch.charCodeAt(0) < 0x20)).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('survives truncation anywhere in a real log (property)', () => {
    const log = parseCorpusFile('145', readFileSync(fixturePath('crash', 'syzkaller-145.txt'), 'latin1')).log;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: log.length }), fc.integer({ min: 0, max: log.length }), (a, b) => {
        const text = log.slice(Math.min(a, b), Math.max(a, b));
        expectAnchored(text, extractCrashes(text));
      }),
      { numRuns: 100 },
    );
  });
});

describe('extractCrashes on a mail-wrapped header', () => {
  it('quotes the re-joined header line and spans its physical lines', () => {
    const text = [
      '> [  567.483452][    T1] BUG: KMSAN: uninit-value in',
      '> prepare_task_switch+0x284/0xd00',
      '> [  567.490925][    T1]  prepare_task_switch+0x284/0xd00',
      '> [  567.496040][    T1]  __schedule+0x2da/0x520',
    ].join('\n');
    const [crash] = extractCrashes(text);
    expect(crash).toMatchObject({
      title: 'KMSAN: uninit-value in prepare_task_switch',
      line: 0,
      start: 0,
      end: text.indexOf('\n> [  567.490925]'),
      quote: '> [  567.483452][    T1] BUG: KMSAN: uninit-value in prepare_task_switch+0x284/0xd00',
    });
  });
});

describe('extractCrashes on a long log', () => {
  it('finds a new crash after many repeats of the first one', () => {
    const repeats = Array.from({ length: 40 }, (_, i) => WARNING.replace(/140\.72/g, `${200 + i}.72`)).join('\n');
    const text = `${repeats}\n${HUNG}`;
    expect(extractCrashes(text).map((crash) => crash.title)).toEqual(['WARNING in mark_buffer_dirty', 'INFO: task hung in raise_barrier']);
  });
});
