import type { ProbotOctokit } from 'probot';
import type { BugReport, TriagePlan } from '../../model.js';
import { explainPlan } from '../../plan/index.js';
import { COMMENT_MARKER, cutComment, renderExplain } from '../../render/index.js';
import { triage } from '../../triage.js';
import { sameCommit } from '../../rules/index.js';
import { decideWrites, type TrackerState, type WritePolicy } from '../../writes/index.js';
// Not the store's door: that loads the database drivers, which the Action's bundle must not carry.
import type { DecisionStore, FeedbackRecord } from '../../store/decision-store.js';
import { toDecisionRecord } from '../../store/to-decision-record.js';
import { EMPTY_STATE, nextCommentState, readCommentState, type CommentState } from '../comment/index.js';
import { composeDraftRuleComment, composeIgnoredComment, composeTriageComment, COMMENT_LIMIT, isDraftFor } from '../comment/index.js';
import { draftRule } from '../../suggest/index.js';
import type { KtriageConfig } from '../config/index.js';
import type { ReadRepoFiles } from '../client/index.js';
import { createWriter, fetchRemovedLabels, type IssueRef, type IssueWriter, type Logger } from '../client/index.js';
import { fetchCurrentIssue } from '../client/index.js';
import { fetchIssueComments, findKtriageComment, followUps, hasRepliedToAuthor, hasReplyTo, replyTo, REPLY_MARKER, type IssueComment, type ReplyKind } from '../client/index.js';
import type { ConfigSource, LoadedConfig, LoadRepoConfig } from '../config/index.js';
import type { LoadRules, LoadedRules } from '../config/index.js';
import type { Command } from '../commands/index.js';
import { reportConfigProblems } from '../config/index.js';
import { toBugReport, type GithubIssue, type GithubRepository } from '../payload/index.js';

type Octokit = InstanceType<typeof ProbotOctokit>;

const MAX_WRONG = 50;

/**
 * Where the App records its decisions and maintainers' feedback (`/ktriage wrong`, `ignore`, a
 * close as duplicate): the decision store (src/store/), one for the App and the Bugzilla bot.
 * Both calls are idempotent, so a redelivered event records nothing twice.
 */
export type DecisionRecorder = Pick<DecisionStore, 'recordDecision' | 'recordFeedback'>;

/** What the issue pipeline needs from the outside world; `createKtriageApp` builds the real ones. */
export interface PipelineDeps {
  loadConfig: LoadRepoConfig;
  loadRules: LoadRules;
  readRepoFiles: ReadRepoFiles;
  now: () => Date;
  /** KTRIAGE_DRY_RUN: no writes on any repository. */
  dryRun: boolean;
  recorder: DecisionRecorder;
  /**
   * Settle racing creations of the comment (createOwnComment): for runners where two runs of one
   * issue may overlap (the Action). The served App runs one job per issue at a time and skips the read.
   */
  settleRaces?: boolean;
}

/** The webhook as the pipeline sees it (a Probot Context of `issues` or `issue_comment` fits). */
export interface IssueEvent extends ConfigSource {
  id: string;
  octokit: Octokit;
  log: Logger;
  payload: {
    issue: GithubIssue;
    repository: GithubRepository & { name: string; owner: { login: string }; default_branch: string };
  };
}

/** Maintainer commands already permission-checked by the caller. */
export interface CommandRequest {
  commands: Command[];
  by: string;
  at: string | null;
  commentId: number;
}

/** A reply to the comment that triggered the event (a refusal, a command error): posted once. */
export interface Reply {
  inReplyTo: number;
  kind: ReplyKind;
  body: string;
}

export interface TriageOptions {
  /** Maintainer commands, already permission-checked. */
  request?: CommandRequest | null;
  replies?: readonly Reply[];
  /** The config, when the caller already loaded it. */
  preloaded?: LoadedConfig | null;
}

export interface TriageOutcome {
  verdict: TriagePlan['verdict'] | 'ignored' | 'skipped';
  writes: string[];
}

/**
 * Triage one issue and bring ktriage's comment and labels up to date. The numbered steps are the
 * whole story (release-drafter's main.ts style); each is a named function below.
 *
 * Idempotent by construction: the comment is found by its marker and only edited when its text
 * would change, so an unchanged verdict (an edit that changes nothing, a redelivery) writes nothing;
 * replies carry the id of the comment they answer and are not posted twice.
 */
export async function triageIssue(event: IssueEvent, deps: PipelineDeps, options: TriageOptions = {}): Promise<TriageOutcome> {
  // A run that lost the race to create the comment (see createOwnComment) handles its event again
  // from step 0: it now finds the winner's comment, with whatever that run recorded, and edits it
  // by the normal path; its own replies and reactions are not repeated (they are found by id).
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await triageIssueOnce(event, deps, options);
    } catch (error) {
      if (!(error instanceof LostCommentRace) || attempt >= MAX_RACE_ATTEMPTS) throw error;
      event.log.info({ deliveryId: event.id, report: `${event.repo().owner}/${event.repo().repo}#${event.payload.issue.number}`, kept: error.kept, attempt }, 'ktriage: another run created the comment at the same time; handling the event again on the older comment');
    }
  }
}

/** Runs racing on one issue converge within a few rounds; more means something else is wrong. */
const MAX_RACE_ATTEMPTS = 3;

/** Thrown by createOwnComment when an older ktriage comment appeared beside the one just created (and deleted). */
class LostCommentRace extends Error {
  constructor(readonly kept: number) {
    super(`an older ktriage comment (${kept}) exists; the one just created was deleted`);
  }
}

async function triageIssueOnce(event: IssueEvent, deps: PipelineDeps, options: TriageOptions): Promise<TriageOutcome> {
  const { request = null, replies = [], preloaded = null } = options;
  const { owner, repo } = event.repo();
  const issue = { owner, repo, issue_number: event.payload.issue.number };
  const defaultBranch = event.payload.repository.default_branch;

  // 0. The issue as it is now (the payload may be old: queued behind our own writes, or redelivered).
  const current = await fetchCurrentIssue(event.octokit, issue);
  if ('skip' in current) {
    event.log.info({ deliveryId: event.id, report: `${owner}/${repo}#${issue.issue_number}`, reason: current.skip }, 'ktriage: skipped');
    return { verdict: 'skipped', writes: [] };
  }

  // 1. The repository's configuration (last good one if it broke; the breakage is reported once).
  const config = await loadConfig(event, deps, defaultBranch, preloaded);
  const writer = createWriter(event.octokit, issue, { dryRun: deps.dryRun || config.dry_run, log: event.log });

  // 2. The conversation so far, ktriage's own comment among it, and what that comment remembers.
  const comments = await fetchIssueComments(event.octokit, issue);
  const own = findKtriageComment(comments);
  const previous = own ? readCommentState(own.body) : EMPTY_STATE;

  // 2b. Replies to the triggering comment (refusal, command errors), unless a redelivery already made them.
  for (const reply of replies) {
    if (hasReplyTo(comments, reply.inReplyTo, reply.kind)) continue;
    if (reply.kind === 'refusal') {
      // A reaction answers without notifying every subscriber; the explanation is posted once per
      // person and issue, so repeated commands cannot make the bot talk (issue 13, finding 6).
      await writer.react(reply.inReplyTo, 'confused');
      if (hasRepliedToAuthor(comments, reply.inReplyTo, 'refusal')) continue;
    }
    await writer.createComment(replyTo(reply.inReplyTo, reply.kind, reply.body));
  }

  // 3. Maintainer commands change that memory (ignore, rerun, wrong <rule-id>).
  const { state, explain, feedback, drafts } = await applyCommands(event, writer, previous, request, deps.now());
  // Recorded once the writes are done (a failure before them retries the event, which records
  // then); the store ignores what it already has, so a redelivery records nothing twice.
  const done = async (outcome: TriageOutcome, decided: { report: BugReport; plan: TriagePlan } | null = null): Promise<TriageOutcome> => {
    for (const entry of feedback) {
      event.log.info({ feedback: entry }, 'ktriage feedback');
      await deps.recorder.recordFeedback(entry);
    }
    if (decided !== null) await deps.recorder.recordDecision(toDecisionRecord({ tracker: 'github', ...decided, at: deps.now() }));
    return outcome;
  };

  // 4. An ignored issue keeps a short notice and nothing else (unless a maintainer asks why).
  if (state.ignored !== null && !explain && drafts.length === 0) {
    await upsertComment(event, deps, writer, own, composeIgnoredComment(state));
    return done({ verdict: 'ignored', writes: writer.writes });
  }

  // 5. The rules: bundled plus the repository's, from the default branch, minus rules marked wrong here.
  const load = (exclude: string[]) => deps.loadRules(event.octokit, { owner, repo, ref: defaultBranch, config, exclude });
  const initialRules = await load(state.wrong.map((w) => w.ruleId));
  logRuleProblems(event.log, initialRules);

  // 6. The report: the issue plus its follow-ups (ktriage's own comments excluded).
  const report = buildReport(event, current.issue, comments);

  // 7. Triage (the pure core), honouring the repository's minimum confidence.
  const { plan, rules } = await triageWithMinConfidence(report, initialRules, load, state.wrong.map((w) => w.ruleId), config.min_confidence, deps.now());

  // 8. Answer `/ktriage explain` in a reply of its own.
  if (explain && request && !hasReplyTo(comments, request.commentId, 'explain')) await replyExplain(writer, plan, rules, request.commentId);
  // 8b. `/ktriage suggest-rule <sha>`: a drafted rule in a comment of its own, once per fix.
  for (const draft of drafts) await replyDraftRule(event, writer, comments, report, rules, draft, request!.commentId);
  if (state.ignored !== null) {
    await upsertComment(event, deps, writer, own, composeIgnoredComment(state));
    return done({ verdict: 'ignored', writes: writer.writes });
  }

  // 9. What to write: the one write policy (src/writes/) decides from the plan and what the issue
  //    shows now; silence when there is no comment yet and nothing worth saying (labels included:
  //    their memory lives in the comment).
  const shows = await trackerState(event.octokit, issue, current.issue, own, previous);
  const decision = decideWrites(plan, shows, githubPolicy(config));
  if (decision.silent) {
    event.log.info({ deliveryId: event.id, report: `${owner}/${repo}#${issue.issue_number}`, verdict: plan.verdict }, 'ktriage: nothing worth posting');
    return done({ verdict: plan.verdict, writes: writer.writes }, { report, plan });
  }

  // 10. The writes, in the policy's order: removals, then the comment announcing the labels it is
  //     about to add (so an interruption anywhere leaves every label ktriage wrote known as its
  //     own), then the adds.
  const next = nextCommentState(state, plan, decision);
  for (const step of decision.steps) {
    if (step.kind === 'remove-labels') for (const label of step.labels) await writer.removeLabel(label);
    if (step.kind === 'comment') await upsertComment(event, deps, writer, own, composeTriageComment(plan, next));
    if (step.kind === 'add-labels') await writer.addLabels(step.labels);
  }
  event.log.info({ deliveryId: event.id, report: `${owner}/${repo}#${issue.issue_number}`, verdict: plan.verdict, fingerprint: plan.fingerprint, writes: writer.writes }, 'ktriage: triaged');
  return done({ verdict: plan.verdict, writes: writer.writes }, { report, plan });
}

/** The GitHub App's write policy: one comment edited in place, labels remembered in it. */
export function githubPolicy(config: KtriageConfig): WritePolicy {
  const { labels } = config;
  return {
    comments: 'edit',
    noMatch: config.comment.no_match,
    // GitHub rejects label names over 50 characters.
    labels: labels.enabled ? { fromPlan: true, prefix: labels.prefix, needsInfo: labels.needs_info, always: [], maxLength: 50 } : null,
    labelMemory: 'comment',
    whiteboardTag: null,
  };
}

/**
 * What the issue shows now: its labels, ktriage's comment and that comment's memory. A label the
 * comment announced (pending) that is absent was either never added or removed since: the
 * issue's history says which (one read, only then), and a removed one is declined: never added
 * again, whatever later verdicts want.
 */
async function trackerState(octokit: Octokit, ref: IssueRef, issue: GithubIssue, own: IssueComment | null, previous: CommentState): Promise<TrackerState> {
  const labels = (issue.labels ?? []).map((label) => (typeof label === 'string' ? label : (label.name ?? ''))).filter((name) => name !== '');
  if (own === null) return { comment: null, labels, whiteboard: null };
  const present = new Set(labels.map((label) => label.toLowerCase()));
  // ktriage's comment is by its own account: its own removals (a changed verdict) are not a person's.
  const removed = new Set((await fetchRemovedLabels(octokit, ref, previous.pending.filter((label) => !present.has(label.toLowerCase())), own.login)).map((label) => label.toLowerCase()));
  const comment = {
    fingerprint: previous.fingerprint,
    verdict: previous.verdict,
    ruleId: previous.matched[0] ?? null,
    retracted: previous.retracted,
    ownedLabels: previous.labels,
    pendingLabels: previous.pending.filter((label) => !removed.has(label.toLowerCase())),
    // Removed by someone since ktriage announced it: theirs to decide, never added again.
    declinedLabels: [...previous.declined, ...previous.pending.filter((label) => removed.has(label.toLowerCase()))],
  };
  return { comment, labels, whiteboard: null };
}

async function loadConfig(event: IssueEvent, deps: PipelineDeps, defaultBranch: string, preloaded: LoadedConfig | null): Promise<KtriageConfig> {
  const loaded = preloaded ?? (await deps.loadConfig(event));
  if (loaded.problems.length > 0) {
    const { owner, repo } = event.repo();
    event.log.warn({ deliveryId: event.id, problems: loaded.problems, using: loaded.source }, 'ktriage: .github/ktriage.yml has problems');
    if (!deps.dryRun) {
      try {
        await reportConfigProblems(event.octokit, { owner, repo, defaultBranch, problems: loaded.problems, source: loaded.source, readRepoFiles: deps.readRepoFiles });
      } catch (error) {
        // Reporting the breakage is secondary: a missing checks permission must not stop triage itself.
        event.log.warn({ deliveryId: event.id, err: error }, 'ktriage: could not publish the config check run');
      }
    }
  }
  return loaded.config;
}

async function applyCommands(
  event: IssueEvent,
  writer: IssueWriter,
  previous: CommentState,
  request: CommandRequest | null,
  now: Date,
): Promise<{ state: CommentState; explain: boolean; feedback: FeedbackRecord[]; drafts: SuggestRuleCommand[] }> {
  let state = previous;
  let explain = false;
  const feedback: FeedbackRecord[] = [];
  const drafts: SuggestRuleCommand[] = [];
  if (request === null) return { state, explain, feedback, drafts };
  // The report's identity as toDecisionRecord writes it (the issue's link, else source:id).
  const report = event.payload.issue.html_url ?? `github:${event.repo().owner}/${event.repo().repo}#${event.payload.issue.number}`;
  const base = { tracker: 'github' as const, report, by: request.by, at: toUtc(request.at, now) };
  for (const command of request.commands) {
    if (command.name === 'explain') explain = true;
    // One draft per fix: `abc…` (12 digits) and its full sha are one fix.
    if (command.name === 'suggest-rule' && !drafts.some((d) => sameCommit(d.sha, command.sha))) drafts.push(command);
    if (command.name === 'ignore' && state.ignored === null) {
      state = { ...state, ignored: { by: request.by, at: request.at } };
      feedback.push({ ...base, sourceKey: `comment:${request.commentId}:ignore`, kind: 'ignore', ruleId: previous.matched[0] ?? null, note: '' });
    }
    if (command.name === 'rerun') state = { ...state, ignored: null, fingerprint: null };
    // At most MAX_WRONG per issue: the memory must stay small enough for the comment.
    if (command.name === 'wrong' && !state.wrong.some((w) => w.ruleId === command.ruleId) && state.wrong.length < MAX_WRONG) {
      state = { ...state, wrong: [...state.wrong, { ruleId: command.ruleId, by: request.by, at: request.at }] };
      const note = previous.matched.includes(command.ruleId) ? '' : 'the rule was not among the matches shown';
      feedback.push({ ...base, sourceKey: `comment:${request.commentId}:wrong:${command.ruleId}`, kind: 'wrong', ruleId: command.ruleId, note });
    }
  }
  if (request.commands.some((c) => c.name !== 'explain')) await writer.react(request.commentId, '+1');
  return { state, explain, feedback, drafts };
}

function buildReport(event: IssueEvent, issue: GithubIssue, comments: readonly IssueComment[]): BugReport {
  return toBugReport({ issue, repository: event.payload.repository, comments: followUps(comments) });
}

/**
 * `min_confidence`: a rule whose match is below it is not suggested. Rather than editing the plan
 * (its verdict, labels, next steps and fingerprint all follow from the best match — the core's
 * job), the low rules are left out and the core triages again, so the plan stays consistent.
 * Bounded: every round removes at least one rule.
 */
export async function triageWithMinConfidence(
  report: BugReport,
  rules: LoadedRules,
  load: (exclude: string[]) => Promise<LoadedRules>,
  wrong: string[],
  minConfidence: number,
  now: Date,
): Promise<{ plan: TriagePlan; rules: LoadedRules }> {
  let plan = triage(report, rules.compiled, { now });
  const exclude = [...wrong];
  for (let round = 0; round < 20 && minConfidence > 0; round += 1) {
    const low = plan.matches.filter((match) => match.confidence < minConfidence).map((match) => match.ruleId);
    if (low.length === 0) break;
    exclude.push(...low);
    rules = await load(exclude);
    plan = triage(report, rules.compiled, { now });
  }
  return { plan, rules };
}

/** Creates the comment, or edits it when its text changes. */
async function upsertComment(event: IssueEvent, deps: PipelineDeps, writer: IssueWriter, own: IssueComment | null, body: string): Promise<void> {
  if (own === null) {
    await createOwnComment(event, deps, writer, body);
    return;
  }
  if (normalize(own.body) === normalize(body)) return;
  try {
    await writer.updateComment(own.id, body);
  } catch (error) {
    // Deleted between our read and our edit (a maintainer removed it): the issue still gets its one comment.
    if ((error as { status?: number }).status !== 404) throw error;
    event.log.info({ deliveryId: event.id, commentId: own.id }, 'ktriage: its comment was deleted meanwhile; posting it again');
    await createOwnComment(event, deps, writer, body);
  }
}

/**
 * Creates ktriage's comment, then makes sure it is the issue's only one. Two runs on one issue can
 * overlap where nothing serialises them (Actions jobs outside one concurrency queue, `probot
 * receive` beside the served App): both read "no comment yet" and both create. So each creator
 * reads the comments again: the oldest ktriage comment is the issue's; a run that finds an older
 * one deletes the comment it just created and throws LostCommentRace, and triageIssue handles its
 * event again on the older comment (so a command in the losing run is applied, not overwritten).
 * Whatever the timing, the runs converge on one comment.
 */
async function createOwnComment(event: IssueEvent, deps: PipelineDeps, writer: IssueWriter, body: string): Promise<void> {
  const created = await writer.createComment(body);
  if (created === null || !deps.settleRaces) return; // dry-run: nothing was created
  const { owner, repo } = event.repo();
  const mine = (await fetchIssueComments(event.octokit, { owner, repo, issue_number: event.payload.issue.number })).filter((c) => findKtriageComment([c]) !== null);
  const oldest = mine.reduce<IssueComment | null>((first, c) => (first === null || c.id < first.id ? c : first), null);
  if (oldest === null || oldest.id >= created) return;
  await writer.deleteComment(created);
  throw new LostCommentRace(oldest.id);
}

async function replyExplain(writer: IssueWriter, plan: TriagePlan, rules: LoadedRules, inReplyTo: number): Promise<void> {
  const explanation = renderExplain(explainPlan(plan, rules.compiled)).split(COMMENT_MARKER).join('');
  const header = `${REPLY_MARKER}\n`;
  const room = COMMENT_LIMIT - header.length - 300;
  const body = cutComment(explanation, room, { note: "_(explanation cut to fit GitHub's comment size limit)_", markdown: true });
  await writer.createComment(replyTo(inReplyTo, 'explain', `${header}${body.trimEnd()}\n`));
}

type SuggestRuleCommand = Extract<Command, { name: 'suggest-rule' }>;

/**
 * Posts the rule drafted from the issue's report for `/ktriage suggest-rule <sha>` (the core's
 * draftRule): the no_match example is chosen among the curated rules' examples, and the rules the
 * App triages with say whether a rule already knows the bug. Once per fix and issue: a draft for
 * the same sha already posted (a redelivery, the command repeated) is not posted again.
 */
async function replyDraftRule(event: IssueEvent, writer: IssueWriter, comments: readonly IssueComment[], report: BugReport, rules: LoadedRules, command: SuggestRuleCommand, inReplyTo: number): Promise<void> {
  if (comments.some((comment) => comment.isBot && isDraftFor(comment.body, command.sha))) return;
  // Without a subject, the repository may hold the commit (a kernel tree, a fork): its first line is
  // the subject and its full sha replaces an abbreviated one. Not found is no error: the draft then
  // holds a placeholder its first review note names.
  const found = command.subject === null ? await fetchCommitSubject(event, command.sha) : null;
  const ruleSet = rules.compiled.ruleSet;
  const curated = { ...ruleSet, bugs: ruleSet.bugs.filter((bug) => bug.origin !== 'generated') };
  const candidates = curated.bugs.flatMap((bug) => [
    ...bug.examples.match.map((text, i) => ({ name: `${bug.id} match ${i + 1}`, text })),
    ...bug.examples.noMatch.map((text, i) => ({ name: `${bug.id} no_match ${i + 1}`, text })),
  ]);
  const outcome = draftRule(report, {
    fix: { commit: found?.sha ?? command.sha, subject: command.subject ?? found?.subject ?? null },
    fixedIn: command.fixedIn,
    candidates,
    vocabulary: ruleSet.facts,
    rules: curated,
    known: rules.compiled,
  });
  await writer.createComment(replyTo(inReplyTo, 'suggest-rule', composeDraftRuleComment(REPLY_MARKER, command.sha, outcome)));
}

/** GitHub's time of the comment as the store keeps times (UTC, ISO 8601); the App's clock when absent or odd. */
function toUtc(time: string | null, now: Date): string {
  const ms = time === null ? Number.NaN : Date.parse(time);
  return (Number.isNaN(ms) ? now : new Date(ms)).toISOString();
}

/** The commit's full sha and subject in the issue's repository, or null when the repository does not hold it. */
async function fetchCommitSubject(event: IssueEvent, sha: string): Promise<{ sha: string; subject: string } | null> {
  const { owner, repo } = event.repo();
  try {
    const { data } = await event.octokit.rest.repos.getCommit({ owner, repo, ref: sha });
    const subject = (data.commit.message.split('\n')[0] ?? '').trim();
    return subject === '' || !data.sha.toLowerCase().startsWith(sha) ? null : { sha: data.sha.toLowerCase(), subject };
  } catch (error) {
    // 404 (no such repository content), 409 (empty repository), 422 (no commit with that sha).
    if ([404, 409, 422].includes((error as { status?: number }).status ?? 0)) return null;
    throw error;
  }
}

/** GitHub stores what it is given, but clients may send CRLF; trailing space is not a change. */
function normalize(body: string): string {
  return body.replace(/\r\n/g, '\n').trimEnd();
}

function logRuleProblems(log: Logger, rules: LoadedRules): void {
  if (rules.fileProblems.length > 0) log.warn({ problems: rules.fileProblems }, 'ktriage: configured rule paths could not be read');
  const errors = rules.problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) log.warn({ problems: errors.slice(0, 20), count: errors.length }, 'ktriage: rule files have errors; those rules are disabled');
}
