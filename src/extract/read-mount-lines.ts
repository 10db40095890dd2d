import { charSet, type LineTable, type TextLine } from './split-lines.js';

/** A mounted filesystem as `mount`, /proc/mounts or /etc/fstab shows it. */
export interface MountLine {
  device: string;
  mountPoint: string;
  type: string;
  options: string[];
  source: TextLine;
}

/** `mount` output: "/dev/mapper/data-mysql on /var/lib/mysql type ext4 (rw,relatime,discard)". */
const MOUNT = /^\s*(\S{1,512}) on (\S{1,512}) type ([\w.-]{1,32}) \(([^()\s]{0,2000})\)\s*$/;
/** /proc/mounts and fstab: "/dev/sda1 /data xfs rw,noatime,discard 0 0". */
/** MOUNT needs the options' `(`, FSTAB a device's `/` or `UUID=`: other lines are passed over on a character scan. */
const MOUNT_MARKS = charSet('(/=');
const MOUNT_MARKS_ANYWHERE = /[(/=]/;
const FSTAB = /^\s*((?:\/dev\/|UUID=|LABEL=|PARTUUID=)\S{0,512})\s+(\/\S{0,512}|none)\s+([\w.-]{1,32})\s+([^\s]{1,2000})(?:\s+\d+\s+\d+)?\s*$/;

/**
 * Read mount lines (`mount` output, /proc/mounts, fstab). Never throws.
 *
 * @example
 * readMountLines(splitLines('/dev/sda1 on /data type xfs (rw,noatime,discard)'))[0]
 * // => { device: '/dev/sda1', mountPoint: '/data', type: 'xfs', options: ['rw', 'noatime', 'discard'], ... }
 */
export function readMountLines(lines: LineTable, include: (row: number) => boolean = () => true): MountLine[] {
  const found: MountLine[] = [];
  if (!MOUNT_MARKS_ANYWHERE.test(lines.text)) return found;
  for (let i = 0; i < lines.length; i++) {
    if (!include(i) || lines.contentLength(i) > 3000 || !lines.includesAny(i, MOUNT_MARKS, 3000) || lines.isBlank(i)) continue;
    const content = lines.content(i);
    const m = MOUNT.exec(content) ?? FSTAB.exec(content);
    if (!m) continue;
    found.push({ device: m[1]!, mountPoint: m[2]!, type: m[3]!.toLowerCase(), options: m[4]!.split(','), source: lines.at(i) });
  }
  return found;
}
