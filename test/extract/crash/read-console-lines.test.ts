import { readConsoleLines } from '../../../src/extract/crash/read-console-lines.js';

describe('readConsoleLines', () => {
  it.each([
    // raw console lines are kept as they are (the timestamp carries the printk context)
    ['[   12.345678][ T1234] BUG: x', '[   12.345678][ T1234] BUG: x'],
    // syslog keeps the dmesg timestamp and printk caller id after its own prefix
    ['Jan 15 20:15:44 host kernel: [  12.3] BUG: x', '[  12.3] BUG: x'],
    ['2024-01-15T20:15:44.123456+01:00 host kernel: [  12.3][ T77] BUG: x', '[  12.3][ T77] BUG: x'],
    // rate-limit and empty messages are console lines too
    ['Jan 15 20:15:44 host kernel: [  12.3] ', '[  12.3] '],
    ['Jan 15 20:15:44 host kernel: [  12.3] foo: 3 callbacks suppressed', '[  12.3] foo: 3 callbacks suppressed'],
    // journalctl and dmesg -T replace it: a neutral one takes its place
    ['Jan 15 20:15:44 host kernel: BUG: x', '[    0.000000] BUG: x'],
    ['kernel: BUG: x', '[    0.000000] BUG: x'],
    ['[Mon Jan 15 20:15:44 2024] BUG: x', '[    0.000000] BUG: x'],
    ['[mer.  1 janv. 10:58:53 2025] BUG: x', '[    0.000000] BUG: x'],
    // mail quoting and Markdown indentation
    ['> > [  12.3] BUG: x', '[  12.3] BUG: x'],
    ['    [  12.3] BUG: x', '[  12.3] BUG: x'],
    // a quote that cut the first bracket
    ['  363.495058] INFO: task x', '[363.495058] INFO: task x'],
    // fences are not log lines
    ['```text', ''],
    // forms only the dmesg tool prints
    ['[   12.345678] [   T77] BUG: x', '[   12.345678][   T77] BUG: x'],
    ['kern  :err   : [   12.345678] BUG: x', '[   12.345678] BUG: x'],
    ['4,1234,12345678,-,caller=T77;BUG: x', '[   12.345678][T77] BUG: x'],
    ['6,5,1500,-;BUG: x', '[    0.001500] BUG: x'],
    // prefixes beyond syslog's: metalog, logread, RFC 5424, journalctl -o short-monotonic and -o verbose
    ['Mar 03 09:12:01 [kernel] [    8.412233] BUG: x', '[    8.412233] BUG: x'],
    ['Mon Mar  3 09:12:01 2025 kern.err kernel: [    8.412233][ T77] BUG: x', '[    8.412233][ T77] BUG: x'],
    ['<3>1 2024-01-15T20:15:44.123456+00:00 host kernel - - - [    8.412233] BUG: x', '[    8.412233] BUG: x'],
    ['[    8.412233] host kernel: BUG: x', '[    8.412233] BUG: x'],
    ['    MESSAGE=BUG: x', '[    0.000000] BUG: x'],
    // a serial console host prefix
    ['node-07: <4>[    8.412233][ T77] BUG: x', '[    8.412233][ T77] BUG: x'],
  ])('%s', (input, expected) => {
    expect(readConsoleLines(input)[0]?.text).toBe(expected);
  });

  it('keeps each line at its place in the text', () => {
    const text = 'first\r\nJan 15 20:15:44 host kernel: second\nthird';
    const lines = readConsoleLines(text);
    expect(lines.map((line) => [line.line, text.slice(line.start, line.end)])).toEqual([
      [0, 'first'],
      [1, 'Jan 15 20:15:44 host kernel: second'],
      [2, 'third'],
    ]);
  });

  it('re-joins lines a mail client wrapped, and only those', () => {
    const text = [
      '[  567.483452][    T1] BUG: KMSAN: uninit-value in',
      'prepare_task_switch+0x284/0xd00',
      '[  567.490925][    T1]  prepare_task_switch+0x284/0xd00',
      '[  567.496040][    T1]  __schedule+0x2da/0x520',
    ].join('\n');
    const lines = readConsoleLines(text);
    expect(lines.map((line) => line.text)).toEqual([
      '[  567.483452][    T1] BUG: KMSAN: uninit-value in prepare_task_switch+0x284/0xd00',
      '[  567.490925][    T1]  prepare_task_switch+0x284/0xd00',
      '[  567.496040][    T1]  __schedule+0x2da/0x520',
    ]);
    expect(lines[0]!.end).toBe(text.indexOf('\n[  567.490925]'));
  });

  it('leaves a raw log with long lines alone even when unstamped lines follow', () => {
    const text = [
      `[  251.292883] sctp: [Deprecated]: syz-executor5 (pid 5954) Use of int in maxseg socket option, use struct sctp_assoc_value instead of it`,
      '2017/12/25 06:06:21 executing program 3:',
    ].join('\n');
    expect(readConsoleLines(text)).toHaveLength(2);
  });

  it('takes a host prefix off lines without a timestamp once timestamped lines showed it', () => {
    const text = ['node-07: [    8.1] BUG: memory leak', 'node-07: [    8.2] unreferenced object (size 64):', 'node-07:   backtrace:', 'other: text'].join('\n');
    expect(readConsoleLines(text).map((line) => line.text)).toEqual(['[    8.1] BUG: memory leak', '[    8.2] unreferenced object (size 64):', '  backtrace:', 'other: text']);
  });

  it('takes off a host prefix that stands before nearly every line of a log without timestamps', () => {
    const body = ['BUG: memory leak', 'unreferenced object 0xffff8800342540c0 (size 1864):', '  backtrace:', '    [<ffffffff85c73a22>] kmemleak_alloc+0x72/0xc0', '    [<ffffffff850c6d57>] inet6_create+0x2d7/0x1000'];
    expect(readConsoleLines(body.map((line) => `node-07: ${line}`).join('\n')).map((line) => line.text)).toEqual(body);
    // two lines that start with a word and a colon are no host prefix
    const prose = ['RIP: 0010:f+0x1/0x2', 'Code: 00 01', 'RSP: 0018:ffffc90002bef958', 'x', 'y'];
    expect(readConsoleLines(prose.join('\n')).map((line) => line.text)).toEqual(prose);
  });

  it('joins a WARNING header a mail client cut after its source location', () => {
    const text = 'WARNING: CPU: 1 PID: 6576 at fs/overlayfs/dir.c:212\novl_create_real+0x272/0x520 fs/overlayfs/dir.c:212\nModules linked in:';
    expect(readConsoleLines(text).map((line) => line.text)).toEqual(['WARNING: CPU: 1 PID: 6576 at fs/overlayfs/dir.c:212 ovl_create_real+0x272/0x520 fs/overlayfs/dir.c:212', 'Modules linked in:']);
  });

  it('joins the certain breaks of a log without timestamps', () => {
    const text = 'ffff888018638db8 (&us_interface_key[i]){+.+.}-{3:3}, at:\nusb_stor_pre_reset+0x35/0x40 drivers/usb/storage/usb.c:230';
    expect(readConsoleLines(text).map((line) => line.text)).toEqual([
      'ffff888018638db8 (&us_interface_key[i]){+.+.}-{3:3}, at: usb_stor_pre_reset+0x35/0x40 drivers/usb/storage/usb.c:230',
    ]);
  });
});
