import { isDistinctiveFrame, isGenericFrame, normalizeFunctionName } from '../../src/extract/index.js';

// Each row: a frame or name as some trace shape or rule writes it, and the one spelling compared.
it.each<[string, string]>([
  ['xfs_iwalk_ag', 'xfs_iwalk_ag'],
  // x86 frame with offset/size and module
  ['xfs_iwalk_ag+0x1c/0x2f0 [xfs]', 'xfs_iwalk_ag'],
  // unreliable x86 frame
  ['? xfs_iwalk_ag+0x1c/0x2f0', 'xfs_iwalk_ag'],
  // /proc/<pid>/stack
  ['[<0>] xfs_fs_freeze+0x15/0x40 [xfs]', 'xfs_fs_freeze'],
  // s390 / old x86 with the address first
  ['[<000003ff8012a874>] alua_check+0x3c/0x98 [scsi_dh_alua]', 'alua_check'],
  // compiler clones, stacked
  ['ext4_map_blocks.isra.0.cold', 'ext4_map_blocks'],
  ['bfq_setup_cooperator.constprop.0+0x12/0x40', 'bfq_setup_cooperator'],
  ['blk_mq_dispatch_rq_list.part.12', 'blk_mq_dispatch_rq_list'],
  ['nvme_submit_cmd.llvm.1234567890', 'nvme_submit_cmd'],
  // symbolized (decode_stacktrace.sh)
  ['ext4_writepages (fs/ext4/inode.c:2791)', 'ext4_writepages'],
  // not a name at all
  ['+0x1c/0x2f0', ''],
  ['', ''],
])('normalizeFunctionName(%j) = %j', (text, name) => {
  expect(normalizeFunctionName(text)).toBe(name);
});

// Each row: a function, whether it is generic (shared by traces of unrelated bugs), whether it is distinctive alone.
it.each<[string, boolean, boolean]>([
  ['entry_SYSCALL_64', true, false],
  ['__schedule', true, false],
  ['ret_from_fork', true, false],
  ['warn_slowpath_fmt', true, false],
  // the title code's skip table counts too
  ['kfree', true, false],
  ['mutex_lock', true, false],
  ['xfs_iwalk_run_callbacks', false, true],
  ['bfq_setup_cooperator', false, true],
  // a verb and a noun: generic helpers of every filesystem
  ['do_writepages', false, false],
  // too short to name one bug
  ['iput_final', true, false],
  ['xfs_iget', false, false],
])('%s: generic %s, distinctive alone %s', (name, generic, distinctive) => {
  expect(isGenericFrame(name)).toBe(generic);
  expect(isDistinctiveFrame(name)).toBe(distinctive);
});
