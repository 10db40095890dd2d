import { parseKernelVersion } from '../extract/index.js';
import type { KernelVersion } from '../model.js';
import { DISTRO_NAMES, isUpstreamBuild } from './distro-build.js';
import type { VersionJudgement } from './fix-status.js';
import { baseUncertainty, compareMainline, formatMainline, isMergeWindowBuild, mainlinePosition, opensAfter, seriesKey } from './kernel-position.js';

/** Whether a kernel is new enough to carry a bug: at/after its introduction, before it, or unknown. */
export type IntroducedStatus = 'affected' | 'predates-bug' | 'unknown';

/**
 * Whether the reporter's kernel is old enough to be affected: `predates-bug` when it is older than
 * the rule's `affected.introduced`, `affected` when at or after it, `unknown` when the rule names no
 * version or the kernel cannot be placed. Same precision rules as {@link fixStatus}; a first bad
 * stable release (`5.10.100`, a bad backport) only places kernels of that series.
 *
 * Distro kernels older than the introduction stay unknown: distros backport features, and the bug
 * may have come with one.
 *
 * @example
 * introducedStatus(parseKernelVersion('3.11.10')!, '3.12-rc1')
 * // => { status: 'predates-bug', reason: '3.11.10 predates 3.12-rc1, where the bug was introduced' }
 */
export function introducedStatus(kernel: KernelVersion, introduced: string | null): VersionJudgement<IntroducedStatus> {
  const first = introduced === null ? null : parseKernelVersion(introduced);
  if (first === null) return { status: 'unknown', reason: 'the rule does not say when the bug was introduced' };
  if (isMergeWindowBuild(kernel)) return judgeMergeWindow(kernel, first);
  const judged = judge(kernel, first);
  // Commits past the base can only add the bug: hedge a "predates", never an "affected".
  const uncertainty =
    isUpstreamBuild(kernel) && judged.status === 'predates-bug' ? baseUncertainty(kernel, 'the change that introduced the bug') : null;
  return uncertainty === null ? judged : { status: judged.status, reason: `${judged.reason} (${uncertainty})` };
}

function judge(kernel: KernelVersion, first: KernelVersion): VersionJudgement<IntroducedStatus> {
  const name = first.raw;
  const affected = { status: 'affected', reason: `${kernel.raw} is at or after ${name}, where the bug was introduced` } as const;
  const predates = { status: 'predates-bug', reason: `${kernel.raw} predates ${name}, where the bug was introduced` } as const;

  // A bad stable backport: only that series' sublevels can be placed.
  if (first.sublevel !== null && first.sublevel > 0 && first.rc === null) {
    if (seriesKey(kernel) !== seriesKey(first) || kernel.series || kernel.rc !== null) {
      return { status: 'unknown', reason: `the bug came in with the stable release ${name}; ${kernel.raw} is not of the ${seriesKey(first)} stable series` };
    }
    if (!isUpstreamBuild(kernel) && kernel.distro !== null) {
      return { status: 'unknown', reason: `${kernel.raw} is ${DISTRO_NAMES[kernel.distro]} kernel: its sublevel says nothing about the ${name} backport` };
    }
    return (kernel.sublevel ?? 0) >= first.sublevel ? affected : predates;
  }

  const firstPosition = mainlinePosition(first);
  const order = compareMainline(mainlinePosition(kernel), firstPosition);
  if (order >= 0) return affected;
  if (kernel.series) {
    return { status: 'predates-bug', reason: `the ${seriesKey(kernel)} series predates ${formatMainline(firstPosition)}, where the bug was introduced` };
  }
  if (!isUpstreamBuild(kernel) && kernel.distro !== null) {
    return { status: 'unknown', reason: `${kernel.raw} is ${DISTRO_NAMES[kernel.distro]} kernel based on ${seriesKey(kernel)}, older than ${name}, but distros backport features and the bug may have come with one` };
  }
  return predates;
}

/**
 * A merge-window build (`6.4.0-08699-g1234abcd`) lies after X.Y and before X.(Y+1)-rc1. A bug
 * introduced in X.Y or earlier is in it; one introduced in that rc1 came in with the very merge
 * window the build is from, so its commits may or may not hold it (unknown, not "predates": the
 * match keeps its confidence); anything later is not in it yet. A bad stable backport (X.Y.Z)
 * belongs to the stable branch, which a mainline build is not on.
 */
function judgeMergeWindow(kernel: KernelVersion, first: KernelVersion): VersionJudgement<IntroducedStatus> {
  const base = { major: kernel.major, minor: kernel.minor, rc: null };
  const where = `${kernel.raw} is a mainline build from the merge window after ${formatMainline(base)} (before the next rc1)`;
  if (first.sublevel !== null && first.sublevel > 0 && first.rc === null) {
    return { status: 'unknown', reason: `the bug came in with the stable release ${first.raw}; ${where}, not of the ${seriesKey(first)} stable series` };
  }
  const position = mainlinePosition(first);
  if (compareMainline(position, base) <= 0) return { status: 'affected', reason: `${where}, at or after ${first.raw}, where the bug was introduced` };
  if (opensAfter(kernel, position)) {
    return { status: 'unknown', reason: `${where}; the bug came in with ${formatMainline(position)}, so the ${kernel.gitDescribe!.commits} commit(s) past ${formatMainline(base)} may already include it` };
  }
  return { status: 'predates-bug', reason: `${where}: it predates ${first.raw}, where the bug was introduced` };
}
