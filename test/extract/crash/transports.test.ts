// The same kernel log must give the same crash title however it reached the report. The carriers
// live in scripts/transports/ (shared with `npm run eval:titles`); here they are held to two bars:
// a strict one on a fixed set of corpus logs (transports.json `files` x `strict`), and a floor on
// the held-out half of the whole corpus (transports.json `heldOutFloor`, raise it when parsing gets
// better; tune on the tune half with `npm run eval:titles -- --failures`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractCrashes } from '../../../src/extract/crash/index.js';
import { parseCorpusFile } from '../../../src/extract/crash/score-titles.js';
import { readCorpus } from '../../../scripts/eval-titles.js';
import { halfOf, rate, scoreTransports } from '../../../scripts/transports/score-transports.js';
import { TRANSPORTS, wrapWords } from '../../../scripts/transports/transports.js';
import { describeShared, REPO_ROOT } from '../../support/shared-data.js';

const fixture = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'crash', 'transports.json'), 'utf8')) as {
  files: string[];
  strict: string[];
  heldOutFloor: Record<string, number>;
};
const transport = (name: string) => TRANSPORTS.find((t) => t.name === name);

describe('transport fixture', () => {
  it('names only transports that exist, and gives every transport a floor', () => {
    expect(fixture.strict.filter((name) => !transport(name))).toEqual([]);
    expect(Object.keys(fixture.heldOutFloor).sort()).toEqual(TRANSPORTS.map((t) => t.name).sort());
  });
});

describe('carriers', () => {
  const log = [
    '[   53.730124] BUG: KASAN: use-after-free in aead_recvmsg+0x1758/0x1bc0',
    '[   53.745574] CPU: 1 PID: 3568 Comm: syz-executor5 Not tainted 4.14.0-next-20171127+ #52',
    '[   53.762966] Call Trace:',
    '[   53.765717]  dump_stack+0x194/0x257',
    '[   53.765733]  ? arch_local_irq_restore+0x53/0x53',
    '[   53.765813]  kasan_report+0x25b/0x340',
    '[   53.765839]  aead_recvmsg+0x1758/0x1bc0',
    '[   53.765942]  sock_recvmsg+0xc9/0x110',
    '[   53.765965]  ___sys_recvmsg+0x29b/0x630',
    '[   53.766146]  __sys_recvmsg+0xe2/0x210',
    '[   53.766153]  ? __sys_recvmsg+0xe2/0x210',
    '[   53.766166]  ? SyS_sendmmsg+0x60/0x60',
    '[   53.766246]  SyS_recvmsg+0x2d/0x50',
    '[   53.766260]  entry_SYSCALL_64_fastpath+0x1f/0x96',
    '[   53.766267] RIP: 0033:0x452879',
  ].join('\n');
  const title = 'KASAN: use-after-free Read in aead_recvmsg';
  const carry = (name: string) => transport(name)!.carry(log, title).split('\n');

  it.each([
    // each shape as the tool prints it, and the unwinder's `? ` guesses gone where the tool prints none
    ['s390 frames', 5, '[   53.765839]  [<000003ff01b40358>] aead_recvmsg+0x1758/0x1bc0'],
    ['/proc/pid/stack frames', 5, '[   53.765839]  [<0>] aead_recvmsg+0x1758/0x1bc0'],
    ['arm64 frames', 2, '[   53.762966] Call trace:'],
    ['journalctl monotonic', 0, '[   53.730124] testhost kernel: BUG: KASAN: use-after-free in aead_recvmsg+0x1758/0x1bc0'],
    ['RFC 5424', 0, '<3>1 2024-01-15T20:15:44.123456+00:00 testhost kernel - - - [   53.730124] BUG: KASAN: use-after-free in aead_recvmsg+0x1758/0x1bc0'],
  ])('%s: line %i reads %s', (name, index, line) => {
    expect(carry(name)[index]).toBe(line);
    if (name !== 'arm64 frames' && name !== 'journalctl monotonic' && name !== 'RFC 5424') expect(carry(name).some((l) => l.includes('? '))).toBe(false);
  });

  it('powerpc and decoded shapes rewrite the frames and the RIP line', () => {
    const powerpc = carry('powerpc frames');
    expect(powerpc[5]).toMatch(/^\[ {3}53\.765839\] \[c0000000[0-9a-f]{8}\] \[c0000000[0-9a-f]{8}\] aead_recvmsg\+0x1758\/0x1bc0$/);
    expect(powerpc.some((l) => l.includes('? '))).toBe(false);
    const rip = '[   53.7] RIP: 0010:aead_recvmsg+0x1758/0x1bc0 crypto/algif_aead.c:210';
    expect(transport('powerpc frames')!.carry(rip, title)).toBe('[   53.7] NIP [c00000000022d79c] aead_recvmsg+0x1758/0x1bc0 crypto/algif_aead.c:210');
    expect(transport('decoded frames')!.carry(rip, title)).toBe('[   53.7] RIP: 0010:aead_recvmsg (crypto/algif_aead.c:210)');
    // a frame without a source location gets one: the shape is what is tested
    expect(carry('decoded frames')[6]).toMatch(/^\[ {3}53\.765839\] {2}aead_recvmsg \(kernel\/aead_recvmsg\.c:\d+\)$/);
  });

  it('a trim cuts the middle of the trace but keeps the title frame and the one below it', () => {
    const trimmed = carry('trimmed <snip>');
    expect(trimmed).toContain('<snip>');
    expect(trimmed.length).toBeLessThan(log.split('\n').length);
    expect(trimmed).toContain('[   53.765839]  aead_recvmsg+0x1758/0x1bc0');
    expect(trimmed).toContain('[   53.765942]  sock_recvmsg+0xc9/0x110');
    // too short a trace to cut three frames from: unchanged, and the benchmark counts it as n/a
    expect(transport('trimmed <snip>')!.carry(log.split('\n').slice(0, 8).join('\n'), title)).toBe(log.split('\n').slice(0, 8).join('\n'));
  });

  it('journalctl -o verbose puts each message in a MESSAGE= field of its own record', () => {
    const lines = carry('journalctl verbose');
    expect(lines.filter((l) => l.startsWith('    MESSAGE='))).toHaveLength(log.split('\n').length);
    expect(lines).toContain('    MESSAGE=BUG: KASAN: use-after-free in aead_recvmsg+0x1758/0x1bc0');
    expect(lines).toContain('    _SOURCE_MONOTONIC_TIMESTAMP=53730124');
  });

  it.each([72, 80])('wrapping at %i breaks every line that has a space to break at, and loses no word', (width) => {
    const wrapped = wrapWords(log, width).split('\n');
    expect(wrapped.filter((line) => line.length > width && line.lastIndexOf(' ', width) > 0)).toEqual([]);
    expect(wrapped.length).toBeGreaterThan(log.split('\n').length);
    expect(wrapped.join(' ').split(/\s+/)).toEqual(log.split('\n').join(' ').split(/\s+/));
  });

  it('halves are a stable function of the file name, about half each', () => {
    expect(['130', '149', '44'].map(halfOf)).toEqual(['130', '149', '44'].map(halfOf));
    const names = Array.from({ length: 400 }, (_, i) => String(i));
    const tune = names.filter((name) => halfOf(name) === 'tune').length;
    expect(tune).toBeGreaterThan(150);
    expect(tune).toBeLessThan(250);
  });
});

describeShared('crash titles survive transports', ['corpus', 'syzkaller-linux'], (corpus) => {
  const cases = fixture.files.map((name) => parseCorpusFile(name, readFileSync(join(corpus, name), 'latin1')));

  it('has corpus logs to carry', () => {
    expect(cases.length).toBe(fixture.files.length);
    for (const item of cases) expect(item.expected).not.toBeNull();
  });

  it.each(fixture.strict)('%s, every fixed log', (name) => {
    const wrong: string[] = [];
    for (const item of cases) {
      const got = extractCrashes(transport(name)!.carry(item.log, item.expected!.title))[0]?.title ?? '(no crash)';
      if (got !== item.expected!.title) wrong.push(`${item.name}: expected ${item.expected!.title}, got ${got}`);
    }
    expect(wrong).toEqual([]);
  });
});

describeShared('transport benchmark, held-out half', ['corpus', 'syzkaller-linux'], (corpus) => {
  const scores = scoreTransports(readCorpus(corpus), TRANSPORTS, ['held-out']);

  it('scores a real share of the corpus', () => {
    expect(scores.baseline['held-out']).toBeGreaterThan(150);
    expect(scores.baseline.tune).toBe(0);
  });

  it.each(TRANSPORTS.map((t) => t.name))('%s stays at or above its floor', (name) => {
    const score = scores.byTransport.find((entry) => entry.transport.name === name)!.halves['held-out'];
    const floor = fixture.heldOutFloor[name]!;
    // a transport that changes no log measures nothing
    expect(score.total).toBeGreaterThan(50);
    const got = rate(score);
    expect({ rate: got, atFloor: got >= floor, failures: got >= floor ? [] : score.failures.slice(0, 10) }).toEqual({ rate: got, atFloor: true, failures: [] });
  });
});
