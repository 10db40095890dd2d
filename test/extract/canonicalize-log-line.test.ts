import { canonicalizeLogLine } from '../../src/extract/canonicalize-log-line.js';

describe('canonicalizeLogLine', () => {
  it.each([
    // major:minor device numbers vary between machines; errno values identify the failure and stay
    ['device-mapper: thin: 253:6: dm_thin_insert_block() failed: error = -22', 'device-mapper: thin: <DEV>: dm_thin_insert_block() failed: error = -22'],
    // block numbers are volatile; identifiers with digits (sm_bitmap, btree_node) are not touched
    ['device-mapper: block manager: validator mismatch (old=sm_bitmap vs new=btree_node) for block 9483', 'device-mapper: block manager: validator mismatch (old=sm_bitmap vs new=btree_node) for block <N>'],
    // checksums are numbers too
    ['device-mapper: btree spine: node_check failed: csum 1397725534 != wanted 1397615814', 'device-mapper: btree spine: node_check failed: csum <N> != wanted <N>'],
    // dm-N device names and jbd2's dm-N-M journal names; ext4 keeps its 4
    ['EXT4-fs warning (device dm-6): ext4_end_bio:332: I/O error writing to inode 21 (offset 0 size 0 starting block 13939440)', 'EXT4-fs warning (device <DEV>): ext4_end_bio:<N>: I/O error writing to inode <N> (offset <N> size <N> starting block <N>)'],
    ['JBD2: Error -5 detected when updating journal superblock for dm-6-8.', 'JBD2: Error -5 detected when updating journal superblock for <DEV>.'],
    // nvme names, hex values and kernel addresses
    ['nvme nvme0: I/O 123 QID 4 timeout, aborting', 'nvme <DEV>: I/O <N> QID <N> timeout, aborting'],
    ['BUG: unable to handle kernel paging request at ffff88007b8e4000', 'BUG: unable to handle kernel paging request at <ADDR>'],
    ['md/raid:md0: read error corrected (8 sectors at 0x1a2b on sdb1)', 'md/raid:<DEV>: read error corrected (<N> sectors at <HEX> on <DEV>)'],
    // a device named by its /dev path varies like the bare name; other paths keep their digits
    ['BTRFS error (device nvme0n1p2): bdev /dev/nvme1n1p2 errs: wr 0, rd 0, flush 0, corrupt 1, gen 0', 'BTRFS error (device <DEV>): bdev /dev/<DEV> errs: wr <N>, rd <N>, flush <N>, corrupt <N>, gen <N>'],
    ['BTRFS info (device sda1): relocating block group in /mnt/sdb1', 'BTRFS info (device <DEV>): relocating block group in /mnt/sdb1'],
    // whitespace runs collapse
    ['Buffer I/O error on device   dm-10, logical block 14461968', 'Buffer I/O error on device <DEV>, logical block <N>'],
  ])('%s', (input, expected) => {
    expect(canonicalizeLogLine(input)).toBe(expected);
  });

  it('is idempotent, so rules may be written in canonical form', () => {
    const once = canonicalizeLogLine('EXT4-fs error (device sda1): ext4_find_entry:1455: inode #2: comm ls: reading directory lblock 0');
    expect(canonicalizeLogLine(once)).toBe(once);
  });
});
