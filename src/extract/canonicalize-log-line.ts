/**
 * Canonical form of a kernel log line: the same bug in two reports gives the same canonical line,
 * whatever device numbers, block numbers, addresses, PIDs or counts the two logs hold.
 *
 * The input is a message with its timestamp and syslog/journal prefix already removed. Rules use the
 * same function on their literal signatures, so a maintainer may paste a raw line or write the
 * placeholders by hand; canonicalizing a canonical line changes nothing.
 *
 * Placeholders: `<DEV>` block/char device names and major:minor pairs, `<ADDR>` kernel addresses,
 * `<HEX>` other 0x-numbers, `<UUID>`, `<N>` other unsigned decimal numbers. Negative numbers are
 * errno values (`error = -22`, `Error -5`) and identify the failure, so they stay.
 *
 * @example
 * canonicalizeLogLine('device-mapper: thin: 253:6: dm_thin_insert_block() failed: error = -22')
 * // => 'device-mapper: thin: <DEV>: dm_thin_insert_block() failed: error = -22'
 */
export function canonicalizeLogLine(message: string): string {
  let line = message.length > MAX_LINE ? message.slice(0, MAX_LINE) : message;
  // One regex per row, in order: each scans fast for its own first characters, which beats one
  // combined alternation (tried at every position) on long logs.
  for (const [pattern, placeholder] of REPLACEMENTS) line = line.replace(pattern, placeholder);
  return line.replace(/\s+/g, ' ').trim();
}

/** Longer lines are cut before canonicalizing: no real kernel message is this long. */
const MAX_LINE = 4096;

/** Device names as the kernel prints them; the digits in them are volatile, the family is not. */
const DEVICE_NAMES = [
  'dm-\\d+(?:-\\d+)?', // dm-6, and jbd2's "dm-6-8" journal name
  'sd[a-z]{1,3}\\d*',
  'vd[a-z]{1,3}\\d*',
  'xvd[a-z]{1,3}\\d*',
  'hd[a-z]\\d*',
  'nvme\\d+(?:c\\d+)?(?:n\\d+)?(?:p\\d+)?',
  'mmcblk\\d+(?:p\\d+)?',
  'md\\d+(?:p\\d+)?',
  'loop\\d+(?:p\\d+)?',
  'nbd\\d+(?:p\\d+)?',
  'rbd\\d+(?:p\\d+)?',
  'zram\\d+',
  'bcache\\d+',
  'sr\\d+',
  'sg\\d+',
  'ata\\d+(?:\\.\\d+)?',
].join('|');

/** Applied in order: the specific shapes first, bare numbers last. */
const REPLACEMENTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<UUID>'],
  [/\b0x[0-9a-f]+\b/gi, '<HEX>'],
  // Kernel virtual addresses printed without 0x (ffff88007b8e4000, 00000000deadbeef).
  [/\b[0-9a-f]{12,16}\b/gi, '<ADDR>'],
  // PCI addresses (0000:02:00.0) name a slot, not the bug.
  [/\b[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]\b/gi, '<DEV>'],
  // A trailing "-8" is jbd2's journal name for the device ("sdc1-8", "dm-6-8"). Inside a path only
  // /dev/ names a device ("bdev /dev/nvme1n1p2"); "/mnt/sdb1" is a directory.
  [new RegExp(`(?:(?<=/dev/)|(?<![\\w/-]))(?:${DEVICE_NAMES})(?:-\\d+)?(?![\\w])`, 'g'), '<DEV>'],
  // major:minor (253:6) and SCSI addresses (2:0:0:0); a clock time never reaches here.
  [/(?<![\w:.-])\d+(?::\d+){1,3}(?!\w|:\d)/g, '<DEV>'],
  // Unsigned numbers, with decimals; digits inside identifiers (ext4, raid5, jbd2) stay.
  // A '-' after a digit is a range ("entries 2031-2034"), not a sign: only signed numbers stay.
  [/(?<![\w.<>])(?<!(?:^|[^\w>])-)\d+(?:\.\d+)*(?![\w])/g, '<N>'],
];
