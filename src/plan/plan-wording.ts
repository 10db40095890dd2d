import type { MissingInfo } from '../model.js';

/**
 * The engine's own words for the plan, as data: what to ask for missing information, and the steps
 * that depend on the verdict rather than on a rule. Rule-specific wording lives in rules/*.yml.
 */
export const MISSING_INFO_QUESTIONS: Readonly<Record<MissingInfo, string>> = {
  configuration: 'How is the storage set up? Please attach `lsblk -o NAME,TYPE,FSTYPE,SIZE,MOUNTPOINT` and, for LVM, `lvs -a -o+devices` (or describe the stack: RAID, LVM, dm-crypt, filesystem).',
  'kernel-log': 'Please attach the kernel log from around the failure (`journalctl -k -b` or `dmesg`), including the first error, not only the last lines.',
  'kernel-version': 'Which kernel are you running? Please paste the output of `uname -r`.',
  'reproduction-steps': 'How can the problem be reproduced? The commands, workload and how long it takes help.',
};

/**
 * Subsystems (and their `x/...` children) whose reports the storage-stack question does not help:
 * a USB audio or network driver bug needs no `lsblk`. The `configuration` question is asked unless
 * every subsystem in view (possible matches, chosen playbooks) is listed here.
 */
export const NON_STORAGE_SUBSYSTEMS: readonly string[] = ['net', 'usb'];

/** Asked whenever a known bug matched but the report names no running kernel. */
export const KERNEL_VERSION_QUESTION = MISSING_INFO_QUESTIONS['kernel-version'];

/** Steps when the reporter's kernel already has the fix: a regression or a look-alike bug. */
export const FIX_PRESENT_STEPS: readonly string[] = [
  'Your kernel already carries the fix for this known bug ({{reason}}), so this is probably a regression or a different bug with the same symptom.',
  'Please tell us the last kernel version that worked and the first one that fails; if you can build kernels, bisecting between them (`git bisect start <bad> <good>`) finds the culprit commit.',
  'Check whether the latest stable release of your series still shows the problem, and attach the full kernel log from the failing boot.',
];

/** Replaces the second FIX_PRESENT_STEPS entry when the report names a kernel that worked. */
export const BISECT_STEP =
  'You reported {{working}} working: if you can build kernels, bisecting between it and {{running}} (`git bisect start v<bad> v<good>`) finds the commit that broke it.';

/** Step when a distro kernel cannot be placed: the distro's changelog decides. `{{upstream}}` is DISTRO_UPSTREAM or nothing. */
export const DISTRO_CHECK_STEP =
  "Check whether your distribution's kernel includes commit {{fix_commit}} (\"{{fix_subject}}\"), e.g. in its package changelog{{upstream}}.";

/** Completes DISTRO_CHECK_STEP when the rule names the mainline release with the fix. */
export const DISTRO_UPSTREAM = ', or test an upstream kernel {{fixed_mainline}} or later';

/** Step for a possible (not confident) match; `{{where}}` is filled with FIX_WHERE when the rule lists releases. */
export const POSSIBLE_MATCH_STEP =
  'This may be the known bug "{{title}}" (fixed by {{fix_commit}}, "{{fix_subject}}"{{where}}): compare your log with its signature {{signature}}.';

/**
 * Step for a bug offered by description only (match-descriptions.ts): it must say so, since no line
 * of the report matched it. `{{where}}` is filled with FIX_WHERE when the fix's release is known.
 */
export const BY_DESCRIPTION_STEP =
  'Possible, by description only (no log line of this report matched it): the known bug "{{title}}", fixed by {{fix_commit}} ("{{fix_subject}}"){{where}}. Compare its fix with your setup and symptoms; the kernel log (`dmesg`) from the failure would confirm or rule it out.';

/** Where a fix landed, when the rule says: appended to other steps. */
export const FIX_WHERE = ' in mainline {{fixed_mainline}}';

/** The fix step when a rule has none of its own that names the fix. */
export const DEFAULT_FIX_STEP = 'Upgrade to {{fixed_for_running}} or later, or apply {{fix_commit}} ("{{fix_subject}}").';

/** Step when the kernel's fix status is unknown: tell the reporter where the fix is. */
export const VERSION_UNKNOWN_STEP =
  'The fix ({{fix_commit}}, "{{fix_subject}}") is in mainline {{fixed_mainline}}: if your kernel is older than the fixed release for its series, upgrading or applying the fix should resolve this.';
/** Appended to VERSION_UNKNOWN_STEP when the rule lists stable backports. */
export const VERSION_UNKNOWN_STABLE = 'Stable releases with the fix: {{fixed_stable}}.';
/** VERSION_UNKNOWN_STEP for a rule that lists stable backports but no mainline release. */
export const VERSION_UNKNOWN_STABLE_ONLY_STEP =
  'The fix ({{fix_commit}}, "{{fix_subject}}") is in the stable releases {{fixed_stable}}: if your kernel is older than the fixed release for its series, upgrading or applying the fix should resolve this.';
/** VERSION_UNKNOWN_STEP for a rule that lists no release with the fix. */
export const VERSION_UNKNOWN_NO_RELEASE_STEP = 'The fix ({{fix_commit}}, "{{fix_subject}}") is in no release the rule lists yet: applying it should resolve this.';

/**
 * Step when nothing matched, no playbook covers the report and it quotes some kernel log: the lines
 * before the quoted ones often hold the cause. (A missing log, kernel or storage stack is asked as a
 * question, MISSING_INFO_QUESTIONS, so it is not asked twice.)
 */
export const FULL_LOG_STEP = 'Attach the complete kernel log of the failing boot (`journalctl -k -b`), not only the lines around the error.';
