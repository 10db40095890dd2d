// The one frame parser of titles and Facts.stacks: every shape row reads its own example, and
// real-shaped lines of each architecture and tool give the normalised function, module, source and flags.
import { FRAME_SHAPES } from '../../../src/extract/crash/frame-shapes.js';
import { readFrameLine } from '../../../src/extract/crash/read-frame-line.js';

describe('FRAME_SHAPES', () => {
  it.each(FRAME_SHAPES.map((shape) => [shape.name, shape]))('row %s reads its own example', (_name, shape) => {
    const frame = readFrameLine(shape.example);
    expect(frame?.shape).toBe(shape.name);
    expect(frame?.role).toBe(shape.role);
  });
});

describe('readFrameLine', () => {
  it.each([
    // x86 Call Trace (6.x), reliable and `?`-marked.
    [' xfs_trans_cancel+0x12/0x130 [xfs]', { function: 'xfs_trans_cancel', module: 'xfs', unsure: false, shape: 'offset' }],
    [' ? __warn+0x81/0x130', { function: '__warn', unsure: true }],
    // Old x86 with PCs (3.x/4.x): `[<pc>] ? f+0x..`.
    [' [<ffffffff8107a4d2>] ? warn_slowpath_common+0x82/0xb0', { function: 'warn_slowpath_common', unsure: true }],
    [' [<ffffffffa03d2a4f>] dm_thin_find_block+0x4f/0x90 [dm_thin_pool]', { function: 'dm_thin_find_block', module: 'dm_thin_pool' }],
    // Old x86 with the <EOI> marker in front of the first frame after an interrupt.
    [' <EOI>  [<ffffffff8100a3f2>] cpu_idle+0x62/0xb0', { function: 'cpu_idle' }],
    // /proc/<pid>/stack hides addresses as [<0>].
    ['[<0>] xfs_fs_freeze+0x15/0x40 [xfs]', { function: 'xfs_fs_freeze', module: 'xfs' }],
    // Compiler clone suffixes are not part of the name.
    ['[<0>] ext4_writepages.isra.0+0x15/0x40', { function: 'ext4_writepages' }],
    [' blk_mq_dispatch_rq_list.constprop.0.cold+0x1c/0x30', { function: 'blk_mq_dispatch_rq_list' }],
    [' __btrfs_run_delayed_refs.part.3+0x1c/0x30 [btrfs]', { function: '__btrfs_run_delayed_refs', module: 'btrfs' }],
    [' nvme_setup_cmd.llvm.123456789+0x1c/0x30', { function: 'nvme_setup_cmd' }],
    // Module with a build id (CONFIG_STACKTRACE_BUILD_ID).
    [' nvme_timeout+0x12/0x40 [nvme 3f1b9c0e2d]', { function: 'nvme_timeout', module: 'nvme' }],
    // s390 frames, the saved PSW frame in parentheses.
    ([' [<000003ff8012a874>] alua_check+0x3c/0x98 [scsi_dh_alua]', { function: 'alua_check', module: 'scsi_dh_alua' }]),
    ['([<000003ff8012a85a>] alua_check+0x22/0x98 [scsi_dh_alua])', { function: 'alua_check', module: 'scsi_dh_alua' }],
    // arm64 `Call trace:` frames; 6.13+ mark how a frame was found with (P)/(L).
    ['  dm_bm_unlock+0x10/0x20 [dm_persistent_data]', { function: 'dm_bm_unlock', module: 'dm_persistent_data' }],
    ['  __arm64_sys_ioctl+0xa8/0xf0 (P)', { function: '__arm64_sys_ioctl' }],
    // powerpc: two addresses, `(unreliable)` for frames the unwinder doubts.
    ['[c0000000fe7a3b10] [c0000000001234aa] ext4_map_blocks+0x1c/0x40 (unreliable)', { function: 'ext4_map_blocks', unsure: true }],
    ['[c0000000fe7a3b50] [c0000000001234bb] ext4_get_block+0x40/0x90', { function: 'ext4_get_block', unsure: false }],
    ['--- interrupt: 700 at ext4_map_blocks+0x24/0x90', { function: 'ext4_map_blocks', shape: 'powerpc-interrupt' }],
    // syzbot's symbolized frames and inlined frames.
    [' dump_stack_lvl+0x1b1/0x28e lib/dump_stack.c:106', { function: 'dump_stack_lvl', source: 'lib/dump_stack.c:106', inline: false }],
    [' __list_del_entry include/linux/list.h:132 [inline]', { function: '__list_del_entry', source: 'include/linux/list.h:132', inline: true }],
    // scripts/decode_stacktrace.sh.
    [' ext4_map_blocks (fs/ext4/inode.c:601)', { function: 'ext4_map_blocks', source: 'fs/ext4/inode.c:601', shape: 'decode_stacktrace' }],
    [' ? dump_stack_lvl (lib/dump_stack.c:107 (discriminator 1))', { function: 'dump_stack_lvl', unsure: true }],
    // Its module comes bare after the location, inlined locations share the parentheses.
    [' xfs_inactive (fs/xfs/xfs_inode.c:1700 fs/xfs/xfs_inode.c:1750) xfs', { function: 'xfs_inactive', source: 'fs/xfs/xfs_inode.c:1700', module: 'xfs' }],
    [' ? nvme_timeout (drivers/nvme/host/pci.c:1234) nvme', { function: 'nvme_timeout', module: 'nvme', unsure: true }],
    ['RIP: 0010:xfs_trans_cancel (fs/xfs/xfs_trans.c:1101) xfs', { role: 'fault', function: 'xfs_trans_cancel', module: 'xfs', source: 'fs/xfs/xfs_trans.c:1101' }],
    // addr2line -f -i and gdb.
    ['ext4_map_blocks at fs/ext4/inode.c:601', { function: 'ext4_map_blocks', source: 'fs/ext4/inode.c:601', inlinedBy: false }],
    [' (inlined by) ext4_get_block at fs/ext4/inode.c:700', { function: 'ext4_get_block', inlinedBy: true }],
    ['#2  0xffffffff8134a1b2 in ext4_map_blocks (handle=0x0, inode=0xffff888) at fs/ext4/inode.c:601', { function: 'ext4_map_blocks', source: 'fs/ext4/inode.c:601' }],
    // crash(8) bt, with and without a module, and `bt -s` offsets.
    [' #3 [ffffb0a1c0c3bd28] xfs_fs_freeze at ffffffffc0a1b2c5 [xfs]', { function: 'xfs_fs_freeze', module: 'xfs', shape: 'crash-bt' }],
    [' #4 [ffffb0a1c0c3bd50] freeze_super+418 at ffffffff8129e1a2', { function: 'freeze_super', module: null }],
    // arm (32-bit) chains: the caller on the same line.
    ['[<c0108d5c>] (show_stack) from [<c06a1b2c>] (dump_stack+0x98/0xac)', { function: 'show_stack', caller: 'dump_stack' }],
    [' __schedule from schedule+0x70/0xac', { function: '__schedule', caller: 'schedule' }],
    // Fault and link registers.
    ['RIP: 0010:xfs_trans_cancel+0x12/0x130 [xfs]', { role: 'fault', function: 'xfs_trans_cancel', module: 'xfs' }],
    ['RIP: 0010:[<ffffffff8123>]  [<ffffffff8123>] ext4_map_blocks+0x24/0x90', { role: 'fault', function: 'ext4_map_blocks' }],
    ['IP: [<ffffffff81234567>] blk_mq_end_request+0x12/0x130', { role: 'fault', function: 'blk_mq_end_request' }],
    ['EIP is at ext4_map_blocks+0x24/0x90 [ext4]', { role: 'fault', function: 'ext4_map_blocks' }],
    ['pc : dm_bufio_release+0x1c/0x30 [dm_bufio]', { role: 'fault', function: 'dm_bufio_release', module: 'dm_bufio' }],
    ['epc : nvme_irq+0x24/0x90', { role: 'fault', function: 'nvme_irq' }],
    ['NIP [c000000000a1b2c4] ext4_map_blocks+0x24/0x90', { role: 'fault', function: 'ext4_map_blocks' }],
    ['Krnl PSW : 0704c00180000000 000003ff8012a874 (alua_check+0x3c/0x98 [scsi_dh_alua])', { role: 'fault', function: 'alua_check', module: 'scsi_dh_alua' }],
    ['    [exception RIP: xfs_trans_cancel+18]', { role: 'fault', function: 'xfs_trans_cancel' }],
    ['PC is at ext4_map_blocks+0x24/0x90', { role: 'fault', function: 'ext4_map_blocks' }],
    ['lr : dm_bufio_write_dirty_buffers+0x40/0x90 [dm_bufio]', { role: 'link', function: 'dm_bufio_write_dirty_buffers' }],
    ['LR [c000000000a1b300] ext4_get_block+0x40/0x90', { role: 'link', function: 'ext4_get_block' }],
    ['LR is at ext4_get_block+0x40/0x90', { role: 'link', function: 'ext4_get_block' }],
  ])('%s', (line, expected) => {
    expect(readFrameLine(line)).toMatchObject(expected);
  });

  it.each([
    // Prose, register dumps and user-space RIPs are no frames.
    ['The crash happens in ext4_map_blocks, see below.'],
    ['RIP: 0033:0x7f1c2a3b4c5d'],
    ['RSP: 0018:ffffc90000e3bc58 EFLAGS: 00010246'],
    ['Modules linked in: xfs dm_thin_pool'],
    ['x = a+b'],
    ['Hardware name: QEMU Standard PC (i440FX + PIIX, 1996)'],
    [''],
  ])('%s is no frame', (line) => {
    expect(readFrameLine(line)).toBeNull();
  });
});
