/**
 * How one stack frame looks in every shape reports carry it, as data: the unwinder's own output on
 * each architecture, `/proc/<pid>/stack`, symbolizers (decode_stacktrace.sh, syzkaller, addr2line,
 * gdb) and crash(8)'s `bt`. One row per shape; `readFrameLine` (read-frame-line.ts) tries them in
 * order. Crash titles (parse-crash.ts) and Facts.stacks (extract-stacks.ts) both read frames through
 * this table, so a shape added here serves both.
 *
 * Every regex is anchored at the start of the console message (the `[ts][T1]` prefix removed), runs
 * on one line of bounded length and has no nested quantifiers: linear time.
 *
 * Named groups: `func` (the symbol, compiler suffixes excluded), `func2` (arm's caller, `from g`),
 * `module` (`[xfs]`), `source` (`fs/ext4/inode.c:123`), `inline` (`[inline]`), `unsure` (`? ` or
 * `(unreliable)`: the unwinder was not sure the frame is part of the chain).
 */

/** What a matched line is to a trace. */
export type FrameRole =
  /** A frame of a call trace. */
  | 'frame'
  /** The faulting instruction's function (`RIP:`, `pc :`, `NIP`, `Krnl PSW`): the innermost frame. */
  | 'fault'
  /** The link register (`lr :`, `LR [..]`, `LR is at`): the fault's caller, used when the trace was cut. */
  | 'link';

export interface FrameShape {
  /** Short name for tests and the README. */
  name: string;
  role: FrameRole;
  /** A real-shaped line this row reads (tests check every row against its example). */
  example: string;
  re: RegExp;
  /** Titles read the guilty frame from this shape too (false where syzkaller's titles never look). */
  titles: boolean;
  /** `(inlined by) f at ...`: the frame before this one was inlined into this one. */
  inlinedBy?: boolean;
}

// Pieces of the rows. A function name is what C and mangled Rust/C++ symbols are made of; the
// compiler's clone suffixes (`.isra.0`, `.constprop.3`, `.part.1`, `.cold`, `.llvm.123`) follow
// after a dot and are not part of the name a rule or a title uses.
const FUNC = '(?<func>[a-zA-Z0-9_$]+)(?:\\.[a-zA-Z0-9_.]+)?';
const FUNC2 = '(?<func2>[a-zA-Z0-9_$]+)(?:\\.[a-zA-Z0-9_.]+)?';
const OFFSET = '\\+(?:0x[0-9a-f]+(?:/0x[0-9a-f]+)?|[0-9]+)';
/** `[<ffffffff81234567>]`, `[<0>]` (/proc/pid/stack hides addresses), powerpc `[c000000000123456]`. */
const PC = '\\[<?(?:0x)?[0-9a-f]+>?\\]';
const SOURCE = '(?<source>[a-zA-Z0-9_\\-/.]+\\.[a-zA-Z]+:[0-9]+)';
/** Module with an optional build id (CONFIG_STACKTRACE_BUILD_ID): `[xfs]`, `[nvme_core 1a2b3c]`. */
const MODULE = '(?:\\s+\\[(?<module>[a-zA-Z0-9_\\-]+)(?:\\s+[0-9a-f]+)?\\])?';
/** decode_stacktrace.sh's location, possibly several (inlined) and a discriminator: `(fs/x.c:12 fs/x.c:40 (discriminator 1))`. */
const SYMBOLIZED = `\\s+\\(${SOURCE}[^()]*(?:\\([^()]*\\))?[^()]*\\)`;
const INLINE = '(?:\\s+(?<inline>\\[inline\\]))?';
/** `? ` before or after the PCs; two groups because a regex may not repeat a group name. */
/** decode_stacktrace.sh writes the module bare after the location: `f (fs/xfs/x.c:12) xfs`. */
const BARE_MODULE = '(?:\\s+(?<bare>[a-zA-Z0-9_\\-]+)(?=\\s*$))?';
const UNSURE = '(?<unsure>\\?\\s+)?';
const UNSURE2 = '(?<unsure2>\\?\\s+)?';

export const FRAME_SHAPES: FrameShape[] = [
  {
    // x86 (`? ` marks a frame the unwinder was unsure of), arm64 and riscv `Call trace:` lines,
    // syzbot's symbolized frames (`f+0x1b/0x28 lib/dump_stack.c:106`), /proc/<pid>/stack
    // (`[<0>] f+0x15/0x40 [xfs]`), s390 (`([<000003ff8012a85a>] f+0x22/0x98 [mod])`), old x86 and
    // mips with two PCs, powerpc `[c0000000fe7a3b10] [c0000000001234aa] f+0x1c/0x40 (unreliable)`.
    name: 'offset',
    role: 'frame',
    example: ' [<000003ff8012a874>] alua_check+0x3c/0x98 [scsi_dh_alua]',
    re: new RegExp(
      `^\\s*\\(?${UNSURE}(?:${PC}\\s+){0,2}${UNSURE2}${FUNC}${OFFSET}${MODULE}(?:${SYMBOLIZED}|\\s+${SOURCE.replace('<source>', '<source2>')})?${INLINE}(?<unreliable>\\s+\\(unreliable\\))?`,
    ),
    titles: true,
  },
  {
    // scripts/decode_stacktrace.sh: the offset replaced by the location, `? ` kept.
    name: 'decode_stacktrace',
    role: 'frame',
    example: ' ext4_map_blocks (fs/ext4/inode.c:601 (discriminator 2)) ext4',
    re: new RegExp(`^\\s*${UNSURE}(?:${PC}\\s+){0,2}${UNSURE2}${FUNC}${SYMBOLIZED}${MODULE}${BARE_MODULE}${INLINE}`),
    titles: true,
  },
  {
    // syzkaller's symbolizer writes inlined frames without an offset: `__list_del_entry include/linux/list.h:132 [inline]`.
    name: 'syzkaller-inline',
    role: 'frame',
    example: ' __list_del_entry include/linux/list.h:132 [inline]',
    re: new RegExp(`^\\s*${UNSURE}${FUNC}\\s+${SOURCE}\\s+(?<inline>\\[inline\\])`),
    titles: true,
  },
  {
    // addr2line -f -i / gdb: `f at fs/ext4/inode.c:123`, inlined callers as `(inlined by) g at ...`.
    name: 'addr2line',
    role: 'frame',
    example: ' (inlined by) ext4_map_blocks at fs/ext4/inode.c:601',
    re: new RegExp(`^\\s*(?:#[0-9]+\\s+(?:0x[0-9a-f]+ in\\s+)?)?(?<by>\\(inlined by\\)\\s+)?${FUNC}(?:${OFFSET})?(?:\\s+\\([^()]*\\))?\\s+at\\s+${SOURCE}`),
    titles: true,
  },
  {
    // crash(8) `bt`: ` #3 [ffffb0a1c0c3bd28] xfs_fs_freeze at ffffffffc0a1b2c5 [xfs]`.
    name: 'crash-bt',
    role: 'frame',
    example: ' #3 [ffffb0a1c0c3bd28] xfs_fs_freeze at ffffffffc0a1b2c5 [xfs]',
    re: new RegExp(`^\\s*#[0-9]+\\s+\\[[0-9a-f]+\\]\\s+${FUNC}(?:${OFFSET})?\\s+at\\s+[0-9a-f]+${MODULE}`),
    titles: true,
  },
  {
    // arm (32-bit): `[<c0123456>] (f) from [<c0456789>] (g+0x1c/0x30)`.
    name: 'arm-from',
    role: 'frame',
    example: '[<c010c2a4>] (unwind_backtrace) from [<c0108d5c>] (show_stack+0x10/0x14)',
    re: new RegExp(`^\\s*${PC}\\s+\\(${FUNC}(?:${OFFSET})?\\)\\s+from\\s+${PC}\\s+\\(${FUNC2}`),
    titles: true,
  },
  {
    // arm without addresses (5.x+): `__schedule from schedule+0x70/0xac`.
    name: 'arm-from-bare',
    role: 'frame',
    example: ' __schedule from schedule+0x70/0xac',
    re: new RegExp(`^\\s*${FUNC}(?:${OFFSET})?\\s+from\\s+${FUNC2}${OFFSET}`),
    titles: true,
  },
  {
    // powerpc: the trace names where an exception interrupted it.
    name: 'powerpc-interrupt',
    role: 'frame',
    example: '--- interrupt: 700 at ext4_map_blocks+0x24/0x90',
    re: new RegExp(`^\\s*--- interrupt: [0-9a-f]+ at ${FUNC}${OFFSET}`),
    titles: false,
  },
  // The faulting function, from the register dump.
  {
    name: 'x86-rip',
    role: 'fault',
    example: 'RIP: 0010:xfs_trans_cancel+0x12/0x130 [xfs]',
    re: new RegExp(`^\\s*(?:RIP|EIP|IP):?\\s+(?:[0-9a-f]{4}:)?(?:${PC}\\s+){0,2}${FUNC}(?:${OFFSET}${MODULE}|${SYMBOLIZED}${BARE_MODULE})`),
    titles: false,
  },
  {
    name: 'x86-32-eip',
    role: 'fault',
    example: 'EIP is at ext4_map_blocks+0x24/0x90 [ext4]',
    re: new RegExp(`^\\s*(?:EIP|PC) is at ${FUNC}${OFFSET}${MODULE}`),
    titles: false,
  },
  {
    // arm64 `pc : f+0x1c/0x30 [mod]`, riscv/mips `epc : [ffffffff80001234] f+0x..` (riscv has no PC).
    name: 'pc',
    role: 'fault',
    example: 'pc : dm_bufio_release+0x1c/0x30 [dm_bufio]',
    re: new RegExp(`^\\s*(?:pc|epc)\\s*:\\s+(?:(?:${PC}|[0-9a-f]{8,16})\\s+)?${FUNC}(?:${OFFSET}${MODULE}|${SYMBOLIZED}${BARE_MODULE})`),
    titles: false,
  },
  {
    name: 'powerpc-nip',
    role: 'fault',
    example: 'NIP [c000000000a1b2c4] ext4_map_blocks+0x24/0x90',
    re: new RegExp(`^\\s*NIP\\s+${PC}\\s+${FUNC}${OFFSET}${MODULE}`),
    titles: false,
  },
  {
    // s390: `Krnl PSW : 0704c00180000000 000003ff8012a874 (alua_check+0x3c/0x98 [scsi_dh_alua])`.
    name: 's390-psw',
    role: 'fault',
    example: 'Krnl PSW : 0704c00180000000 000003ff8012a874 (alua_check+0x3c/0x98 [scsi_dh_alua])',
    re: new RegExp(`^\\s*Krnl PSW\\s*:\\s*[0-9a-f]+\\s+[0-9a-f]+\\s+\\(${FUNC}${OFFSET}${MODULE}\\)`),
    titles: false,
  },
  {
    // crash(8): `    [exception RIP: xfs_trans_cancel+18]`.
    name: 'crash-exception-rip',
    role: 'fault',
    example: '    [exception RIP: xfs_trans_cancel+18]',
    re: new RegExp(`^\\s*\\[exception RIP: ${FUNC}${OFFSET}\\]`),
    titles: false,
  },
  // The caller, from the link register.
  {
    name: 'link-register',
    role: 'link',
    example: 'lr : dm_bufio_write_dirty_buffers+0x40/0x90 [dm_bufio]',
    re: new RegExp(`^\\s*(?:lr\\s*:|ra\\s*:|LR is at|LR\\s+${PC})\\s*(?:(?:${PC}|[0-9a-f]{8,16})\\s+)?${FUNC}${OFFSET}${MODULE}`),
    titles: false,
  },
];

/** Lines that start a call trace (and end the one before). */
export const TRACE_HEADERS: RegExp[] = [
  /^\s*Call [Tt]race:/,
  /^\s*Backtrace:/,
  /^\s*(?:Allocated|Freed) by task [0-9]+(?: on cpu [0-9]+ at [0-9.]+s)?:/,
  /^\s*(?:Last|Second to last) potentially related work creation:/,
  /^\s*(?:Allocated|Freed):$/,
  /^\s*(?:Uninit was (?:created|stored to memory) at|Local variable .* created at):/,
  // kmemleak, not lockdep's "stack backtrace:" (what follows it has its own Call Trace:).
  /^\s*backtrace(?: \(crc [0-9a-f]+\))?:/,
  // KCSAN: "write to 0xffff888 of 8 bytes by task 12 on cpu 0:".
  /^\s*(?:read|write)(?:-write)?(?: \(marked\))? to 0x[0-9a-f]+ of [0-9]+ bytes by (?:task [0-9]+|interrupt) on cpu [0-9]+:/,
  // crash(8) bt: "PID: 1234  TASK: ffff8881...  CPU: 3  COMMAND: "xfs_freeze"".
  /^\s*PID: [0-9]+\s+TASK: [0-9a-f]+\s+CPU: [0-9]+\s+COMMAND:/,
  // `cat /proc/1234/stack` (a shell prompt before it, or not).
  /(?:^|\s)cat \/proc\/(?:[0-9]+|self)(?:\/task\/[0-9]+)?\/stack\b/,
];

/** Sections whose frames belong to no call chain: s390 prints the last branch's source address. */
export const IGNORED_TRACE_HEADERS: RegExp[] = [/^\s*Last Breaking-Event-Address:/];

/** Context switches inside a trace (`<IRQ>`, `</TASK>`, powerpc's `LR = f+0x..`): the trace goes on. */
export const TRACE_MARKERS: RegExp[] = [
  /^\s*(?:<\/?(?:IRQ|TASK|NMI|EOI|EOE|#DF|#MC|#DB|#VE|#VC|SOFTIRQ)>\s*)+$/,
  /^\s*LR = /,
  /^\s*Exception stack\(0x[0-9a-f]+ to 0x[0-9a-f]+\)/,
  /^\s*[0-9a-f]{3}0: [0-9a-f]{8} /,
  // crash(8) `bt -l`: the source line under each frame ("    /usr/src/debug/.../fs/xfs/xfs_super.c: 912").
  /^\s*\/\S+\.[chS]: [0-9]+\s*$/,
];

/** A marker that a frame line may start with (old x86: ` <EOI>  [<ffffffff81234>] f+0x..`). */
export const LEADING_MARKER = /^\s*(?:<\/?(?:IRQ|TASK|NMI|EOI|EOE)>\s*)+/;

/**
 * What the reporter wrote where they cut a trace: `[... trimmed ...]`, `<snip>`, `[snip]`,
 * `(10 more lines)`, `...`, `--- snip ---`, `[...]`.
 */
export const CUT_MARKERS: RegExp[] = [
  /^\s*[[(<{-]*\s*(?:\.{2,}|…)?\s*(?:[0-9]+\s+)?(?:more\s+)?(?:lines?\s+|frames?\s+)?(?:snip(?:ped)?|trimmed|cut|omitted|elided|removed|skipped)(?:\s+[0-9]+)?(?:\s+(?:more\s+)?(?:lines?|frames?))?\s*(?:\.{2,}|…)?\s*[\])>}-]*\s*$/i,
  /^\s*[[(<{]?\s*(?:\.{3,}|…)\s*[\])>}]?\s*$/,
  /^\s*\(?\s*[0-9]+ more (?:lines|frames)\s*\)?\s*$/i,
  /^\s*-*\s*8<\s*-*\s*$/,
];

/** Every cut marker holds one of these; most lines hold none, so the markers' regexes rarely run. */
const MAYBE_CUT = /snip|trim|cut|omit|elid|remov|skip|more|\.\.|…|8</i;

/** MAYBE_CUT, global: where in a text a cut marker may stand (MatchCursor: rows are not sliced to be tested). */
export const MAYBE_CUT_ANYWHERE = new RegExp(MAYBE_CUT.source, 'gi');

/** Whether a console message is a reporter's cut marker (CUT_MARKERS). */
export function isCutMarker(message: string): boolean {
  return MAYBE_CUT.test(message) && CUT_MARKERS.some((re) => re.test(message));
}
