import { readLogLines } from '../../src/extract/read-log-lines.js';

describe('readLogLines: prefixes', () => {
  it.each([
    // plain dmesg
    ['[101754.726823] device-mapper: thin: 254:4: switching pool to read-only mode', 'dmesg', 101754.726823, null, null],
    // syslog with the dmesg timestamp kept (the seed's format)
    ['Jan 15 20:15:44 zarniwoop kernel: [101754.735191] device-mapper: thin: 254:4: switching pool to read-only mode', 'syslog', 101754.735191, 'zarniwoop', null],
    // syslog with a single-digit day padded by a space, no dmesg timestamp
    ['Mar  3 02:31:07 fs01 kernel: device-mapper: thin: 254:4: switching pool to read-only mode', 'syslog', null, 'fs01', null],
    // journalctl -o short-precise
    ['Feb 12 00:00:41.207359 nas kernel: device-mapper: thin: 254:4: switching pool to read-only mode', 'syslog', null, 'nas', null],
    // journalctl -o short-iso
    ['2024-03-14T01:12:07.428711+01:00 dbhost kernel: device-mapper: thin: 254:4: switching pool to read-only mode', 'journal', null, 'dbhost', null],
    // journalctl -o short-monotonic
    ['[ 7333.018822] archbox kernel: device-mapper: thin: 254:4: switching pool to read-only mode', 'journal', 7333.018822, 'archbox', null],
    // dmesg -T
    ['[Tue Jan  9 14:02:11 2024] device-mapper: thin: 254:4: switching pool to read-only mode', 'human', null, null, null],
    // dmesg -T in the reporter's locale (French)
    ['[mer.  1 janv. 10:58:53 2025] device-mapper: thin: 254:4: switching pool to read-only mode', 'human', null, null, null],
    // dmesg --time-format=iso
    ['2024-01-09T14:02:11,123456+01:00 device-mapper: thin: 254:4: switching pool to read-only mode', 'human', null, null, null],
    // serial console with loglevel and a printk caller id
    ['<4>[  141.024688][ T2201] device-mapper: thin: 254:4: switching pool to read-only mode', 'console', 141.024688, null, 'T2201'],
    // CONFIG_PRINTK_CALLER, CPU context, separated by a space
    ['[ 6137.201702] [   C2] device-mapper: thin: 254:4: switching pool to read-only mode', 'dmesg', 6137.201702, null, 'C2'],
    // dmesg --reltime deltas
    ['[  +2.697798] device-mapper: thin: 254:4: switching pool to read-only mode', 'dmesg', null, null, null],
    // metalog and syslog-ng: the tag in brackets, no host
    ['Mar 03 09:12:01 [kernel] [    8.412233] device-mapper: thin: 254:4: switching pool to read-only mode', 'syslog', 8.412233, null, null],
    // busybox syslogd with facility.level, and OpenWrt's logread (weekday and year, no host)
    ['Mar  3 09:12:01 router kern.err kernel: [    8.412233] device-mapper: thin: 254:4: switching pool to read-only mode', 'syslog', 8.412233, 'router', null],
    ['Mon Mar  3 09:12:01 2025 kern.warn kernel: [    8.412233] device-mapper: thin: 254:4: switching pool to read-only mode', 'syslog', 8.412233, null, null],
    // RFC 5424, without and with structured data
    ['<3>1 2024-01-15T20:15:44.123456+00:00 fs01 kernel - - - device-mapper: thin: 254:4: switching pool to read-only mode', 'journal', null, 'fs01', null],
    ['<4>1 2024-01-15T20:15:44Z fs01 kernel - - [timeQuality tzKnown="1"] [    8.412233] device-mapper: thin: 254:4: switching pool to read-only mode', 'journal', 8.412233, 'fs01', null],
    // journalctl -o verbose: the MESSAGE= field of a record
    ['    MESSAGE=device-mapper: thin: 254:4: switching pool to read-only mode', 'journal', null, null, null],
    // dmesg -x: facility and level before the timestamp
    ['kern  :err   : [    8.412233] device-mapper: thin: 254:4: switching pool to read-only mode', 'dmesg', 8.412233, null, null],
    // a console server or pdsh naming the host before the kernel's own prefix
    ['node-07: [    8.412233] device-mapper: thin: 254:4: switching pool to read-only mode', 'console', 8.412233, 'node-07', null],
    ['ipmi-sol.lab3 | <4>[    8.412233][ T2201] device-mapper: thin: 254:4: switching pool to read-only mode', 'console', 8.412233, 'ipmi-sol.lab3', 'T2201'],
    // a bare message with a known subsystem prefix
    ['device-mapper: thin: 254:4: switching pool to read-only mode', 'bare', null, null, null],
  ])('%s', (line, kind, timestamp, host, callerId) => {
    const [found] = readLogLines(line);
    expect(found).toMatchObject({ message: 'device-mapper: thin: 254:4: switching pool to read-only mode', kind, timestamp, host, callerId, line: 0 });
    expect(line.slice(found!.messageStart)).toBe(found!.message);
  });

  it.each([
    ['prose', 'We were hit by the following error twice within 3 days:'],
    // prose that starts with a subsystem name but has no kernel-message shape
    ['a subsystem name in a sentence', 'dm-integrity checksum failures under md raid6 after a scrub'],
    ['a table row', '  mysql               data  Vwi-aotz-  70.00g thinpool                   74.44'],
    ['an empty message after a timestamp', '[  12.000000] '],
    // a word and a colon are a host prefix only before the kernel's timestamp
    ['a label and prose', 'note: device-mapper: thin: switching pool to read-only mode happened twice'],
    // the other fields of a journalctl -o verbose record
    ['a journal field', '    _TRANSPORT=kernel'],
  ])('ignores %s', (_name, text) => {
    expect(readLogLines(text)).toEqual([]);
  });
});

describe('readLogLines: wrapped lines, noise, offsets', () => {
  it('re-joins a line Bugzilla cut at a fixed column in the middle of a word', () => {
    const text = [
      'Jan 14 06:36:23 zarniwoop kernel: [416943.401632] device-mapper: thin: process_bio: dm_thin_find_block() failed: erro',
      'r = -22',
      'Jan 14 06:36:23 zarniwoop kernel: [416943.409645] Buffer I/O error on device dm-6, logical block 1041',
    ].join('\n');
    const lines = readLogLines(text);
    expect(lines.map((l) => l.message)).toEqual([
      'device-mapper: thin: process_bio: dm_thin_find_block() failed: error = -22',
      'Buffer I/O error on device dm-6, logical block 1041',
    ]);
    expect(lines[0]).toMatchObject({ line: 0, lastLine: 1, start: 0 });
    expect(lines[0]!.end).toBe(text.indexOf('r = -22') + 'r = -22'.length);
    expect(lines[0]!.quote).toBe(text.split('\n').slice(0, 2).join(''));
    expect(lines[1]!.line).toBe(2);
  });

  it.each([
    // the next word did not fit on a line shorter than 60 columns (a mail client wrapping at 72)
    [
      'Mar 03 09:12:01 myhost kernel: [  243.412241] "echo 0 >\n/proc/sys/kernel/hung_task_timeout_secs" disables this message.',
      '"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.',
    ],
    ['Mar 03 09:12:01 myhost01 kernel: [  243.412233] INFO: task\nkworker/3:2:411 blocked for more than 122 seconds.', 'INFO: task kworker/3:2:411 blocked for more than 122 seconds.'],
    // the metalog example, broken twice
    [
      'Mar 03 09:12:01 [kernel] [   8.412233] EXT4-fs error (device dm-3):\next4_map_blocks:601: inode #2231: block 8812: comm cp: lblock 0\nmapped to illegal pblock 8812 (length 1)',
      'EXT4-fs error (device dm-3): ext4_map_blocks:601: inode #2231: block 8812: comm cp: lblock 0 mapped to illegal pblock 8812 (length 1)',
    ],
  ])('re-joins a word-wrapped line: %s', (text, message) => {
    expect(readLogLines(text)[0]!.message).toBe(message);
  });

  it('does not join a short line to the next when its first word would have fitted', () => {
    const text = 'Mar 03 09:12:01 myhost kernel: [  243.4] sda: sda1 sda2\nsomething else printed by a program';
    expect(readLogLines(text).map((line) => line.message)).toEqual(['sda: sda1 sda2']);
  });

  it('keeps the space a line was wrapped at ("vs " + "new=btree_node)")', () => {
    const text = 'Jan 14 06:36:23 zarniwoop kernel: [416943.415675] device-mapper: block manager: validator mismatch (old=sm_bitmap vs \nnew=btree_node) for block 9483';
    expect(readLogLines(text)[0]!.message).toBe('device-mapper: block manager: validator mismatch (old=sm_bitmap vs new=btree_node) for block 9483');
  });

  it('joins an indented continuation (journalctl aligns a multi-line message under its first line) with a space', () => {
    const text = [
      'Jun 10 08:01:02 srv01 kernel: ata3.00: cmd 60/08:60:00:2c:8a/00:00:3a:00:00/40 tag 12 ncq dma 4096 in',
      '                                       res 41/40:00:00:2c:8a/00:00:3a:00:00/00 Emask 0x409 (media error) <F>',
    ].join('\n');
    expect(readLogLines(text)[0]!.message).toBe('ata3.00: cmd 60/08:60:00:2c:8a/00:00:3a:00:00/40 tag 12 ncq dma 4096 in res 41/40:00:00:2c:8a/00:00:3a:00:00/00 Emask 0x409 (media error) <F>');
  });

  it('puts back the space a mail client dropped when word-wrapping a quoted line', () => {
    const text = '> Jan 22 17:45:29 zarniwoop kernel: [84611.114932] device-mapper: space map\n> common: unable to decrement a reference count below 0';
    const [line] = readLogLines(text);
    expect(line).toMatchObject({ message: 'device-mapper: space map common: unable to decrement a reference count below 0', quoteDepth: 1, start: 2 });
  });

  it('joins the lone "." jbd2 printed on the next line', () => {
    const text = 'Jan 14 06:36:25 zarniwoop kernel: [416946.164873] JBD2: Error -5 detected when updating journal superblock for dm-6-8\n.';
    expect(readLogLines(text)[0]!.message).toBe('JBD2: Error -5 detected when updating journal superblock for dm-6-8.');
  });

  it('does not join prose that follows a log line', () => {
    const text = '[  1.000000] EXT4-fs (sda1): Remounting filesystem read-only because of a long message here\nEvery time we had to wipe the pool.';
    expect(readLogLines(text)).toHaveLength(1);
    expect(readLogLines(text)[0]!.lastLine).toBe(0);
  });

  it('drops rate-limit noise', () => {
    const text = '[416989.282691] dm_bm_validate_buffer: 732 callbacks suppressed\n[416989.282695] printk: 12 messages suppressed.\n[416989.3] device-mapper: thin: x failed';
    expect(readLogLines(text).map((l) => l.message)).toEqual(['device-mapper: thin: x failed']);
  });

  it('gives offsets into the whole text for lines after the first, CRLF included', () => {
    const text = 'intro\r\n```\r\n[   3.100000] md/raid1:md0: Disk failure on sdb1, disabling device.\r\n```';
    const [line] = readLogLines(text);
    expect(line!.line).toBe(2);
    expect(text.slice(line!.start, line!.end)).toBe('[   3.100000] md/raid1:md0: Disk failure on sdb1, disabling device.');
    expect(line!.inFence).toBe(true);
  });
});

describe('readLogLines: a counter before every line', () => {
  it('looks past the counter, with or without a timestamp after it', () => {
    const text = [
      '00412 [   93.118301] Oops: 0000 [#1] PREEMPT SMP NOPTI',
      '00413 [   93.118322] CPU: 2 UID: 0 PID: 4121 Comm: dmsetup Not tainted 6.12.0-rc3+ #14',
      '00414 device-mapper: thin: 252:2: switching pool to read-only mode',
      '00415 RIP: 0010:dm_pool_commit_metadata+0x2c/0x110 [dm_thin_pool]',
    ].join('\n');
    const lines = readLogLines(text);
    expect(lines.map((l) => [l.message, l.timestamp, l.kind])).toEqual([
      ['Oops: 0000 [#1] PREEMPT SMP NOPTI', 93.118301, 'dmesg'],
      ['CPU: 2 UID: 0 PID: 4121 Comm: dmsetup Not tainted 6.12.0-rc3+ #14', 93.118322, 'dmesg'],
      ['device-mapper: thin: 252:2: switching pool to read-only mode', null, 'bare'],
      ['RIP: 0010:dm_pool_commit_metadata+0x2c/0x110 [dm_thin_pool]', null, 'bare'],
    ]);
    for (const l of lines) expect(text.slice(l.messageStart, l.end)).toBe(l.message);
  });

  it('does not join a counter-prefixed line to the long line above it', () => {
    const text = `01818 ${'[  1.000000] EXT4-fs (dm-0): mounted filesystem with ordered data mode. Quota mode: none.'}\n01818 generic/250 run fstests generic/250 at 2022-05-28`;
    const [line] = readLogLines(text);
    expect(line).toMatchObject({ line: 0, lastLine: 0, message: 'EXT4-fs (dm-0): mounted filesystem with ordered data mode. Quota mode: none.' });
  });

  it('does not eat a lone number at the start of a prose line', () => {
    // "2014 EXT4-fs ..." alone among prose is a sentence that starts with a year, not a log line
    const text = 'The array was built in\n2014 EXT4-fs (sda1): and has been fine\nsince then, until last week.';
    expect(readLogLines(text)).toEqual([]);
  });
});


describe('readLogLines: a lockdep report pasted without timestamps', () => {
  // The shape lockdep prints (kernel/locking/lockdep.c: print_circular_bug, print_lock,
  // lockdep_print_held_locks); lock names of a btrfs clone deadlock, synthetic addresses.
  const report = [
    'I hit this while cloning a file with an inline extent:',
    '',
    '======================================================',
    'WARNING: possible circular locking dependency detected',
    '5.13.0-rc1 #28 Not tainted',
    '------------------------------------------------------',
    'cloner/3835 is trying to acquire lock:',
    'c00000001301d638 (sb_internal#2){.+.+}-{0:0}, at: clone_copy_inline_extent+0xe4/0x5a0',
    '',
    'but task is already holding lock:',
    'c000000007fa2550 (btrfs-tree-00){++++}-{3:3}, at: __btrfs_tree_read_lock+0x70/0x1d0',
    '',
    'the existing dependency chain (in reverse order) is:',
    '',
    '-> #1 (btrfs-tree-00){++++}-{3:3}:',
    '       down_read_nested+0x68/0x200',
    '',
    '-> #0 (sb_internal#2){.+.+}-{0:0}:',
    '       __lock_acquire+0x1c58/0x2ad0',
    '',
    ' *** DEADLOCK ***',
    '',
    '3 locks held by cloner/3835:',
    ' #0: c00000000c5cb4e8 (sb_writers#11){.+.+}-{0:0}, at: ioctl_file_clone+0x90/0x140',
  ].join('\n');

  it('reads the lock lines, the chain heads and the verdict as kernel lines whatever their prefix', () => {
    expect(readLogLines(report).map((l) => [l.kind, l.message])).toEqual([
      ['bare', 'WARNING: possible circular locking dependency detected'],
      ['bare', 'cloner/3835 is trying to acquire lock:'],
      ['bare', 'c00000001301d638 (sb_internal#2){.+.+}-{0:0}, at: clone_copy_inline_extent+0xe4/0x5a0'],
      ['bare', 'but task is already holding lock:'],
      ['bare', 'c000000007fa2550 (btrfs-tree-00){++++}-{3:3}, at: __btrfs_tree_read_lock+0x70/0x1d0'],
      ['bare', '-> #1 (btrfs-tree-00){++++}-{3:3}:'],
      ['bare', '-> #0 (sb_internal#2){.+.+}-{0:0}:'],
      ['bare', '*** DEADLOCK ***'],
      ['bare', '3 locks held by cloner/3835:'],
      ['bare', '#0: c00000000c5cb4e8 (sb_writers#11){.+.+}-{0:0}, at: ioctl_file_clone+0x90/0x140'],
    ]);
  });

  it('re-joins a lock line a mail client wrapped after "at:"', () => {
    const wrapped = 'cloner/3835 is trying to acquire lock:\nc00000001301d638 (sb_internal#2){.+.+}-{0:0}, at:\nclone_copy_inline_extent+0xe4/0x5a0';
    expect(readLogLines(wrapped).map((l) => l.message)).toEqual([
      'cloner/3835 is trying to acquire lock:',
      'c00000001301d638 (sb_internal#2){.+.+}-{0:0}, at: clone_copy_inline_extent+0xe4/0x5a0',
    ]);
  });

  it('leaves prose about locks alone', () => {
    expect(readLogLines('The deadlock (see below) {maybe} happens at: random times.\nlockdep said 3 locks held by something.')).toEqual([]);
  });
});

describe('readLogLines: a driver message about a device, pasted without timestamps', () => {
  // dev_printk's shape: driver name, then the device's bus address (USB bus-port:config.interface, PCI domain:bus:slot.fn).
  it('reads USB and PCI device messages and the driver core probe failure as kernel lines', () => {
    const text = [
      'Plugged my new adapter in, dmesg --notime says:',
      '',
      'usb 3-2: New USB device found, idVendor=067b, idProduct=23a3, bcdDevice= 6.05',
      'pl2303 3-2:1.0: pl2303 converter detected',
      'pl2303 3-2:1.0: unknown device type, please report to linux-usb@vger.kernel.org',
      'pl2303: probe of 3-2:1.0 failed with error -19',
      'r8152 2-1.4:1.0 eth0: Tx timeout',
      'xhci_hcd 0000:00:14.0: WARN Set TR Deq Ptr cmd failed due to incorrect slot or ep state.',
      'usbcore: registered new interface driver pl2303',
    ].join('\n');
    expect(readLogLines(text).map((l) => [l.kind, l.message])).toEqual([
      ['bare', 'usb 3-2: New USB device found, idVendor=067b, idProduct=23a3, bcdDevice= 6.05'],
      ['bare', 'pl2303 3-2:1.0: pl2303 converter detected'],
      ['bare', 'pl2303 3-2:1.0: unknown device type, please report to linux-usb@vger.kernel.org'],
      ['bare', 'pl2303: probe of 3-2:1.0 failed with error -19'],
      ['bare', 'r8152 2-1.4:1.0 eth0: Tx timeout'],
      ['bare', 'xhci_hcd 0000:00:14.0: WARN Set TR Deq Ptr cmd failed due to incorrect slot or ep state.'],
      ['bare', 'usbcore: registered new interface driver pl2303'],
    ]);
  });

  it('re-joins such a line that a mail client wrapped at 72 columns', () => {
    const text = 'pl2303 3-2:1.0: unknown device type, please report to\nlinux-usb@vger.kernel.org';
    expect(readLogLines(text).map((l) => l.message)).toEqual(['pl2303 3-2:1.0: unknown device type, please report to linux-usb@vger.kernel.org']);
  });

  it('leaves prose that mentions a device alone', () => {
    expect(readLogLines('My usb 3-2 port is dead: nothing shows up.\nThe pl2303 adapter (a cheap one) fails: see below.')).toEqual([]);
  });
});
