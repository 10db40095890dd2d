import { NEEDS_INFO_LABEL } from '../../triage.js';

/**
 * Which labels to add and remove so an issue carries what the plan asks for — touching only the
 * labels ktriage manages. Pure: the caller reads the labels and applies the result.
 *
 * Rules, so ktriage never fights a maintainer:
 * - ktriage removes a label only if it added it itself (remembered in its comment's state) or the
 *   label carries the configured prefix (a namespace that is ktriage's by declaration).
 * - A label ktriage added and a maintainer later removed is not added again.
 * - Label names compare case-insensitively, as GitHub does.
 */
export interface LabelChangeInput {
  /** The labels now. */
  current: readonly string[];
  /** Labels ktriage added earlier (CommentState.labels). */
  previouslyApplied: readonly string[];
  /** What the plan wants, already prefixed. */
  wanted: readonly string[];
  /** The configured prefix ("" for none); a non-empty prefix makes every label with it managed. */
  prefix: string;
}

export interface LabelChanges {
  add: string[];
  remove: string[];
  /** The new CommentState.labels. */
  applied: string[];
}

/**
 * @example
 * planLabelChanges({ current: ['bug', 'dm-thin'], previouslyApplied: ['dm-thin'], wanted: ['needs-info'], prefix: '' })
 * // => { add: ['needs-info'], remove: ['dm-thin'], applied: ['needs-info'] }
 */
export function planLabelChanges(input: LabelChangeInput): LabelChanges {
  const key = (label: string) => label.toLowerCase();
  const current = new Set(input.current.map(key));
  const previously = new Set(input.previouslyApplied.map(key));
  const wanted = uniqueBy(input.wanted, key);
  const wantedKeys = new Set(wanted.map(key));
  const prefix = key(input.prefix);

  // Applied before but gone now: a maintainer removed it; respect that.
  const add = wanted.filter((label) => !current.has(key(label)) && !previously.has(key(label)));
  const remove = uniqueBy(input.current, key).filter((label) => {
    if (wantedKeys.has(key(label))) return false;
    return previously.has(key(label)) || (prefix !== '' && key(label).startsWith(prefix));
  });
  const applied = wanted.filter((label) => previously.has(key(label)) || add.includes(label));
  return { add, remove, applied };
}

/**
 * The plan's labels as names on this repository: the core's `needs-info` becomes the configured
 * needs-info label (or nothing), every other label gets the configured prefix.
 *
 * @example
 * wantedLabels(['dm-thin', 'needs-info'], { prefix: 'kt/', needs_info: 'waiting' }) // => ['kt/dm-thin', 'waiting']
 */
export function wantedLabels(planLabels: readonly string[], config: { prefix: string; needs_info: string | null }): string[] {
  return planLabels.flatMap((label) => {
    if (label === NEEDS_INFO_LABEL) return config.needs_info === null ? [] : [config.needs_info];
    return [`${config.prefix}${label}`.slice(0, 50)];
  });
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
