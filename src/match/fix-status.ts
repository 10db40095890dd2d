import { parseKernelVersion } from '../extract/index.js';
import type { FixStatus, KernelVersion } from '../model.js';
import { compareDistroBuilds, DISTRO_NAMES, distroKey, isUpstreamBuild, type DistroKey } from './distro-build.js';
import {
  baseUncertainty,
  compareMainline,
  formatMainline,
  isMergeWindowBuild,
  mainlinePosition,
  opensAfter,
  seriesKey,
  type MainlinePosition,
} from './kernel-position.js';

/** A rule's `affected.fixed`, as version strings (rules/README.md). */
export interface FixedVersions {
  /** First mainline release with the fix ("3.14", "3.14-rc6"); null when unknown. */
  mainline: string | null;
  /** First fixed sublevel per stable series ("3.12.15"). */
  stable: readonly string[];
  /** First fixed build per distro key. */
  distro: Readonly<Partial<Record<DistroKey, string>>>;
}

export interface VersionJudgement<S extends string> {
  status: S;
  /** The reason in words, for the comment ("3.12.6 predates the 3.12.15 backport"). */
  reason: string;
}

/**
 * Whether the reporter's kernel carries a rule's fix: `has-fix`, `lacks-fix` or `unknown`, with
 * the reason in words. Pure; never throws (unparseable rule versions count as not listed).
 *
 * - Stable X.Y.Z has the fix when X.Y has a listed backport at or below Z, or when mainline X.Y
 *   itself carries the fix (the fix went into X.Y or an X.Y rc).
 * - A stable kernel of an older series without a listed backport lacks it.
 * - rc kernels compare at rc precision; -next and git-describe builds by their base tag.
 * - Distro kernels: unknown unless the rule lists that distro's fixed build, or their upstream base
 *   X.Y is already at or after the mainline fix. Builds whose number is the upstream release (Arch,
 *   Fedora, Ubuntu mainline-PPA builds: {@link isUpstreamBuild}) are judged as upstream, after the
 *   distro's own fixed build when the rule lists one.
 * - A whole series (`3.13-stable`) is unknown unless mainline 3.13 itself carries the fix.
 *
 * @example
 * fixStatus(parseKernelVersion('3.12.6')!, { mainline: '3.14-rc6', stable: ['3.12.15'], distro: {} })
 * // => { status: 'lacks-fix', reason: '3.12.6 predates the 3.12.15 backport' }
 */
export function fixStatus(kernel: KernelVersion, fixed: FixedVersions | null): VersionJudgement<FixStatus> {
  const table = readFixed(fixed);
  if (table.mainline === null && table.stable.size === 0 && table.distro.size === 0) {
    return { status: 'unknown', reason: 'the rule lists no fixed version' };
  }
  if (!isUpstreamBuild(kernel)) return distroFixStatus(kernel, table);
  // A family that ships upstream releases (Fedora) may still get a fix in its own build first.
  const listed = listedDistroBuild(kernel, table);
  if (listed !== null) return listed;
  if (isMergeWindowBuild(kernel)) return mergeWindowFixStatus(kernel, table);

  const judged = upstreamFixStatus(kernel, table);
  // Commits past the base can only add the fix: hedge a "lacks", never a "has".
  const uncertainty = judged.status === 'lacks-fix' ? baseUncertainty(kernel, 'the fix') : null;
  return uncertainty === null ? judged : { status: judged.status, reason: `${judged.reason} (${uncertainty})` };
}

/**
 * The first release that carries the fix for the reporter's kernel: the distro's fixed build, the
 * stable backport for its series, or the first mainline release (the rc itself for rc kernels, the
 * final X.Y otherwise, since stable users upgrade to releases). Null when the rule says nothing usable.
 *
 * @example
 * fixedForKernel(parseKernelVersion('3.12.6')!, { mainline: '3.14-rc6', stable: ['3.12.15'], distro: {} }) // => '3.12.15'
 */
export function fixedForKernel(kernel: KernelVersion | null, fixed: FixedVersions | null): string | null {
  const table = readFixed(fixed);
  if (kernel !== null) {
    const key = distroKey(kernel);
    const build = key === null ? undefined : table.distro.get(key);
    if (build !== undefined && (!isUpstreamBuild(kernel) || compareDistroBuilds(kernel, build) !== null)) return build.raw;
    const backport = table.stable.get(seriesKey(kernel));
    const beforeMainline =
      table.mainline === null || compareMainline({ ...mainlinePosition(kernel), rc: null }, table.mainline) < 0;
    if (backport !== undefined && kernel.rc === null && beforeMainline && !isMergeWindowBuild(kernel)) return backport.raw;
    if (table.mainline !== null && kernel.rc !== null && isUpstreamBuild(kernel)) return formatMainline(table.mainline);
  }
  return table.mainline === null ? null : formatMainline({ ...table.mainline, rc: null });
}

interface FixedTable {
  mainline: MainlinePosition | null;
  /** series "3.12" -> first fixed stable version of it. */
  stable: Map<string, KernelVersion & { sublevel: number }>;
  distro: Map<DistroKey, KernelVersion>;
}

function readFixed(fixed: FixedVersions | null): FixedTable {
  const table: FixedTable = { mainline: null, stable: new Map(), distro: new Map() };
  if (fixed === null) return table;
  const mainline = fixed.mainline === null ? null : parseKernelVersion(fixed.mainline);
  if (mainline !== null) table.mainline = mainlinePosition(mainline);
  for (const raw of fixed.stable) {
    const version = parseKernelVersion(raw);
    if (version === null || version.sublevel === null) continue;
    const key = seriesKey(version);
    const known = table.stable.get(key);
    // Two entries for one series: the earlier sublevel is the first fixed one.
    if (known === undefined || version.sublevel < known.sublevel) {
      table.stable.set(key, version as KernelVersion & { sublevel: number });
    }
  }
  for (const [key, raw] of Object.entries(fixed.distro) as Array<[DistroKey, string | undefined]>) {
    const version = raw === undefined ? null : parseKernelVersion(raw);
    if (version !== null) table.distro.set(key, version);
  }
  return table;
}

function upstreamFixStatus(kernel: KernelVersion, table: FixedTable): VersionJudgement<FixStatus> {
  const position = mainlinePosition(kernel);
  const series = seriesKey(kernel);
  const backport = table.stable.get(series);
  const mainline = table.mainline;
  const fixedIn = describeFixed(table);

  if (kernel.series) {
    if (mainline !== null && compareMainline(mainline, { ...position, rc: null }) <= 0) {
      return { status: 'has-fix', reason: `mainline ${series} already carries the fix (first in ${formatMainline(mainline)}), so every ${series} stable release has it` };
    }
    const which = backport ? `the ${series} series got the fix in ${backport.raw}` : `no backport to ${series} is known`;
    return { status: 'unknown', reason: `"${kernel.raw}" names the whole ${series} stable series, not a release; ${which}` };
  }

  if (kernel.rc !== null) {
    // rc kernels are mainline snapshots: only the mainline fix can be in them.
    if (mainline === null) {
      return { status: 'unknown', reason: `${kernel.raw} is a mainline rc and the rule lists no mainline release with the fix` };
    }
    if (compareMainline(mainline, position) <= 0) {
      return { status: 'has-fix', reason: `${kernel.raw} is at or after ${formatMainline(mainline)}, the first mainline release with the fix` };
    }
    return { status: 'lacks-fix', reason: `${kernel.raw} predates ${formatMainline(mainline)}, the first mainline release with the fix` };
  }

  if (mainline !== null && compareMainline(mainline, position) <= 0) {
    const sameSeries = mainline.major === kernel.major && mainline.minor === kernel.minor;
    return {
      status: 'has-fix',
      reason: sameSeries
        ? `${kernel.raw} is in the ${series} series, whose mainline release carries the fix (first in ${formatMainline(mainline)})`
        : `${kernel.raw} is newer than ${formatMainline(mainline)}, the first mainline release with the fix`,
    };
  }
  if (backport !== undefined) {
    const sublevel = kernel.sublevel ?? 0;
    return sublevel >= backport.sublevel
      ? { status: 'has-fix', reason: `${kernel.raw} is at or after the ${backport.raw} backport` }
      : { status: 'lacks-fix', reason: `${kernel.raw} predates the ${backport.raw} backport` };
  }
  if (mainline !== null) {
    return { status: 'lacks-fix', reason: `${kernel.raw} predates the fix and no backport to ${series} is known (fixed in ${fixedIn})` };
  }
  return { status: 'unknown', reason: `the rule lists no mainline release with the fix and no backport to ${series} (only ${fixedIn})` };
}

function mergeWindowFixStatus(kernel: KernelVersion, table: FixedTable): VersionJudgement<FixStatus> {
  const base = { major: kernel.major, minor: kernel.minor, rc: null };
  const where = `${kernel.raw} is a mainline build from the merge window after ${formatMainline(base)} (before the next rc1)`;
  const mainline = table.mainline;
  if (mainline === null) return { status: 'unknown', reason: `${where}, and the rule lists no mainline release with the fix` };
  if (compareMainline(mainline, base) <= 0) return { status: 'has-fix', reason: `${where}, and ${formatMainline(base)} already carries the fix (first in ${formatMainline(mainline)})` };
  // The fix's rc1 is the one this merge window opens: the build's commits may hold it.
  return opensAfter(kernel, mainline)
    ? { status: 'lacks-fix', reason: `${where}; the fix came in with ${formatMainline(mainline)}, so the ${kernel.gitDescribe!.commits} commit(s) past ${formatMainline(base)} may already include it` }
    : { status: 'lacks-fix', reason: `${where}, earlier than ${formatMainline(mainline)}, the first mainline release with the fix` };
}

/** The rule's fixed build for the kernel's distro, when it lists one of the same series and flavour. */
function listedDistroBuild(kernel: KernelVersion, table: FixedTable): VersionJudgement<FixStatus> | null {
  const key = distroKey(kernel);
  const build = key === null ? undefined : table.distro.get(key);
  const order = build === undefined ? null : compareDistroBuilds(kernel, build);
  if (build === undefined || order === null) return null;
  return order >= 0
    ? { status: 'has-fix', reason: `${kernel.raw} is at or after ${key}'s fixed build ${build.raw}` }
    : { status: 'lacks-fix', reason: `${kernel.raw} predates ${key}'s fixed build ${build.raw}` };
}

function distroFixStatus(kernel: KernelVersion, table: FixedTable): VersionJudgement<FixStatus> {
  const family = kernel.distro ?? 'distro';
  const named = kernel.distro === null ? 'a distro' : DISTRO_NAMES[kernel.distro];
  const key = distroKey(kernel);
  const build = key === null ? undefined : table.distro.get(key);
  const own = listedDistroBuild(kernel, table);
  if (own !== null) return own;
  // The upstream base still counts: a distro kernel based on a mainline release that already
  // carries the fix has it (distros backport fixes, they do not revert them).
  const mainline = table.mainline;
  if (mainline !== null && kernel.rc === null && compareMainline(mainline, { ...mainlinePosition(kernel), rc: null }) <= 0) {
    return { status: 'has-fix', reason: `${kernel.raw} is ${named} kernel based on mainline ${seriesKey(kernel)}, which already carries the fix (first in ${formatMainline(mainline)})` };
  }
  const listed = build !== undefined ? `${key}'s listed fixed build ${build.raw} belongs to another kernel series or flavour` : `the rule lists no fixed ${key ?? family} build`;
  return {
    status: 'unknown',
    reason: `${kernel.raw} is ${named} kernel: its version says nothing about upstream stable backports, and ${listed} (upstream: fixed in ${describeFixed(table)})`,
  };
}

/** "3.14-rc6, 3.13.7, 3.12.15": every listed upstream fixed release, mainline first. */
function describeFixed(table: FixedTable): string {
  const parts: string[] = [];
  if (table.mainline !== null) parts.push(formatMainline(table.mainline));
  const stable = [...table.stable.values()].sort((a, b) => b.major - a.major || b.minor - a.minor);
  for (const version of stable) parts.push(version.raw);
  return parts.length === 0 ? 'no upstream release listed' : parts.join(', ');
}
