import { SKIP_PATTERNS } from './crash/stack-params.js';

/**
 * Frames nearly every kernel trace passes through: entry and syscall plumbing, the scheduler,
 * interrupt and softirq dispatch, kthread and workqueue runners. A stack signature made of them
 * matches half the reports in a tracker. The title code's skip table (crash/stack-params.ts
 * SKIP_PATTERNS: reporting machinery, allocators, locking, string helpers) is the other half of
 * "generic": a guilty frame is never one of those, so a signature should not rest on them either.
 */
export const GENERIC_FRAMES: readonly string[] = [
  // entry, syscalls, returns to user space
  'entry_SYSCALL_64', 'entry_SYSCALL_64_after_hwframe', 'entry_SYSENTER_compat', 'do_syscall_64', 'do_syscall_x64',
  'syscall_exit_to_user_mode', 'exit_to_user_mode_prepare', 'exit_to_user_mode_loop', 'ret_from_fork', 'ret_from_fork_asm',
  'el0_svc', 'el0_svc_common', 'el0t_64_sync', 'el0t_64_sync_handler', 'el0_sync', 'invoke_syscall', 'do_el0_svc',
  'system_call', 'system_call_exception', 'system_call_vectored_common', '__do_syscall', 'do_fast_syscall_32',
  // scheduler and waiting
  'schedule', '__schedule', 'schedule_timeout', 'schedule_preempt_disabled', 'io_schedule', 'io_schedule_timeout',
  'preempt_schedule', 'preempt_schedule_common', 'preempt_schedule_irq', '__cond_resched', 'context_switch',
  '__switch_to', '__switch_to_asm', 'wait_for_completion', 'wait_for_completion_io', 'wait_for_common', 'bit_wait',
  // interrupts, softirqs, timers
  'asm_sysvec_apic_timer_interrupt', 'sysvec_apic_timer_interrupt', 'irq_exit_rcu', '__irq_exit_rcu', 'do_softirq',
  '__do_softirq', 'handle_softirqs', 'run_ksoftirqd', 'smpboot_thread_fn', 'asm_common_interrupt', 'common_interrupt',
  'handle_irq_event', 'tick_sched_timer', '__hrtimer_run_queues', 'hrtimer_interrupt', 'update_process_times',
  // kthreads and workqueues
  'kthread', 'worker_thread', 'process_one_work', 'process_scheduled_works', 'rescuer_thread',
  // idle and boot
  'cpu_startup_entry', 'do_idle', 'start_secondary', 'secondary_startup_64', 'secondary_startup_64_no_verify',
  'start_kernel', 'x86_64_start_kernel', 'rest_init', 'kernel_init', 'cpuidle_enter', 'default_idle',
  // reporting machinery (also in the skip table; listed so the common names need no regex)
  'dump_stack', 'dump_stack_lvl', 'show_stack', 'warn_slowpath_fmt', '__warn', 'report_bug', 'handle_bug',
  'exc_invalid_op', 'asm_exc_invalid_op', 'panic', 'die', 'oops_end', 'page_fault_oops', 'exc_page_fault',
  'asm_exc_page_fault', 'do_user_addr_fault', 'kernelmode_fixup_or_oops', 'no_context', '__bad_area_nosemaphore',
];

const EXACT = new Set(GENERIC_FRAMES);
const PATTERNS = SKIP_PATTERNS.map((source) => new RegExp(source));

/**
 * Whether a (normalised) function name is one many unrelated bugs share.
 *
 * @example
 * isGenericFrame('entry_SYSCALL_64') // => true
 * isGenericFrame('kfree') // => true (the skip table)
 * isGenericFrame('xfs_iwalk_ag') // => false
 */
export function isGenericFrame(name: string): boolean {
  return EXACT.has(name) || PATTERNS.some((re) => re.test(name));
}

/**
 * Whether one function alone names a bug well enough for a stack signature: not generic, and
 * specific in itself (a subsystem prefix and a few words: `xfs_iwalk_run_callbacks`, not `iput`).
 *
 * @example
 * isDistinctiveFrame('xfs_iwalk_run_callbacks') // => true
 * isDistinctiveFrame('bfq_setup_cooperator') // => true
 * isDistinctiveFrame('do_writepages') // => false (a verb and a noun: every filesystem's writeback)
 * isDistinctiveFrame('put_page') // => false (the skip table)
 */
export function isDistinctiveFrame(name: string): boolean {
  if (isGenericFrame(name)) return false;
  const words = name.replace(/^_+/, '').split('_').filter((w) => w.length > 0);
  if (words.length >= 3) return true;
  return words.length === 2 && name.length >= 12 && !GENERIC_VERBS.has(words[0]!);
}

/** First words of generic two-word helpers (`do_writepages`, `vfs_fsync`, `generic_perform_write`). */
const GENERIC_VERBS = new Set(['do', 'get', 'put', 'set', 'try', 'free', 'alloc', 'init', 'new', 'vfs', 'generic', 'submit', 'call', 'run', 'handle', 'process']);
