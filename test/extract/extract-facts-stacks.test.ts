// Facts.stacks from a whole report: traces of every part in report order, each linked to its crash in
// Facts.crashes, a trace quoted back in a reply listed once, evidence in the part it came from.
import { extractFacts } from '../../src/extract/index.js';
import { makeReport } from './report-builder.js';

const OOPS = [
  '[  301.0] WARNING: CPU: 1 PID: 6181 at fs/buffer.c:1183 mark_buffer_dirty+0x299/0x3f0',
  '[  301.1] RIP: 0010:mark_buffer_dirty+0x299/0x3f0',
  '[  301.2] Call Trace:',
  '[  301.3]  bfs_get_block.isra.0+0x1a/0x30',
  '[  301.4]  do_writepages+0x21/0x50',
].join('\n');

describe('extractFacts: stacks', () => {
  it('lists each trace once, linked to its crash, with evidence in its part', () => {
    const quoted = OOPS.split('\n').map((line) => `> ${line}`).join('\n');
    const report = makeReport(`Writing to bfs:\n\n${OOPS}\n`, [
      { text: `${quoted}\n\nHere is the freezer:\n\n[<0>] percpu_down_write+0x12/0x40\n[<0>] xfs_fs_freeze+0x15/0x40 [xfs]\n` },
    ]);
    const facts = extractFacts(report, []);
    expect(facts.crashes.map((c) => c.title)).toEqual(['WARNING in mark_buffer_dirty']);
    expect(facts.stacks.map((s) => ({ crash: s.crashIndex, truncated: s.truncated, fns: s.frames.map((f) => f.function), part: s.frames[0]!.evidence.part }))).toEqual([
      { crash: 0, truncated: false, fns: ['mark_buffer_dirty', 'bfs_get_block', 'do_writepages'], part: 'body' },
      { crash: null, truncated: false, fns: ['percpu_down_write', 'xfs_fs_freeze'], part: 'comment' },
    ]);
    const frame = facts.stacks[1]!.frames[1]!;
    expect(frame).toMatchObject({ module: 'xfs', source: null, inline: false, unreliable: false });
    expect(report.comments[0]!.text.slice(frame.evidence.start, frame.evidence.end)).toBe('[<0>] xfs_fs_freeze+0x15/0x40 [xfs]');
  });

  it('has no stacks for a report without traces', () => {
    expect(extractFacts(makeReport('The array degraded after a power cut on 6.1.12.'), []).stacks).toEqual([]);
  });
});

describe('extractFacts: the whole oops names the report', () => {
  it('prefers a later whole oops of the same kind to a cut first one, and keeps traces linked', () => {
    const cut = ['[  301.0] BUG: kernel NULL pointer dereference, address: 0000000000000040', '[  301.1] #PF: supervisor read access in kernel mode', '[  301.2] Oops: 0000 [#1] PREEMPT SMP', '[  301.3] Call Trace:', '<snip>'].join('\n');
    const whole = [
      '[ 3902.0] BUG: kernel NULL pointer dereference, address: 0000000000000040',
      '[ 3902.1] #PF: supervisor read access in kernel mode',
      '[ 3902.2] Oops: 0000 [#2] PREEMPT SMP',
      '[ 3902.3] RIP: 0010:blk_mq_end_request+0x12/0x130',
      '[ 3902.4] Call Trace:',
      '[ 3902.5]  scsi_end_request+0x1a/0x30',
      '[ 3902.6]  scsi_io_completion+0x1a/0x30',
    ].join('\n');
    const facts = extractFacts(makeReport(`It crashed:\n${cut}\n`, [{ text: `Full log:\n${whole}\n` }]), []);
    expect(facts.crash?.title).toBe('BUG: unable to handle kernel NULL pointer dereference in blk_mq_end_request');
    expect(facts.crash?.evidence.part).toBe('comment');
    const linked = facts.stacks.find((stack) => stack.frames[0]!.function === 'blk_mq_end_request');
    expect(linked?.crashIndex).toBe(0);
  });
});
