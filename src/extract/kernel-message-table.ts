/**
 * Domain knowledge about kernel log messages, as data: which subsystem printed a line, where it sits
 * in the storage stack (to put root causes before their consequences), and which words make a line
 * an error or a warning. Adding a subsystem is one row.
 */

import { anyPattern } from './any-pattern.js';

export interface SubsystemRow {
  /** Matched at the start of the message (timestamp and syslog prefix already removed). */
  pattern: RegExp;
  /** The subsystem name; `$1` is replaced by the pattern's first group. */
  name: string;
  /**
   * Position in the storage stack, lowest first: 0 = devices, drivers and device-mapper/md metadata
   * (where root causes are), 1 = filesystems and journals (they notice the failure), 2 = the generic
   * block/page-cache messages that every lower failure produces.
   */
  tier: 0 | 1 | 2;
}

export const SUBSYSTEMS: readonly SubsystemRow[] = [
  // "device-mapper: thin: 253:6: ...", "device-mapper: space map common: ...", "device-mapper: btree spine: ..."
  { pattern: /^device-mapper: ([a-z][a-z0-9 _-]{0,40}?):/, name: 'device-mapper: $1', tier: 0 },
  { pattern: /^dm-(?:crypt|verity|integrity|raid)\b/, name: 'device-mapper', tier: 0 },
  // "md/raid:md0: ...", "md/raid10:md1: ...", "md/raid1:md127: ..."
  { pattern: /^md\/raid(\d*):/, name: 'md/raid', tier: 0 },
  { pattern: /^md(?:\/[a-z0-9]+)?: /, name: 'md', tier: 0 },
  { pattern: /^raid\d+: /, name: 'md/raid', tier: 0 },
  { pattern: /^nvme(?: nvme\d+|\d+n\d+(?:p\d+)?|\d+c\d+n\d+)?: /, name: 'nvme', tier: 0 },
  { pattern: /^nvme (?:nvme\d+|[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.\d)/, name: 'nvme', tier: 0 },
  { pattern: /^sd \d+:\d+:\d+:\d+: /, name: 'sd', tier: 0 },
  { pattern: /^scsi(?: host\d+| \d+:\d+:\d+:\d+)?: /, name: 'scsi', tier: 0 },
  { pattern: /^ata\d+(?:\.\d+)?: /, name: 'ata', tier: 0 },
  { pattern: /^(?:iscsi|connection\d+:\d+|session\d+:|iSCSI)\b/, name: 'iscsi', tier: 0 },
  { pattern: /^qla2xxx |^lpfc |^(?:rport|host)\d+/, name: 'fc', tier: 0 },
  { pattern: /^blkfront: /, name: 'xen-blkfront', tier: 0 },
  { pattern: /^vmw_pvscsi: /, name: 'vmw_pvscsi', tier: 0 },
  { pattern: /^bcache: /, name: 'bcache', tier: 0 },
  { pattern: /^(?:virtio_blk|virtio-blk) /, name: 'virtio_blk', tier: 0 },
  { pattern: /^mmc\d+: /, name: 'mmc', tier: 0 },
  { pattern: /^EXT4-fs\b/, name: 'EXT4-fs', tier: 1 },
  { pattern: /^EXT3-fs\b/, name: 'EXT3-fs', tier: 1 },
  { pattern: /^(?:JBD2|jbd2)\b/, name: 'JBD2', tier: 1 },
  // jbd2 prints this without its name
  { pattern: /^Aborting journal on device /, name: 'JBD2', tier: 1 },
  { pattern: /^XFS\b/, name: 'XFS', tier: 1 },
  { pattern: /^BTRFS\b/, name: 'BTRFS', tier: 1 },
  { pattern: /^F2FS-fs\b/, name: 'F2FS-fs', tier: 1 },
  { pattern: /^(?:FAT-fs|SQUASHFS|NILFS|ZFS|bcachefs)\b/, name: '$0', tier: 1 },
  { pattern: /^Buffer I\/O error\b/, name: 'Buffer I/O error', tier: 2 },
  { pattern: /^lost page write due to I\/O error\b/, name: 'Buffer I/O error', tier: 2 },
  { pattern: /^(?:blk_update_request|print_req_error|I\/O error, dev)\b/, name: 'block', tier: 2 },
  { pattern: /^(?:blk-mq|block)\b/, name: 'block', tier: 2 },
];

/**
 * Oops lines that identify themselves without a subsystem prefix: a decoded trace pasted without
 * timestamps still has them ("RIP: 0010:find_free_extent+0x52f0/0x5d20", "assertion failed: ...",
 * lockdep's lock lines).
 */
export const OOPS_LINE_STARTS: readonly RegExp[] = [
  /^RIP: [0-9a-f]{4}:\S+(?:\+0x| \()/,
  /^pc : \S+(?:\+0x| \()/,
  /^(?:BUG|WARNING|INFO|UBSAN|KASAN): /,
  /^kernel BUG at /,
  /^Oops: /,
  /^general protection fault/,
  /^assertion failed: /,
  // lockdep's report, pasted without timestamps: its lines say what they are by their shape, and
  // the lock lines are what tells one deadlock from another (`(sb_internal#2){.+.+}-{0:0}, at:
  // clone_copy_inline_extent+0xe4/0x5a0`). The acquire/held lock lines (with or without the
  // address and the ` #N: ` of a held-locks list), the dependency chain's heads (`-> #1
  // (&mm->mmap_lock){++++}-{3:3}:`), who takes and holds what, and the verdict.
  /^(?:#\d{1,3}: {1,2})?(?:[0-9a-f]{8,16} )?\((?:[^(){}\s]|\([^(){}\s]*\))+\)\{[-+.?]{4,8}\}(?:-\{\d{1,2}:\d{1,2}\})?, at:(?: |$)/,
  /^-> #\d{1,3} \((?:[^(){}\s]|\([^(){}\s]*\))+\)\{[-+.?]{4,8}\}/,
  /^\S{1,64}\/\d{1,10} is trying to acquire lock:$/,
  /^but task is already holding lock:$/,
  /^(?:\d{1,4}|no) locks? held by \S{1,64}\/\d{1,10}:$/,
  /^\*\*\* DEADLOCK \*\*\*$/,
];

/** The rows as one regex: every line of every text is tried, and one scan rejects most on their first character. */
const OOPS_LINE = anyPattern(OOPS_LINE_STARTS);

export function isOopsLine(message: string): boolean {
  return OOPS_LINE.test(message);
}

/**
 * Messages a driver prints through dev_printk about a device it names by its bus address: a USB
 * device (`usb 3-2: New USB device found, ...`) or interface (`pl2303 3-2:1.0: unknown device type,
 * please report to linux-usb@vger.kernel.org`, `cdc_acm 1-4:1.0: ttyACM0: USB ACM device`, a
 * network interface after it: `r8152 2-1:1.0 eth0: Tx timeout`), a PCI function (`xhci_hcd
 * 0000:00:14.0: WARN Set TR Deq Ptr cmd failed`), and the driver core's `pl2303: probe of 3-2:1.0
 * failed with error -19`. Pasted without timestamps (`dmesg --notime`, `journalctl -k -o cat`, a
 * forum post) they are still kernel lines: prose does not start with a driver name and a bus
 * address. Only for reading bare lines; the subsystem table above decides the storage tiers.
 */
export const DEVICE_LINE_STARTS: readonly RegExp[] = [
  /^usb \d{1,3}-\d{1,3}(?:\.\d{1,3}){0,6}: /,
  /^[a-z][\w-]{1,31} \d{1,3}-\d{1,3}(?:\.\d{1,3}){0,6}:\d{1,3}\.\d{1,3}(?: [\w.-]{1,32})?: /,
  /^[a-z][\w-]{1,31} [0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7](?: [\w.-]{1,32})?: /,
  /^[a-z][\w-]{1,31}: probe of \S{1,64} failed with error -?\d{1,5}/,
  /^(?:usbcore|usbserial): /,
];

const DEVICE_LINE = anyPattern(DEVICE_LINE_STARTS);

export function isDeviceLine(message: string): boolean {
  return DEVICE_LINE.test(message);
}

/** Which subsystem printed a message; null when none of the rows knows it. */
export function findSubsystem(message: string): { name: string; tier: 0 | 1 | 2 } | null {
  for (const row of SUBSYSTEMS) {
    const m = row.pattern.exec(message);
    if (m) return { name: row.name.replace('$1', m[1] ?? '').replace('$0', m[0]), tier: row.tier };
  }
  return null;
}

export interface SeverityRow {
  pattern: RegExp;
  severity: 'error' | 'warning';
}

/**
 * Words that make a kernel line a signature. Checked in order; the first hit decides the severity,
 * so error words come first ("EXT4-fs warning ...: I/O error writing" is an error).
 */
export const SEVERITY_MARKERS: readonly SeverityRow[] = [
  {
    pattern: new RegExp(
      [
        String.raw`\b(?:error|errors|failed|failure|fail|failing|unable to|cannot|can't|corrupt(?:ed|ion)?|mismatch|invalid|bad)\b`,
        String.raw`\b(?:link down|loop down|redirecting sector|read-only|aborting journal|aborted journal|lost page write|timed out|timeout|csum|checksum|critical|fatal|panic|oops)\b`,
        String.raw`\b(?:disabling device|kicking|degraded|offlin(?:e|ing) device|not responding|controller is down|reset controller|resetting controller)\b`,
        // oops headers are signatures too (the crash title names them separately)
        String.raw`\bBUG: |\bkernel BUG at\b|\bKASAN\b|\bUBSAN\b|\bgeneral protection fault\b|\bNULL pointer dereference\b`,
        String.raw`\b(?:assertion failed|not ready|aborting reset|unhandled sense code|unrecovered read error|medium error|sending BDR|(?:device|bus|host) reset)\b`,
        // the faulting function of an oops (x86 "RIP: 0010:f+0x1/0x2", arm64 "pc : f+0x1/0x2")
        // (decode_stacktrace.sh replaces the offset with the source line: "pc : f (fs/x.c:334")
        String.raw`^(?:RIP: [0-9a-f]{4}:|pc : )\S+(?:\+0x| \()`,
      ].join('|'),
      'i',
    ),
    severity: 'error',
  },
  { pattern: /\b(?:warning|WARN(?:ING)?|deprecated|blocked for more than|hung task)\b/i, severity: 'warning' },
  // What drivers and the core print when they meet something they did not expect and carry on:
  // "config 1 interface 2 altsetting 1 has a duplicate endpoint with address 0x85, skipping",
  // "unknown partition table", "unsupported feature", "refusing to ...", "out of memory".
  {
    pattern: /\b(?:duplicate|skipping|ignoring|unexpected(?:ly)?|unknown|illegal|unsupported|not supported|refus(?:e|es|ed|ing)|rejected|overflow|underflow|out of (?:memory|range|bounds|space)|no space left|stall(?:ed|s)?|lockup|too (?:many|large|small|big|long|short))\b/i,
    severity: 'warning',
  },
];

/** How a signature line is classified: null for informational lines. */
export function findSeverity(message: string): 'error' | 'warning' | null {
  for (const row of SEVERITY_MARKERS) if (row.pattern.test(message)) return row.severity;
  return null;
}

/**
 * Lines that are log noise, never signatures and never wrap targets (printk rate limiting).
 * "dm_bm_validate_buffer: 732 callbacks suppressed", "printk: 12 messages suppressed."
 */
export const NOISE: readonly RegExp[] = [
  /^(?:[\w.:-]+: )?\d+ callbacks suppressed\.?$/,
  /^(?:printk: )?\d+ messages suppressed\.?$/,
  /^__ratelimit: \d+ callbacks suppressed$/,
];

export function isNoise(message: string): boolean {
  return NOISE.some((pattern) => pattern.test(message));
}

/**
 * Messages userspace tools print in the kernel's words: never kernel log lines, never signatures.
 * libdevmapper (dmsetup, lvm2) prefixes its ioctl failures with `device-mapper:` just as the kernel
 * prefixes dm's messages, and reporters paste the tool's output next to dmesg. Each row: the tool,
 * and the message shape (anchored at the message start, prefixes removed).
 */
export const USERSPACE_MESSAGES: ReadonlyArray<{ tool: string; pattern: RegExp }> = [
  // libdevmapper's dm_task_run(): "device-mapper: reload ioctl on vg-pool-tpool (253:4) failed: Invalid argument";
  // the kernel's own ioctl messages read "device-mapper: ioctl: ..." (with a colon).
  { tool: 'libdevmapper (dmsetup, lvm2)', pattern: /^device-mapper: [a-z_]{2,20} ioctl (?:on\b|failed\b)/ },
  // libdevmapper: "device-mapper: version ioctl failed", "... create ioctl on X  failed: Device or resource busy"
  { tool: 'libdevmapper (dmsetup, lvm2)', pattern: /^device-mapper: [a-z_]{2,20} ioctl\b.{0,300}\bfailed: [A-Z][a-z]/ },
  // mdadm's messages: "mdadm: /dev/md0 has been started with 2 drives", "mdadm: add new device failed for /dev/sdb1"
  { tool: 'mdadm', pattern: /^mdadm: / },
  // lvm2's command messages: "  Failed to suspend vg/lv.", "  Thin pool vg-pool-tpool (253:4) transaction_id is 5, while expected 6."
  { tool: 'lvm2', pattern: /^(?:Failed to (?:suspend|resume|activate|deactivate|lock|update)|Thin pool \S+(?: \(\d+:\d+\))? transaction_id is \d+, while expected)\b/ },
  // dmsetup's own failure line after a failed ioctl
  { tool: 'dmsetup', pattern: /^Command failed\.?$/ },
  // cryptsetup / veritysetup: "Device ... is too small", "No key available with this passphrase."
  { tool: 'cryptsetup', pattern: /^(?:No key available with this passphrase|Cannot use device \S+ which is in use)/ },
];

/**
 * Whether a message is a userspace tool's, shaped like a kernel message.
 *
 * @example
 * isUserspaceMessage('device-mapper: reload ioctl on vg-lv (253:3) failed: Invalid argument') // => true
 * isUserspaceMessage('device-mapper: ioctl: error adding target to table') // => false (the kernel's)
 */
export function isUserspaceMessage(message: string): boolean {
  return USERSPACE_MESSAGES.some((row) => row.pattern.test(message));
}
