import type { DistroFamily, KernelVersion } from '../model.js';

/** The keys a rule's `affected.fixed.distro` map may use (rules/README.md). */
export type DistroKey = 'debian' | 'fedora' | 'rhel10' | 'rhel7' | 'rhel8' | 'rhel9' | 'suse' | 'ubuntu';

/**
 * Distro families whose kernels are upstream stable releases with a few packaging patches, so the
 * version number does say which upstream stable release they are. Arch ships the stable tarball
 * (`6.6.1-arch1-1` is 6.6.1); Fedora rebases every release onto the newest upstream stable and works
 * upstream-first (`6.10.11-100.fc39` is 6.10.11 plus packaging, its rc builds `6.2.0-0.rc3...fc38`
 * are that upstream rc). Every other family rebases and backports on its own schedule. A rule's own
 * fixed build for the family still comes first (fix-status.ts).
 */
const UPSTREAM_TRACKING_DISTROS: ReadonlySet<DistroFamily> = new Set(['arch', 'fedora']);

/**
 * Whether a kernel's version number says which upstream release it is: no distro, a family that
 * ships upstream stable releases (Arch), or an Ubuntu mainline-PPA build (kernel.ubuntu.com/mainline:
 * `5.17.5-051705-generic` is vanilla 5.17.5, its ABI spelling the version as %02d%02d%02d). Other
 * distro builds are judged by their distro's fixed builds only.
 *
 * @example
 * isUpstreamBuild(parseKernelVersion('5.17.5-051705-generic')!) // => true
 * isUpstreamBuild(parseKernelVersion('6.8.0-060800rc3-generic')!) // => true (v6.8-rc3)
 * isUpstreamBuild(parseKernelVersion('6.10.11-100.fc39')!)      // => true (Fedora ships 6.10.11)
 * isUpstreamBuild(parseKernelVersion('5.15.0-91-generic')!)     // => false
 */
export function isUpstreamBuild(kernel: KernelVersion): boolean {
  if (kernel.distro === null || UPSTREAM_TRACKING_DISTROS.has(kernel.distro)) return true;
  if (kernel.distro !== 'ubuntu' || kernel.sublevel === null) return false;
  const abi = [kernel.major, kernel.minor, kernel.sublevel].map((n) => String(n).padStart(2, '0')).join('');
  // Mainline-PPA rc builds name their rc after the ABI (6.8.0-060800rc3-generic).
  return kernel.distroRelease === `${kernel.sublevel}-${abi}${kernel.rc === null ? '' : `rc${kernel.rc}`}`;
}

/** "an Ubuntu kernel": the family with its article, for reasons in words. */
export const DISTRO_NAMES: Readonly<Record<DistroFamily, string>> = {
  arch: 'an Arch',
  debian: 'a Debian',
  fedora: 'a Fedora',
  rhel: 'a RHEL',
  suse: 'a SUSE',
  ubuntu: 'an Ubuntu',
};

/** Families whose rule key does not depend on the release (RHEL's does: el7, el8, el9). */
const FAMILY_KEYS: Readonly<Partial<Record<DistroFamily, DistroKey>>> = {
  debian: 'debian',
  fedora: 'fedora',
  suse: 'suse',
  ubuntu: 'ubuntu',
};

const RHEL_KEYS: Readonly<Record<string, DistroKey>> = { '7': 'rhel7', '8': 'rhel8', '9': 'rhel9', '10': 'rhel10' };

/**
 * The `affected.fixed.distro` key for a distro kernel, or null when the family has no key.
 *
 * @example
 * distroKey(parseKernelVersion('4.18.0-477.27.1.el8_8.x86_64')!) // => 'rhel8'
 */
export function distroKey(kernel: KernelVersion): DistroKey | null {
  if (kernel.distro === null) return null;
  if (kernel.distro === 'rhel') {
    const el = /\bel(\d+)/.exec(kernel.distroRelease ?? kernel.raw);
    return el ? (RHEL_KEYS[el[1]!] ?? null) : null;
  }
  return FAMILY_KEYS[kernel.distro] ?? null;
}

/**
 * Compare two builds of the same distro kernel numerically: the upstream base (major.minor.sublevel)
 * first, then each number of the distro release in turn (`477.10.1` < `477.27.1`; `0-92` > `0-91`).
 * Returns null when the two are builds of different upstream series (Ubuntu 5.15 vs 6.8 HWE, say)
 * or one is an Ubuntu cloud/OEM derivative and the other is not: those are different kernels and
 * their numbers say nothing about each other.
 *
 * @example
 * compareDistroBuilds(parseKernelVersion('5.15.0-91-generic')!, parseKernelVersion('5.15.0-92-generic')!) // => -1
 */
export function compareDistroBuilds(a: KernelVersion, b: KernelVersion): number | null {
  if (a.major !== b.major || a.minor !== b.minor) return null;
  const na = buildNumbers(a);
  const nb = buildNumbers(b);
  if (a.distro === 'ubuntu' && isUbuntuDerivative(na) !== isUbuntuDerivative(nb)) return null;
  const sublevel = (a.sublevel ?? 0) - (b.sublevel ?? 0);
  if (sublevel !== 0) return Math.sign(sublevel);
  for (let i = 0; i < Math.max(na.length, nb.length); i++) {
    const x = na[i] ?? 0;
    const y = nb[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Ubuntu's cloud, OEM and board kernels (linux-aws `5.15.0-1034-aws`, linux-azure, linux-raspi, ...)
 * are their own source packages numbered from ABI 1000: their numbers say nothing about the generic
 * kernel's (`5.15.0-92`), and the other way round.
 */
function isUbuntuDerivative(numbers: readonly number[]): boolean {
  return (numbers[0] ?? 0) >= 1000;
}

/**
 * Infixes that mark a rebuild for an older release, before the ABI number they carry: Debian
 * backports number bookworm's ABI 21 rebuilt for bullseye `6.1.0-0.deb11.21` (formerly `0.bpo.21`).
 */
const BACKPORT_INFIX = /^0\.(?:deb\d+|bpo)\./;

/**
 * The numbers of the distro build after the upstream base, up to the distro tag:
 * "0-477.27.1.el8_8" -> [477, 27, 1]; "0-91" -> [91]; "6-300.fc39" -> [300]; "0-0.deb11.21" -> [21].
 */
function buildNumbers(version: KernelVersion): number[] {
  const release = version.distroRelease ?? version.raw.replace(/^v?\d+\.\d+(?:\.\d+)?/, '0');
  const afterBase = release.replace(/^\d+-?/, '').replace(BACKPORT_INFIX, '');
  const numbers: number[] = [];
  for (const part of afterBase.split(/[.\-_~+]/)) {
    if (!/^\d+$/.test(part)) break;
    numbers.push(Number(part));
  }
  return numbers;
}
