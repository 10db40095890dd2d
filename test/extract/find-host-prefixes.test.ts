import { readLogLines, findLogHostPrefixes } from '../../src/extract/read-log-lines.js';
import { splitLines } from '../../src/extract/split-lines.js';
import { extractCrashesAndStacks } from '../../src/extract/crash/index.js';

// Synthetic lines in the shapes a console server, netconsole collector or pdsh relays: the host
// before every line, also before those that carry no kernel timestamp.
const KASAN = [
  'BUG: KASAN: slab-use-after-free in ext4_xattr_set_entry+0x12/0x340',
  'Read of size 8 at addr ffff888012345678 by task syz/123',
  'Call Trace:',
  ' <TASK>',
  ' dump_stack_lvl+0x1/0x2',
  ' ext4_xattr_set_entry+0x12/0x340',
  ' ext4_xattr_ibody_set+0x1/0x2',
  ' </TASK>',
];
const relayed = (host: string, lines: readonly string[]): string => lines.map((line) => `${host}: ${line}`).join('\n');
const prose = (log: string): string => `Hi, the box crashed overnight.\n\nKernel: 6.8.1\n\n${log}\n\nAny idea?`;

describe('findLogHostPrefixes', () => {
  it('learns a host the report repeats before lines without timestamps', () => {
    const text = prose(relayed('node-07', KASAN));
    const prefixes = findLogHostPrefixes(splitLines(text));
    const lines = splitLines(text);
    const hostRows = [...prefixes.keys()].filter((i) => prefixes[i]! > 0);
    expect(hostRows.map((i) => lines.content(i).slice(0, prefixes[i]))).toEqual(KASAN.map(() => 'node-07: '));
    // the prose line `Kernel: 6.8.1` is a word and a colon once, no host
    expect(hostRows).toHaveLength(KASAN.length);
  });

  it.each([
    // the kernel's own device prefix before every line of a libata error is no host
    [['ata3.00: exception Emask 0x0 SAct 0x0 SErr 0x0 action 0x6 frozen', 'ata3.00: failed command: READ DMA', 'ata3.00: status: { DRDY }']],
    // a known header, not a host
    [['kernel: BUG: KASAN: use-after-free in f+0x1/0x2', 'kernel: Read of size 8 at addr ffff888012345678 by task x/1']],
    // a word and a colon before prose lines: no kernel line behind it
    [['Note: this happens on boot', 'Note: also after resume']],
    // one line alone teaches nothing
    [['node-07: BUG: KASAN: use-after-free in f+0x1/0x2']],
  ])('leaves %j alone', (lines) => {
    expect([...findLogHostPrefixes(splitLines(lines.join('\n')))]).toEqual(lines.map(() => 0));
  });

  it('learns a host from two lines with the kernel timestamp behind it and applies it to the others', () => {
    const text = ['node-07: [   8.1] BUG: memory leak', 'node-07: [   8.2] unreferenced object 0xffff (size 64):', 'node-07:   backtrace:', 'other: text'].join('\n');
    expect([...findLogHostPrefixes(splitLines(text))]).toEqual([9, 9, 9, 0]);
  });
});

describe('readLogLines with a learned host prefix', () => {
  it('reads the same messages as the bare log, the host kept', () => {
    const bare = readLogLines(prose(KASAN.join('\n')));
    const carried = readLogLines(prose(relayed('node-07', KASAN)));
    expect(carried.map((l) => l.message)).toEqual(bare.map((l) => l.message));
    expect(carried.map((l) => l.message)).toContain('BUG: KASAN: slab-use-after-free in ext4_xattr_set_entry+0x12/0x340');
    expect(new Set(carried.map((l) => l.host))).toEqual(new Set(['node-07']));
  });

  it('keeps the serial console kind and timestamp for relayed console lines', () => {
    const [line] = readLogLines(['node-07 | [   8.412233] EXT4-fs error (device sda1): x', 'node-07 | [   8.5] EXT4-fs error (device sda1): y'].join('\n'));
    expect(line).toMatchObject({ kind: 'console', timestamp: 8.412233, host: 'node-07', message: 'EXT4-fs error (device sda1): x' });
  });

  it('re-joins a wrapped line whose tail carries the host too', () => {
    const head = 'WARNING: CPU: 0 PID: 21158 at arch/x86/kvm/vmx/nested.c:4548';
    const bare = readLogLines([head, '                                nested_vmx_vmexit+0x16bd/0x17e0', 'Call Trace:'].join('\n'));
    const carried = readLogLines(relayed('node-07', [head, '                                nested_vmx_vmexit+0x16bd/0x17e0', 'Call Trace:']));
    expect(carried.map((l) => l.message)).toEqual(bare.map((l) => l.message));
    expect(carried[0]!.message).toBe(`${head} nested_vmx_vmexit+0x16bd/0x17e0`);
  });
});

describe('crash parser with a learned host prefix', () => {
  it('gives the title and stack of the bare log', () => {
    const bare = extractCrashesAndStacks(prose(KASAN.join('\n')));
    const carried = extractCrashesAndStacks(prose(relayed('node-07', KASAN)));
    expect(bare.crashes[0]?.title).toBe('KASAN: slab-use-after-free Read in ext4_xattr_set_entry');
    expect(carried.crashes.map((c) => c.title)).toEqual(bare.crashes.map((c) => c.title));
    expect(carried.stacks.map((s) => s.frames.map((f) => f.function))).toEqual(bare.stacks.map((s) => s.frames.map((f) => f.function)));
  });
});

describe('findLogHostPrefixes and the kernel’s own prefixes', () => {
  it.each([
    [['watchdog: BUG: soft lockup - CPU#33 stuck for 26s! [kcompactd0:479]', 'watchdog: BUG: soft lockup - CPU#33 stuck for 52s! [kcompactd0:479]']],
    [['rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:', 'rcu: INFO: rcu_preempt self-detected stall on CPU']],
  ])('takes no pr_fmt name for a host: %j', (lines) => {
    expect([...findLogHostPrefixes(splitLines(lines.join('\n')))]).toEqual(lines.map(() => 0));
  });
});
