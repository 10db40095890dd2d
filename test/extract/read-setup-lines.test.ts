import { extractConfigFacts } from '../../src/extract/extract-config-facts.js';
import { readLogLines, splitLines } from '../../src/extract/index.js';
import { isUserspaceMessage } from '../../src/extract/kernel-message-table.js';
import { readSetupLines } from '../../src/extract/read-setup-lines.js';
import { segmentReport } from '../../src/extract/segment-report.js';
import { readFactVocabulary } from '../../src/io/read-fact-vocabulary.js';
import type { FactDefinition } from '../../src/model.js';
import { makeReport } from './report-builder.js';

const statements = (text: string) => readSetupLines(splitLines(text)).map((s) => [s.factId, s.value, s.kind]);

describe('readSetupLines', () => {
  // Each row: a line a reporter pastes, and the setup statements read off it.
  it.each<[string, string, unknown[]]>([
    ['dmsetup table row (thin-pool)', 'vg-pool-tpool: 0 2097152 thin-pool 253:1 253:2 128 0 1 skip_block_zeroing', [['dm_thin', true, 'shown'], ['thin_pool', true, 'shown']]],
    ['dmsetup table row without a name', '0 409600 crypt aes-xts-plain64 :64:logon:cryptsetup:1234-d0 0 8:2 4096', [['dm_crypt', true, 'shown'], ['encryption', true, 'shown']]],
    ['dm-raid raid1 with a write-mostly member', 'vg-lv: 0 2097152 raid raid1 5 0 region_size 1024 write_mostly 1 2 253:1 253:2 253:3 253:4', [['dm_raid', true, 'shown'], ['write_mostly', true, 'shown']]],
    // the oops's module list: loaded is not in use (initramfs loads dm_crypt everywhere)
    ['Modules linked in', '[  1.2] Modules linked in: dm_crypt(E) loop\n dm_thin_pool xfs', []],
    ['mdstat with a write-mostly member', 'md0 : active raid1 sdb1[1](W) sda1[0]', [['raid_level', 'raid1', 'shown'], ['write_mostly', true, 'shown']]],
    ['mdstat read-only raid10', 'md127 : active (auto-read-only) raid10 sdd[3] sdc[2] sdb[1] sda[0]', [['raid_level', 'raid10', 'shown']]],
    // the loaded personalities list is not the array's level
    ['mdstat Personalities line', 'Personalities : [raid1] [raid6] [raid5] [raid4]', []],
    ['mdadm --detail level', '        Raid Level : raid6', [['raid_level', 'raid6', 'shown']]],
    ['a config line', 'CONFIG_FORTIFY_SOURCE=y', [['kconfig_fortify_source', true, 'shown']]],
    ['a module config line', 'CONFIG_DM_THIN_PROVISIONING=m', [['kconfig_dm_thin_provisioning', true, 'shown']]],
    ['an unset option', '# CONFIG_DEBUG_PREEMPT is not set', [['kconfig_debug_preempt', false, 'shown']]],
    // a value that is not a yes/no says nothing about a boolean fact
    ['a numeric option', 'CONFIG_LOG_BUF_SHIFT=18', []],
    ['prose: with and without', 'It only happens with CONFIG_PREEMPT_RT and without CONFIG_KASAN.', [['kconfig_preempt_rt', true, 'stated'], ['kconfig_kasan', false, 'stated']]],
    // a bare mention ("what does CONFIG_X do") states nothing
    ['a bare mention', 'Does CONFIG_DEBUG_VM matter here?', []],
    ['mount output', '/dev/pmem0 on /mnt type ext4 (rw,dax,data=journal)', [['mount_rw', true, 'shown'], ['mount_dax', true, 'shown'], ['mount_data', true, 'shown'], ['mount_data_journal', true, 'shown']]],
    ['a mount command', '# mount -o compress=zstd:3,noatime /dev/sdb /mnt', [['mount_compress', true, 'shown'], ['mount_compress_zstd', true, 'shown'], ['mount_noatime', true, 'shown']]],
    ['prose', 'The pool went read-only after a reboot.', []],
  ])('%s', (_name, text, expected) => {
    expect(statements(text)).toEqual(expected);
  });
});

describe('userspace messages in the kernel\'s words', () => {
  // Each row: a message and whether a userspace tool (not the kernel) prints it.
  it.each<[string, boolean]>([
    ['device-mapper: reload ioctl on vg-pool-tpool (253:4) failed: Invalid argument', true],
    ['device-mapper: remove ioctl on luks-1234 failed: Device or resource busy', true],
    ['device-mapper: version ioctl failed', true],
    ['mdadm: /dev/md0 has been started with 2 drives.', true],
    ['Thin pool vg-pool-tpool (253:4) transaction_id is 5, while expected 6.', true],
    // the kernel's own dm ioctl and table messages
    ['device-mapper: ioctl: error adding target to table', false],
    ['device-mapper: table: 253:4: thin-pool: Error opening metadata block device', false],
    ['device-mapper: thin: 253:6: switching pool to read-only mode', false],
  ])('%s: %s', (message, userspace) => {
    expect(isUserspaceMessage(message)).toBe(userspace);
  });

  it('keeps them out of the kernel log lines, and never joins them to the line above as a wrapped tail', () => {
    const text = [
      'device-mapper: reload ioctl on vg-pool-tpool (253:4) failed: Invalid argument',
      '[ 12.300000] device-mapper: table: 253:4: thin-pool: Error opening metadata block device',
      '  device-mapper: reload ioctl on  (253:3) failed: No data available',
      '[ 12.400000] device-mapper: ioctl: error adding target to table',
    ].join('\n');
    expect(readLogLines(text).map((l) => l.message)).toEqual(['device-mapper: table: 253:4: thin-pool: Error opening metadata block device', 'device-mapper: ioctl: error adding target to table']);
  });
});

describe('the bundled vocabulary reads the facts that separate bugs sharing a title', () => {
  let vocabulary: FactDefinition[];
  beforeAll(async () => {
    vocabulary = await readFactVocabulary();
  });
  const value = (body: string, id: string): unknown => extractConfigFacts(segmentReport(makeReport(body)), vocabulary)[id]?.value;

  // Each row: report text, fact id, the value read.
  it.each<[string, string, unknown]>([
    ['Linux host 6.8.0-31-generic #31-Ubuntu SMP x86_64 GNU/Linux', 'arch', 'x86_64'],
    ['[  348.370001] pc : nvmet_debugfs_ctrl_setup+0x3c/0x1f0 [nvmet]', 'arch', 'arm64'],
    ['[  348.370002] NIP [c000000000a1b2c4] xfs_iflush_cluster+0x1c4/0x3c0', 'arch', 'powerpc64'],
    ['[   12.000000] Krnl PSW : 0704c00180000000 000003ff8012a874 (alua_check+0x3c/0x98 [scsi_dh_alua])', 'arch', 's390x'],
    ['Running kernel-6.10.3-200.fc40.aarch64 on a Raspberry Pi', 'arch', 'arm64'],
    ['[   1.000000] RIP: 0010:blk_mq_hctx_notify_online+0x2a/0x90', 'arch', 'x86_64'],
    ['cat /sys/block/sda/queue/scheduler\nmq-deadline kyber [bfq] none', 'io_scheduler', 'bfq'],
    ['We switched the disks to the kyber scheduler last week.', 'io_scheduler', 'kyber'],
    ['md0 : active raid1 sdb1[1](W) sda1[0]', 'write_mostly', true],
    ['mdadm --create /dev/md0 --level=1 --raid-devices=2 /dev/sda1 --write-mostly /dev/sdb1', 'write_mostly', true],
    ['vg-pool-tpool: 0 2097152 thin-pool 253:1 253:2 128 0 1 skip_block_zeroing', 'dm_thin', true],
    ['[  1.0] device-mapper: raid: Loading target version 1.15.1', 'dm_raid', true],
    ['[  1.0] Modules linked in: dm_raid raid456 async_raid6_recov', 'dm_raid', undefined],
    ['CONFIG_FORTIFY_SOURCE=y', 'kconfig_fortify_source', true],
    ['[  5.0] BUG: using smp_processor_id() in preemptible [00000000] code: kworker/u8:2/123', 'kconfig_debug_preempt', true],
    ['Linux version 6.6.0-rt15 (gcc) #1 SMP PREEMPT_RT Fri Jan 5 2024', 'kconfig_preempt_rt', true],
    ['/dev/pmem0 on /mnt type xfs (rw,relatime,dax=always)', 'mount_dax', true],
    ['/dev/sda2 /home ext4 rw,data=journal 0 0', 'mount_data_journal', true],
  ])('%s -> %s', (body, id, expected) => {
    expect(value(body, id)).toEqual(expected);
  });
});
