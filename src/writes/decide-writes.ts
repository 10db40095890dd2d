import type { TriagePlan } from '../model.js';
import { NEEDS_INFO_LABEL } from '../plan/index.js';

/**
 * What the tracker shows now about ktriage's earlier work on one report: the adapter reads it
 * (GitHub: its comment and that comment's hidden state; Bugzilla: its last verdict comment and
 * the bot's record) and the policy decides from it. Plain data, so every case is a table row.
 */
export interface TrackerState {
  /** ktriage's comment (GitHub) or latest verdict comment (Bugzilla); null when it has none. */
  comment: PostedComment | null;
  /** Labels (GitHub) or keywords (Bugzilla) the report carries now, whoever set them. */
  labels: readonly string[];
  /** The whiteboard text now; null on trackers without one. */
  whiteboard: string | null;
  /**
   * With `labelMemory: 'store'`: what the adapter's store remembers about the labels (null: nothing,
   * a first triage); the comment's lists are not read then. Unused with the memory in the comment.
   */
  stored?: LabelMemory | null;
}

export interface PostedComment {
  /** TriagePlan.fingerprint of what the comment shows; null when unknown. */
  fingerprint: string | null;
  /** The verdict it shows; null when unknown. */
  verdict: string | null;
  /** The best rule it suggests; null for none (or unknown). */
  ruleId: string | null;
  /** It already says that an earlier suggestion was withdrawn. */
  retracted: boolean;
  /**
   * Labels ktriage owns and knows were applied: the only ones, with `pendingLabels`, it may remove.
   * One that is absent now was removed by someone and is not added again.
   */
  ownedLabels: readonly string[];
  /**
   * Labels ktriage announced (in its comment) before adding them. One that is present is
   * ktriage's; one that is absent was never added (the add failed or was interrupted) and is added
   * again — unless the tracker's history shows someone removed it, which the adapter checks and
   * reports by moving it to `ownedLabels`.
   */
  pendingLabels: readonly string[];
  /**
   * Labels ktriage added that someone else removed: the maintainer's call, kept for good. Never
   * added again (whatever later verdicts want), and never removed either should a person put one
   * back by hand: it is theirs then.
   */
  declinedLabels: readonly string[];
}

export interface LabelPolicy {
  /** Whether the plan's labels become labels/keywords at all; false keeps fixed ones only. */
  fromPlan: boolean;
  /** Prefix for every plan label except needs-info ("" for none). A non-empty prefix is ktriage's namespace. */
  prefix: string;
  /** The name the core's needs-info label takes here; null drops it. */
  needsInfo: string | null;
  /** Added on every triaged report whatever the verdict (Bugzilla `keywords:`). */
  always: readonly string[];
  /** Longest name the tracker takes (GitHub: 50); longer ones are cut. */
  maxLength: number;
}

export interface WritePolicy {
  /**
   * `edit`: one comment, kept current (GitHub). `append`: comments cannot be edited, each new
   * verdict is a new comment and a re-triage that keeps the verdict stays quiet (Bugzilla).
   */
  comments: 'append' | 'edit';
  /** A no-match as the first comment: always, only when it asks something (`ask`), or never. */
  noMatch: 'always' | 'ask' | 'silent';
  /** null: ktriage writes no labels/keywords and keeps what it owns. */
  labels: LabelPolicy | null;
  /**
   * Where label ownership is remembered. `comment`: in ktriage's comment (GitHub), so no label is
   * written without one. `store`: the adapter's own records (Bugzilla's database), written first.
   */
  labelMemory: 'comment' | 'store';
  /** The whiteboard token ktriage owns (`[ktriage: rule-id]`); null for none. */
  whiteboardTag: string | null;
}

/** Why ktriage writes no comment this time. */
export type QuietReason = 'nothing-to-say' | 'not-asked' | 'same-verdict' | 'unchanged';

export type CommentWrite =
  /** Post a new comment. */
  | { kind: 'create' }
  /** Bring the existing comment up to date (the adapter skips the edit when its text is the same). */
  | { kind: 'edit' }
  | { kind: 'none'; reason: QuietReason };

export interface LabelWrites {
  add: string[];
  remove: string[];
  /**
   * The ownership to remember (in the comment, or in the adapter's store), written after the
   * removals and before the adds with the memory in the comment: the adds are announced as
   * pending, so an interruption anywhere leaves every label ktriage wrote known as its own.
   */
  record: LabelMemory;
}

/** What ktriage remembers about the labels of one report (see PostedComment for each list). */
export interface LabelMemory {
  owned: string[];
  pending: string[];
  declined: string[];
}

export interface WriteDecision {
  /** No write at all (not even labels or the whiteboard). */
  silent: boolean;
  comment: CommentWrite;
  /** The comment must say that the known bug suggested earlier no longer matches. */
  retract: boolean;
  labels: LabelWrites;
  /** The new whiteboard text; null when it stays as it is. */
  whiteboard: string | null;
  /**
   * The writes in the order that keeps label ownership through any interruption. With the memory
   * in the comment: removals first (until the comment is rewritten they stay recorded as owned),
   * then the comment announcing the adds, then the adds. With a store, the adapter records before
   * it writes labels. An adapter applies the steps in order and stops at the first failure; a
   * re-run decides again from what the tracker shows and finishes the job.
   */
  steps: WriteStep[];
}

export type WriteStep =
  | { kind: 'remove-labels'; labels: string[] }
  /** Create or edit the comment; with the memory in the comment, its state carries `labels.record`. */
  | { kind: 'comment'; write: 'create' | 'edit' }
  | { kind: 'add-labels'; labels: string[] }
  | { kind: 'whiteboard'; text: string };

const NO_LABELS: LabelWrites = { add: [], remove: [], record: { owned: [], pending: [], declined: [] } };

/**
 * The one write policy both trackers follow: from the plan (`plan.actions` is what is read) and
 * what the tracker shows now, which writes to make. Pure; the adapters only apply the steps.
 * Rules (src/writes/README.md): a known bug is always worth a comment, a no-match only as
 * `noMatch` says; a comment that suggested a known bug that no longer matches is retracted
 * (edited, or a new comment) whatever `noMatch` says; an unchanged plan writes nothing; only
 * labels ktriage owns are removed, and a label it added that a maintainer removed stays removed,
 * whatever later verdicts want.
 *
 * @example
 * decideWrites(plan, { comment: null, labels: [], whiteboard: null }, GITHUB_POLICY).comment // => { kind: 'create' }
 */
export function decideWrites(plan: TriagePlan, previous: TrackerState, policy: WritePolicy): WriteDecision {
  const wanted = wantedLabels(plan, policy.labels);
  const posted = previous.comment;
  const retract = mustRetract(plan, posted);
  const comment = decideComment(plan, posted, policy, retract);
  const memory = policy.labelMemory === 'store' ? fromStore(previous.stored ?? null) : posted;
  const labels = policy.labels === null ? keepOwnership(memory) : planLabelChanges(previous.labels, memory, wanted, policy.labels.prefix);

  // Ownership kept in the comment: without a comment there is nowhere to remember a label, and
  // nothing on the issue that could be stale, so nothing at all is written.
  const hasComment = posted !== null || comment.kind === 'create';
  if (policy.labelMemory === 'comment' && !hasComment) return { silent: true, comment, retract: false, labels: NO_LABELS, whiteboard: null, steps: [] };

  const whiteboard = whiteboardText(plan, previous.whiteboard, policy.whiteboardTag);
  const steps: WriteStep[] = [];
  const inComment = policy.labelMemory === 'comment';
  if (inComment && labels.remove.length > 0) steps.push({ kind: 'remove-labels', labels: labels.remove });
  if (comment.kind !== 'none') steps.push({ kind: 'comment', write: comment.kind });
  // The comment remembers the labels: it is rewritten whenever they change (never happens in `edit` mode, kept for any policy).
  else if (inComment && labels.add.length + labels.remove.length > 0) steps.push({ kind: 'comment', write: 'edit' });
  if (labels.add.length > 0) steps.push({ kind: 'add-labels', labels: labels.add });
  if (!inComment && labels.remove.length > 0) steps.push({ kind: 'remove-labels', labels: labels.remove });
  if (whiteboard !== null) steps.push({ kind: 'whiteboard', text: whiteboard });
  return { silent: steps.length === 0, comment, retract, labels, whiteboard, steps };
}

function decideComment(plan: TriagePlan, posted: PostedComment | null, policy: WritePolicy, retract: boolean): CommentWrite {
  const wantsComment = plan.actions.some((action) => action.kind === 'upsert-comment');
  if (policy.comments === 'edit') {
    // An existing comment is always kept current: a stale claim must not stay on the issue.
    // The adapter compares texts and skips an edit that changes nothing.
    if (posted !== null) return { kind: 'edit' };
    if (!wantsComment) return { kind: 'none', reason: 'nothing-to-say' };
    return worthPosting(plan, policy.noMatch) ? { kind: 'create' } : { kind: 'none', reason: 'not-asked' };
  }
  // append: every comment stays; a new one only for news.
  if (posted !== null && posted.fingerprint === plan.fingerprint) return { kind: 'none', reason: 'unchanged' };
  if (posted !== null && posted.verdict === plan.verdict && posted.ruleId === (plan.matches[0]?.ruleId ?? null)) return { kind: 'none', reason: 'same-verdict' };
  if (retract) return { kind: 'create' };
  if (!wantsComment) return { kind: 'none', reason: 'nothing-to-say' };
  return worthPosting(plan, policy.noMatch) ? { kind: 'create' } : { kind: 'none', reason: 'not-asked' };
}

/**
 * Whether a no-match is worth a first comment: `always`, `silent`, or `ask` — only when it asks
 * the reporter something (the plan's `ask` action) or has next steps. A match always is.
 *
 * @example
 * worthPosting({ verdict: 'no-match', actions: [{ kind: 'upsert-comment' }], nextSteps: [] } as unknown as TriagePlan, 'ask') // => false
 */
export function worthPosting(plan: Pick<TriagePlan, 'actions' | 'nextSteps' | 'verdict'>, noMatch: WritePolicy['noMatch']): boolean {
  if (plan.verdict !== 'no-match') return true;
  if (noMatch === 'always') return true;
  if (noMatch === 'silent') return false;
  return plan.actions.some((action) => action.kind === 'ask' && action.questions.length > 0) || plan.nextSteps.length > 0;
}

/**
 * Whether the comment must say that an earlier suggestion was withdrawn: ktriage showed a known
 * bug (or already said it withdrew one) and now nothing matches.
 *
 * @example
 * mustRetract({ verdict: 'no-match' } as TriagePlan, { verdict: 'known-bug-fix-available', retracted: false } as PostedComment) // => true
 */
export function mustRetract(plan: Pick<TriagePlan, 'verdict'>, posted: Pick<PostedComment, 'retracted' | 'verdict'> | null): boolean {
  if (plan.verdict !== 'no-match' || posted === null) return false;
  return posted.retracted || (posted.verdict !== null && posted.verdict !== 'no-match');
}

/**
 * The plan's labels (its `add-labels` action) as names on this tracker: the core's needs-info
 * becomes the configured name (or nothing), every other label gets the prefix; fixed ones join.
 *
 * @example
 * wantedLabels(planWith(['dm-thin', 'needs-info']), { fromPlan: true, prefix: 'kt/', needsInfo: 'waiting', always: [], maxLength: 50 }) // => ['kt/dm-thin', 'waiting']
 */
export function wantedLabels(plan: Pick<TriagePlan, 'actions'>, policy: LabelPolicy | null): string[] {
  if (policy === null) return [];
  const fromPlan = policy.fromPlan ? plan.actions.flatMap((action) => (action.kind === 'add-labels' ? action.labels : [])) : [];
  const named = fromPlan.flatMap((label) => {
    if (label === NEEDS_INFO_LABEL) return policy.needsInfo === null ? [] : [policy.needsInfo];
    return [`${policy.prefix}${label}`];
  });
  return uniqueBy([...policy.always, ...named].map((label) => label.slice(0, policy.maxLength)), key);
}

/**
 * Which labels to add and remove so the report carries what the plan wants, touching only
 * ktriage's own: it removes a label only if it owns it (or it carries the non-empty prefix, a
 * namespace that is ktriage's by declaration); a label it added that a maintainer removed becomes
 * declined and is never added again, nor removed should a person put it back; a pending label
 * (announced, never confirmed) that is absent is added again. Names compare case-insensitively, as
 * GitHub and Bugzilla do.
 *
 * @example
 * planLabelChanges(['bug', 'dm-thin'], { ownedLabels: ['dm-thin'], pendingLabels: [], declinedLabels: [] }, ['needs-info'], '').add // => ['needs-info']
 */
export function planLabelChanges(current: readonly string[], posted: LabelLists | null, wanted: readonly string[], prefix: string): LabelWrites {
  const present = new Set(current.map(key));
  const wantedKeys = new Set(wanted.map(key));
  const pending = new Set((posted?.pendingLabels ?? []).map(key));
  // Confirmed, still wanted and absent now: ktriage never removes a label it wants, so a person
  // did. Confirmed, unwanted and absent is not declined: ktriage may have removed it itself (a
  // re-run after the removal, before the memory was rewritten).
  const removedByHand = (posted?.ownedLabels ?? []).filter((label) => !present.has(key(label)) && wantedKeys.has(key(label)) && !pending.has(key(label)));
  const declinedList = uniqueBy([...(posted?.declinedLabels ?? []), ...removedByHand], key);
  const declined = new Set(declinedList.map(key));
  const confirmed = new Set((posted?.ownedLabels ?? []).map(key).filter((label) => !declined.has(label)));
  const owns = (label: string) => !declined.has(key(label)) && (confirmed.has(key(label)) || pending.has(key(label)));
  const namespace = key(prefix);

  // Pending and absent: the add never happened, add it again. Declined: a person's decision, kept.
  const add = wanted.filter((label) => !present.has(key(label)) && !declined.has(key(label)) && (!confirmed.has(key(label)) || pending.has(key(label))));
  const remove = uniqueBy(current, key).filter((label) => !wantedKeys.has(key(label)) && !declined.has(key(label)) && (owns(label) || (namespace !== '' && key(label).startsWith(namespace))));
  // Recorded after the removals, before the adds. Pending ones stay pending (present: ktriage's;
  // absent: re-added), so an unchanged plan records exactly what was recorded before and writes nothing.
  const owned = (posted?.ownedLabels ?? []).filter((label) => wantedKeys.has(key(label)) && !pending.has(key(label)) && !declined.has(key(label)));
  const stillPending = wanted.filter((label) => !declined.has(key(label)) && (pending.has(key(label)) || add.includes(label)));
  return { add, remove, record: { owned: uniqueBy(owned, key), pending: uniqueBy(stillPending, key), declined: declinedList } };
}

type LabelLists = Pick<PostedComment, 'declinedLabels' | 'ownedLabels' | 'pendingLabels'>;

function fromStore(stored: LabelMemory | null): LabelLists | null {
  return stored === null ? null : { ownedLabels: stored.owned, pendingLabels: stored.pending, declinedLabels: stored.declined };
}

function keepOwnership(posted: LabelLists | null): LabelWrites {
  return { add: [], remove: [], record: { owned: [...(posted?.ownedLabels ?? [])], pending: [...(posted?.pendingLabels ?? [])], declined: [...(posted?.declinedLabels ?? [])] } };
}

/**
 * ktriage's whiteboard token with the best rule (or the verdict), replaced where it stands or
 * appended; every other character kept. null when nothing changes or there is no token.
 */
function whiteboardText(plan: TriagePlan, current: string | null, tag: string | null): string | null {
  if (tag === null || current === null) return null;
  const next = applyWhiteboardTag(current, tag, plan.matches[0]?.ruleId ?? plan.verdict);
  return next === current ? null : next;
}

/**
 * Bugzilla's whiteboard is one free-text string shared by everyone, so ktriage owns only its own
 * bracketed token: `[ktriage: dm-sm-metadata-refcount-below-zero]`. The first token is replaced
 * where it stands (or the token appended), later duplicates go; every other character is kept.
 *
 * @example
 * applyWhiteboardTag('[regression] [ktriage: old-rule]', 'ktriage', 'new-rule') // => '[regression] [ktriage: new-rule]'
 */
export function applyWhiteboardTag(whiteboard: string, tag: string, value: string): string {
  const token = `[${tag}: ${value}]`;
  const escaped = tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const existing = new RegExp(`(\\s*)\\[${escaped}:[^\\]]*\\]`, 'g');
  let replaced = false;
  const out = whiteboard.replace(existing, (_match, space: string) => {
    if (replaced) return '';
    replaced = true;
    return `${space}${token}`;
  });
  if (replaced) return out;
  return whiteboard.trim() === '' ? token : `${whiteboard.trim()} ${token}`;
}

function key(label: string): string {
  return label.toLowerCase();
}

function uniqueBy<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = keyOf(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
