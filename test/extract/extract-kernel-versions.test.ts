import { extractKernelVersions } from '../../src/extract/extract-kernel-versions.js';
import { segmentReport } from '../../src/extract/segment-report.js';
import type { KernelFacts } from '../../src/model.js';
import { makeReport } from './report-builder.js';

function roles(body: string, fields: Record<string, string> = {}): { running: string | null; failing: string[]; working: string[]; mentioned: string[] } {
  const report = makeReport(body, [], { fields });
  const k: KernelFacts = extractKernelVersions(segmentReport(report), report);
  const raw = (f: { version: { raw: string } }): string => f.version.raw;
  return { running: k.running ? raw(k.running) : null, failing: k.failing.map(raw), working: k.working.map(raw), mentioned: k.mentioned.map(raw) };
}

describe('extractKernelVersions: the role of a version in a sentence', () => {
  it.each([
    ['The first crash was with 3.11.10.', 'failing'],
    ['It ran without problem for 2 weeks with 3.11.8.', 'working'],
    // the nearest cue decides: "worked fine" is next to 6.1.62, the failure is elsewhere
    ['The same balance worked fine on 6.1.62.', 'working'],
    ['We rebooted again into 3.2.51, which was happy to open and use the thin pool.', 'working'],
    // a relative clause attached to the version carries its role
    ['We had the same setup without problems, with kernel 3.11.10 (which also failed on the new machine).', 'failing'],
    ['With 6.2.0-39-generic I never saw it in three months.', 'working'],
    ['It does not happen with v6.4.', 'working'],
    ['System was booting well with v5.17.', 'working'],
    // "kernel" after the version is a noun, not "kernel X" naming the reporter's kernel
    ['System was booting well with v5.19 kernel.', 'working'],
    ['Since the update to 6.5.0-35-generic the drive vanishes after resume.', 'failing'],
    // suggestions, plans, fixes and questions only mention a version
    ['Could you try 6.7-rc8?', 'mentioned'],
    ['The latest thinp changes for 3.14 have improved metadata operation failure handling.', 'mentioned'],
    ['If it fails again, we would be happy to try 3.13.', 'mentioned'],
    ['I will reboot to 3.12 after we finish loading our data.', 'mentioned'],
    ['A fix for this went into 6.6.9.', 'mentioned'],
    ['So which kernel are you running now 3.12.6?', 'mentioned'],
    // no cue at all
    ['Yes, that is still with 3.12.6.', 'mentioned'],
    // "not have this problem" is a working cue, longer than the failing "problem" inside it
    ['6.8.9 does not have this problem.', 'working'],
    ['6.1.90 doesn\'t have the issue.', 'working'],
    ['I don\'t see this problem on 6.6.30.', 'working'],
    // where a problem began is a failing kernel, whatever the other clause of the sentence says
    ['This started with 6.10.5; 6.9.12 was fine.', 'failing'],
    ['The errors first appeared in 6.10.5.', 'failing'],
    ['6.6.32 shows it too.', 'failing'],
    // the kernel upgraded from, or downgraded to, is the good one ("kernel" inside the cue is not the running cue)
    ['After upgrading from kernel 6.6.30 the scrub reports checksum errors.', 'working'],
    ['Downgrading back to 6.6.30 fixes it.', 'working'],
    ['Reverting to the 6.1.90 kernel made the errors go away.', 'working'],
    // going back to a kernel says nothing by itself: what happened there decides
    ['Same thing after going back to 6.1.69-1-lts.', 'failing'],
    // the reporter's kernel, with nothing but good news in the sentence, works
    ["I'm running 6.6.8 now and the problem is gone.", 'working'],
    ['We run 6.6.8 now and it has been stable for two weeks.', 'working'],
    // "but not on X" after a failure: X works
    ['I can reproduce on 6.8.1 but not on 6.7.9.', 'failing'],
    ['It fails with every build since March, but not with 6.7.9.', 'working'],
    // terse verdicts
    ['6.9 bad, the previous one was fine.', 'failing'],
    ['6.8.12 good.', 'working'],
    ['On 6.6 LTS it takes a day to show up.', 'failing'],
    // a kernel not tried is only mentioned, whatever the rest of the sentence says about others
    ["I haven't tried 6.1, the production boxes crash daily.", 'mentioned'],
    ['We have not tested 6.9 yet, the crash is on our production kernel.', 'mentioned'],
  ])('%s -> %s', (sentence, role) => {
    const r = roles(sentence);
    const version = [...r.failing, ...r.working, ...r.mentioned][0];
    expect(version).toBeDefined();
    const found = r.failing.includes(version!) ? 'failing' : r.working.includes(version!) ? 'working' : 'mentioned';
    expect(found).toBe(role);
  });

  it.each([
    // a version in parentheses restates the one before it: it takes that version's role, not the
    // role of the noun "kernel" between them
    ['It worked fine on the old 5.15 kernel (5.15.0-105-generic).', { failing: [], working: ['5.15', '5.15.0-105-generic'] }],
    ['It breaks on 6.8 (6.8.0-45-generic) but 6.5 was fine.', { failing: ['6.8', '6.8.0-45-generic'], working: ['6.5'] }],
    // a word or two may name the build between them; "did not have this" is a working cue
    ['The 6.5 HWE kernel (6.5.0-41-generic) did not have this.', { failing: [], working: ['6.5', '6.5.0-41-generic'] }],
    // a parenthesis that says more than the version is a statement of its own
    ['6.8 crashes (6.7.9 was fine).', { failing: ['6.8'], working: ['6.7.9'] }],
  ])('%s: a version in parentheses after a version has its role', (sentence, expected) => {
    const r = roles(sentence);
    expect({ failing: r.failing, working: r.working }).toEqual(expected);
  });

  it('gives "upgrading from X" to X only: the kernel upgraded to takes its role from the outcome', () => {
    expect(roles('After upgrading from kernel 6.6.30 to 6.6.31 our Btrfs RAID1 gives checksum errors during scrub.')).toMatchObject({ failing: ['6.6.31'], working: ['6.6.30'] });
    // the cue is not news of success for the reporter's current kernel
    expect(roles("I'm running 6.6.31 since upgrading from 6.6.30.")).toMatchObject({ running: '6.6.31', working: ['6.6.30'] });
  });

  it('reads the rest of a "Kernel:" field line as prose: a second version there has its own role', () => {
    expect(roles('Kernel: 6.6.13-1-lts (works with 6.1.74-1-lts)')).toMatchObject({ running: '6.6.13-1-lts', failing: ['6.6.13-1-lts'], working: ['6.1.74-1-lts'] });
  });

  it.each([
    // rpm -q kernel / dpkg package names: the version follows the package name and a dash
    ['We are running RHEL 9.3 with kernel-5.14.0-362.8.1.el9_3.x86_64.', '5.14.0-362.8.1.el9_3.x86_64'],
    ['Installed linux-image-6.1.0-21-amd64 and the box is running it now.', '6.1.0-21-amd64'],
  ])('%s: a kernel package name holds the version', (sentence, running) => {
    expect(roles(sentence).running).toBe(running);
  });

  it('reads a bare version answering a quoted question about the kernel as the running kernel', () => {
    const r = roles('> What kernel are you on now?\n\nStill 5.10.0-28-amd64. 5.10.0-26-amd64 didn\'t have the issue as far as I can tell.');
    expect(r).toMatchObject({ running: '5.10.0-28-amd64', failing: ['5.10.0-28-amd64'], working: ['5.10.0-26-amd64'] });
    // a question about something else gives the version no role
    expect(roles('> Which lvm2 release did you build?\n\nThe one from 6.1.').mentioned).toEqual(['6.1']);
  });

  it.each([
    // the answer's own outcome decides
    ['> Can you try 6.10-rc2?\n\nTried it, same crash.', { failing: ['6.10-rc2'], working: [] }],
    ['> Could you test 6.10-rc2?\n\nDone, it works fine there.', { failing: [], working: ['6.10-rc2'] }],
    // a yes or no takes the question's outcome, or its opposite
    ['> Does it happen with 6.10-rc2?\n\nYes, it does.', { failing: ['6.10-rc2'], working: [] }],
    ['> Does 6.9.5 work?\n\nNo.', { failing: ['6.9.5'], working: [] }],
    ['> Does it still crash with 6.9.5?\n\nNo, it has been up for a week.', { failing: [], working: ['6.9.5'] }],
  ])('%s: an answer gives the one version of the quoted question its role', (body, expected) => {
    const r = roles(body);
    expect({ failing: r.failing, working: r.working }).toEqual(expected);
  });

  it('gives no role from an answer to a block of several questions: the "No" may answer another one', () => {
    const r = roles('> Are you using thin provisioning?\n> Did this happen with 6.1 as well?\n\nNo, not using thin provisioning.');
    expect({ failing: r.failing, working: r.working }).toEqual({ failing: [], working: [] });
  });

  it('gives no role from an answer that says neither yes, no nor an outcome', () => {
    expect(roles('> Does it happen with 6.10-rc2?\n\nI will check tomorrow.')).toEqual({ running: null, failing: [], working: [], mentioned: [] });
  });

  it('reads the next sentence of the paragraph when the version\'s own sentence has no cue', () => {
    expect(roles('We rebooted the machine into 3.12.6. It ran for 5 hours and then complained about the refcount.').failing).toEqual(['3.12.6']);
  });
});

describe('extractKernelVersions: not kernel versions', () => {
  it.each([
    ['lvm2 is 2.03.02 and mdadm 4.3, cryptsetup 2.7.0.'],
    ['Ubuntu 24.04 with Python 3.12 and MySQL 8.0 on QEMU 8.2.2.'],
    ['The NFS export goes to 192.168.10.4 and 10.4.4.4.'],
    ['Every 3.5 hours the latency jumps for 1.5 minutes at 2.5 GB/s.'],
    ['RHEL 8.8 and Xen 4.17 hosts.'],
    ['dm-space-map-common.c:500 and block 9483 at 2014-01-16 12:30:58.'],
  ])('%s', (sentence) => {
    expect(roles(sentence)).toEqual({ running: null, failing: [], working: [], mentioned: [] });
  });

  it('still takes a distro build named after its distro ("Debian 6.1.0-21-amd64")', () => {
    expect(roles('ext4 journal aborted after SATA link resets (Debian 6.1.0-21-amd64)').mentioned).toEqual(['6.1.0-21-amd64']);
  });
});

describe('extractKernelVersions: the running kernel', () => {
  it('prefers the boot line over prose, and ignores the gcc version in it', () => {
    const body = 'It failed on 6.9.1 too.\n\n[    0.000000] Linux version 6.6.30-1-lts (linux-lts@archlinux) (gcc (GCC) 13.2.1 20240417, GNU ld (GNU Binutils) 2.42.0) #1 SMP';
    const r = roles(body);
    expect(r.running).toBe('6.6.30-1-lts');
    expect(r.failing).toEqual(expect.arrayContaining(['6.6.30-1-lts', '6.9.1']));
    expect([...r.failing, ...r.mentioned]).not.toContain('13.2.1');
  });

  it.each([
    ['[  141.0] CPU: 1 PID: 2201 Comm: dmsetup Not tainted 4.8.0-rc3+ #33', '4.8.0-rc3+'],
    ['[  241.5] CPU: 2 PID: 1830 Comm: mdadm Tainted: G        W          6.5.0-rc1-next-20230712 #1', '6.5.0-rc1-next-20230712'],
    ['    Linux db07 6.8.0-45-generic #45-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug 30 12:02:04 UTC 2024 x86_64 GNU/Linux', '6.8.0-45-generic'],
    ['Kernel Version: 3.12.6 Subsystem:', '3.12.6'],
    ['**Kernel version**: 6.8.0-31-generic', '6.8.0-31-generic'],
    ['### Kernel version\n\n6.5.12-300.fc39.x86_64', '6.5.12-300.fc39.x86_64'],
    ['```\n$ uname -r\n5.15.0-91-generic\n```', '5.15.0-91-generic'],
  ])('reads %j', (body, running) => {
    expect(roles(body).running).toBe(running);
  });

  it.each([
    // a decoded trace whose oops header a mail client wrapped after "Not tainted"
    ['CPU: 0 UID: 0 PID: 9758 Comm: repro.out Not tainted\n6.19.0-rc5-00002-gb71e635feefc #7 PREEMPT(full)', '6.19.0-rc5-00002-gb71e635feefc'],
    ['[    0.000000] Kernel command line: BOOT_IMAGE=/boot/vmlinuz-5.2.0-99-generic root=UUID=66e85825 ro', '5.2.0-99-generic'],
    ['This was on Linux 6.10.0, patched with my previous patch.', '6.10.0'],
    // a sentence that opens with the verb, its subject left out
    ['Running 4.10.0-rc3 on a Dell XPS 13, the touchpad stops working after resume.', '4.10.0-rc3'],
    ['Booted into 6.9.0-rc2 and the disk vanished.', '6.9.0-rc2'],
    // the report's environment line: distro and release, then the build
    ['Fedora 40, 6.10.3-200.fc40.x86_64\n\nAfter the update the system hangs at boot.', '6.10.3-200.fc40.x86_64'],
    ['Ubuntu 22.04 LTS, 5.15.0-91-generic. The array degrades on every reboot.', '5.15.0-91-generic'],
    // the boot line of a tree built from a tag with the v kept, and of a merge-window build
    ['[    0.000000] Linux version v6.8.0-rc3 (builder@host) (gcc 13.2.1) #1 SMP', 'v6.8.0-rc3'],
    ['[    0.000000] Linux version 6.4.0-08699-g1234abcd (me@box) (gcc (GCC) 13.1.1) #12 SMP PREEMPT_DYNAMIC', '6.4.0-08699-g1234abcd'],
  ])('reads %j', (body, running) => {
    expect(roles(body).running).toBe(running);
  });

  it('does not take the kernel the reporter went back to (shown by uname -a) for the failing one', () => {
    const body = [
      'The last time I tried was with Kernel 5.6.0-1-amd64 and the problem persists.',
      "I've downgraded my kernel to 4.19.0-8-amd64 from Debian stable.",
      '',
      'Linux foo 4.19.0-8-amd64 #1 SMP Debian 4.19.98-1 (2020-01-26) x86_64 GNU/Linux',
    ].join('\n');
    const r = roles(body);
    expect(r.running).toBe('5.6.0-1-amd64');
    expect(r.working).toEqual(['4.19.0-8-amd64']);
  });

  it.each([
    // real report 039's shape: a shell transcript in plain text
    ['$ uname -r\n6.8.0-45-generic', '6.8.0-45-generic'],
    // the answer of `uname -r` is the kernel whatever its shape (a plain release has no distro suffix)
    ['```\nroot@box:~# uname -r\n6.8.0\n```', '6.8.0'],
    ['```\n[me@box ~]$ sudo uname --kernel-release\nv6.9\n```', 'v6.9'],
    ['% uname -r\n`6.10.3`', '6.10.3'],
    // `uname -a` output, with the distro's package version after the release
    ['$ uname -a\nLinux host 6.1.0-13-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.55-1 (2023-09-29) x86_64 GNU/Linux', '6.1.0-13-amd64'],
    // wrapped (no "#" after the release on the first line) or cut short: the command says what it is
    ['```\n$ uname -a\nLinux host 6.1.0\n```', '6.1.0'],
    ['bill@bill-desk:~$ uname -a\nLinux bill-desk 6.9.3-060903-generic #202405300957 SMP PREEMPT_DYNAMIC\nThu May 30 11:39:13 UTC 2024 x86_64 x86_64 x86_64 GNU/Linux', '6.9.3-060903-generic'],
  ])('reads the answer of a uname command: %j', (body, running) => {
    const r = roles(`The disk drops off the bus after resume; it worked with 5.15.\n\n${body}`);
    expect(r.running).toBe(running);
    expect(r.failing).toEqual([running]);
    // the distro package version on the uname -a line is not another kernel
    expect(r.mentioned).toEqual([]);
  });

  it.each([
    // a version on the line after something that is not a uname command
    ['$ mdadm --version\n4.3'],
    ['$ gcc -dumpversion\n13.2.1'],
  ])('does not take the line under another command for the kernel: %j', (body) => {
    expect(roles(body).running).toBeNull();
  });

  it('reads the tracker field when the text names no kernel', () => {
    expect(roles('The array hangs during reshape.', { cf_kernel_version: '4.18.0-477.27.1.el8_8.x86_64' }).running).toBe('4.18.0-477.27.1.el8_8.x86_64');
  });

  // "Latest statement wins": the tracker field is what the reporter had when filing; a later
  // sentence about a newer kernel that runs or still fails is where they are now.
  it.each<[string, string, Record<string, string>, string]>([
    ['a later upgrade in the text beats the field line', 'Kernel Version: 3.12.6\nThe pool goes read-only.\nI upgraded to 6.6.8 and it still fails.', {}, '6.6.8'],
    ['a later upgrade beats the tracker field', 'The pool goes read-only. I upgraded to 6.6.8 and it still fails.', { cf_kernel_version: '3.12.6' }, '6.6.8'],
    ['an older kernel stated later is history, not an upgrade', 'Kernel Version: 3.12.6\nIt also failed on 3.10.5 last year.', {}, '3.12.6'],
    ['a newer kernel that works is not where it fails', 'Kernel Version: 3.12.6\nI upgraded to 6.6.8 and the problem is gone.', {}, '3.12.6'],
    ['a newer kernel named before the field is not a later statement', 'It still fails on 6.6.8.\nKernel Version: 3.12.6', {}, '3.12.6'],
  ])('%s', (_name, body, fields, running) => {
    expect(roles(body, fields).running).toBe(running);
  });

  it('keeps a version failing even when it also worked somewhere else', () => {
    const r = roles('The first crash was with 3.11.10. Another machine ran 3.11.10 without problems.');
    expect(r.failing).toEqual(['3.11.10']);
    expect(r.working).toEqual([]);
  });
});

describe('extractKernelVersions: merge-window kernels named in prose', () => {
  // Between X.(Y-1) and X.Y-rc1: read as X.Y-rc0, so a fix first in X.Y-rc1 is still missing.
  it.each([
    ['I run Linux 6.7 pre rc-1 on my laptop and it crashes.', '6.7 pre rc-1'],
    ['It crashes on 6.7 pre-rc1.', '6.7 pre-rc1'],
    ['Running 6.7-pre, it crashes.', '6.7-pre'],
    ['Kernel 6.7-rc0 crashes on boot.', '6.7-rc0'],
    ['It broke after the 6.7 merge window.', '6.7 merge window'],
    ['Tested on a kernel from the merge window for v6.7, it crashes.', 'merge window for v6.7'],
  ])('%j', (body, raw) => {
    const report = makeReport(body);
    const kernels = extractKernelVersions(segmentReport(report), report);
    const named = [kernels.running, ...kernels.failing, ...kernels.mentioned].find((fact) => fact !== null);
    expect(named?.version).toMatchObject({ raw, major: 6, minor: 7, rc: 0 });
  });

  it.each([
    ['Running 6.7 and it crashes.'],
    ['It crashes on the 6.7 prebuilt kernel.'],
    ['It crashes on 6.7 pre-built by Arch.'],
    ['It crashes on 6.7.2 pre-rc1 of something.'],
  ])('keeps %j a release', (body) => {
    const report = makeReport(body);
    expect(extractKernelVersions(segmentReport(report), report).running?.version.rc).toBeNull();
  });
});

describe('extractKernelVersions: a running kernel stated only inside a quote', () => {
  function running(body: string, fields: Record<string, string> = {}): { raw: string | null; fromQuote: boolean; failing: string[] } {
    const report = makeReport(body, [], { fields });
    const k = extractKernelVersions(segmentReport(report), report);
    return { raw: k.running?.version.raw ?? null, fromQuote: k.running?.fromQuote === true, failing: k.failing.map((f) => f.version.raw) };
  }

  it.each([
    // a mail reply quoting the original report's boot line
    ['On Mon, 3 Jun 2024, Jane wrote:\n> [    0.000000] Linux version 6.8.9-300.fc40.x86_64 (mockbuild@fedora) #1 SMP\n> ...\n\nAny news on this?', '6.8.9-300.fc40.x86_64'],
    // a reporter re-posting their own report quoted
    ['Ping.\n\n> After resume the NVMe drive disappears.\n> I\'m running 6.9.3-arch1-1 on a ThinkPad T14.\n> The log shows a timeout.', '6.9.3-arch1-1'],
    // a sentence the mail client wrapped across quoted lines
    ['Forwarding from the distro tracker:\n\n> The array degrades on every reboot. We are\n> running 6.1.0-21-amd64 on all three hosts.', '6.1.0-21-amd64'],
    // `uname -a` and `uname -r` output, and a tracker field, quoted
    ['> Linux fs01 6.6.30-1-lts #1 SMP PREEMPT_DYNAMIC Mon, 06 May 2024 x86_64 GNU/Linux\n\nStill happening.', '6.6.30-1-lts'],
    ['> $ uname -r\n> 6.10.0-rc4\n\nSame here.', '6.10.0-rc4'],
    ['> Kernel Version: 5.15.0-105-generic\n> Regression: No\n\nSame as below.', '5.15.0-105-generic'],
  ])('%#: takes the quoted statement of the running kernel, marked as quoted', (body, expected) => {
    const r = running(body);
    expect(r).toMatchObject({ raw: expected, fromQuote: true });
    // it is the kernel the problem was seen on, as an unquoted statement would be
    expect(r.failing).toContain(expected);
  });

  it('lets any unquoted statement of the running kernel win over a quoted one', () => {
    const body = '> Linux version 6.8.9-300.fc40.x86_64 (mockbuild@fedora) #1 SMP\n\nI upgraded, I\'m running 6.9.7-200.fc40.x86_64 now and it still crashes.';
    expect(running(body)).toMatchObject({ raw: '6.9.7-200.fc40.x86_64', fromQuote: false });
    expect(running('> I\'m running 6.9.3-arch1-1.\n\nSame', { 'Kernel Version': '6.6.1' })).toMatchObject({ raw: '6.6.1', fromQuote: false });
    // and the output is what it was before quotes were read: the quoted version is not listed
    expect(running(body).failing).toEqual(['6.9.7-200.fc40.x86_64']);
  });

  it.each([
    '> Which kernel? Try 6.8.\n\nOK, will do.',
    '> Did you test 6.9?\n\nNot yet.',
    '> Could you try 6.10-rc2 and report back.\n\nSure.',
    '> The fix went into 6.6.9.\n\nThanks.',
    // a failure someone else reports in a quote is not a statement of the reporter's kernel
    '> 6.7.1 crashes too on my box.\n\nInteresting.',
  ])('never takes a quoted question, suggestion or other statement as the running kernel: %s', (body) => {
    expect(running(body)).toEqual({ raw: null, fromQuote: false, failing: [] });
  });

  it('does not take a quoted kernel the reporter reports working, unless a log line printed it', () => {
    expect(running('> I\'m running 6.9.3-arch1-1.\n\n6.9.3-arch1-1 works fine for me now.').raw).toBeNull();
    expect(running('> [    0.000000] Linux version 6.9.3-arch1-1 (linux@archlinux) #1 SMP\n\n6.9.3-arch1-1 works fine for me now.').raw).toBe('6.9.3-arch1-1');
    // the quote's own words count too: the `uname -a` of the kernel it went back to is not the failing one
    const downgraded = '> With kernel 5.6.0-1-amd64 the problem persists.\n> I\'ve downgraded my kernel to 4.19.0-8-amd64.\n> Linux foo 4.19.0-8-amd64 #1 SMP Debian 4.19.98-1 x86_64 GNU/Linux\n\nAny news?';
    expect(running(downgraded)).toMatchObject({ raw: '5.6.0-1-amd64', fromQuote: true });
  });

  it('takes the latest quoted statement of the strongest source, with evidence inside the quote', () => {
    const body = '> I\'m running 6.1.0-21-amd64.\n> Kernel: 6.1.0-20-amd64\n> [    1.0] Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org) #1 SMP\n> Later I\'m running 6.1.0-22-amd64.';
    const report = makeReport(body, [], {});
    const k = extractKernelVersions(segmentReport(report), report);
    expect(k.running?.version.raw).toBe('6.1.0-18-amd64');
    expect(k.running?.evidence.quote).toContain('Linux version 6.1.0-18-amd64');
    expect(k.running?.confidence).toBeLessThanOrEqual(0.8);
    const prose = '> I\'m running 6.1.0-21-amd64.\n> Later I\'m running 6.1.0-22-amd64.';
    const r2 = makeReport(prose, [], {});
    const k2 = extractKernelVersions(segmentReport(r2), r2);
    expect(k2.running?.version.raw).toBe('6.1.0-22-amd64');
    expect(prose.slice(k2.running!.evidence.start, k2.running!.evidence.end)).toBe("Later I'm running 6.1.0-22-amd64.");
  });
});

describe('extractKernelVersions: a sentence a report repeats', () => {
  it('reads its roles once, and each repeat still takes its role from the sentence after it', () => {
    // "We rebooted into 3.12.6." has no cue of its own: the next sentence of its paragraph decides.
    expect(roles('We rebooted into 3.12.6. It worked fine.\n\nWe rebooted into 3.12.6. It crashed again.')).toMatchObject({ failing: ['3.12.6'], working: [] });
    expect(roles('We rebooted into 3.12.6. It crashed again.\n\nWe rebooted into 3.12.6. It worked fine.')).toMatchObject({ failing: ['3.12.6'], working: [] });
    expect(roles('We rebooted into 3.12.6. It worked fine.\n\nWe rebooted into 3.12.6. It worked fine.')).toMatchObject({ failing: [], working: ['3.12.6'] });
  });

  it('gives a repeated sentence\'s versions their own objects', () => {
    const report = makeReport('It crashed with 3.12.6. It crashed with 3.12.6.', [], {});
    const k = extractKernelVersions(segmentReport(report), report);
    expect(k.running?.version).toEqual(k.failing[0]?.version);
    expect(k.running?.version).not.toBe(k.failing[0]?.version);
  });
});

describe('extractKernelVersions: a version list that repeats its lines', () => {
  // Repeats are not built as sightings (issue 12): the first of each version keeps its
  // failing/mentioned evidence, the last stays the running kernel.
  function facts(body: string): { running: [string, number] | null; failing: Array<[string, number]> } {
    const report = makeReport(body, [], {});
    const k = extractKernelVersions(segmentReport(report), report);
    return { running: k.running && [k.running.version.raw, k.running.evidence.line], failing: k.failing.map((f) => [f.version.raw, f.evidence.line]) };
  }

  it('keeps the first line of each version as its evidence and the last line as the running kernel', () => {
    expect(facts('5.10.0-17-amd64\n4.19.0-rc1\nv4.19.0-rc1\n5.10.0-17-amd64\n4.19.0-rc1\n')).toEqual({
      running: ['4.19.0-rc1', 4],
      failing: [['5.10.0-17-amd64', 0], ['4.19.0-rc1', 1]],
    });
  });

  it('takes the latest of repeated boot lines as the running kernel', () => {
    expect(facts('Linux version 6.1.0 (gcc)\nLinux version 6.6.8 (gcc)\nLinux version 6.1.0 (gcc)\n')).toEqual({
      running: ['6.1.0', 2],
      failing: [['6.1.0', 0], ['6.6.8', 1]],
    });
  });

  it('gives each sighting its own version object, not the memo\'s', () => {
    const report = makeReport('5.10.0-17-amd64\n4.19.0-rc1\n5.10.0-17-amd64\n4.19.0-rc1\n', [], {});
    const k = extractKernelVersions(segmentReport(report), report);
    expect(k.running?.version.raw).toBe('4.19.0-rc1');
    expect(k.running?.version).not.toBe(k.failing[1]?.version);
    expect(k.running?.version).toEqual(k.failing[1]?.version);
  });
});
