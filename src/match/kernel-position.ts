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

/** The mainline position of a parsed version (its rc, or X.Y final). */
export function mainlinePosition(version: KernelVersion): MainlinePosition {
  return { major: version.major, minor: version.minor, rc: version.rc };
}

/** Negative when a is earlier than b on the mainline timeline, 0 when equal, positive when later. */
export function compareMainline(a: MainlinePosition, b: MainlinePosition): number {
  if (a.major !== b.major) return a.major - b.major;
  if (a.minor !== b.minor) return a.minor - b.minor;
  return rcRank(a.rc) - rcRank(b.rc);
}

/** The final release ranks after every rc. */
function rcRank(rc: number | null): number {
  return rc === null ? Number.MAX_SAFE_INTEGER : rc;
}

/** "3.14-rc6", "3.14": the mainline name of a position. */
export function formatMainline(position: MainlinePosition): string {
  const base = `${position.major}.${position.minor}`;
  return position.rc === null ? base : `${base}-rc${position.rc}`;
}

/** "3.12": the series key used for stable backports. */
export function seriesKey(version: { major: number; minor: number }): string {
  return `${version.major}.${version.minor}`;
}

/**
 * Why a version string can only be judged by its base tag, or null when it is exactly a release.
 * linux-next and git-describe builds carry commits past the tag; a trailing `+` (CONFIG_LOCALVERSION_AUTO
 * on a dirty tree) means local changes.
 */
export function baseUncertainty(version: KernelVersion): string | null {
  const base = formatMainline(mainlinePosition(version));
  if (version.next !== null) {
    return `judged by its base ${base}: a linux-next build (${version.next}) may already carry fixes queued after that tag`;
  }
  if (version.gitDescribe !== null) {
    return `judged by its base tag v${base}: the ${version.gitDescribe.commits} commit(s) past it may include the fix`;
  }
  if (/\+$/.test(version.raw)) return `judged by its base ${base}: the "+" means the tree has changes past that tag`;
  return null;
}
