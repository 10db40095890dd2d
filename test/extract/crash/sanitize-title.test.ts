import { sanitizeTitle } from '../../../src/extract/crash/sanitize-title.js';

describe('sanitizeTitle', () => {
  it.each([
    // source line numbers change with every kernel version
    ['kernel BUG at fs/ext4/inode.c:2718!', 'kernel BUG at fs/ext4/inode.c:LINE!'],
    // addresses, with or without 0x
    ['KASAN: use-after-free in foo at addr ffff88003a2b4c5d', 'KASAN: use-after-free in foo at addr ADDR'],
    ['unable to handle kernel paging request at 0xffffffffa0001234', 'unable to handle kernel paging request at ADDR'],
    // frame offsets
    ['INFO: Freed in fasync_free_rcu+0x14/0x20 age=624 cpu=0 pid=3', 'INFO: Freed in fasync_free_rcu age=NUM cpu=NUM pid=NUM'],
    // CPU numbers and IP addresses
    ['WARNING: CPU#3 stuck talking to 10.0.0.12', 'WARNING: CPU stuck talking to IP'],
    // numbers separated by commas need repeated passes
    ['unknown-block(8,1)', 'unknown-block(NUM,NUM)'],
    // digits inside identifiers stay; executor ids go
    ['WARNING in cfg80211_rx_mgmt from syz-executor.3/1234', 'WARNING in cfg80211_rx_mgmt from syz-executor'],
    // control characters dropped, runs of spaces and tabs collapsed
    ['BUG:\u0007  spinlock\t\tbad magic ', 'BUG: spinlock bad magic'],
  ])('%s', (raw, expected) => {
    expect(sanitizeTitle(raw)).toBe(expected);
  });

  it('caps the length of titles from garbled lines', () => {
    expect(sanitizeTitle(`WARNING: ${'x'.repeat(500)}`)).toHaveLength(120);
  });

  it('is idempotent', () => {
    const once = sanitizeTitle('kernel BUG at fs/btrfs/ctree.h:3617! CPU#1 0xdeadbeef');
    expect(sanitizeTitle(once)).toBe(once);
  });
});
