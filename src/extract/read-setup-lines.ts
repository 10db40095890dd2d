import { readMountLines, type MountLine } from './read-mount-lines.js';
import { charSet, MAX_SCAN, type LineTable, type TextLine } from './split-lines.js';

/**
 * Facts about the setup that a phrase cannot read: what `dmsetup table`, `/proc/mdstat`, a kernel
 * config excerpt or `mount` show. An oops's `Modules linked in:` list is deliberately not read: a
 * loaded module is not a target in use (initramfs images load dm_crypt and dm_thin_pool on
 * machines that use neither; see find-listing-lines.ts). Each reader fills fact ids by a rule
 * (`dm_<target>`, `kconfig_<option>`, `mount_<option>`); extract-config-facts keeps only the ids the
 * vocabulary (rules/facts.yml) defines, so a maintainer adds `kconfig_debug_vm` to facts.yml and
 * it is read with no code change.
 */
export interface SetupStatement {
  factId: string;
  value: boolean | string;
  source: TextLine;
  /** 'shown': the machine printed it (a table row, a config line); 'stated': weaker, a reporter's "with CONFIG_X". */
  kind: 'shown' | 'stated';
}

/** Fact-id prefixes whose ids the readers below make up from what they read. */
export const SETUP_FACT_FAMILIES = ['dm_', 'kconfig_', 'mount_'] as const;

/**
 * dm target types (`dmsetup table` column 3, after start and length) to fact ids. A thin pool is
 * also the older `thin_pool` fact, dm-crypt `encryption`.
 */
const DM_TARGETS: ReadonlyArray<{ targets: readonly string[]; facts: readonly string[] }> = [
  { targets: ['thin-pool', 'thin'], facts: ['dm_thin', 'thin_pool'] },
  { targets: ['crypt'], facts: ['dm_crypt', 'encryption'] },
  { targets: ['raid'], facts: ['dm_raid'] },
  { targets: ['cache'], facts: ['dm_cache'] },
  { targets: ['writecache'], facts: ['dm_writecache'] },
  { targets: ['integrity'], facts: ['dm_integrity'] },
  { targets: ['verity'], facts: ['dm_verity'] },
  { targets: ['multipath'], facts: ['dm_multipath'] },
  { targets: ['snapshot', 'snapshot-origin', 'snapshot-merge'], facts: ['dm_snapshot'] },
  { targets: ['mirror'], facts: ['dm_mirror'] },
  { targets: ['era'], facts: ['dm_era'] },
  { targets: ['clone'], facts: ['dm_clone'] },
  { targets: ['zoned'], facts: ['dm_zoned'] },
  { targets: ['vdo'], facts: ['dm_vdo'] },
  { targets: ['delay'], facts: ['dm_delay'] },
  { targets: ['flakey'], facts: ['dm_flakey'] },
];
const BY_TARGET = new Map(DM_TARGETS.flatMap((row) => row.targets.map((t) => [t, row.facts] as const)));

/** `dmsetup table`: "vg-pool-tpool: 0 2097152 thin-pool 253:1 253:2 128 0 1 skip_block_zeroing" (name optional). */
const DMSETUP_ROW = /^(?:[\w.+:-]{1,128}:\s+)?\d{1,20} \d{1,20} ([a-z][a-z-]{1,20})(?: |$)/;
/** dm-raid's table names write-mostly members by index: "raid raid1 5 0 region_size 1024 write_mostly 1 ...". */
const DM_RAID_WRITE_MOSTLY = /\braid raid1 .*\bwrite_mostly \d/;
/** /proc/mdstat: "md0 : active raid1 sdb1[1](W) sda1[0]" (level, then members; `(W)` = write-mostly). */
const MDSTAT_ARRAY = /^(md[\w/-]{1,32}) : (?:active|inactive)(?: \((?:auto-)?read-only\))? (raid\d{1,2}|linear|multipath)\b(.*)$/;
/** mdadm --detail: "Raid Level : raid5" and member rows ending in "writemostly". */
const MDADM_LEVEL = /^\s*Raid Level : (raid\d{1,2}|linear)\s*$/;
const MDADM_WRITE_MOSTLY = /^\s*\d+\s+\d+\s+\d+\s+\d+\s+\S.*\bwritemostly\b/;
/** A kernel config line or mention: `CONFIG_X=y`, `# CONFIG_X is not set`, "with CONFIG_X", "CONFIG_X disabled". */
const CONFIG = /(?:\b(with|without|enable|enabled|enabling|disable|disabled|disabling|no|turn on|turn off|turning on|turning off|set|unset)\s+)?\bCONFIG_([A-Z0-9_]{2,60})\b(=[ymn]\b|=\S+| is not set| (?:enabled|disabled|on|off)\b)?/g;
const CONFIG_TRUE = new Set(['with', 'enable', 'enabled', 'enabling', 'turn on', 'turning on', 'set']);
const CONFIG_FALSE = new Set(['without', 'disable', 'disabled', 'disabling', 'no', 'turn off', 'turning off', 'unset']);
/** `mount -o noatime,dax /dev/pmem0 /mnt` and `-o` options of mount(8) commands in a report. */
const MOUNT_COMMAND = /\bmount\b[^\n|;]{0,200}?\s-o\s*([\w=:,.@/+-]{1,500})/;
/**
 * What each pattern above needs one of: a dmsetup or mdadm row's digits, mdstat's and mdadm's ` : `,
 * `CONFIG_`'s underscore, mount's `-o`. A line without any (prose, a list of words) states nothing here.
 */
const SETUP_MARKS = charSet('0123456789:_-');
const SETUP_MARKS_ANYWHERE = /[0-9:_-]/;

/**
 * The setup statements of a part's own lines (quoted lines and others' comments are left out by
 * the caller). Never throws; linear in the text.
 *
 * @example
 * readSetupLines(splitLines('md0 : active raid1 sdb1[1](W) sda1[0]')).map((s) => [s.factId, s.value])
 * // => [['raid_level', 'raid1'], ['write_mostly', true]]
 */
export function readSetupLines(lines: LineTable, include: (row: number) => boolean = () => true, mounts: readonly MountLine[] = readMountLines(lines, include)): SetupStatement[] {
  const out: SetupStatement[] = [];
  // The line being read, as a value only once it states something.
  let current = 0;
  let source: TextLine | null = null;
  const add = (factId: string, value: boolean | string, kind: SetupStatement['kind'] = 'shown'): void => {
    source ??= lines.at(current);
    out.push({ factId, value, source, kind });
  };
  // A text without any mark is not read line by line.
  for (let i = 0, any = SETUP_MARKS_ANYWHERE.test(lines.text); any && i < lines.length; i++) {
    if (!include(i) || lines.isBlank(i, MAX_SCAN) || !lines.includesAny(i, SETUP_MARKS, MAX_SCAN)) continue;
    current = i;
    source = null;
    const content = lines.head(i, MAX_SCAN);
    const trimmed = content.trim();
    readDm(content, trimmed, add);
    const md = MDSTAT_ARRAY.exec(trimmed);
    if (md) {
      if (md[2] !== 'multipath') add('raid_level', md[2]!);
      if (/\[\d+\]\(W\)/.test(md[3]!)) add('write_mostly', true);
    }
    const level = MDADM_LEVEL.exec(content);
    if (level) add('raid_level', level[1]!);
    if (MDADM_WRITE_MOSTLY.test(content)) add('write_mostly', true);
    // matchAll copies the regex for every call: only lines that name an option pay for it.
    if (content.includes('CONFIG_')) for (const m of content.matchAll(CONFIG)) {
      const value = configValue(m[1]?.toLowerCase() ?? null, m[3] ?? null);
      if (value !== null) add(`kconfig_${m[2]!.toLowerCase()}`, value, m[3]?.startsWith('=') || m[3] === ' is not set' ? 'shown' : 'stated');
    }
    const command = MOUNT_COMMAND.exec(content);
    if (command) for (const option of command[1]!.split(',')) for (const id of mountFactIds(option)) add(id, true);
  }
  for (const mount of mounts) for (const option of mount.options) for (const id of mountFactIds(option)) out.push({ factId: id, value: true, source: mount.source, kind: 'shown' });
  return out;
}

function readDm(content: string, trimmed: string, add: (factId: string, value: boolean) => void): void {
  const row = DMSETUP_ROW.exec(trimmed);
  if (!row) return;
  for (const factId of BY_TARGET.get(row[1]!) ?? []) add(factId, true);
  if (DM_RAID_WRITE_MOSTLY.test(content)) add('write_mostly', true);
}

/** A config mention's value: `=y`/`=m`/"with"/"enabled" true, `=n`/"is not set"/"without"/"disabled" false, other values (`=4096`) none. */
function configValue(before: string | null, after: string | null): boolean | null {
  const tail = after?.trim() ?? null;
  if (tail === '=y' || tail === '=m' || tail === 'enabled' || tail === 'on') return true;
  if (tail === '=n' || tail === 'is not set' || tail === 'disabled' || tail === 'off') return false;
  if (tail !== null && tail.startsWith('=')) return null;
  if (before !== null && CONFIG_TRUE.has(before)) return true;
  if (before !== null && CONFIG_FALSE.has(before)) return false;
  return null;
}

/**
 * The fact ids one mount option fills: `dax` -> mount_dax, `data=journal` -> mount_data and
 * mount_data_journal, `compress=zstd:3` -> mount_compress and mount_compress_zstd.
 */
function mountFactIds(option: string): string[] {
  const [key, value] = option.toLowerCase().split('=', 2) as [string, string | undefined];
  const id = (s: string) => s.replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  const base = id(key);
  if (base === '' || !/^[a-z]/.test(base)) return [];
  if (value === undefined) return [`mount_${base}`];
  const variant = id(value.split(':')[0]!);
  return variant === '' ? [`mount_${base}`] : [`mount_${base}`, `mount_${base}_${variant}`];
}
