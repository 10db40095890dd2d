import { readMountLines } from '../../src/extract/read-mount-lines.js';
import { splitLines } from '../../src/extract/split-lines.js';

describe('readMountLines', () => {
  it.each([
    ['/dev/mapper/data-mysql on /var/lib/mysql type ext4 (rw,relatime,discard,nobarrier,stripe=16,data=ordered)', 'ext4', 'discard'],
    ['/dev/mapper/vgpg-data /var/lib/pgsql xfs rw,noatime,nodiscard,logbsize=256k 0 0', 'xfs', 'nodiscard'],
    ['UUID=3f0a2c11-52a9-4f59-9d55-08a6d2f2a019 /srv btrfs defaults,discard=async 0 0', 'btrfs', 'discard=async'],
  ])('%s', (line, type, option) => {
    const [mount] = readMountLines(splitLines(line));
    expect(mount!.type).toBe(type);
    expect(mount!.options).toContain(option);
  });

  it.each([['We mount it on /data with type ext4 options.'], ['/dev/sda1 is on fire']])('ignores prose: %s', (line) => {
    expect(readMountLines(splitLines(line))).toEqual([]);
  });
});
