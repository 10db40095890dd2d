import { Context, type Probot, type ProbotOctokit } from 'probot';
import type { JobOutcome, JobQueue } from '../../queue/index.js';
import { classifyApiError } from '../client/index.js';

type Octokit = InstanceType<typeof ProbotOctokit>;

/** What the queue stores for one webhook delivery: enough to rebuild its Probot Context later. */
export interface QueuedDelivery {
  id: string;
  name: string;
  payload: unknown;
  installationId: number | null;
}

type Handler = (context: Context) => Promise<void>;
type EventNames = Parameters<Probot['on']>[0];

export interface DurableDispatch {
  /** Like `app.on`: the listener stores the delivery; `handler` runs later from the queue. */
  on: (events: EventNames, handler: Handler) => void;
  /** Starts the workers (after every `on`). */
  start: () => void;
  /** Stops taking jobs and waits for the running ones (SIGTERM). */
  close: () => Promise<void>;
}

export interface DurableDispatchOptions {
  app: Probot;
  queue: JobQueue<QueuedDelivery>;
  nowMs?: () => number;
  /** Validates a delivery before it is stored; throws (with an HTTP `status`) to refuse it. */
  check?: (name: string, payload: unknown) => void;
  /** The installation's client for a queued job (default: Probot's, with in-process throttling off). */
  octokitFor?: (installationId: number | null) => Promise<Octokit>;
}

/** GitHub: "If the retry-after header is not present, wait at least one minute", longer each time. */
const DEFAULT_RATE_LIMIT_WAIT_S = 60;

/**
 * The App's webhooks through the durable queue. The webhook route only stores the delivery (a
 * SQLite insert or a Redis add: milliseconds), so GitHub gets its answer long before its 10 s limit
 * and a failure later is retried by the queue instead of lost behind a 202. A job is the whole
 * handler, run again from the start on retry: every handler is idempotent (comment found by its
 * marker, replies by the comment they answer, labels by plan).
 *
 * Rate limits are rescheduled, never slept: the queued path's Octokit has the throttling plugin's
 * in-process wait switched off, a 403/429 rate-limit answer surfaces here, and the job goes back to
 * the store until GitHub's reset (retry-after, or x-ratelimit-reset when the quota is spent). Later
 * events of that issue wait behind it; other issues go on.
 */
export function createDurableDispatch(options: DurableDispatchOptions): DurableDispatch {
  const { app, queue } = options;
  const nowMs = options.nowMs ?? Date.now;
  const octokitFor = options.octokitFor ?? ((id: number | null) => unthrottledOctokit(app, id));
  const handlers = new Map<string, Handler>();

  async function run(delivery: QueuedDelivery, attempt: number): Promise<JobOutcome> {
    const action = (delivery.payload as { action?: unknown }).action;
    const handler = handlers.get(typeof action === 'string' ? `${delivery.name}.${action}` : delivery.name) ?? handlers.get(delivery.name);
    const log = app.log.child({ deliveryId: delivery.id, event: delivery.name, attempt });
    if (!handler) {
      log.warn({}, 'ktriage: queued delivery has no handler (an older version stored it?); dropped');
      return { kind: 'done' };
    }
    const octokit = await octokitFor(delivery.installationId);
    const context = new Context({ id: delivery.id, name: delivery.name, payload: delivery.payload } as never, octokit, log as never);
    try {
      await handler(context);
      return { kind: 'done' };
    } catch (error) {
      const problem = classifyApiError(error, nowMs());
      if (problem.kind !== 'rate-limited') throw error;
      const waitS = problem.retryAfterSeconds ?? DEFAULT_RATE_LIMIT_WAIT_S * attempt;
      log.warn({ status: problem.status, message: problem.message, retryAfterSeconds: waitS }, 'ktriage: GitHub rate limit; the delivery is rescheduled, not waited for');
      return { kind: 'delay', untilMs: nowMs() + waitS * 1000, reason: `rate limited (${problem.status ?? '?'}): ${problem.message}` };
    }
  }

  return {
    on(events, handler) {
      for (const name of Array.isArray(events) ? events : [events]) handlers.set(name, handler);
      app.on(events, async (context) => {
        options.check?.(context.name, context.payload);
        const installation = (context.payload as { installation?: { id?: unknown } }).installation;
        await queue.enqueue({
          id: context.id,
          key: deliveryKey(context.name, context.payload),
          data: { id: context.id, name: context.name, payload: context.payload, installationId: typeof installation?.id === 'number' ? installation.id : null },
        });
        context.log.debug({ deliveryId: context.id }, 'ktriage: delivery queued');
      });
    },
    start: () => queue.start((job) => run(job.data, job.attempt)),
    close: () => queue.close(),
  };
}

/**
 * The key that orders deliveries: an issue (its events and comments), a pull request, or a commit
 * (check re-runs); anything else per repository.
 *
 * @example
 * deliveryKey('issue_comment', { repository: { full_name: 'O/R' }, issue: { number: 7 } }) // => 'o/r#7'
 */
export function deliveryKey(name: string, payload: unknown): string {
  const p = payload as { repository?: { full_name?: string }; issue?: { number?: number }; pull_request?: { number?: number }; check_run?: { head_sha?: string }; check_suite?: { head_sha?: string } };
  const repo = (p.repository?.full_name ?? 'unknown').toLowerCase();
  if (p.issue?.number !== undefined) return `${repo}#${p.issue.number}`;
  if (p.pull_request?.number !== undefined) return `${repo}!${p.pull_request.number}`;
  const sha = p.check_run?.head_sha ?? p.check_suite?.head_sha;
  if (sha) return `${repo}@${sha}`;
  return `${repo}:${name}`;
}

/**
 * The installation's Octokit as Probot builds it (same class, auth, logging, config plugin) but
 * with the throttling plugin off: its onRateLimit retries a spent quota by sleeping until the reset
 * ("Retrying after 3601 seconds", up to 3 times), holding the job and its issue for hours. A 429
 * is also kept away from the retry plugin's short retries: the queue reschedules it per retry-after.
 */
async function unthrottledOctokit(app: Probot, installationId: number | null): Promise<Octokit> {
  const appOctokit = await app.auth();
  if (installationId === null) return appOctokit;
  return (await appOctokit.auth({
    type: 'installation',
    installationId,
    factory: ({ octokit, octokitOptions, ...otherOptions }: { octokit: Octokit; octokitOptions: Record<string, unknown> & { auth?: object } }) => {
      const Octokit = octokit.constructor as new (options: object) => Octokit;
      return new Octokit({
        ...octokitOptions,
        log: app.log.child({ name: 'github' }),
        throttle: { enabled: false },
        retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
        auth: { ...octokitOptions.auth, otherOptions, installationId },
      });
    },
  })) as Octokit;
}
