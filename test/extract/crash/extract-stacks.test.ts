// Call traces in every shape real reports carry (synthetic traces written in the real shapes; the
// shape each one follows is named above it), linked to their crash, with cuts marked.
import fc from 'fast-check';
import { extractCrashesAndStacks } from '../../../src/extract/crash/index.js';

/** Each trace's functions, a frame the unwinder was unsure of (`unreliable`) written `? f` as the kernel prints it. */
const fns = (text: string) => extractCrashesAndStacks(text).stacks.map((stack) => stack.frames.map((frame) => (frame.unreliable ? `? ${frame.function}` : frame.function)));

describe('extractCrashesAndStacks: trace shapes', () => {
  it.each([
    [
      // x86 6.x: RIP first, <TASK> markers, `?` frames kept in place (marked unreliable), clone suffixes removed.
      'x86 with RIP and <TASK>',
      [
        '[  140.728169] WARNING: CPU: 1 PID: 6181 at fs/buffer.c:1183 mark_buffer_dirty+0x299/0x3f0',
        '[  140.728200] Modules linked in: xfs',
        '[  140.728306] RIP: 0010:mark_buffer_dirty+0x299/0x3f0',
        '[  140.728307] RSP: 0018:ffffc90000e3bc58 EFLAGS: 00010246',
        '[  140.728499] Call Trace:',
        '[  140.728500]  <TASK>',
        '[  140.728501]  ? __warn+0x81/0x130',
        '[  140.728510]  bfs_get_block.isra.0+0x1a/0x30',
        '[  140.728520]  do_writepages.constprop.3.cold+0x21/0x50 [xfs]',
        '[  140.728521]  </TASK>',
        '[  140.728522] ---[ end trace 0000000000000000 ]---',
      ],
      [['mark_buffer_dirty', '? __warn', 'bfs_get_block', 'do_writepages']],
    ],
    [
      // x86 with an interrupt: <IRQ> ... </IRQ> inside one trace.
      'x86 with <IRQ>',
      ['Call Trace:', ' <IRQ>', ' nvme_irq+0x1c/0x30 [nvme]', ' __handle_irq_event_percpu+0x4a/0x180', ' </IRQ>', ' <TASK>', ' asm_common_interrupt+0x22/0x40', ' </TASK>'],
      [['nvme_irq', '__handle_irq_event_percpu', 'asm_common_interrupt']],
    ],
    [
      // /proc/<pid>/stack after the command that printed it; two tasks are two traces.
      '/proc/pid/stack',
      ['# cat /proc/1234/stack', '[<0>] percpu_down_write+0x12/0x40', '[<0>] xfs_fs_freeze+0x15/0x40 [xfs]', '# cat /proc/1240/stack', '[<0>] xfs_log_force+0x1/0x2 [xfs]'],
      [['percpu_down_write', 'xfs_fs_freeze'], ['xfs_log_force']],
    ],
    [
      // s390: Krnl PSW names the fault; the Last Breaking-Event-Address frame belongs to no chain.
      's390',
      [
        'Krnl PSW : 0704c00180000000 000003ff8012a874 (alua_check+0x3c/0x98 [scsi_dh_alua])',
        '           R:0 T:1 IO:1 EX:1 Key:0 M:1 W:0 P:0 AS:3 CC:0 PM:0 RI:0 EA:3',
        'Krnl GPRS: 0000000000000000 000003ff8012a85a 0000000000000000 0000000000000000',
        'Call Trace:',
        ' [<000003ff8012a874>] alua_check+0x3c/0x98 [scsi_dh_alua]',
        ' [<000000000068b1d2>] process_one_work+0x1fa/0x470',
        'Last Breaking-Event-Address:',
        ' [<000003ff8012a856>] alua_rtpg+0x1e/0x98 [scsi_dh_alua]',
      ],
      [['alua_check', 'process_one_work']],
    ],
    [
      // arm64 with show_stack on top (5.x dump_stack path): the pc function is not repeated.
      'arm64',
      [
        '[   12.3] pc : dm_bufio_release+0x1c/0x30 [dm_bufio]',
        '[   12.3] lr : dm_bufio_write_dirty_buffers+0x40/0x90 [dm_bufio]',
        '[   12.3] sp : ffff80000a0e3b60',
        '[   12.3] Call trace:',
        '[   12.3]  dm_bufio_release+0x1c/0x30 [dm_bufio]',
        '[   12.3]  dm_bm_unlock+0x10/0x20 [dm_persistent_data]',
      ],
      [['dm_bufio_release', 'dm_bm_unlock']],
    ],
    [
      // powerpc: NIP/LR then frames with two addresses; `(unreliable)` kept, marked.
      'powerpc',
      [
        'NIP [c000000000a1b2c4] ext4_map_blocks+0x24/0x90',
        'LR [c000000000a1b300] ext4_get_block+0x40/0x90',
        'Call Trace:',
        '[c0000000fe7a3b10] [c0000000001234aa] ext4_da_get_block_prep+0x1c/0x40 (unreliable)',
        '[c0000000fe7a3b50] [c0000000001234bb] ext4_get_block+0x40/0x90',
        '--- interrupt: 300 at ext4_map_blocks+0x24/0x90',
        '    LR = ext4_get_block+0x40/0x90',
        '[c0000000fe7a3b90] [c0000000001234cc] __block_write_begin+0x1c/0x40',
      ],
      [['ext4_map_blocks', '? ext4_da_get_block_prep', 'ext4_get_block', 'ext4_map_blocks', '__block_write_begin']],
    ],
    [
      // syzbot-symbolized and decode_stacktrace.sh output, inline frames kept (flagged).
      'symbolized',
      ['Call Trace:', ' <TASK>', ' __dump_stack lib/dump_stack.c:88 [inline]', ' dump_stack_lvl+0x1b1/0x28e lib/dump_stack.c:106', ' ext4_map_blocks (fs/ext4/inode.c:601)', ' ? ext4_foo (fs/ext4/inode.c:12)'],
      [['__dump_stack', 'dump_stack_lvl', 'ext4_map_blocks']],
    ],
    [
      // addr2line -f -i output pasted as a trace.
      'addr2line',
      ['ext4_map_blocks at fs/ext4/inode.c:601', ' (inlined by) ext4_get_block at fs/ext4/inode.c:700', '__block_write_begin at fs/buffer.c:2000'],
      [['ext4_map_blocks', 'ext4_get_block', '__block_write_begin']],
    ],
    [
      // crash(8) bt: the exception RIP starts the chain that matters.
      'crash(8) bt',
      [
        'PID: 1234   TASK: ffff8881a2b3c000  CPU: 3   COMMAND: "xfs_freeze"',
        ' #0 [ffffb0a1c0c3bc10] machine_kexec at ffffffff8105d9b1',
        ' #1 [ffffb0a1c0c3bc68] __crash_kexec at ffffffff8115a2b2',
        '    [exception RIP: xfs_trans_cancel+18]',
        '    RIP: ffffffffc0a1b2c5  RSP: ffffb0a1c0c3bd28  RFLAGS: 00010246',
        ' #3 [ffffb0a1c0c3bd28] xfs_fs_freeze at ffffffffc0a1b2c5 [xfs]',
        '    /usr/src/debug/kernel-5.14.0/linux/fs/xfs/xfs_super.c: 912',
        ' #4 [ffffb0a1c0c3bd50] freeze_super at ffffffff8129e1a2',
      ],
      [['machine_kexec', '__crash_kexec'], ['xfs_trans_cancel', 'xfs_fs_freeze', 'freeze_super']],
    ],
    [
      // arm (32-bit) chains: each caller once.
      'arm',
      ['[<c010c2a4>] (unwind_backtrace) from [<c0108d5c>] (show_stack+0x10/0x14)', '[<c0108d5c>] (show_stack) from [<c06a1b2c>] (dump_stack+0x98/0xac)'],
      [['unwind_backtrace', 'show_stack', 'dump_stack']],
    ],
    [
      // Interleaved lines of another task ([T..] caller ids) do not end the trace.
      'interleaved printk callers',
      ['[   5.1][ T100] Call Trace:', '[   5.1][ T100]  md_write_start+0x1/0x2', '[   5.1][ T200] eth0: link up', '[   5.1][ T100]  raid1_make_request+0x1/0x2 [raid1]'],
      [['md_write_start', 'raid1_make_request']],
    ],
    [
      // Prose with a frame-like word, and a lone unbracketed frame, are no trace.
      'prose',
      ['I think the bug is in xfs_foo+0x12/0x30 somewhere.', '', ' xfs_bar+0x12/0x30', '', 'Thanks.'],
      [],
    ],
  ])('%s', (_name, lines, expected) => {
    expect(fns(lines.join('\n'))).toEqual(expected);
  });

  it('keeps module, source and inline per frame', () => {
    const [stack] = extractCrashesAndStacks('Call Trace:\n __list_del_entry include/linux/list.h:132 [inline]\n xfs_trans_cancel+0x12/0x130 [xfs]').stacks;
    expect(stack!.frames.map(({ function: f, module, source, inline, unreliable }) => ({ f, module, source, inline, unreliable }))).toEqual([
      { f: '__list_del_entry', module: null, source: 'include/linux/list.h:132', inline: true, unreliable: false },
      { f: 'xfs_trans_cancel', module: 'xfs', source: null, inline: false, unreliable: false },
    ]);
  });
});

describe('extractCrashesAndStacks: cuts and crash links', () => {
  it('marks a trace the reporter cut and keeps both ends', () => {
    const text = [
      '[  1.0] BUG: kernel NULL pointer dereference, address: 0000000000000040',
      '[  1.0] RIP: 0010:blk_mq_end_request+0x12/0x130',
      '[  1.0] Call Trace:',
      '[  1.0]  scsi_end_request+0x1a/0x30',
      '[... trimmed ...]',
      '[  1.0]  ret_from_fork+0x1f/0x30',
    ].join('\n');
    const { crashes, stacks } = extractCrashesAndStacks(text);
    expect(stacks).toHaveLength(1);
    expect(stacks[0]).toMatchObject({ truncated: true, crash: 0 });
    expect(stacks[0]!.frames.map((f) => f.function)).toEqual(['blk_mq_end_request', 'scsi_end_request', 'ret_from_fork']);
    expect(crashes[0]!.title).toBe('BUG: unable to handle kernel NULL pointer dereference in blk_mq_end_request');
  });

  it.each([['<snip>'], ['[snip]'], ['...'], ['--- snip ---'], ['(12 more lines)'], ['[ ... 40 lines trimmed ... ]']])('%s is a cut', (marker) => {
    const [stack] = extractCrashesAndStacks(`Call Trace:\n f+0x1/0x2\n${marker}\n g+0x1/0x2`).stacks;
    expect(stack).toMatchObject({ truncated: true });
    expect(stack!.frames.map((f) => f.function)).toEqual(['f', 'g']);
  });

  it('gives a fault line without its trace the link register and marks it cut', () => {
    const text = ['[ 12.3] Internal error: Oops: 96000004 [#1] PREEMPT SMP', '[ 12.3] pc : dm_bufio_release+0x1c/0x30 [dm_bufio]', '[ 12.3] lr : dm_bufio_write_dirty_buffers+0x40/0x90 [dm_bufio]', '[ 12.3] sp : ffff80000a0e3b60'].join('\n');
    const { stacks } = extractCrashesAndStacks(text);
    expect(stacks).toEqual([expect.objectContaining({ truncated: true, crash: 0 })]);
    expect(stacks[0]!.frames.map((f) => f.function)).toEqual(['dm_bufio_release', 'dm_bufio_write_dirty_buffers']);
  });

  it('links each trace to the crash above it', () => {
    const text = [
      '[  300.1] INFO: task md0_raid1:321 blocked for more than 122 seconds.',
      '[  300.2] Call Trace:',
      '[  300.3]  __schedule+0x2cb/0x750',
      '[  300.4]  raise_barrier+0x11a/0x1c0 [raid1]',
      '[  301.0] WARNING: CPU: 1 PID: 6181 at fs/buffer.c:1183 mark_buffer_dirty+0x299/0x3f0',
      '[  301.1] RIP: 0010:mark_buffer_dirty+0x299/0x3f0',
      '[  301.2] Call Trace:',
      '[  301.3]  bfs_get_block+0x1a/0x30',
      '[  301.4]  do_writepages+0x21/0x50',
    ].join('\n');
    const { crashes, stacks } = extractCrashesAndStacks(text);
    expect(crashes.map((c) => c.title)).toEqual(['INFO: task hung in raise_barrier', 'WARNING in mark_buffer_dirty']);
    expect(stacks.map((s) => s.crash)).toEqual([0, 1]);
  });

  it('links no crash to a trace without one', () => {
    expect(extractCrashesAndStacks('[<0>] xfs_fs_freeze+0x15/0x40 [xfs]').stacks).toEqual([expect.objectContaining({ crash: null, truncated: false })]);
  });

  it('quotes each frame line exactly', () => {
    const text = 'Seen this:\n> [  1.0] Call Trace:\n> [  1.0]  xfs_trans_cancel+0x12/0x130 [xfs]\n> [  1.0]  xfs_fs_freeze+0x1/0x2 [xfs]\n';
    const [stack] = extractCrashesAndStacks(text).stacks;
    for (const frame of stack!.frames) expect(text.slice(frame.start, frame.end)).toBe(frame.quote);
    expect(stack!.frames[0]!.quote).toBe('> [  1.0]  xfs_trans_cancel+0x12/0x130 [xfs]');
  });
});

describe('extractCrashesAndStacks: frames the unwinder was unsure of', () => {
  // x86 6.x oops: the exception frames and the faulting function come again as `? ` frames above
  // the chain, stale return addresses sit between its frames (null_blk report shape, 2024).
  const oops = [
    '[ 1200.043860] BUG: kernel NULL pointer dereference, address: 0000000000000130',
    '[ 1200.070691] CPU: 0 PID: 1724 Comm: sh Not tainted 6.9.0 #1',
    '[ 1200.087105] RIP: 0010:_raw_spin_lock_irq+0x18/0x30',
    '[ 1200.113416] RSP: 0018:ffffb973431e7420 EFLAGS: 00010046',
    '[ 1200.182473] Call Trace:',
    '[ 1200.185200]  <TASK>',
    '[ 1200.187541]  ? __die_body.cold+0x8/0x12',
    '[ 1200.207008]  ? page_fault_oops+0x146/0x160',
    '[ 1200.220634]  ? _raw_spin_lock_irq+0x18/0x30',
    '[ 1200.225303]  null_handle_rq+0x3f/0x500 [null_blk]',
    '[ 1200.230567]  ? pcpu_alloc+0x369/0x900',
    '[ 1200.239035]  null_process_cmd+0xb4/0x100 [null_blk]',
    '[ 1200.255110]  ? __pfx_autoremove_wake_function+0x10/0x10',
    '[ 1200.260948]  </TASK>',
  ];

  it('keeps them in place, marked, without the faulting function\'s repeat or the guesses past the chain\'s end', () => {
    const [stack] = extractCrashesAndStacks(oops.join('\n')).stacks;
    expect(stack!.frames.map((f) => [f.function, f.unreliable])).toEqual([
      ['_raw_spin_lock_irq', false],
      ['__die_body', true],
      ['page_fault_oops', true],
      ['null_handle_rq', false],
      ['pcpu_alloc', true],
      ['null_process_cmd', false],
    ]);
    expect(stack!.frames[4]!.module).toBeNull();
    expect(stack!.truncated).toBe(false);
  });

  it('gives the same crash title as without them', () => {
    const without = oops.filter((line) => !line.includes(' ? '));
    expect(extractCrashesAndStacks(oops.join('\n')).crashes.map((c) => c.title)).toEqual(extractCrashesAndStacks(without.join('\n')).crashes.map((c) => c.title));
  });

  it('never makes a trace of `?` frames alone, nor lets them start one', () => {
    expect(fns(['[  1.0]  ? kfree+0x66/0x250', '[  1.1]  ? bioset_exit+0x32/0x210', 'some prose'].join('\n'))).toEqual([]);
    // A fault line followed only by `?` frames: its trace is cut (the link register stands in).
    const cut = ['[  2.0] RIP: 0010:f_fault+0x1/0x2', '[  2.1] Call Trace:', '[  2.2]  ? g_guess+0x1/0x2', '[  2.3] [... trimmed ...]'].join('\n');
    const [stack] = extractCrashesAndStacks(cut).stacks;
    expect(stack!.frames.map((f) => f.function)).toEqual(['f_fault']);
    expect(stack!.truncated).toBe(true);
    // A headerless pair needs two frames of the chain.
    expect(fns(['x_one+0x1/0x2', '? y_guess+0x1/0x2'].join('\n'))).toEqual([]);
    expect(fns(['x_one+0x1/0x2', '? y_guess+0x1/0x2', 'z_two+0x3/0x4'].join('\n'))).toEqual([['x_one', '? y_guess', 'z_two']]);
  });
});

describe('extractCrashesAndStacks: lockdep lock sites', () => {
  // A circular-locking report in the shape 6.x prints (synthetic, after btrfs lockdep reports):
  // lock lines name the functions that took the locks; the chains and the backtrace are traces.
  const report = [
    '[  123.4] WARNING: possible circular locking dependency detected',
    '[  123.4] 6.7.0-rc1+ #12 Not tainted',
    '[  123.4] kworker/u16:3/1234 is trying to acquire lock:',
    '[  123.4] ffff888104a1c0a8 (&sb->s_type->i_mutex_key#10){+.+.}-{3:3}, at: btrfs_inode_lock+0x4c/0x90 [btrfs]',
    '[  123.4] ',
    '               but task is already holding lock:',
    '[  123.4] ffff888105b2d0d0 (btrfs-tree-00){++++}-{3:3}, at: btrfs_read_lock_root_node.isra.0+0x2e/0x180 [btrfs]',
    '[  123.4] ',
    '               the existing dependency chain (in reverse order) is:',
    '[  123.4] ',
    '               -> #1 (btrfs-tree-00){++++}-{3:3}:',
    '[  123.4]        down_read_nested+0x3e/0x140',
    '[  123.4]        btrfs_search_slot+0x5c1/0xe20 [btrfs]',
    '[  123.4] ',
    '               -> #0 (&sb->s_type->i_mutex_key#10){+.+.}-{3:3}:',
    '[  123.4]        down_write+0x3b/0xc0',
    '[  123.4]        btrfs_inode_lock+0x4c/0x90 [btrfs]',
    '[  123.4] 2 locks held by kworker/u16:3/1234:',
    '[  123.4]  #0: ffff888100a3b548 ((wq_completion)btrfs-endio){+.+.}-{0:0}, at: process_one_work+0x1f0/0x5a0',
    '[  123.4]  #1: ffff888105b2d0d0 (btrfs-tree-00){++++}-{3:3}, at: btrfs_held_lock_fn+0x2e/0x180 [btrfs]',
    '[  123.4] stack backtrace:',
    '[  123.4] Call Trace:',
    '[  123.4]  <TASK>',
    '[  123.4]  dump_stack_lvl+0x47/0x60',
    '[  123.4]  btrfs_inode_lock+0x4c/0x90 [btrfs]',
    '[  123.4]  btrfs_clone_files+0x1a/0x60 [btrfs]',
    '[  123.4]  </TASK>',
  ].join('\n');

  it('reads each list of lock lines as a trace of its own, marked locks, in text order among the chains', () => {
    const { crashes, stacks } = extractCrashesAndStacks(report);
    expect(stacks.map((s) => [s.locks === true, s.frames.map((f) => f.function)])).toEqual([
      [true, ['btrfs_inode_lock', 'btrfs_read_lock_root_node']],
      [false, ['down_read_nested', 'btrfs_search_slot']],
      [false, ['down_write', 'btrfs_inode_lock']],
      [true, ['process_one_work', 'btrfs_held_lock_fn']],
      [false, ['dump_stack_lvl', 'btrfs_inode_lock', 'btrfs_clone_files']],
    ]);
    expect(stacks[0]!.frames[0]).toMatchObject({ module: 'btrfs', unreliable: false });
    expect(stacks.every((s) => s.crash === 0)).toBe(true);
    // The title still comes from the lock being acquired (syzkaller's rule), not from the lists.
    expect(crashes.map((c) => c.title)).toEqual(['possible deadlock in btrfs_inode_lock']);
  });

  it.each([
    // older kernels: a PC in brackets, no usage suffix
    [' #0:  (&mm->mmap_sem){++++++}, at: [<ffffffff81165c07>] vm_mmap_pgoff+0x77/0xd0', 'vm_mmap_pgoff'],
    // syzbot's symbolized lock lines
    [' #0: ffff88807e5d0460 (sb_writers#4){.+.+}-{0:0}, at: ksys_write+0x12f/0x260 fs/read_write.c:643', 'ksys_write'],
  ])('reads the lock line %j', (line, fn) => {
    const [stack] = extractCrashesAndStacks(line).stacks;
    expect(stack).toMatchObject({ locks: true });
    expect(stack!.frames.map((f) => f.function)).toEqual([fn]);
  });

  it('reads no lock site from prose or from a frame with `at:` in it', () => {
    expect(extractCrashesAndStacks('The lock (foo), at: some point it hangs').stacks).toEqual([]);
    expect(extractCrashesAndStacks(' ? g_guess+0x1/0x2\n (lock){+.+.}, at: ? f_x+0x1/0x2').stacks).toEqual([]);
  });
});

describe('extractCrashesAndStacks properties', () => {
  const piece = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.constantFrom(
      'Call Trace:', ' <TASK>', ' ? __warn+0x81/0x130', ' xfs_trans_cancel+0x12/0x130 [xfs]', '[<0>] xfs_fs_freeze+0x15/0x40 [xfs]',
      'RIP: 0010:blk_mq_end_request+0x12/0x130', 'pc : f+0x1/0x2', 'lr : g+0x1/0x2', '<snip>', ' #3 [ffffb0a1c0c3bd28] xfs_fs_freeze at ffffffffc0a1b2c5 [xfs]',
      '[  1.0] BUG: kernel NULL pointer dereference, address: 0000000000000040', 'Last Breaking-Event-Address:', '[<c0108d5c>] (show_stack) from [<c06a1b2c>] (dump_stack+0x98/0xac)',
    ),
  );
  const text = fc.array(fc.tuple(fc.constantFrom('', '> ', '[  1.0] ', '[  1.0][ T12] '), piece).map(([p, l]) => p + l), { maxLength: 30 }).map((lines) => lines.join('\n'));

  it('never throws; every frame lies inside the text, quotes it, and names a crash that exists', () => {
    fc.assert(
      fc.property(text, (input) => {
        const { crashes, stacks } = extractCrashesAndStacks(input);
        for (const stack of stacks) {
          expect(stack.frames.length).toBeGreaterThan(0);
          if (stack.crash !== null) expect(stack.crash).toBeLessThan(crashes.length);
          for (const frame of stack.frames) {
            expect(frame.start).toBeGreaterThanOrEqual(0);
            expect(frame.end).toBeLessThanOrEqual(input.length);
            expect(input.slice(frame.start, frame.end).includes(frame.function) || frame.quote.includes(frame.function)).toBe(true);
            expect(frame.function).not.toMatch(/[.+]/);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('extractCrashesAndStacks: unknown line prefixes', () => {
  it('learns a prefix no transport table knows from the trace keyword after it', () => {
    const text = [
      '01818 general protection fault, probably for non-canonical address 0xdead000000000122: 0000 [#1] PREEMPT SMP NOPTI',
      '01818 RIP: 0010:__cpuhp_state_remove_instance+0xf0/0x1b0',
      '01818 RSP: 0018:ffff888101fcfc60 EFLAGS: 00010286',
      '01818 Call Trace:',
      '01818  <TASK>',
      '01818  ? kfree+0x66/0x250',
      '01818  bioset_exit+0x32/0x210',
      '01818  cleanup_mapped_device+0x34/0xf0',
      '01818  </TASK>',
    ].join('\n');
    expect(fns(text)).toEqual([['__cpuhp_state_remove_instance', '? kfree', 'bioset_exit', 'cleanup_mapped_device']]);
  });

  // The crash parser reads the same lines: a counter before every line (a test harness's run id)
  // is taken off there too, so the title is whole, not marked corrupted for a trace it could not read
  // (dm-devel report of the dm_destroy/bioset_exit poison oops, 2022).
  it('gives the crash parser the same lines: the title of a counter-prefixed oops is not corrupted', () => {
    const text = [
      '01818 EXT4-fs (dm-0): unmounting filesystem.',
      '01818 general protection fault, probably for non-canonical address 0xdead000000000122: 0000 [#1] PREEMPT SMP NOPTI',
      '01818 CPU: 0 PID: 1579117 Comm: dmsetup Kdump: loaded Not tainted 5.18.0-11049-g1dec3d7fd0c3-dirty #262',
      '01818 RIP: 0010:__cpuhp_state_remove_instance+0xf0/0x1b0',
      '01818 RSP: 0018:ffff888101fcfc60 EFLAGS: 00010286',
      '01818 Call Trace:',
      '01818  <TASK>',
      '01818  ? kfree+0x66/0x250',
      '01818  bioset_exit+0x32/0x210',
      '01818  cleanup_mapped_device+0x34/0xf0',
      '01818  __dm_destroy+0x149/0x1f0',
      '01818  </TASK>',
    ].join('\n');
    const [crash] = extractCrashesAndStacks(text).crashes;
    expect(crash?.title).toBe('general protection fault in __cpuhp_state_remove_instance');
    expect(crash?.corrupted).toBe(false);
  });
});
