import { parseKernelVersion } from '../extract/parse-kernel-version.js';
import type { KernelVersion } from '../model.js';
import { DISTRO_NAMES, isUpstreamBuild } from './distro-build.js';
import type { VersionJudgement } from './fix-status.js';
import { baseUncertainty, compareMainline, formatMainline, mainlinePosition, seriesKey } from './kernel-position.js';

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
