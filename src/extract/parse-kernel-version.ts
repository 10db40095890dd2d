import type { DistroFamily, KernelVersion } from '../model.js';
import { ownCopy } from './own-copy.js';

/**
 * Parse one kernel version string: mainline (`3.14`), rc (`3.14-rc6`), stable (`v3.12.6`), series
 * (`3.13-stable`), linux-next (`6.5.0-rc1-next-20230712`), git describe (`v6.7-rc3-00012-gabcdef`),
 * `uname -r` and distro strings (`5.15.0-91-generic`, `4.18.0-477.27.1.el8_8.x86_64`,
 * `6.1.0-13-amd64`). Returns null for anything that is not a kernel version (`1.02.185`,
 * `192.168.1.1`). Never throws.
 *
 * A sublevel of 0 is kept as 0: `uname -r` prints mainline 4.8 as `4.8.0`.
 *
 * @example
 * parseKernelVersion('5.15.0-91-generic')
 * // => { major: 5, minor: 15, sublevel: 0, distro: 'ubuntu', distroRelease: '0-91', ... }
 */
export function parseKernelVersion(raw: string): KernelVersion | null {
  // Reports name the same few versions over and over (a pasted log names its kernel on every oops
  // header, a version list repeats): each string is parsed once, and every caller gets its own copy.
  const known = PARSED.get(raw);
  if (known !== undefined) return known === null ? null : { ...known };
  // The cache outlives the report: its key and the parsed strings must not be views into the report's text (own-copy.ts).
  const key = ownCopy(raw);
  const parsed = parse(key);
  if (PARSED.size >= MAX_PARSED) PARSED.clear();
  PARSED.set(key, parsed);
  return parsed === null ? null : { ...parsed };
}

const PARSED = new Map<string, KernelVersion | null>();
const MAX_PARSED = 4096;

function parse(raw: string): KernelVersion | null {
  const text = raw.trim();
  if (text.length === 0 || text.length > 120) return null;
  const m = VERSION.exec(text);
  if (!m?.groups) return null;
  const g = m.groups;
  const major = Number(g.major);
  const minor = Number(g.minor);
  if (!isPlausible(major, minor)) return null;
  const sublevel = g.sublevel === undefined ? null : Number(g.sublevel);
  const rest = g.rest ?? '';

  const rc = /^-rc(\d+)/.exec(rest);
  const afterRc = rc ? rest.slice(rc[0].length) : rest;
  const buildRc = rc ? null : (readBuildRc(afterRc) ?? (sublevel === null && MERGE_WINDOW_SUFFIX.test(afterRc) ? 0 : null));
  const next = /-next-(\d{8})/.exec(afterRc);
  const describe = /^-(\d+)-g([0-9a-f]{7,40})\b/.exec(afterRc);
  const series = /^-stable\b/i.test(afterRc);
  const distro = detectDistro(afterRc);

  return {
    raw: text,
    major,
    minor,
    sublevel,
    rc: rc ? Number(rc[1]) : buildRc,
    series,
    next: next ? next[1]! : null,
    gitDescribe: describe ? { commits: Number(describe[1]), sha: describe[2]! } : null,
    distro,
    distroRelease: distro ? distroRelease(sublevel, afterRc) : null,
  };
}

/**
 * Where distro builds of an upstream rc spell the rc (the upstream `-rcN` right after the base is read
 * first): these are rc kernels, never the X.Y release their base number reads as.
 */
const BUILD_RC_SPELLINGS: readonly RegExp[] = [
  // Ubuntu mainline PPA, in the ABI part: 6.8.0-060800rc3-generic is v6.8-rc3
  /^-\d{6}rc(\d+)-/,
  // Fedora / rawhide: 6.2.0-0.rc3.20230113git1234abcd.27.fc38, 6.2.0-0.rc3.27.fc38 (release 0.rcN...)
  /^-0\.rc(\d+)\./,
  // Fedora's dated snapshot spelling: 6.2.0-20230114.rc3.git0.1234abcd.300.fc37.s390x+debug
  /^-\d{8}\.rc(\d+)\./,
];

/**
 * `6.7-pre`, `6.7-pre-rc1`, `6.7-prerc1`: what people call a kernel of the merge window before
 * X.Y-rc1. It lies after X.(Y-1) and before X.Y-rc1, so it is read as `X.Y-rc0` (which is how
 * people spell it too): never the X.Y release, which carries every fix of the cycle.
 */
const MERGE_WINDOW_SUFFIX = /^-pre(?:-?rc-?1)?$/i;

function readBuildRc(suffix: string): number | null {
  for (const spelling of BUILD_RC_SPELLINGS) {
    const m = spelling.exec(suffix);
    if (m) return Number(m[1]);
  }
  return null;
}

const VERSION =
  /^v?(?<major>\d{1,2})\.(?<minor>\d{1,3})(?:\.(?<sublevel>\d{1,4}))?(?<rest>(?:[-+_.~][\w.+~-]*)?)$/;

/** Linux 2.6 through 7.x; anything else is another program's version. */
function isPlausible(major: number, minor: number): boolean {
  if (major === 2) return minor === 6 || minor === 4;
  return major >= 3 && major <= 7 && minor <= 40;
}

/** Suffixes that name the distro that built the kernel. */
const DISTRO_SUFFIXES: ReadonlyArray<readonly [RegExp, DistroFamily]> = [
  [/\.el\d+/, 'rhel'],
  [/\.fc\d+/, 'fedora'],
  [/-(?:generic|lowlatency|aws|azure|gcp|gke|oracle|kvm|raspi|ibm|nvidia)\b/, 'ubuntu'],
  [/ubuntu/i, 'ubuntu'],
  [/-(?:amd64|arm64|686(?:-pae)?|armmp|cloud-amd64|cloud-arm64|rt-amd64|powerpc64le|s390x)\b/, 'debian'],
  [/\bdeb\d+u?\d*|bpo/, 'debian'],
  [/-(?:default|azure|preempt|rt|64kb)$/, 'suse'],
  [/^-\d+(?:\.\d+)+-default\b/, 'suse'],
  [/-arch\d+/, 'arch'],
];

function detectDistro(suffix: string): DistroFamily | null {
  for (const [pattern, family] of DISTRO_SUFFIXES) if (pattern.test(suffix)) return family;
  return null;
}

/** The distro's build part: "5.15.0-91-generic" -> "0-91"; "4.18.0-477.27.1.el8_8.x86_64" -> "0-477.27.1.el8_8". */
function distroRelease(sublevel: number | null, suffix: string): string {
  const build = suffix
    .replace(/^-/, '')
    .replace(/\.(?:x86_64|aarch64|ppc64le|s390x|i686|noarch)$/, '')
    .replace(/-(?:generic|lowlatency|aws|azure|gcp|gke|oracle|kvm|raspi|ibm|nvidia|amd64|arm64|686(?:-pae)?|armmp|cloud-amd64|cloud-arm64|rt-amd64|default|preempt)$/, '');
  return `${sublevel ?? 0}-${build}`;
}
