// Invariants of extraction, for random and hostile input: it never throws, and every piece of
// evidence points inside its part's text and quotes exactly that slice (or the re-joined line).
import fc from 'fast-check';
import { extractFacts } from '../../src/extract/index.js';
import { readFactVocabulary } from '../../src/io/read-fact-vocabulary.js';
import type { BugReport, FactDefinition } from '../../src/model.js';
import { allEvidence, evidenceProblem } from './summarize-facts.js';

let vocabulary: FactDefinition[];
beforeAll(async () => {
  vocabulary = await readFactVocabulary();
});

function checkReport(report: BugReport): void {
  const facts = extractFacts(report, vocabulary);
  const problems = allEvidence(facts)
    .map(([where, e]) => ({ where, problem: evidenceProblem(report, e) }))
    .filter((p) => p.problem !== null);
  expect(problems).toEqual([]);
}

const report = (body: string, comments: string[] = [], title = ''): BugReport => ({
  source: 'file',
  id: 'prop',
  url: null,
  title,
  body,
  comments: comments.map((text, i) => ({ author: `a${i}`, time: null, text, isBot: i % 5 === 4, isReporter: i % 2 === 0 })),
  attachments: [{ name: 'dmesg.txt', contentType: 'text/plain', text: comments[0] ?? null }],
  fields: { cf_kernel_version: '3.12.6' },
});

/** Pieces that real reports are made of, so random text exercises every reader. */
const fragment = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.constantFrom(
    '[101754.726823] device-mapper: space map common: unable to decrement a reference count below 0',
    'Jan 14 06:36:23 zarniwoop kernel: [416943.401632] device-mapper: thin: process_bio: dm_thin_find_block() failed: erro',
    'r = -22',
    '<4>[  141.024688][ T2201] CPU: 1 PID: 2201 Comm: dmsetup Not tainted 4.8.0-rc3+ #33',
    '[Tue Jan  9 14:02:11 2024] XFS (sdc): log I/O error -5',
    '2024-03-14T01:12:07.428711+01:00 dbhost kernel: device-mapper: multipath: 254:3: Failing path 65:48.',
    'EXT4-fs error (device sda1): ext4_lookup:1855: inode #130561: comm ls: deleted inode referenced: 131082',
    '  LV       VG   Attr       LSize   Pool     Origin Data%',
    '  snap2    vg0  Vwi-a-tz-- 1.00g pool0    snap1',
    '  snap1    vg0  Vwi-a-tz-- 1.00g pool0    base',
    '/dev/sda1 on /data type xfs (rw,discard)',
    '> Did you resize the metadata device?',
    'No, we never resized it.',
    'Yes, with lvextend --poolmetadatasize +1G.',
    'It crashed with 3.11.10 but ran without problems on 3.11.8.',
    'Could you try 6.7-rc3?',
    '```',
    '~~~',
    '(In reply to Mike from comment #5)',
    '### Kernel version',
    '6.5.12-300.fc39.x86_64',
    'Linux db07 6.8.0-45-generic #45-Ubuntu SMP',
    '[  233.118263] md/raid1:md0: Disk failure on vdc, disabling device.',
    '               md/raid1:md0: Operation continuing on 1 devices.',
    'BUG: kernel NULL pointer dereference, address: 0000000000000040',
    'WARNING: CPU: 2 PID: 1830 at drivers/md/md.c:8612 md_write_start+0x2f6/0x380',
    'Call Trace:',
    ' <TASK>',
    ' ? __warn+0x81/0x130',
    ' md_write_start.isra.0+0x2f6/0x380',
    '[<0>] xfs_fs_freeze+0x15/0x40 [xfs]',
    'RIP: 0010:raid1_make_request+0x1a/0x30 [raid1]',
    'pc : dm_bufio_release+0x1c/0x30 [dm_bufio]',
    ' #3 [ffffb0a1c0c3bd28] xfs_fs_freeze at ffffffffc0a1b2c5 [xfs]',
    '[... trimmed ...]',
    'I bisected it to commit abcdef123456 ("md: fix the',
    'hang in raid1").',
    '# first bad commit: [3c6bd1b4e0d5] dm thin: fix',
    'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678 is the first bad commit',
    'Date:   Tue Jan 9 10:00:00 2024 +0100',
    '    md/raid1: stop using the barrier bucket',
  ),
);
const quotePrefix = fc.constantFrom('', '', '', '> ', '>> ', '> > > ', '   ');
const line = fc.tuple(quotePrefix, fragment).map(([q, f]) => q + f);
const text = fc.array(line, { maxLength: 40 }).chain((lines) => fc.constantFrom('\n', '\r\n').map((nl) => lines.join(nl)));

describe('extractFacts properties', () => {
  it('never throws and keeps every evidence inside its part, for reports built from real pieces and junk', () => {
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 4 }), fc.string({ maxLength: 60 }), (body, comments, title) => {
        checkReport(report(body, comments, title));
      }),
      { numRuns: 300 },
    );
  });

  it('holds for arbitrary unicode and binary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.string({ unit: 'binary', maxLength: 400 }), (a, b) => {
        checkReport(report(a, [b]));
      }),
      { numRuns: 200 },
    );
  });
});

describe('extractFacts on hostile input', () => {
  it.each([
    ['a 10 MB single line', () => 'discard thin pool 3.12.6 '.repeat(420_000)],
    ['a 10 MB log line', () => `[    1.000000] EXT4-fs error (device sda1): ${'x'.repeat(10 * 1024 * 1024)}`],
    ['binary junk with NULs and lone surrogates', () => Array.from({ length: 200_000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('')],
    ['100 000 nested quote markers', () => `${'>'.repeat(100_000)} Did you resize the metadata?\nNo.`],
    ['deeply nested quotes on many lines', () => Array.from({ length: 2000 }, (_, i) => `${'> '.repeat(i % 300)}[${i}.000000] device-mapper: thin: 253:6: failed`).join('\n')],
    ['unclosed fences', () => '```\n[ 1.0] md/raid1:md0: Disk failure on sdb1, disabling device.\n~~~~\n'.repeat(20_000)],
    ['many short sentences', () => 'We run 3.12.6. It crashed. '.repeat(50_000)],
    // each table yields claims: once overflowed the call stack through push(...claims)
    ['100 000 lvs tables', () => '```\n  LV VG Attr LSize Pool Origin\n  s vg Vwi-a-tz-- 1g p o\n'.repeat(100_000)],
  ])('%s', (_name, make) => {
    checkReport(report(make()));
  });
});
