import { findListingLines } from '../../src/extract/find-listing-lines.js';
import { readLogLines } from '../../src/extract/read-log-lines.js';
import { splitLines } from '../../src/extract/split-lines.js';

function listing(text: string): number[] {
  const lines = splitLines(text);
  return [...findListingLines(lines, readLogLines(text, lines))].sort((a, b) => a - b);
}

describe('findListingLines', () => {
  it.each([
    // the oops's module list, wrapped by the kernel onto timestamped lines, ending at the CPU line
    [
      'kernel-wrapped module list',
      '[  1.0] Modules linked in: xfs btrfs raid10\n[  1.0]  dm_mod loop kvm_intel\n[  1.0] CPU: 3 PID: 1 Comm: x Not tainted 6.6.0 #1',
      [0, 1],
    ],
    // a mail client wrapped it: bare lines, module names with taint flags, "[last" + "unloaded: x]"
    ['mail-wrapped module list', 'Modules linked in: dm_crypt(E) cmac(E)\nnls_utf8(E) cifs(E) nvmet(-) [last\nunloaded: zfs]\nCPU: 0 PID: 1', [0, 1, 2]],
    // a syslog header before it
    ['syslog module list', 'Mar 19 11:51:53 grover kernel: Modules linked in: rfcomm btrfs\nsnd_hrtimer xfs', [0, 1]],
    // lsmod, its header, and the command that printed it
    ['lsmod output', '$ lsmod\nModule                  Size  Used by\nxfs                  2293760  0\nraid456               200704  1 foo,bar\n\nThe end.', [0, 1, 2, 3]],
    // `lsmod | grep` drops the header: a row with a module size is a listing on its own
    ['lsmod rows without a header', 'xfs                  2293760  0\nbtrfs                1884160  0', [0, 1]],
    ['/proc/modules', 'xfs 2293760 0 - Live 0xffffffffc0a1b000', [0]],
    ['/proc/filesystems', '# cat /proc/filesystems\nnodev\tsysfs\n\text4\n\txfs', [0, 1, 2, 3]],
    // a blank line closes a listing: the prose below is prose
    ['a blank line after the list', 'Modules linked in: xfs btrfs\n\nthe disk is xfs formatted', [0]],
    // a line that is not module names closes it too
    ['a sentence right after the list', 'Modules linked in: xfs btrfs\nWe use ext4 on raid1, though.', [0]],
    // not listings
    ['prose naming modules', 'We have xfs and btrfs modules loaded, raid10 too.', []],
    ['a table of sizes with small numbers', 'md0 100 2', []],
    ['an empty module list', '[  1.0] Modules linked in:\n[  1.0] CPU: 1 UID: 0 PID: 21', [0]],
  ])('%s', (_name, text, expected) => {
    expect(listing(text)).toEqual(expected);
  });

  it('covers a log line re-joined from wrapped lines as a whole', () => {
    // readLogLines joins the bare continuation below a long line; both physical lines are the listing
    const text = `[  1.0] Modules linked in: ${'mod_a '.repeat(12)}\nmod_b mod_c\n[  1.0] CPU: 0 PID: 1`;
    expect(listing(text)).toEqual([0, 1]);
  });
});
