import type { ApplicationFunction, ApplicationFunctionOptions, Context, Probot } from 'probot';
import type { BundledRules } from '../../io/load-rule-packs.js';
import { formatProblem } from '../../rules/index.js';
import { hasMaintainerPermission } from '../client/index.js';
import { checkRuleChanges } from '../checks/index.js';
import { classifyApiError, type ApiErrorKind } from '../client/index.js';
import { createHealthHandler, DEFAULT_HEALTH_PATH } from './create-health-handler.js';
import { createDashboardHandler, type DashboardRoute } from './create-dashboard-handler.js';
import { recordDuplicateClose, type ClosedIssueEvent } from './record-duplicate-close.js';
import { createKeyedQueue } from '../../io/create-keyed-queue.js';
import { createRepoFileReader, type ReadRepoFiles } from '../client/index.js';
import { createConfigLoader, type LoadedConfig, type LoadRepoConfig } from '../config/index.js';
import { createRulesLoader } from '../config/index.js';
import { parseCommands } from '../commands/index.js';
import { commandErrorsReply, refusalReply } from '../commands/index.js';
import { ktriageChecksOfSuite, KTRIAGE_CHECK_NAMES, rerunChecks } from '../checks/index.js';
import { retryOnRateLimit } from '../client/index.js';
import type { JobQueue, QueueLog } from '../../queue/index.js';
import { createDurableDispatch, type QueuedDelivery } from './create-durable-dispatch.js';
import { answerEmptyEventNameWith400, rejectMalformedWebhook } from './reject-malformed-webhook.js';
import { triageIssue, type CommandRequest, type DecisionRecorder, type IssueEvent, type PipelineDeps, type Reply } from './triage-issue.js';

export interface KtriageAppOptions {
  /** The rule packs shipped with ktriage (readBundledRules, read once by the entry). */
  bundledRules: BundledRules;
  /** KTRIAGE_DRY_RUN: log plans, write nothing anywhere. */
  dryRun?: boolean;
  /** The dashboard route (KTRIAGE_DASHBOARD_TOKEN set); absent: not served. Needs Probot's HTTP server. */
  dashboard?: Omit<DashboardRoute, 'onError'>;
  /** Where decisions and maintainers' feedback are recorded (the decision store); default: nowhere. */
  recorder?: DecisionRecorder;
  healthPath?: string;
  version?: string;
  now?: () => Date;
  /** How to wait before handling an event again after a rate limit (tests pass one that records). */
  sleep?: (ms: number) => Promise<void>;
  readRepoFiles?: ReadRepoFiles;
  loadConfig?: LoadRepoConfig;
  /**
   * The durable queue for a served App (SQLite or Redis, chosen by the entry from the environment).
   * Called only when Probot runs an HTTP server: under `probot receive` (one event, then exit) the
   * event is handled in process as before.
   */
  createQueue?: (log: QueueLog) => JobQueue<QueuedDelivery>;
  /**
   * Two runs of one issue may overlap (the Action: jobs outside one concurrency queue): settle
   * racing creations of the comment (triage-issue.ts, createOwnComment). The served App needs none.
   */
  settleRaces?: boolean;
  /** Receives the function that drains the queue's running jobs (the entry calls it on SIGTERM). */
  onQueueReady?: (drain: () => Promise<void>) => void;
}

/**
 * The ktriage GitHub App as a Probot application function. Events:
 * - `issues.opened` / `issues.reopened` / `issues.edited` (title or body changed): triage;
 * - `issue_comment.created`: maintainer commands, then re-triage with the follow-up;
 * - `pull_request.opened` / `synchronize` / `reopened`: the rules check;
 * - `check_run.rerequested` / `check_suite.rerequested` (GitHub's "Re-run" buttons): ktriage's
 *   checks ("ktriage rules", "ktriage config") run again on that commit.
 * Bots (ktriage included) never trigger triage, so ktriage cannot loop on its own comment. A re-run
 * request is honoured whoever sends it (GitHub itself sends "Re-run all checks" as a bot): it
 * only republishes a check and cannot loop.
 *
 * Every handler logs a failure with the delivery id and rethrows: the delivery fails and GitHub
 * (or an operator) can redeliver it; ktriage is idempotent, so a redelivery never double-posts.
 * Two kinds of failure are handled instead (see classifyApiError): a rate limit is waited out and
 * the event handled again; a final answer (issue deleted, issue locked, repository archived) ends
 * the event, logged, since no redelivery could change it.
 */
export function createKtriageApp(options: KtriageAppOptions): ApplicationFunction {
  return (app: Probot, appOptions?: ApplicationFunctionOptions) => {
    const readRepoFiles = options.readRepoFiles ?? createRepoFileReader();
    const deps: PipelineDeps = {
      loadConfig: options.loadConfig ?? createConfigLoader(),
      loadRules: createRulesLoader({ bundled: options.bundledRules, readRepoFiles }),
      readRepoFiles,
      now: options.now ?? (() => new Date()),
      dryRun: options.dryRun ?? false,
      settleRaces: options.settleRaces ?? false,
      recorder: options.recorder ?? { recordDecision: async () => false, recordFeedback: async () => false },
    };
    const checkDeps = { ...deps, bundled: options.bundledRules };
    // A broken bundled rule disables itself; say so once at start-up, not per webhook.
    for (const problem of options.bundledRules.problems) app.log.warn(`ktriage: bundled rules: ${formatProblem(problem)}`);
    const queue = createKeyedQueue();
    const now = deps.now;

    // The health route needs Probot's HTTP server; under `probot receive` (GitHub Actions) there
    // is none and addHandler throws "No server instance" — nothing to check there anyway.
    const healthPath = options.healthPath ?? DEFAULT_HEALTH_PATH;
    let served = false;
    try {
      appOptions?.addHandler(createHealthHandler(healthPath, () => ({ version: options.version ?? null, bundledRuleFiles: options.bundledRules.sources.length })));
      served = appOptions !== undefined;
      if (options.dashboard) {
        appOptions?.addHandler(createDashboardHandler({ ...options.dashboard, onError: (error) => app.log.error({ err: error }, 'ktriage: the dashboard could not be built') }));
        app.log.info(`ktriage: dashboard served at ${options.dashboard.path} (bearer token required)`);
      }
    } catch (error) {
      app.log.debug({ err: error }, `ktriage: no HTTP server, ${healthPath} not served`);
    }

    // A served App stores each delivery and answers at once; the handlers run from the queue.
    // A signed but malformed delivery gets a 400 naming the problem, before it is queued or handled.
    answerEmptyEventNameWith400(app);
    const durable = served && options.createQueue ? createDurableDispatch({ app, queue: options.createQueue(app.log), nowMs: () => now().getTime(), check: rejectMalformedWebhook }) : null;
    const on = <E extends HandledEvent>(events: Parameters<Probot['on']>[0], handler: (context: Context<E>) => Promise<void>): void => {
      if (durable) return durable.on(events, handler as never);
      app.on(events, (async (context: Context<E>) => {
        rejectMalformedWebhook(context.name, context.payload);
        await handler(context);
      }) as never);
    };
    const guarded = createGuard({ sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))), nowMs: () => now().getTime(), queued: durable !== null });

    on(['issues.opened', 'issues.reopened', 'issues.edited'], guarded('issues', async (context) => {
      if (context.isBot) return skip(context, 'sender is a bot');
      if ('pull_request' in context.payload.issue && context.payload.issue.pull_request) return skip(context, 'pull request');
      // A locked conversation is closed to new comments; ktriage does not force its way in.
      if (context.payload.issue.locked) return skip(context, 'issue is locked');
      if (context.payload.action === 'edited') {
        const changes = (context.payload as { changes?: { title?: unknown; body?: unknown } }).changes ?? {};
        if (changes.title === undefined && changes.body === undefined) return skip(context, 'edit changed neither title nor body');
      }
      await queue.run(issueKey(context), () => triageIssue(context as unknown as IssueEvent, deps));
    }));

    // Closed as a duplicate while ktriage suggested a known bug: feedback confirming that rule.
    on('issues.closed', guarded('issues', async (context) => {
      if (context.payload.issue.state_reason !== 'duplicate') return skip(context, 'closed, not as a duplicate');
      if ('pull_request' in context.payload.issue && context.payload.issue.pull_request) return skip(context, 'pull request');
      await queue.run(issueKey(context), async () => void (await recordDuplicateClose(context as unknown as ClosedIssueEvent, deps.recorder, now())));
    }));

    on('issue_comment.created', guarded('issue_comment', async (context) => {
      const { comment, issue } = context.payload;
      if (context.isBot || comment.user?.type === 'Bot') return skip(context, 'comment by a bot');
      if (issue.pull_request) return skip(context, 'comment on a pull request');
      if (issue.locked) return skip(context, 'issue is locked');
      await queue.run(issueKey(context), () => handleComment(context, deps));
    }));

    on(['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened'], guarded('pull_request', async (context) => {
      if (context.isBot) return skip(context, 'sender is a bot');
      await checkRuleChanges(context as never, checkDeps);
    }));

    on('check_run.rerequested', guarded('check_run', async (context) => {
      const run = context.payload.check_run;
      if (!KTRIAGE_CHECK_NAMES.includes(run.name)) return skip(context, `check run "${run.name}" is not ktriage's`);
      await rerunChecks(context as never, checkDeps, { names: [run.name], headSha: run.head_sha, pullRequests: run.pull_requests });
    }));

    on('check_suite.rerequested', guarded('check_suite', async (context) => {
      const suite = context.payload.check_suite;
      const names = await ktriageChecksOfSuite(context.octokit, { ...context.repo(), check_suite_id: suite.id });
      if (names.length === 0) return skip(context, 'the suite holds no ktriage check');
      await rerunChecks(context as never, checkDeps, { names, headSha: suite.head_sha, pullRequests: suite.pull_requests });
    }));

    if (durable) {
      durable.start();
      options.onQueueReady?.(durable.close);
    }
  };
}

/**
 * A comment: maintainer commands (after the permission check; others get a polite refusal), then
 * re-triage, since a follow-up may carry the log or answer a question. Replies are handed to the
 * pipeline, which posts them once (a redelivery finds them by the comment they answer).
 */
async function handleComment(context: Context<'issue_comment'>, deps: PipelineDeps): Promise<void> {
  const { comment } = context.payload;
  const parsed = parseCommands(comment.body ?? '');
  let request: CommandRequest | null = null;
  let loaded: LoadedConfig | null = null;
  const replies: Reply[] = [];
  if (parsed.commands.length > 0 || parsed.errors.length > 0) {
    const { owner, repo } = context.repo();
    const username = comment.user?.login ?? '';
    const allowed = username !== '' && (await hasMaintainerPermission(context.octokit, { owner, repo, username }));
    loaded = await deps.loadConfig(context);
    if (!allowed) {
      context.log.info({ deliveryId: context.id, user: username }, 'ktriage: command from a user without write access refused');
      replies.push({ inReplyTo: comment.id, kind: 'refusal', body: refusalReply() });
    } else {
      if (parsed.errors.length > 0) replies.push({ inReplyTo: comment.id, kind: 'errors', body: commandErrorsReply(parsed.errors) });
      if (parsed.commands.length > 0) request = { commands: parsed.commands, by: username, at: comment.created_at ?? null, commentId: comment.id };
    }
  }
  await triageIssue(context as unknown as IssueEvent, deps, { request, replies, preloaded: loaded });
}

function issueKey(context: { repo: () => { owner: string; repo: string }; payload: { issue: { number: number } } }): string {
  const { owner, repo } = context.repo();
  return `${owner}/${repo}#${context.payload.issue.number}`.toLowerCase();
}

function skip(context: { id: string; log: { debug: (obj: object, msg?: string) => void } }, reason: string): void {
  context.log.debug({ deliveryId: context.id, reason }, 'ktriage: skipped');
}

/** Failures that are GitHub's final answer for this event: redelivering it could not change them. */
const FINAL: ReadonlySet<ApiErrorKind> = new Set(['archived', 'gone', 'locked']);

type HandledEvent = 'check_run' | 'check_suite' | 'issue_comment' | 'issues' | 'pull_request';

/**
 * Wraps a handler: a final answer ends it (logged); any other failure is logged with the delivery
 * id and rethrown. In process (`probot receive`), a short rate limit is waited out and the event
 * handled again, and a failure fails the delivery so it can be redelivered. From the queue
 * (`queued`), nothing is waited for here: the queue reschedules a rate-limited job until GitHub's
 * reset and retries any other failure with backoff.
 */
function createGuard({ sleep, nowMs, queued }: { sleep: (ms: number) => Promise<void>; nowMs: () => number; queued: boolean }) {
  return function guarded<E extends HandledEvent>(name: E, handler: (context: Context<E>) => Promise<void>): (context: Context<E>) => Promise<void> {
    return async (context) => {
      const event = `${name}.${(context.payload as { action?: string }).action ?? ''}`;
      try {
        await (queued ? handler(context) : retryOnRateLimit(() => handler(context), { log: context.log, deliveryId: context.id, sleep, nowMs }));
      } catch (error) {
        const problem = classifyApiError(error, nowMs());
        if (FINAL.has(problem.kind)) {
          context.log.warn({ deliveryId: context.id, event, status: problem.status, reason: problem.kind, message: problem.message }, `ktriage: GitHub refused a call (${problem.kind}); nothing more to do for this event`);
          return;
        }
        const rateLimit = problem.kind === 'rate-limited' ? { rateLimited: true, retryAfterSeconds: problem.retryAfterSeconds } : {};
        if (queued && problem.kind === 'rate-limited') throw error; // rescheduled by the queue, logged there
        context.log.error({ err: error, deliveryId: context.id, event, status: problem.status, ...rateLimit }, queued ? 'ktriage: handling the webhook failed; the queue retries it' : 'ktriage: handling the webhook failed; GitHub can redeliver it');
        throw error;
      }
    };
  };
}
