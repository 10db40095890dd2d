/**
 * The oops formats of the Linux kernel console, as data. Each kind is found by its `header` (a plain
 * substring of the console line); its `formats` are tried on the report text and the one whose title
 * matches earliest wins (table order breaks ties), as in syzkaller's pkg/report/linux.go, whose
 * titles ktriage reproduces. Adding an oops kind is one row here plus one fixture in
 * test/fixtures/crash/.
 *
 * Row fields:
 * - `title`: regex steps (with the shorthands of compile-pattern.ts). The first step matches on
 *   one line, each later step on a later line. Captures become `{1}`, `{2}`, ... of `fmt`.
 * - `report`: optional stricter steps whose captures replace the title's; when the title matches
 *   but the report does not, the report is corrupted.
 * - `fmt`: the title; captures first, then one argument per guilty frame the `stack` yields.
 * - `alt`: alternative titles (same arguments), used by syzbot for deduplication.
 * - `stack`: where the guilty frame comes from: `parts` are line regexes matched in turn (a capture
 *   yields a frame), `PARSE_STACK` parses a call trace from there; `parts2` is the fallback;
 *   `skip` adds function-name patterns to the global skip list; `extractor` picks the frame of
 *   stalls (`stall`) and hung tasks (`hang`) by its own rules.
 * - `noStackTrace`: this format prints no call trace, so a missing one does not mean corruption.
 * - `corrupted`: matching this format means the log lost the real header (a consequence line).
 */
import { CALL_TRACE, RIP_FRAME } from './compile-pattern.js';

export const PARSE_STACK = '<parse stack trace>';

export type FrameExtractorName = 'hang' | 'stall';

export interface StackSpec {
  parts: string[];
  parts2?: string[];
  skip?: string[];
  extractor?: FrameExtractorName;
  /**
   * Title capture (1-based) naming the guilty frame when the report holds no frame at all (the
   * reporter cut everything after the header): the header's own function. A report whose frames
   * are all garbage stays `in corrupted`.
   */
  fallback?: number;
}

export interface OopsFormat {
  title: string[];
  report?: string[];
  fmt: string;
  alt?: string[];
  stack?: StackSpec;
  noStackTrace?: boolean;
  corrupted?: boolean;
}

export interface OopsKind {
  header: string;
  formats: OopsFormat[];
  /** Lines holding the header that are not this oops (ODEBUG:, sshd warnings, ...). */
  suppressions: string[];
}

const TRACE = [CALL_TRACE, PARSE_STACK];
const RIP_TRACE = [RIP_FRAME, CALL_TRACE, PARSE_STACK];

/** WARNING stacks start after the trapping `RIP:` (x86) or `--- interrupt:` (powerpc) line. */
function warningStack(...skip: string[]): StackSpec {
  return {
    parts: [`(?:${RIP_FRAME}|--- interrupt: [0-9]+ at {{FUNC}})`, PARSE_STACK],
    parts2: TRACE,
    skip,
  };
}

const KASAN_HW_TAGS_SKIP = ['kernel_fault', 'tag_check', 'mem_abort', '^el1_', '^el1h_'];

export const OOPS_KINDS: OopsKind[] = [
  {
    header: 'BUG:',
    formats: [
      {
        title: ['BUG: KASAN:'],
        report: ['BUG: KASAN: ([a-z\\-]+) in {{FUNC}}', '(Read|Write) (?:of size|at addr) (?:[0-9a-f]+)'],
        fmt: 'KASAN: {1} {3} in {4}',
        alt: ['bad-access in {4}'],
        stack: { parts: ['BUG: KASAN: (?:[a-z\\-]+) in {{FUNC}}', CALL_TRACE, PARSE_STACK], skip: KASAN_HW_TAGS_SKIP },
      },
      {
        title: ['BUG: KASAN:'],
        report: ['BUG: KASAN: (?:double-free or invalid-free|double-free|invalid-free) in {{FUNC}}'],
        fmt: 'KASAN: invalid-free in {2}',
        alt: ['invalid-free in {2}'],
        stack: {
          parts: ['BUG: KASAN: (?:double-free or invalid-free|double-free|invalid-free) in {{FUNC}}', CALL_TRACE, PARSE_STACK],
          skip: ['slab_', 'kfree', 'vunmap', 'vfree'],
        },
      },
      { title: ['BUG: KASAN: ([a-z\\-]+) on address', '(Read|Write) of size ([0-9]+)'], fmt: 'KASAN: {1} {2}' },
      { title: ['BUG: KASAN: (.*)'], fmt: 'KASAN: {1}', corrupted: true },
      {
        title: ['BUG: KMSAN: kernel-usb-infoleak'],
        report: ['BUG: KMSAN: kernel-usb-infoleak in {{FUNC}}'],
        fmt: 'KMSAN: kernel-usb-infoleak in {2}',
        alt: ['KMSAN origin in {3}'],
        stack: {
          parts: [PARSE_STACK, '(Local variable .* created at:|Uninit was created at:)', PARSE_STACK],
          skip: ['alloc_skb', 'usb_submit_urb', 'usb_start_wait_urb', 'usb_bulk_msg', 'usb_interrupt_msg', 'usb_control_msg'],
        },
        noStackTrace: true,
      },
      {
        title: ['BUG: KMSAN:'],
        report: ['BUG: KMSAN: ([a-z\\-]+) in {{FUNC}}'],
        fmt: 'KMSAN: {1} in {3}',
        alt: ['bad-access in {3}'],
        stack: {
          parts: [PARSE_STACK, '(Local variable .* created at:|Uninit was created at:)', PARSE_STACK],
          // Crypto routines are where the uninit value is used, but never the bug.
          skip: ['alloc_skb', 'netlink_ack', 'netlink_rcv_skb', '_encrypt$', '^(?:crypto|cipher|drbg|rng)_'],
        },
        noStackTrace: true,
      },
      { title: ['BUG: KCSAN: data-race'], report: ['BUG: KCSAN: (.*)'], fmt: 'KCSAN: {1}', noStackTrace: true },
      { title: ['BUG: KCSAN:'], report: ['BUG: KCSAN: (.*)'], fmt: 'KCSAN: {1}', noStackTrace: true },
      {
        title: ['BUG: KFENCE: (use-after-free|out-of-bounds) (read|write) in {{FUNC}}'],
        fmt: 'KFENCE: {1} {2} in {4}',
        alt: ['bad-access in {4}'],
        stack: { parts: ['BUG: KFENCE: (?:[a-z\\- ]+) in {{FUNC}}', PARSE_STACK] },
      },
      {
        title: ['BUG: KFENCE: invalid free in {{FUNC}}'],
        fmt: 'KFENCE: invalid free in {2}',
        alt: ['invalid-free in {2}'],
        noStackTrace: true,
        stack: { parts: ['BUG: KFENCE: (?:[a-z\\- ]+) in {{FUNC}}', PARSE_STACK] },
      },
      {
        title: ['BUG: KFENCE: invalid (read|write) in {{FUNC}}'],
        fmt: 'KFENCE: invalid {1} in {3}',
        alt: ['bad-access in {3}'],
        stack: { parts: ['BUG: KFENCE: (?:[a-z\\- ]+) in {{FUNC}}', PARSE_STACK] },
      },
      {
        title: ['BUG: KFENCE: memory corruption in {{FUNC}}'],
        fmt: 'KFENCE: memory corruption in {2}',
        noStackTrace: true,
        stack: { parts: ['BUG: KFENCE: (?:[a-z\\- ]+) in {{FUNC}}', PARSE_STACK] },
      },
      {
        title: ['BUG: (?:unable to handle kernel paging request|unable to handle page fault for address|Unable to handle kernel data access)'],
        fmt: 'BUG: unable to handle kernel paging request in {1}',
        alt: ['bad-access in {1}'],
        stack: { parts: RIP_TRACE },
      },
      {
        title: ['BUG: (?:unable to handle kernel NULL pointer dereference|kernel NULL pointer dereference|Kernel NULL pointer dereference)'],
        fmt: 'BUG: unable to handle kernel NULL pointer dereference in {1}',
        alt: ['bad-access in {1}'],
        stack: { parts: RIP_TRACE },
      },
      {
        // The kernel prints this header in two printk() calls; the second half may be lost.
        title: ['BUG: (?:unable to handle kernel|Unable to handle kernel)'],
        fmt: 'BUG: unable to handle kernel',
        corrupted: true,
      },
      {
        title: ['BUG: (spinlock|rwlock) (lockup suspected|already unlocked|recursion|cpu recursion|bad magic|wrong owner|wrong CPU|trylock failure on UP)'],
        fmt: 'BUG: {1} {2} in {3}',
        stack: { parts: TRACE, skip: ['spin_', '_lock', '_unlock'] },
      },
      {
        title: ['BUG: soft lockup'],
        fmt: 'BUG: soft lockup in {1}',
        alt: ['stall in {1}'],
        stack: { parts: RIP_TRACE, extractor: 'stall' },
      },
      {
        title: ['BUG: .*still has locks held!'],
        report: ['BUG: .*still has locks held!', '{{PC}} +{{FUNC}}'],
        fmt: 'BUG: still has locks held in {1}',
      },
      { title: ['BUG: scheduling while atomic'], fmt: 'BUG: scheduling while atomic in {1}', stack: { parts: TRACE, skip: ['schedule'] } },
      {
        title: ['BUG: lock held when returning to user space'],
        report: ['BUG: lock held when returning to user space', 'leaving the kernel with locks still held', 'at: (?:{{PC}} +)?{{FUNC}}'],
        fmt: 'BUG: lock held when returning to user space in {1}',
        noStackTrace: true,
      },
      {
        title: ['BUG: bad unlock balance detected!'],
        fmt: 'BUG: bad unlock balance in {1}',
        stack: { parts: ['{{PC}} +{{FUNC}}', CALL_TRACE, PARSE_STACK] },
      },
      { title: ['BUG: held lock freed!'], report: ['BUG: held lock freed!', '{{PC}} +{{FUNC}}'], fmt: 'BUG: held lock freed in {1}' },
      { title: ['BUG: Bad rss-counter state'], fmt: 'BUG: Bad rss-counter state', noStackTrace: true },
      { title: ['BUG: non-zero nr_ptes on freeing mm'], fmt: 'BUG: non-zero nr_ptes on freeing mm', noStackTrace: true },
      { title: ['BUG: non-zero nr_pmds on freeing mm'], fmt: 'BUG: non-zero nr_pmds on freeing mm', noStackTrace: true },
      {
        // Filesystem type and loop device names would split one bug into many; they are left out.
        title: ['BUG: Dentry .* still in use'],
        report: ['BUG: Dentry .* still in use \\([0-9]+\\) \\[(unmount) of ([^\\]]+)\\]'],
        fmt: 'BUG: Dentry still in use in {1}',
        alt: ['BUG: Dentry still in use [{1} of {2}]'],
      },
      {
        title: ['BUG: Bad page (state|cache)'],
        fmt: 'BUG: Bad page {1} in {2}',
        stack: {
          parts: ['page last allocated', PARSE_STACK],
          skip: ['(free|put|get|update|release)_page', 'free_unref', '^_*folio', 'truncate_inode_pages', 'page_frag_free', 'alloc', 'vmap', 'page_owner'],
        },
      },
      { title: ['BUG: Bad page map'], fmt: 'BUG: Bad page map' },
      { title: ['BUG: workqueue lockup'], fmt: 'BUG: workqueue lockup', noStackTrace: true },
      {
        title: ['BUG: sleeping function called from invalid context at (.*)'],
        fmt: 'BUG: sleeping function called from invalid context in {2}',
        stack: { parts: TRACE },
      },
      {
        title: ['BUG: using ([a-z_]+)\\(\\) in preemptible'],
        fmt: 'BUG: using {1}() in preemptible code in {2}',
        stack: { parts: TRACE, skip: ['dump_stack', 'preemption', 'preempt', 'debug_', 'processor_id', 'this_cpu'] },
      },
      {
        title: ['BUG: workqueue leaked lock or atomic'],
        report: ['BUG: workqueue leaked lock or atomic', 'last function: ([a-zA-Z0-9_]+)$'],
        fmt: 'BUG: workqueue leaked lock or atomic in {1}',
        noStackTrace: true,
      },
      {
        title: ['BUG: memory leak'],
        fmt: 'memory leak in {1}',
        stack: {
          parts: ['backtrace(?: \\(crc [0-9a-fA-F]*\\))?:', PARSE_STACK],
          skip: ['kmemleak', 'mmap', 'kmem', 'slab', 'alloc', 'create_object', 'idr_get', 'list_lru_init', 'kasprintf', 'kvasprintf', 'pcpu_create', 'strdup', 'strndup', 'memdup'],
        },
      },
      {
        title: ['BUG: .*stack guard page was hit at'],
        fmt: 'BUG: stack guard page was hit in {1}',
        alt: ['stack-overflow in {1}'],
        stack: { parts: RIP_TRACE, extractor: 'stall' },
      },
      {
        // arm64 prints this lockdep report differently from x86; the x86 title keeps one bug one title.
        title: ['BUG: Invalid wait context'],
        fmt: 'WARNING: locking bug in {1}',
        stack: { parts: TRACE, skip: ['lock_sock', 'release_sock'] },
      },
      { title: ['BUG:\\s*$'], fmt: 'BUG: corrupted', corrupted: true },
    ],
    suppressions: ['ODEBUG:', 'Boot_DEBUG:', 'xlog_status:', 'DEBUG:', 'BUG: no syscalls can create resource'],
  },
  {
    // kmemleak as users see it (syzkaller's executor prints "BUG: memory leak" before it).
    header: 'unreferenced object 0x',
    formats: [
      {
        title: ['unreferenced object 0x[0-9a-f]+ \\(size [0-9]+\\):'],
        fmt: 'memory leak in {1}',
        stack: {
          parts: ['backtrace(?: \\(crc [0-9a-fA-F]*\\))?:', PARSE_STACK],
          skip: ['kmemleak', 'mmap', 'kmem', 'slab', 'alloc', 'create_object', 'idr_get', 'list_lru_init', 'kasprintf', 'kvasprintf', 'pcpu_create', 'strdup', 'strndup', 'memdup'],
        },
      },
    ],
    suppressions: [],
  },
  {
    header: 'WARNING:',
    formats: [
      {
        title: ['WARNING: .*lib/debugobjects\\.c.* (?:debug_print|debug_check|at)'],
        fmt: 'WARNING: ODEBUG bug in {1}',
        // Users of debug objects are skipped too: the bug is in whoever freed the object.
        stack: warningStack('debug_', 'rcu', 'hrtimer_', 'timer_', 'work_', 'percpu_', 'vunmap', 'vfree', '__free_', 'debug_check', 'kobject_'),
      },
      { title: ['WARNING: .*mm/usercopy\\.c.* (?:usercopy_warn|at)'], fmt: 'WARNING: bad usercopy in {1}', stack: warningStack('usercopy', '__check') },
      { title: ['WARNING: .*lib/kobject\\.c.* (?:kobject_|at)'], fmt: 'WARNING: kobject bug in {1}', stack: warningStack('kobject_') },
      { title: ['WARNING: .*fs/proc/generic\\.c.* (?:proc_register|at)'], fmt: 'WARNING: proc registration bug in {1}', stack: warningStack('proc_') },
      { title: ['WARNING: .*lib/refcount\\.c.* (?:refcount_|at)'], fmt: 'WARNING: refcount bug in {1}', stack: warningStack('refcount', 'kobject_') },
      { title: ['WARNING: .*kernel/locking/lockdep\\.c.*lock_'], fmt: 'WARNING: locking bug in {1}', stack: warningStack('lock_sock', 'release_sock') },
      {
        title: ['WARNING: .*still has locks held!'],
        report: ['WARNING: .*still has locks held!', 'at: {{FUNC}}'],
        fmt: 'WARNING: still has locks held in {1}',
      },
      { title: ['WARNING: Nested lock was not taken'], fmt: 'WARNING: nested lock was not taken in {1}', stack: warningStack() },
      {
        title: ['WARNING: lock held when returning to user space'],
        report: ['WARNING: lock held when returning to user space', 'leaving the kernel with locks still held', 'at: (?:{{PC}} +)?{{FUNC}}'],
        fmt: 'WARNING: lock held when returning to user space in {1}',
        noStackTrace: true,
      },
      { title: ['WARNING: .*mm/.*\\.c.* k?.?malloc'], fmt: 'WARNING: kmalloc bug in {1}', stack: warningStack('kmalloc', 'krealloc', 'slab', 'kmem') },
      { title: ['WARNING: .*mm/vmalloc.c.*__vmalloc_node'], fmt: 'WARNING: zero-size vmalloc in {1}', stack: warningStack() },
      {
        title: ['WARNING: .* usb_submit_urb'],
        fmt: 'WARNING in {1}/usb_submit_urb',
        stack: warningStack('usb_submit_urb', 'usb_start_wait_urb', 'usb_bulk_msg', 'usb_interrupt_msg', 'usb_control_msg'),
      },
      // Format of kernels from late 2025 on: "WARNING: fs/x.c:12 at 0x0, CPU#0: comm/123".
      { title: ['WARNING: {{SRC}} at 0x\\d+, CPU#\\d+'], fmt: 'WARNING in {2}', stack: warningStack() },
      // The same, symbolized: the inlined function comes first ("at f fs/x.c:12 [inline], CPU#0").
      { title: ['WARNING: {{SRC}} at [a-zA-Z0-9_]+ {{SRC}} \\[inline\\]'], fmt: 'WARNING in {3}', stack: warningStack() },
      // `fallback`: a report cut right after the header (no RIP, no trace) still names the function.
      { title: ['WARNING: .* at {{SRC}} {{FUNC}}'], fmt: 'WARNING in {3}', stack: { ...warningStack(), fallback: 2 } },
      { title: ['WARNING: {{SRC}} at {{FUNC}}'], fmt: 'WARNING in {3}', stack: { ...warningStack(), fallback: 2 } },
      { title: ['WARNING: \\[.*\\] {{SRC}} at {{FUNC}}.*'], fmt: 'WARNING in {3}', stack: { ...warningStack(), fallback: 2 } },
      // Without CONFIG_DEBUG_BUGVERBOSE (and for WARNs the bug table cannot place) no source location
      // is printed: "WARNING: CPU: 3 PID: 456 at f+0x1c/0x30 [mod]". The guilty frame is read as for
      // the other WARNINGs; when the log lost both RIP and trace, the function the header names is it.
      { title: ['WARNING: CPU: [0-9]+ PID: -?[0-9]+ at {{FUNC}}'], fmt: 'WARNING in {2}', stack: { ...warningStack(), fallback: 1 } },
      {
        title: ['WARNING: possible circular locking dependency detected'],
        report: ['WARNING: possible circular locking dependency detected', 'is trying to acquire lock'],
        fmt: 'possible deadlock in {1}',
        stack: {
          parts: ['at: (?:{{PC}} +)?{{FUNC}}', 'at: (?:{{PC}} +)?{{FUNC}}', PARSE_STACK],
          // Workqueue functions take locks of work items; their deadlocks are the item's, not theirs.
          skip: ['process_one_work', 'flush_workqueue', 'drain_workqueue', 'destroy_workqueue'],
        },
      },
      {
        title: ['WARNING: possible irq lock inversion dependency detected'],
        report: ['WARNING: possible irq lock inversion dependency detected', 'just changed the state of lock', 'at: (?:{{PC}} +)?{{FUNC}}'],
        fmt: 'possible deadlock in {1}',
      },
      {
        title: ['WARNING: .*-safe -> .*-unsafe lock order detected'],
        fmt: 'possible deadlock in {1}',
        stack: { parts: ['which became (?:.*) at:', PARSE_STACK] },
      },
      {
        title: ['WARNING: possible recursive locking detected'],
        report: ['WARNING: possible recursive locking detected', 'is trying to acquire lock', 'at: (?:{{PC}} +)?{{FUNC}}'],
        fmt: 'possible deadlock in {1}',
      },
      {
        title: ['WARNING: inconsistent lock state'],
        report: ['WARNING: inconsistent lock state', 'takes', 'at: (?:{{PC}} +)?{{FUNC}}'],
        fmt: 'inconsistent lock state in {2}',
        stack: { parts: TRACE },
      },
      {
        title: ['WARNING: suspicious RCU usage'],
        report: ['WARNING: suspicious RCU usage', '{{SRC}}'],
        fmt: 'WARNING: suspicious RCU usage in {2}',
        stack: { parts: TRACE, skip: ['rcu', 'kmem', 'slab'] },
      },
      {
        title: ["WARNING: kernel stack regs at [0-9a-f]+ in [^ ]* has bad '([^']+)' value"],
        fmt: "WARNING: kernel stack regs has bad '{1}' value",
        noStackTrace: true,
      },
      {
        title: ['WARNING: kernel stack frame pointer at [0-9a-f]+ in [^ ]* has bad value'],
        fmt: 'WARNING: kernel stack frame pointer has bad value',
        noStackTrace: true,
      },
      {
        title: ['WARNING: bad unlock balance detected!'],
        fmt: 'WARNING: bad unlock balance in {1}',
        stack: { parts: ['{{PC}} +{{FUNC}}', CALL_TRACE, PARSE_STACK] },
      },
      {
        title: ['WARNING: held lock freed!'],
        report: ['WARNING: held lock freed!', 'at:(?: {{PC}})? +{{FUNC}}'],
        fmt: 'WARNING: held lock freed in {1}',
      },
      { title: ["WARNING: kernel stack regs .* has bad 'bp' value"], fmt: 'WARNING: kernel stack regs has bad value', noStackTrace: true },
      { title: ['WARNING: kernel stack frame pointer .* has bad value'], fmt: 'WARNING: kernel stack regs has bad value', noStackTrace: true },
      { title: ['WARNING:\\s*$'], fmt: 'WARNING: corrupted', corrupted: true },
    ],
    suppressions: [
      'WARNING: /etc/ssh/moduli does not exist, using fixed modulus',
      'WARNING: workqueue cpumask: online intersect > possible intersect',
      'WARNING: [Tt]he mand mount option',
      'WARNING: Unsupported flag value\\(s\\) of 0x%x in DT_FLAGS_1',
      'WARNING: Unprivileged eBPF is enabled with eIBRS',
      "WARNING: fbcon: Driver '(.*)' missed to adjust virtual screen size",
      'WARNING: See https.* for mitigation options.',
      'WARNING: kernel not compiled with CPU_SRSO',
      'EXT4-[Ff][Ss](?: \\(.*\\))?:',
      '(?i)warning: .* uses (deprecated v2 capabilities|wireless extensions)',
      'XFS \\(\\w+\\): WARNING',
    ],
  },
  {
    header: 'INFO:',
    formats: [
      {
        title: ['INFO: possible circular locking dependency detected'],
        report: ['INFO: possible circular locking dependency detected \\]', 'is trying to acquire lock', 'at: {{PC}} +{{FUNC}}'],
        fmt: 'possible deadlock in {1}',
      },
      {
        title: ['INFO: possible irq lock inversion dependency detected'],
        report: ['INFO: possible irq lock inversion dependency detected \\]', 'just changed the state of lock', 'at: {{PC}} +{{FUNC}}'],
        fmt: 'possible deadlock in {1}',
      },
      {
        title: ['INFO: SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected'],
        report: ['INFO: SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected \\]', 'is trying to acquire', 'at: {{PC}} +{{FUNC}}'],
        fmt: 'possible deadlock in {1}',
      },
      {
        title: ['INFO: possible recursive locking detected'],
        report: ['INFO: possible recursive locking detected \\]', 'is trying to acquire lock', 'at: {{PC}} +{{FUNC}}'],
        fmt: 'possible deadlock in {1}',
      },
      {
        title: ['INFO: inconsistent lock state'],
        report: ['INFO: inconsistent lock state \\]', 'takes', 'at: {{PC}} +{{FUNC}}'],
        fmt: 'inconsistent lock state in {1}',
      },
      {
        title: ['INFO: rcu_(?:preempt|sched|bh) (?:self-)?detected(?: expedited)? stall'],
        fmt: 'INFO: rcu detected stall in {1}',
        alt: ['stall in {1}'],
        stack: {
          // The looping code is below the timer interrupt that noticed the stall.
          parts: ['apic_timer_interrupt', RIP_FRAME, PARSE_STACK],
          parts2: ['(?:apic_timer_interrupt|Exception stack|el1h_64_irq)', PARSE_STACK],
          skip: ['apic_timer_interrupt', 'rcu'],
          extractor: 'stall',
        },
      },
      {
        title: ['INFO: trying to register non-static key'],
        fmt: 'INFO: trying to register non-static key in {1}',
        stack: { parts: TRACE, skip: ['stack', 'lock', 'IRQ'] },
      },
      {
        title: ['INFO: suspicious RCU usage'],
        report: ['INFO: suspicious RCU usage', '{{SRC}}'],
        fmt: 'INFO: suspicious RCU usage in {2}',
        stack: { parts: TRACE, skip: ['rcu', 'kmem', 'slab'] },
      },
      {
        title: ['INFO: task .* blocked (?:in I/O wait )?for more than [0-9]+ seconds'],
        fmt: 'INFO: task hung in {1}',
        alt: ['hang in {1}'],
        stack: { parts: TRACE, extractor: 'hang' },
      },
      {
        title: ["INFO: task .* can't die for more than .* seconds"],
        fmt: "INFO: task can't die in {1}",
        alt: ['hang in {1}'],
        stack: { parts: TRACE, skip: ['schedule'] },
      },
      // Old-style KASAN reports whose header was lost.
      { title: ['INFO: (Freed|Allocated) in (.*)'], fmt: 'INFO: {1} in {2}', corrupted: true },
      { title: ['INFO:\\s*$'], fmt: 'INFO: corrupted', corrupted: true },
    ],
    suppressions: [
      'INFO: lockdep is turned off',
      'INFO: Stall ended before state dump start',
      'INFO: NMI handler',
      'INFO: recovery required on readonly filesystem',
      '(handler|interrupt).*took too long',
      'INFO: sys_.* is not present in /proc/kallsyms',
      'INFO: no syscalls can create resource',
      'rmt_storage:INFO:',
      '_INFO:',
    ],
  },
  {
    header: 'Unable to handle kernel',
    formats: [
      {
        title: ['Unable to handle kernel (paging request|NULL pointer dereference|access to user memory)'],
        fmt: 'BUG: unable to handle kernel {1} in {2}',
        alt: ['bad-access in {2}'],
        stack: { parts: RIP_TRACE },
      },
      {
        // s390 (arch/s390/mm/fault.c) says "pointer dereference" for what x86 calls a paging request;
        // the faulting function comes from the `Krnl PSW` line.
        title: ['Unable to handle kernel pointer dereference in virtual (?:kernel|user) address space'],
        fmt: 'BUG: unable to handle kernel paging request in {1}',
        alt: ['bad-access in {1}'],
        stack: { parts: RIP_TRACE },
      },
    ],
    suppressions: [],
  },
  {
    header: 'general protection fault',
    formats: [
      {
        title: ['general protection fault.*:'],
        fmt: 'general protection fault in {1}',
        alt: ['bad-access in {1}'],
        stack: { parts: RIP_TRACE },
      },
    ],
    // A user-space GPF ("... error:0 in libc.so") is not a kernel bug.
    suppressions: ['general protection fault .* error:\\d+ in '],
  },
  {
    header: 'stack segment: ',
    formats: [{ title: ['stack segment: '], fmt: 'stack segment fault in {1}', stack: { parts: RIP_TRACE } }],
    suppressions: [],
  },
  {
    header: 'Kernel panic',
    formats: [
      {
        title: ['Kernel panic - not syncing: stack-protector:'],
        report: ['Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: {{FUNC}}'],
        fmt: 'kernel panic: stack is corrupted in {1}',
        noStackTrace: true,
      },
      {
        title: ['Kernel panic - not syncing: stack-protector:'],
        report: ['Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: [a-f0-9]+'],
        fmt: 'kernel panic: stack is corrupted in {1}',
        stack: { parts: TRACE, skip: ['stack_chk'] },
      },
      {
        title: ['Kernel panic - not syncing: corrupted stack end'],
        report: ['Kernel panic - not syncing: corrupted stack end detected inside scheduler'],
        fmt: 'kernel panic: corrupted stack end in {1}',
        alt: ['stack-overflow in {1}'],
        stack: { parts: TRACE, skip: ['schedule', 'retint_kernel'], extractor: 'stall' },
      },
      {
        title: ['Kernel panic - not syncing: kernel stack overflow'],
        fmt: 'kernel stack overflow in {1}',
        alt: ['stack-overflow in {1}'],
        stack: { parts: TRACE, skip: ['bad_stack'], extractor: 'stall' },
      },
      { title: ['Kernel panic - not syncing: Attempted to kill init!'], fmt: 'kernel panic: Attempted to kill init!' },
      { title: ["Kernel panic - not syncing: Couldn't open N_TTY ldisc for [^ ]+ --- error -[0-9]+"], fmt: "kernel panic: Couldn't open N_TTY ldisc" },
      // These panics follow a BUG/WARNING/hung task; as the title they mean the real header was lost.
      { title: ['Kernel panic - not syncing: Fatal exception'], fmt: 'kernel panic: Fatal exception', corrupted: true },
      { title: ['Kernel panic - not syncing: panic_on_warn set'], fmt: 'kernel panic: panic_on_warn set', corrupted: true },
      { title: ['Kernel panic - not syncing: hung_task: blocked tasks'], fmt: 'kernel panic: hung_task: blocked tasks', corrupted: true },
      { title: ['Kernel panic - not syncing: (.*)'], fmt: 'kernel panic: {1}' },
    ],
    suppressions: [],
  },
  {
    header: 'PANIC: double fault',
    formats: [{ title: ['PANIC: double fault'], fmt: 'PANIC: double fault in {1}', stack: { parts: [RIP_FRAME] } }],
    suppressions: [],
  },
  {
    // A Rust panic names its message ("attempt to add with overflow") and the Rust function.
    header: 'rust_kernel: panicked',
    formats: [
      {
        title: ['rust_kernel: panicked'],
        report: ['rust_kernel: panicked at ', '^(.+)$'],
        fmt: '{1} in {2}',
        stack: { parts: TRACE, skip: ['__rustc::rust_begin_unwind'] },
      },
    ],
    suppressions: [],
  },
  {
    header: 'kernel BUG',
    formats: [
      { title: ['kernel BUG at mm/usercopy.c'], fmt: 'BUG: bad usercopy in {1}', stack: { parts: TRACE, skip: ['usercopy', '__check'] } },
      { title: ['kernel BUG at lib/list_debug.c'], fmt: 'BUG: corrupted list in {1}', alt: ['bad-access in {1}'], stack: { parts: TRACE } },
      // skb helpers BUG_ON their arguments: the bug is in the caller.
      { title: ['kernel BUG at (.*)'], fmt: 'kernel BUG in {2}', stack: { parts: RIP_TRACE, skip: ['^skb_'] } },
    ],
    suppressions: [],
  },
  { header: 'Kernel BUG', formats: [{ title: ['Kernel BUG (.*)'], fmt: 'kernel BUG {1}' }], suppressions: [] },
  { header: 'BUG kmalloc-', formats: [{ title: ['BUG kmalloc-.*: Object already free'], fmt: 'BUG: Object already free' }], suppressions: [] },
  {
    header: 'divide error:',
    formats: [{ title: ['divide error: '], fmt: 'divide error in {1}', stack: { parts: [RIP_FRAME] } }],
    suppressions: [],
  },
  {
    // Misspelling introduced by 9d06c4027f21 ("x86/entry: Convert Divide Error to IDTENTRY").
    header: 'divide_error:',
    formats: [{ title: ['divide_error: '], fmt: 'divide error in {1}', stack: { parts: [RIP_FRAME] } }],
    suppressions: [],
  },
  {
    // x86 "Oops: int3: 0000 [#1]": a stray breakpoint (a static call or text patching gone wrong).
    header: 'int3:',
    formats: [{ title: ['int3: '], fmt: 'int3 in {1}', stack: { parts: RIP_TRACE } }],
    suppressions: [],
  },
  {
    header: 'invalid opcode:',
    formats: [{ title: ['invalid opcode: '], fmt: 'invalid opcode in {1}', stack: { parts: [RIP_FRAME] } }],
    suppressions: [],
  },
  {
    header: 'UBSAN:',
    formats: [
      {
        title: ['UBSAN:'],
        report: ['UBSAN: Undefined behaviour in'],
        fmt: 'UBSAN: undefined-behaviour in {1}',
        stack: { parts: TRACE, skip: ['ubsan', 'overflow'] },
      },
      {
        title: ['UBSAN: array-index-out-of-bounds in'],
        fmt: 'UBSAN: array-index-out-of-bounds in {1}',
        alt: ['bad-access in {1}'],
        stack: { parts: TRACE, skip: ['ubsan', 'overflow'] },
      },
      { title: ['UBSAN:'], report: ['UBSAN: (.*?) in'], fmt: 'UBSAN: {1} in {2}', stack: { parts: TRACE, skip: ['ubsan', 'overflow'] } },
    ],
    suppressions: [],
  },
  {
    header: 'Booting the kernel.',
    formats: [{ title: ['^Booting the kernel'], fmt: 'unexpected kernel reboot', noStackTrace: true }],
    // The fuzzer may echo boot messages back as a bad mount option: not a reboot.
    suppressions: ["Parsing ELF|Decompressing Linux|Unknown parameter '"],
  },
  {
    header: 'unregister_netdevice: waiting for',
    formats: [
      {
        title: ['unregister_netdevice: waiting for (?:.*) to become free'],
        fmt: 'unregister_netdevice: waiting for DEV to become free',
        noStackTrace: true,
      },
    ],
    suppressions: [],
  },
  {
    header: 'VFS: Close: file count is 0',
    formats: [{ title: ['VFS: Close: file count is 0'], fmt: 'VFS: Close: file count is zero (use-after-free)', noStackTrace: true }],
    suppressions: [],
  },
  {
    header: 'VFS: Busy inodes after unmount',
    formats: [{ title: ['VFS: Busy inodes after unmount'], fmt: 'VFS: Busy inodes after unmount (use-after-free)', noStackTrace: true }],
    suppressions: [],
  },
  {
    // arm64 "Internal error: synchronous external abort" is arm's "Unable to handle kernel paging request".
    header: 'Internal error:',
    formats: [{ title: ['Internal error:'], fmt: 'Internal error in {1}', alt: ['bad-access in {1}'], stack: { parts: RIP_TRACE } }],
    suppressions: [],
  },
  {
    header: 'Unhandled fault:',
    formats: [{ title: ['Unhandled fault:'], fmt: 'Unhandled fault in {1}', alt: ['bad-access in {1}'], stack: { parts: RIP_TRACE } }],
    suppressions: [],
  },
  {
    header: 'Alignment trap:',
    formats: [{ title: ['Alignment trap:'], fmt: 'Alignment trap in {1}', stack: { parts: RIP_TRACE } }],
    suppressions: [],
  },
  {
    header: 'trusty: panic',
    formats: [
      {
        title: ['trusty: panic.* ASSERT FAILED'],
        report: ['trusty: panic \\(.*?\\):(?: DEBUG)? ASSERT FAILED at \\(.*?\\): (.+)'],
        fmt: 'trusty: ASSERT FAILED: {1}',
        noStackTrace: true,
      },
      { title: ['trusty: panic.* ASSERT FAILED.*: *(.*)'], fmt: 'trusty: ASSERT FAILED: {1}', corrupted: true },
      { title: ['trusty: panic'], report: ['trusty: panic \\(.*?\\): (.+)'], fmt: 'trusty: panic: {1}', noStackTrace: true },
    ],
    suppressions: [],
  },
  {
    header: 'fatal error:',
    formats: [{ title: ['fatal error:'], fmt: 'go runtime error', noStackTrace: true }],
    suppressions: ['ALSA', 'fatal error: cannot create timer'],
  },
  // Produced by the syzkaller executor and Go programs; kept so fuzzer logs parse like syzbot's.
  { header: 'SYZFAIL:', formats: [{ title: ['SYZFAIL:(.*)'], fmt: 'SYZFAIL:{1}', noStackTrace: true }], suppressions: [] },
  {
    header: 'SYZFATAL:',
    formats: [{ title: ['SYZFATAL:(.*)'], fmt: 'SYZFATAL:{1}', alt: ['SYZFATAL'], noStackTrace: true }],
    suppressions: [],
  },
  {
    header: 'panic:',
    formats: [
      { title: ['panic: Sentry detected .* stuck task'], fmt: 'panic: Sentry detected stuck tasks', noStackTrace: true },
      { title: ['panic:(.*)'], fmt: 'panic:{1}', noStackTrace: true },
    ],
    // skb_panic, skb_over_panic and friends are kernel functions, not Go panics.
    suppressions: ['_panic:', 'xlog_status:', 'ddb\\.onpanic:', 'evtlog_status:'],
  },
];

/**
 * Oops headers that may appear inside another report without starting a new one (a panic after a
 * BUG, a double fault while handling a page fault).
 */
export const REPORT_START_IGNORES = [
  'invalid opcode: 0000',
  'Kernel panic - not syncing',
  'unregister_netdevice: waiting for',
  'PANIC: double fault',
  'Internal error:',
  // kmemleak's own lines inside a "BUG: memory leak" report.
  'unreferenced object 0x',
];

/** Informational messages with a stack trace: inside another report they mean it is intermixed. */
export const INFO_MESSAGES_WITH_STACK = ['vmalloc: allocation failure:', 'FAULT_INJECTION: forcing a failure', 'FAULT_FLAG_ALLOW_RETRY missing'];
