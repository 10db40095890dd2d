import type { BugReport, TriagePlan } from '../../model.js';
import { NEEDS_INFO_LABEL } from '../../plan/index.js';
import { applyWhiteboardTag, decideWrites, wantedLabels, type LabelMemory, type PostedComment, type WritePolicy } from '../../writes/index.js';
import { BugzillaError } from '../client/index.js';
import type { BugzillaClient } from '../client/index.js';
import { findPostedVerdicts, isKtriageComment, type PostedVerdict } from '../comment/index.js';
import { fitComment } from '../comment/index.js';
import { findTouchedKeywords } from './find-touched-keywords.js';
import type { Logger } from '../../log/index.js';
import { readFeedback } from '../comment/index.js';
import type { RestAttachment, RestBug, RestComment } from '../client/index.js';
import { decodeAttachmentText, selectAttachments } from '../payload/index.js';
import type { BugRecord, TriageStore } from '../store/index.js';
import { toDecisionRecord, type DecisionStore } from '../../store/index.js';

/** Everything the REST API said about one bug, ready for the BugReport converter. */
export interface BugzillaBugData {
  bug: RestBug;
  /** Public comments in order; comment 0 is the description. */
  comments: RestComment[];
  attachments: { attachment: RestAttachment; text: string | null }[];
  /** `https://host/show_bug.cgi?id=N`. */
  url: string;
  /** Whether a comment is ktriage's own (bot comments are not statements of the reporter): by its login when known. */
  isBotComment: (comment: RestComment) => boolean;
}

/** The rules, compiled once per cycle, and how plans become comments. */
export interface TriageEngine {
  /** Identifies the rule set (a hash of the rule files), stored with each verdict. */
  rulesVersion: string;
  triage(report: BugReport): TriagePlan;
  /** The plain-text comment (Bugzilla renders no Markdown); ends with the ktriage footer. */
  render(plan: TriagePlan): string;
}

export interface BugHandlingOptions {
  whiteboardTag: string | null;
  keywords: string[];
  labelsAsKeywords: boolean;
  commentOnNoMatch: boolean;
  followUps: boolean;
  attachments: { enabled: boolean; maxBytes: number; maxCount: number };
  dryRun: boolean;
}

export interface BugHandlingContext {
  server: string;
  client: BugzillaClient;
  store: TriageStore;
  engine: TriageEngine;
  buildReport: (data: BugzillaBugData) => BugReport;
  options: BugHandlingOptions;
  logger: Logger;
  /** The server's db_time for this cycle (records carry server time, not the local clock). */
  serverTime: string;
  /**
   * ktriage's own login on the server (createBotLoginResolver): its comments are known by author,
   * and a footer pasted by someone else is not taken for its comment. Absent or null: by footer only.
   */
  botLogin?: () => Promise<string | null>;
  /**
   * The decision store (src/store/, shared with the GitHub App): every triage decision and every
   * maintainer feedback is recorded there, once. Absent: recorded nowhere (unit tests of other parts).
   */
  decisions?: Pick<DecisionStore, 'recordDecision' | 'recordFeedback'>;
}

export type BugOutcome =
  /** A comment was posted. */
  | { kind: 'posted'; commentId: number; fingerprint: string }
  /** ktriage's comment with this verdict was already on the bug (an earlier run crashed before recording it). */
  | { kind: 'recovered'; commentId: number; fingerprint: string }
  /** Nothing new, or a re-triage that kept the verdict: nothing posted. */
  | { kind: 'unchanged' }
  /** Dry run: what would be posted was recorded. */
  | { kind: 'shadow'; fingerprint: string; recorded: boolean }
  /** Triaged, but the plan asks for no comment (no match and comment_on_no_match off). */
  | { kind: 'silent'; fingerprint: string }
  /** Deleted, or made private, between search and fetch. */
  | { kind: 'gone'; reason: string };

/** What the poll's search already said about a bug. */
export interface BugHint {
  lastChangeTime?: string;
  /** Its status fields, when the search returned them (a webhook does not: the bug is read then). */
  resolution?: BugResolution;
  /**
   * Found only because it changed, while follow-ups are off and it was created before the poll's
   * window: not triaged now; if ktriage triaged it earlier (its record, or a dry run's), only its
   * resolution is recorded.
   */
  onlyIfTriaged?: boolean;
}

/** A bug's status and resolution ('' while open) and, for DUPLICATE, the bug it duplicates. */
export interface BugResolution {
  status: string;
  resolution: string;
  dupId: number | null;
}

/**
 * Handles one bug end to end: read it (comments, text attachments), triage, post the comment when
 * the verdict is new, set the whiteboard tag and keywords, record. Safe to repeat at any point:
 * before posting it looks for ktriage's footer among the bug's comments by ktriage's account
 * (Bugzilla comments cannot be edited or hidden markers added), so a crash between posting and
 * recording never posts twice.
 *
 * `hint.lastChangeTime` comes from the search: when it equals the record's verified
 * last_change_time, nothing happened on the bug and no request is made. Bugzilla times have
 * one-second resolution, so a time is only trusted once a comment read at a later server second
 * confirmed it (a reporter's comment in the same second as ktriage's own write would otherwise be
 * invisible): right after ktriage writes, the next cycle makes one cheap `new_since` read.
 */
export async function handleBug(ctx: BugHandlingContext, bugId: number, hint: BugHint = {}): Promise<BugOutcome> {
  const { client, store, options } = ctx;
  const record = options.dryRun ? null : await store.getBug(ctx.server, bugId);
  if (record && record.tagsApplied && hint.lastChangeTime !== undefined && record.lastChangeTime !== null && record.lastChangeTime === hint.lastChangeTime) return { kind: 'unchanged' };

  try {
    // follow_ups: false means no re-triage of a changed bug, but recording is not writing to the
    // tracker: the resolution of a bug ktriage triaged is still recorded (from the search, else one
    // read of its status) on the rule it named, or the dashboard's resolved column would count only
    // bugs already resolved at their first triage. A dry run's triage is its last shadow record.
    if (options.dryRun && hint.onlyIfTriaged) {
      const shadow = await store.lastShadow(ctx.server, bugId);
      if (shadow !== null) await recordResolution(ctx, bugId, shadow.ruleId, await resolutionOf(ctx, bugId, hint), hint.lastChangeTime ?? ctx.serverTime);
      return { kind: 'unchanged' };
    }
    // Created before the window and never triaged: not ktriage's bug.
    if (hint.onlyIfTriaged && record === null) return { kind: 'unchanged' };
    if (record && record.tagsApplied && !options.followUps) {
      await recordResolution(ctx, bugId, record.ruleId, await resolutionOf(ctx, bugId, hint), hint.lastChangeTime ?? ctx.serverTime);
      return { kind: 'unchanged' };
    }
    const botLogin = ctx.botLogin ? await ctx.botLogin() : null;
    let comments: RestComment[];
    if (record && record.tagsApplied) {
      // A follow-up? Only comments after the last one read matter; ktriage's own do not.
      // new_since is strict (comments *after* the time) and times have one-second resolution:
      // ask from a second earlier so a comment in the same second as the last cycle is not missed.
      const fresh = await client.getComments(bugId, { newSince: secondBefore(record.triagedAt) });
      const newer = fresh.filter((c) => c.id > record.lastCommentId);
      await recordFeedback(ctx, bugId, newer, record, botLogin);
      // A status change (RESOLVED FIXED, DUPLICATE, ...) moves last_change_time with no comment:
      // recorded as feedback on ktriage's verdict, nothing is posted.
      await recordResolution(ctx, bugId, record.ruleId, await resolutionOf(ctx, bugId, hint), hint.lastChangeTime ?? ctx.serverTime);
      const fromPeople = newer.filter((c) => !c.is_private && !isKtriageComment(c, botLogin));
      if (fromPeople.length === 0) {
        // Verified: nothing new up to this cycle's clock, which is a later second than the change.
        const verified = hint.lastChangeTime !== undefined && hint.lastChangeTime < ctx.serverTime ? hint.lastChangeTime : null;
        await store.putBug({ ...record, lastChangeTime: verified, lastCommentId: Math.max(record.lastCommentId, ...newer.map((c) => c.id)) });
        return { kind: 'unchanged' };
      }
      comments = await client.getComments(bugId);
    } else {
      comments = await client.getComments(bugId);
      if (record) await recordFeedback(ctx, bugId, comments.filter((c) => c.id > record.lastCommentId), record, botLogin);
    }
    const bug = await client.getBug(bugId);
    const attachments = options.attachments.enabled ? await readAttachments(ctx, bugId) : [];
    const publicComments = comments.filter((c) => !c.is_private);
    const report = ctx.buildReport({ bug, comments: publicComments, attachments, url: showBugUrl(client.baseUrl, bugId), isBotComment: (c) => isKtriageComment(c, botLogin) });
    const plan = ctx.engine.triage(report);
    const best = plan.matches[0] ?? null;
    const policy = bugzillaPolicy(options);

    if (options.dryRun) {
      // A shadow run records what the first triage of the bug would write.
      const decision = decideWrites(plan, { comment: null, labels: bug.keywords ?? [], whiteboard: bug.whiteboard ?? '' }, policy);
      const wantsComment = decision.comment.kind === 'create';
      const recorded = await store.addShadow({
        server: ctx.server,
        bugId,
        fingerprint: plan.fingerprint,
        verdict: plan.verdict,
        ruleId: best?.ruleId ?? null,
        comment: wantsComment ? fitComment(ctx.engine.render(plan)) : '',
        whiteboard: options.whiteboardTag ? applyWhiteboardTag(bug.whiteboard ?? '', options.whiteboardTag, best?.ruleId ?? plan.verdict) : null,
        keywords: wantedLabels(plan, policy.labels),
        recordedAt: ctx.serverTime,
      });
      await recordDecision(ctx, report, plan);
      // Recorded like a live run's (the store, not the tracker): on the rule the dry run would have named.
      await recordResolution(ctx, bugId, best?.ruleId ?? null, toResolution(bug), bug.last_change_time ?? ctx.serverTime);
      ctx.logger.info({ report: `${ctx.server}#${bugId}`, ruleId: best?.ruleId ?? null }, `bugzilla ${ctx.server}: bug ${bugId}: dry run: would ${wantsComment ? 'post' : 'not post'} ${plan.verdict}${best ? ` (${best.ruleId})` : ''}${recorded ? '' : ' (already recorded)'}`);
      return { kind: 'shadow', fingerprint: plan.fingerprint, recorded };
    }

    // Only ktriage's account can have posted its verdict (when the account is known): a footer a
    // reporter pasted from another bug must not make ktriage think it already commented here.
    const last = findPostedVerdicts(comments, botLogin).at(-1) ?? null;
    const current = bug.keywords ?? [];
    const decision = decideWrites(plan, { comment: postedComment(last, record, plan), labels: current, whiteboard: bug.whiteboard ?? '', stored: storedKeywords(record, current, options) }, policy);
    let outcome: BugOutcome;
    let commentId: number | null = record?.commentId ?? last?.commentId ?? null;
    let postedFingerprint = record?.fingerprint ?? last?.fingerprint ?? plan.fingerprint;
    let postedVerdict = record?.verdict ?? last?.verdict ?? plan.verdict;
    let postedRule = record ? record.ruleId : (best?.ruleId ?? null);
    const now = () => {
      postedFingerprint = plan.fingerprint;
      postedVerdict = plan.verdict;
      postedRule = best?.ruleId ?? null;
    };
    if (decision.comment.kind === 'create') {
      const body = fitComment(decision.retract ? `${RETRACTION_NOTE}\n\n${ctx.engine.render(plan)}` : ctx.engine.render(plan));
      commentId = await client.addComment(bugId, body);
      outcome = { kind: 'posted', commentId, fingerprint: plan.fingerprint };
      now();
      ctx.logger.info({ report: `${ctx.server}#${bugId}`, ruleId: best?.ruleId ?? null }, `bugzilla ${ctx.server}: bug ${bugId}: posted comment ${commentId}: ${plan.verdict}${best ? ` (${best.ruleId})` : ''}${decision.retract ? ' (retracting the earlier suggestion)' : ''}`);
    } else if (decision.comment.kind === 'none' && decision.comment.reason === 'unchanged' && last !== null) {
      // Already on the bug: either recorded, or posted by a run that died before recording it.
      outcome = record?.commentId === last.commentId ? { kind: 'unchanged' } : { kind: 'recovered', commentId: last.commentId, fingerprint: plan.fingerprint };
      commentId = last.commentId;
      now();
    } else if (decision.comment.kind === 'none' && decision.comment.reason === 'same-verdict') {
      // Comments cannot be edited: a re-triage with more evidence but the same verdict stays quiet.
      outcome = { kind: 'unchanged' };
    } else {
      outcome = { kind: 'silent', fingerprint: plan.fingerprint };
      now();
    }

    // ktriage's own keywords the verdict no longer wants: removed unless a person changed one last.
    const removal = await keywordsToRemove(ctx, bugId, decision.labels.remove, botLogin);
    const memory = decision.labels.record;
    const declined = unique([...memory.declined, ...removal.touched]);
    const base: BugRecord = {
      server: ctx.server,
      bugId,
      fingerprint: postedFingerprint,
      verdict: postedVerdict,
      ruleId: postedRule,
      commentId,
      rulesVersion: ctx.engine.rulesVersion,
      triagedAt: ctx.serverTime,
      lastChangeTime: null,
      lastCommentId: Math.max(0, ...comments.map((c) => c.id), commentId ?? 0),
      tagsApplied: false,
      notes: record?.notes ?? [],
      // The keywords about to be added are recorded as pending first, and those about to be removed
      // stay owned until the server confirms: an add or removal that fails, or lands just before a
      // crash, is still known to be ktriage's, and the next run finishes it.
      keywords: { owned: unique([...memory.owned, ...removal.remove]), pending: memory.pending, declined },
    };
    // Record before touching the whiteboard: a crash now leaves tagsApplied false, and the next
    // run only finishes the tags.
    await store.putBug(base);
    const tags = await applyTags(ctx, bugId, decision.whiteboard, decision.labels.add, removal.remove);
    if (tags.lastChangeTime) ctx.logger.info({ report: `${ctx.server}#${bugId}` }, `bugzilla ${ctx.server}: bug ${bugId}: whiteboard/keywords set${removal.remove.length > 0 ? ` (removed ktriage's ${removal.remove.join(', ')}: the verdict no longer wants ${removal.remove.length === 1 ? 'it' : 'them'})` : ''}`);
    // lastChangeTime stays null (unverified): the next cycle confirms nothing came in the same second.
    // The PUT answered: every pending keyword is on the bug now, every removed one is gone (the
    // server lacked the dropped ones).
    const confirmed = { owned: unique([...memory.owned, ...memory.pending.filter((k) => !tags.dropped.includes(k))]), pending: [], declined };
    await store.putBug({ ...base, tagsApplied: true, notes: [...new Set([...base.notes, ...tags.notes])], keywords: confirmed });
    // After the writes: a crash before this re-handles the bug, which records it then (once: the
    // store keeps one decision per bug and fingerprint).
    await recordDecision(ctx, report, plan);
    // A bug resolved with a comment (or already resolved when first triaged) is recorded here.
    await recordResolution(ctx, bugId, postedRule, toResolution(bug), bug.last_change_time ?? ctx.serverTime);
    return outcome;
  } catch (error) {
    if (error instanceof BugzillaError && (error.kind === 'bug-not-found' || error.kind === 'bug-access-denied')) {
      ctx.logger.warn({ report: `${ctx.server}#${bugId}` }, `bugzilla ${ctx.server}: bug ${bugId}: skipped: ${error.kind === 'bug-not-found' ? 'deleted' : 'no longer visible to the API key (made private?)'}`);
      return { kind: 'gone', reason: error.kind };
    }
    throw error;
  }
}

/** Said first in a comment that withdraws a known bug ktriage suggested earlier on the bug. */
export const RETRACTION_NOTE = 'Update: after the latest changes to this bug (or to the rules), the known bug ktriage suggested earlier no longer matches.';

/** The Bugzilla bot's write policy: comments cannot be edited, memory is the bot's store. */
function bugzillaPolicy(options: BugHandlingOptions): WritePolicy {
  return {
    comments: 'append',
    noMatch: options.commentOnNoMatch ? 'always' : 'silent',
    // Bugzilla keyword names are at most 64 characters (Bugzilla::Constants::MAX_KEYWORD_LENGTH).
    labels: { fromPlan: options.labelsAsKeywords, prefix: '', needsInfo: NEEDS_INFO_LABEL, always: options.keywords, maxLength: 64 },
    labelMemory: 'store',
    whiteboardTag: options.whiteboardTag,
  };
}

/**
 * ktriage's last verdict on the bug as the write policy reads it. The rule it named comes from the
 * record when the record describes that comment; otherwise (the record was lost) from the
 * comment's text, which names the best rule as `(rule-id, ...`.
 */
function postedComment(last: PostedVerdict | null, record: BugRecord | null, plan: TriagePlan): PostedComment | null {
  if (last === null) return null;
  const best = plan.matches[0]?.ruleId ?? null;
  const known = record !== null && record.commentId === last.commentId;
  const ruleId = known ? record.ruleId : best !== null && last.text.includes(`(${best},`) ? best : null;
  // Keyword ownership lives in the store (storedKeywords), not in Bugzilla comments.
  return { fingerprint: last.fingerprint, verdict: known ? record.verdict : last.verdict, ruleId, retracted: false, ownedLabels: [], pendingLabels: [], declinedLabels: [] };
}

/**
 * Which keywords are ktriage's, as the write policy reads them: the record's memory. A record from
 * a release that kept none (null) whose tags were applied did add the configured keywords: one
 * still there is ktriage's, one gone was removed by a person and stays declined (unless the
 * server lacked it, as the record's notes say). Never-recorded bugs have no memory: a first triage.
 */
export function storedKeywords(record: Pick<BugRecord, 'keywords' | 'notes' | 'tagsApplied'> | null, current: readonly string[], options: Pick<BugHandlingOptions, 'keywords'>): LabelMemory | null {
  if (record === null) return null;
  if (record.keywords !== null) return record.keywords;
  if (!record.tagsApplied) return null;
  const present = new Set(current.map((k) => k.toLowerCase()));
  const lacking = (k: string) => record.notes.some((note) => note.startsWith(`keyword '${k}' does not exist`));
  const fixed = options.keywords.filter((k) => !lacking(k));
  return { owned: fixed.filter((k) => present.has(k.toLowerCase())), pending: [], declined: fixed.filter((k) => !present.has(k.toLowerCase())) };
}

/**
 * Of the keywords the write policy would remove (ktriage's own, by its record, that the verdict no
 * longer wants), those no person changed last (findTouchedKeywords: one read of the bug's history,
 * only when there is something to remove), and those a person did: theirs now, declined (never
 * removed nor added again). Without ktriage's login the history cannot say who is who: the record
 * decides alone, as the GitHub App's comment memory does.
 */
async function keywordsToRemove(ctx: BugHandlingContext, bugId: number, remove: readonly string[], botLogin: string | null): Promise<{ remove: string[]; touched: string[] }> {
  if (remove.length === 0 || botLogin === null) return { remove: [...remove], touched: [] };
  const touched = findTouchedKeywords(await ctx.client.getHistory(bugId), remove, botLogin);
  if (touched.length > 0) ctx.logger.info({ report: `${ctx.server}#${bugId}` }, `bugzilla ${ctx.server}: bug ${bugId}: keyword${touched.length === 1 ? '' : 's'} ${touched.join(', ')} left in place: a person changed ${touched.length === 1 ? 'it' : 'them'} after ktriage`);
  return { remove: remove.filter((k) => !touched.includes(k)), touched };
}

/**
 * Whiteboard tag and keywords (added and removed) in one PUT; keywords the server lacks are
 * dropped and reported (one the server lacks cannot be on the bug: nothing to remove).
 */
async function applyTags(ctx: BugHandlingContext, bugId: number, whiteboard: string | null, keywords: string[], removing: string[]): Promise<{ lastChangeTime: string | null; notes: string[]; dropped: string[] }> {
  const notes: string[] = [];
  let add = keywords;
  let remove = removing;
  const dropped = () => keywords.filter((k) => !add.includes(k));
  const nothing = () => whiteboard === null && add.length === 0 && remove.length === 0;
  if (nothing()) return { lastChangeTime: null, notes, dropped: [] };
  for (;;) {
    try {
      const update = await ctx.client.updateBug(bugId, { whiteboard: whiteboard ?? undefined, keywordsAdd: add, keywordsRemove: remove });
      return { lastChangeTime: update.last_change_time, notes, dropped: dropped() };
    } catch (error) {
      if (!(error instanceof BugzillaError) || error.kind !== 'unknown-keyword') throw error;
      const missing = /keyword named '([^']+)'/.exec(error.message)?.[1];
      const note = `keyword '${missing ?? '?'}' does not exist on the server; create it (Administration > Keywords) or remove it from the config`;
      ctx.logger.warn({ report: `${ctx.server}#${bugId}` }, `bugzilla ${ctx.server}: bug ${bugId}: ${note}`);
      notes.push(note);
      const known = (list: string[]) => (missing ? list.filter((k) => k !== missing) : []);
      const [nextAdd, nextRemove] = [known(add), known(remove)];
      // A name the message does not give (or one not asked for): write no keywords at all rather than loop.
      if (nextAdd.length + nextRemove.length === add.length + remove.length) [add, remove] = [[], []];
      else [add, remove] = [nextAdd, nextRemove];
      if (nothing()) return { lastChangeTime: null, notes, dropped: dropped() };
    }
  }
}

function unique(items: readonly string[]): string[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = item.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

async function readAttachments(ctx: BugHandlingContext, bugId: number): Promise<BugzillaBugData['attachments']> {
  const { maxBytes, maxCount } = ctx.options.attachments;
  const list = await ctx.client.listAttachments(bugId);
  const out: BugzillaBugData['attachments'] = [];
  for (const choice of selectAttachments(list, maxBytes, maxCount)) {
    if (choice.attachment.is_private) continue; // private text never reaches the report
    let text: string | null = null;
    if (choice.read) {
      const full = await ctx.client.getAttachment(choice.attachment.id);
      text = decodeAttachmentText(full.data, maxBytes);
    }
    out.push({ attachment: choice.attachment, text });
  }
  return out;
}

async function recordDecision(ctx: BugHandlingContext, report: BugReport, plan: TriagePlan): Promise<void> {
  if (!ctx.decisions) return;
  await ctx.decisions.recordDecision(toDecisionRecord({ tracker: 'bugzilla', report, plan, at: serverDate(ctx.serverTime) }));
}

/** Maintainers' `ktriage: wrong|correct` comments, about the rule of ktriage's verdict on the bug. */
async function recordFeedback(ctx: BugHandlingContext, bugId: number, comments: readonly RestComment[], record: BugRecord, botLogin: string | null): Promise<void> {
  if (!ctx.decisions) return;
  for (const fb of readFeedback(comments, botLogin)) {
    const added = await ctx.decisions.recordFeedback({
      tracker: 'bugzilla',
      report: showBugUrl(ctx.client.baseUrl, bugId),
      sourceKey: `comment:${fb.commentId}`,
      kind: fb.kind,
      ruleId: record.ruleId,
      by: fb.author,
      at: serverDate(fb.time).toISOString(),
      note: fb.note,
    });
    if (added) ctx.logger.info({ report: `${ctx.server}#${bugId}`, ruleId: record.ruleId }, `bugzilla ${ctx.server}: bug ${bugId}: feedback from ${fb.author}: ${fb.kind}${fb.note ? ` (${fb.note})` : ''}`);
  }
}

/** The bug's status fields: the search's, else read (only when there is a store to record them in). */
async function resolutionOf(ctx: BugHandlingContext, bugId: number, hint: BugHint): Promise<BugResolution | null> {
  if (hint.resolution !== undefined) return hint.resolution;
  if (!ctx.decisions) return null;
  return toResolution(await ctx.client.getBug(bugId, ['id', 'status', 'resolution', 'dup_id']));
}

/** A bug's status fields as read (a search, a getBug with them included); null when they were not read. */
export function toResolution(bug: RestBug): BugResolution | null {
  if (typeof bug.resolution !== 'string') return null;
  return { status: bug.status ?? '', resolution: bug.resolution, dupId: typeof bug.dup_id === 'number' ? bug.dup_id : null };
}

/**
 * Bugzilla's resolution of a triaged bug, as `resolution` feedback on the rule of ktriage's verdict:
 * once per bug and resolution (sourceKey `resolution:FIXED`, `resolution:DUPLICATE:123`), so a
 * reopened bug resolved differently records the new one. Recorded as is: whether a resolution
 * confirms the rule is the maintainer's call (`ktriage: correct|wrong`), not inferred here; precision
 * counts only those. Who resolved it would take a history read per bug: `by` is the tracker.
 */
async function recordResolution(ctx: BugHandlingContext, bugId: number, ruleId: string | null, state: BugResolution | null, at: string): Promise<void> {
  if (!ctx.decisions || state === null || state.resolution === '') return;
  const dup = state.resolution === 'DUPLICATE' && state.dupId !== null ? state.dupId : null;
  const added = await ctx.decisions.recordFeedback({
    tracker: 'bugzilla',
    report: showBugUrl(ctx.client.baseUrl, bugId),
    sourceKey: `resolution:${state.resolution}${dup === null ? '' : `:${dup}`}`,
    kind: 'resolution',
    ruleId,
    by: ctx.server,
    at: serverDate(at).toISOString(),
    note: `${state.status ? `${state.status} ` : ''}${state.resolution}${dup === null ? '' : ` of bug ${dup}`}`,
  });
  if (added) ctx.logger.info({ report: `${ctx.server}#${bugId}`, ruleId }, `bugzilla ${ctx.server}: bug ${bugId}: resolution recorded: ${state.status} ${state.resolution}${dup === null ? '' : ` of bug ${dup}`}`);
}

/** A Bugzilla time (`2026-12-07T10:00:00Z`) as a Date; the server's clock is the bot's clock for records. */
function serverDate(time: string): Date {
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) throw new Error(`Bugzilla answered a time that is not one: "${time}"`);
  return new Date(ms);
}

function secondBefore(time: string): string {
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? time : new Date(ms - 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function showBugUrl(baseUrl: string, bugId: number): string {
  return new URL(`show_bug.cgi?id=${bugId}`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
}
