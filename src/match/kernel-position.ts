import type { KernelVersion } from '../model.js';

/**
 * Where a kernel sits on the mainline timeline: X.Y-rc1 < ... < X.Y-rcN < X.Y (final). Stable
 * X.Y.Z kernels branch off at X.Y final, so their mainline position is X.Y final; the sublevel is
 * compared separately, and only against a backport to the same series.
 */
export interface MainlinePosition {
  major: number;
  minor: number;
  /** null = the final release of X.Y (later than every rc of it). */
  rc: number | null;
}

/**
 * The mainline position of a parsed version (its rc, or X.Y final).
 *
 * @example
 * mainlinePosition(parseKernelVersion('3.12.6')!) // => { major: 3, minor: 12, rc: null }
 */
export function mainlinePosition(version: KernelVersion): MainlinePosition {
  return { major: version.major, minor: version.minor, rc: version.rc };
}

/**
 * Negative when a is earlier than b on the mainline timeline, 0 when equal, positive when later.
 *
 * @example
 * compareMainline({ major: 3, minor: 14, rc: 6 }, { major: 3, minor: 14, rc: null }) < 0 // => true
 */
export function compareMainline(a: MainlinePosition, b: MainlinePosition): number {
  if (a.major !== b.major) return a.major - b.major;
  if (a.minor !== b.minor) return a.minor - b.minor;
  return rcRank(a.rc) - rcRank(b.rc);
}

/** The final release ranks after every rc. */
function rcRank(rc: number | null): number {
  return rc === null ? Number.MAX_SAFE_INTEGER : rc;
}

/**
 * "3.14-rc6", "3.14": the mainline name of a position.
 *
 * @example
 * formatMainline({ major: 3, minor: 14, rc: 6 }) // => '3.14-rc6'
 */
export function formatMainline(position: MainlinePosition): string {
  const base = `${position.major}.${position.minor}`;
  return position.rc === null ? base : `${base}-rc${position.rc}`;
}

/**
 * "3.12": the series key used for stable backports.
 *
 * @example
 * seriesKey({ major: 3, minor: 12 }) // => '3.12'
 */
export function seriesKey(version: { major: number; minor: number }): string {
  return `${version.major}.${version.minor}`;
}

/**
 * `6.4.0-08699-g1234abcd`: git describe past a mainline release (not an rc, not a stable sublevel)
 * is a build from the merge window, after X.Y and before the next release's rc1 (the Makefile says
 * X.Y until rc1 is tagged). Stable backports to X.Y say nothing about it.
 *
 * @example
 * isMergeWindowBuild(parseKernelVersion('6.4.0-08699-g1234abcd')!) // => true
 * isMergeWindowBuild(parseKernelVersion('v6.5-rc1-00012-gabcdef1')!) // => false (past an rc)
 */
export function isMergeWindowBuild(kernel: KernelVersion): boolean {
  return kernel.gitDescribe !== null && kernel.gitDescribe.commits > 0 && kernel.rc === null && (kernel.sublevel ?? 0) === 0 && !kernel.series;
}

/**
 * Whether `position` is the rc1 that the merge window after X.Y opens: X.(Y+1)-rc1, or (X+1).0-rc1
 * when Linus starts a new major number (the version alone cannot tell which comes next).
 *
 * @example
 * opensAfter({ major: 5, minor: 19 }, { major: 6, minor: 0, rc: 1 }) // => true
 */
export function opensAfter(base: { major: number; minor: number }, position: MainlinePosition): boolean {
  return position.rc === 1 && ((position.major === base.major && position.minor === base.minor + 1) || (position.major === base.major + 1 && position.minor === 0));
}

/**
 * Why a version string can only be judged by its base tag, or null when it is exactly a release.
 * linux-next and git-describe builds carry commits past the tag; a trailing `+` (CONFIG_LOCALVERSION_AUTO
 * on a dirty tree) means local changes. `change` names what those commits may hold ("the fix"); callers
 * add the note only when the answer could flip: a base that already has the fix keeps it.
 *
 * @example
 * baseUncertainty(parseKernelVersion('v6.7-rc3-00012-gabcdef1')!, 'the fix')
 * // => 'judged by its base tag v6.7-rc3: the 12 commit(s) past it may include the fix'
 */
export function baseUncertainty(version: KernelVersion, change: string): string | null {
  const base = formatBase(version);
  if (version.next !== null) {
    return `judged by its base ${base}: a linux-next build (${version.next}) may already carry ${change}, queued after that tag`;
  }
  if (version.gitDescribe !== null) {
    return `judged by its base tag v${base}: the ${version.gitDescribe.commits} commit(s) past it may include ${change}`;
  }
  // Fedora rc snapshots: `0.rc3.20230113git1234abcd` and `20230114.rc3.git1.1234abcd` are a day's
  // mainline past the rc (`git0` is the rc itself).
  const snapshot = /[.-](?:\d{8}git[0-9a-f]{7,40}|git[1-9]\d*\.[0-9a-f]{7,40})\b/.exec(version.raw);
  if (snapshot) return `judged by its base ${base}: the git snapshot (${snapshot[0].slice(1)}) past it may carry ${change}`;
  if (/\+$/.test(version.raw)) return `judged by its base ${base}: the "+" means the tree has changes past that tag`;
  return null;
}

/** The release a build is based on: the rc, the stable release ("5.4.86"), or X.Y. */
function formatBase(version: KernelVersion): string {
  const sublevel = version.rc === null && version.sublevel !== null && version.sublevel > 0 ? `.${version.sublevel}` : '';
  return `${formatMainline(mainlinePosition(version))}${sublevel}`;
}
