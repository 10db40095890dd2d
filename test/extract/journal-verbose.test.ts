import { readLogLines } from '../../src/extract/read-log-lines.js';
import { extractCrashesAndStacks } from '../../src/extract/crash/index.js';

// Synthetic `journalctl -o verbose` records: a header with the realtime stamp and cursor, then the
// fields, the kernel's message in MESSAGE= (as journald stores a kernel record's fields).
const record = (message: string, i: number): string =>
  [
    `Mon 2024-01-15 20:15:44.${String(100000 + i)} UTC [s=5b9f6a3c1d2e4f5a8b7c6d5e4f3a2b1c;i=${(0x1a2b + i).toString(16)};b=0f3c2a1b4d5e6f708192a3b4c5d6e7f8;m=${(1000 + i).toString(16)};t=60f1e2d3c4b5;x=3c4d5e6f7a8b9c0d]`,
    '    _TRANSPORT=kernel',
    '    PRIORITY=4',
    `    MESSAGE=${message}`,
    '    _BOOT_ID=0f3c2a1b4d5e6f708192a3b4c5d6e7f8',
    '    _HOSTNAME=testhost',
  ].join('\n');
const verbose = (lines: readonly string[]): string => lines.map(record).join('\n');

const OOPS = [
  'BUG: kernel NULL pointer dereference, address: 00000000000000f8',
  'RIP: 0010:efx_ethtool_get_stats+0x2ca/0x330 [sfc]',
  'Call Trace:',
  ' dev_ethtool+0x1832/0x2830',
  ' dev_ioctl+0x1a0/0x4c0',
  ' sock_do_ioctl+0xa0/0x140',
];

describe('journalctl -o verbose records', () => {
  it('reads each MESSAGE= field as a log line, the other fields never joined to it', () => {
    const messages = readLogLines(verbose(OOPS)).map((l) => l.message);
    expect(messages).toEqual(expect.arrayContaining(['BUG: kernel NULL pointer dereference, address: 00000000000000f8', 'RIP: 0010:efx_ethtool_get_stats+0x2ca/0x330 [sfc]']));
    expect(messages.filter((m) => m.includes('_BOOT_ID') || m.includes('_HOSTNAME'))).toEqual([]);
  });

  it("reads the kernel's own timestamp inside MESSAGE=, indented or not", () => {
    const [indented, flush] = readLogLines(verbose(['  [  101.525251] WARNING: CPU: 1 PID: 646 at lib/refcount.c:28 refcount_warn_saturate+0xab/0xf0', '<4>[  101.6] Call Trace:']));
    expect(indented).toMatchObject({ timestamp: 101.525251, message: 'WARNING: CPU: 1 PID: 646 at lib/refcount.c:28 refcount_warn_saturate+0xab/0xf0' });
    expect(flush).toMatchObject({ timestamp: 101.6, message: 'Call Trace:' });
  });

  it('gives the crash parser the title and the whole stack of the bare log', () => {
    const bare = extractCrashesAndStacks(OOPS.join('\n'));
    const carried = extractCrashesAndStacks(verbose(OOPS));
    expect(bare.stacks[0]?.frames.map((f) => f.function)).toEqual(expect.arrayContaining(['efx_ethtool_get_stats', 'dev_ethtool']));
    expect(carried.crashes.map((c) => c.title)).toEqual(bare.crashes.map((c) => c.title));
    expect(carried.stacks.map((s) => s.frames.map((f) => f.function))).toEqual(bare.stacks.map((s) => s.frames.map((f) => f.function)));
  });

});
