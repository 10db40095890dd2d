import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { BugReport } from '../../model.js';
import { buildBugReport } from '../payload/index.js';
import { BugzillaError } from '../client/index.js';
import type { BugzillaServerConfig } from '../config/index.js';
import { createBotLoginResolver } from '../client/index.js';
import { createBugzillaClient, type BugzillaClient, type BugzillaClientOptions } from '../client/index.js';
import { createKeyedQueue, type KeyedQueue } from '../../io/create-keyed-queue.js';
import { createSqliteTriageStore } from '../store/index.js';
import { createTriageEngine } from '../bug/index.js';
import { createWebhookHandler, isWatched } from './create-webhook-handler.js';
import { handleBug, showBugUrl, toResolution, type BugHandlingContext, type BugHandlingOptions, type BugOutcome, type BugzillaBugData, type TriageEngine } from '../bug/index.js';
import { BugzillaConfigError, type LoadedBugzillaConfig } from '../config/index.js';
import { isLeaseOwnerAlive, leaseOwner } from '../store/index.js';
import type { Logger } from '../../log/index.js';
import { createRedactingLogger } from './logger.js';
import { pollServer, type PollOptions, type PollSummary } from './poll-server.js';
import { blameFor, decideFailure, DEFAULT_FAILURE_POLICY } from './decide-failure.js';
import type { TriageStore } from '../store/index.js';
import { openDecisionStore, readStoreChoice, type DecisionStore } from '../../store/index.js';

/** What the runner takes from the outside world; the CLI passes the process's, tests pass fakes. */
export interface BugzillaRunDeps {
  env: Record<string, string | undefined>;
  logger: Logger;
  fetch?: typeof globalThis.fetch;
  /** Tests shorten backoff and timeouts. */
  clientOverrides?: Partial<Pick<BugzillaClientOptions, 'maxBackoffMs' | 'maxRetryAfterMs' | 'minBackoffMs' | 'now' | 'random' | 'retries' | 'sleep' | 'timeoutMs'>>;
  openStore?: (file: string) => TriageStore;
  /** The decision store (default: DATABASE_URL's PostgreSQL, else the bot's own SQLite database file). */
  openDecisions?: (loaded: LoadedBugzillaConfig) => Promise<DecisionStore>;
  /** Who holds the polling lease (default host:pid) and whether an owner still runs. */
  leaseOwner?: string;
  isLeaseOwnerAlive?: (owner: string) => boolean;
  /** The local clock in ms: when a failing bug is due again, and the polling lease's times (tests inject one). */
  now?: () => number;
  createEngine?: (server: BugzillaServerConfig, baseDir: string, logger: Logger) => Promise<TriageEngine>;
  buildReport?: (data: BugzillaBugData) => BugReport;
}

/** One configured server, ready to poll: client, engine, options, and its serialising queue. */
export interface ServerRuntime {
  config: BugzillaServerConfig;
  client: BugzillaClient;
  context: Omit<BugHandlingContext, 'serverTime'>;
  poll: PollOptions;
  /** Serialises this server's poll cycles and webhook handlings (one key: the server). */
  queue: KeyedQueue;
}

/**
 * Builds the runtimes for every server of a loaded config: reads each API key from its environment
 * variable (a missing key is a config error, except in dry run, which may read anonymously), loads
 * each server's rules, and wraps the logger so no key or secret is ever printed.
 */
export async function createRuntimes(loaded: LoadedBugzillaConfig, store: TriageStore, options: { dryRun?: boolean; decisions?: DecisionStore }, deps: BugzillaRunDeps): Promise<{ runtimes: ServerRuntime[]; logger: Logger }> {
  const { config, baseDir } = loaded;
  const keys = config.servers.map((s) => deps.env[s.api_key_env] ?? null);
  const secrets = [...keys, config.webhook ? (deps.env[config.webhook.secret_env] ?? null) : null];
  const logger = createRedactingLogger(deps.logger, secrets);
  const problems: string[] = [];
  config.servers.forEach((s, i) => {
    const dryRun = options.dryRun || s.dry_run;
    if (!keys[i] && !dryRun) {
      problems.push(`server ${s.name}: the environment variable ${s.api_key_env} is not set; it must hold the API key of ktriage's Bugzilla account (Preferences > API Keys)`);
    } else if (!keys[i]) {
      logger.warn(`bugzilla ${s.name}: ${s.api_key_env} is not set: dry run reads anonymously (public bugs only)`);
    }
  });
  if (problems.length > 0) throw new BugzillaConfigError(problems);

  const runtimes: ServerRuntime[] = [];
  for (const [i, s] of config.servers.entries()) {
    const client = createBugzillaClient({
      baseUrl: s.url,
      apiKey: keys[i] ?? null,
      auth: s.auth,
      timeoutMs: s.timeout,
      retries: s.retries,
      maxRetryAfterMs: s.max_retry_after,
      logger,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      ...deps.clientOverrides,
    });
    const engine = await (deps.createEngine ?? defaultEngine)(s, baseDir, logger);
    const handling: BugHandlingOptions = {
      whiteboardTag: s.whiteboard_tag,
      keywords: s.keywords,
      labelsAsKeywords: s.labels_as_keywords,
      commentOnNoMatch: s.comment_on_no_match,
      followUps: s.follow_ups,
      attachments: { enabled: s.attachments.enabled, maxBytes: s.attachments.max_bytes, maxCount: s.attachments.max_count },
      dryRun: Boolean(options.dryRun) || s.dry_run,
    };
    runtimes.push({
      config: s,
      client,
      context: {
        server: s.name,
        client,
        store,
        engine,
        buildReport: deps.buildReport ?? buildBugReport,
        options: handling,
        logger,
        botLogin: createBotLoginResolver({ client, configured: s.login ?? null, server: s.name, logger }),
        ...(options.decisions ? { decisions: options.decisions } : {}),
      },
      poll: {
        watch: s.watch,
        pageSize: s.page_size,
        startFrom: s.start_from ?? null,
        initialLookbackMs: s.initial_lookback,
        maxAttempts: s.max_attempts,
        ...(deps.now ? { now: deps.now } : {}),
      },
      queue: createKeyedQueue(),
    });
  }
  return { runtimes, logger };
}

function defaultEngine(server: BugzillaServerConfig, baseDir: string, logger: Logger): Promise<TriageEngine> {
  const pack = server.cve_pack;
  const cves = typeof pack === 'string' ? { cves: true, cvePack: path.resolve(baseDir, pack) } : { cves: pack };
  return createTriageEngine({ paths: server.rules.map((p) => path.resolve(baseDir, p)), bundled: server.bundled_rules, ...cves, logger });
}

export function openStoreFor(loaded: LoadedBugzillaConfig, deps: BugzillaRunDeps): TriageStore {
  return (deps.openStore ?? createSqliteTriageStore)(loaded.databasePath);
}

/**
 * The decision store the bot records into: PostgreSQL when DATABASE_URL is set (shared with the
 * App), else its own database file (the decision tables sit beside its state tables). Feedback
 * earlier versions kept in the bot's `feedback` table is read into it (idempotent), so nothing is lost.
 */
export async function openDecisionsFor(loaded: LoadedBugzillaConfig, store: TriageStore, deps: BugzillaRunDeps): Promise<DecisionStore> {
  const decisions = await (deps.openDecisions ?? ((l: LoadedBugzillaConfig) => openDecisionStore(readStoreChoice(deps.env, l.databasePath))))(loaded);
  try {
    for (const server of loaded.config.servers) {
      for (const fb of await store.listFeedback(server.name)) {
        const record = await store.getBug(server.name, fb.bugId);
        await decisions.recordFeedback({
          tracker: 'bugzilla',
          report: showBugUrl(server.url, fb.bugId),
          sourceKey: `comment:${fb.commentId}`,
          kind: fb.kind,
          ruleId: record?.ruleId ?? null,
          by: fb.author,
          at: new Date(Number.isNaN(Date.parse(fb.time)) ? 0 : Date.parse(fb.time)).toISOString(),
          note: fb.note,
        });
      }
    }
  } catch (error) {
    await decisions.close();
    throw error;
  }
  return decisions;
}

/** A lease lasts this long unless renewed; a cycle renews it as it goes. */
export const LEASE_TTL_MS = 15 * 60_000;
export const LEASE_RENEW_MS = 60_000;

/**
 * Runs `task` holding the server's lease in the store, or answers null (and logs) when another
 * ktriage process holds it. The task gets a renew function to call as it progresses.
 */
export async function withLease<T>(store: TriageStore, server: string, deps: BugzillaRunDeps, logger: Logger, task: (renew: () => Promise<void>) => Promise<T>): Promise<T | null> {
  const owner = deps.leaseOwner ?? leaseOwner();
  const alive = deps.isLeaseOwnerAlive ?? isLeaseOwnerAlive;
  // The injected clock, like every other local time of the bot: a test (or a replay) that moves it
  // must see leases expire and renew by the same clock, not by the wall clock.
  const now = deps.now ?? Date.now;
  if (!(await store.acquireLease(server, owner, now(), LEASE_TTL_MS, alive))) {
    logger.warn(`bugzilla ${server}: another ktriage process is working on this server with the same database; skipping this cycle`);
    return null;
  }
  let renewed = now();
  const renew = async (): Promise<void> => {
    if (now() - renewed < LEASE_RENEW_MS) return;
    renewed = now();
    await store.acquireLease(server, owner, renewed, LEASE_TTL_MS, alive);
  };
  try {
    return await task(renew);
  } finally {
    await store.releaseLease(server, owner);
  }
}

/**
 * One line per cycle for the operator: what was found and done, then where the cursor went and
 * what is left. Each clause says what happened; none guesses (the cursor stays only when the
 * cycle was stopped early, and bugs waiting for a retry are counted, not implied).
 */
export function formatSummary(s: PollSummary): string {
  const o = s.outcomes;
  const parts = [`${s.found} bug${s.found === 1 ? '' : 's'} changed since ${s.cursorBefore}`];
  if (s.retried > 0) parts.push(`${s.retried} failing bug${s.retried === 1 ? '' : 's'} retried`);
  if (s.effectivePageSize > 0) parts.push(`page size ${s.effectivePageSize}`);
  parts.push(`posted ${o.posted}`, `recovered ${o.recovered}`, `unchanged ${o.unchanged}`, `dry-run ${o.shadow}`, `silent ${o.silent}`, `gone ${o.gone}`, `failed ${o.failed}`, `gave up ${o['gave-up']}`);
  const cursor = s.stopped !== null ? `stopped early: ${s.stopped}; cursor kept at ${s.cursorAfter}` : `cursor -> ${s.cursorAfter}`;
  const left: string[] = [];
  if (s.pending > 0) left.push(`${s.pending} bug${s.pending === 1 ? '' : 's'} pending retry${s.deferred > 0 ? ` (${s.deferred} backing off)` : ''}`);
  if (s.givenUp > 0) left.push(`${s.givenUp} given up`);
  const tail = left.length > 0 ? `; ${left.join(', ')} (ktriage bugzilla status)` : '';
  return `bugzilla ${s.server}: ${parts.join(', ')}; ${cursor}${tail}`;
}

/** How many summaries and errors runPoll answers with: the latest, so months of cycles do not pile up in memory. */
export const POLL_RESULTS_KEPT = 100;

function keep<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > POLL_RESULTS_KEPT) list.splice(0, list.length - POLL_RESULTS_KEPT);
}

/**
 * One poll cycle of one server, serialised with its webhook handling (the server's queue) and
 * under its lease; the summary is logged. A cycle that throws (server down, bad key) is logged and
 * answered as `{ error }`: the caller's next cycle retries it. Null: another process held the lease.
 */
async function pollCycle(rt: ServerRuntime, store: TriageStore, deps: BugzillaRunDeps, logger: Logger): Promise<PollSummary | { error: string } | null> {
  try {
    const summary = await rt.queue.run(rt.config.name, () => withLease(store, rt.config.name, deps, logger, (renew) => pollServer(rt.context, { ...rt.poll, afterEachBug: renew })));
    if (summary) logger.info(formatSummary(summary));
    return summary;
  } catch (error) {
    const message = `bugzilla ${rt.config.name}: poll cycle failed: ${error instanceof Error ? error.message : String(error)}`;
    logger.error(message);
    return { error: message };
  }
}

/** Every server's cycles, each every poll_interval, until `signal` aborts. */
async function pollEvery(runtimes: readonly ServerRuntime[], signal: AbortSignal | undefined, cycle: (rt: ServerRuntime) => Promise<void>): Promise<void> {
  await Promise.all(
    runtimes.map(async (rt) => {
      while (!signal?.aborted) {
        await cycle(rt);
        await sleep(rt.config.poll_interval, signal);
      }
    }),
  );
}

/**
 * `poll`: one cycle per server (`once`), or cycles every poll_interval until `signal` aborts. A
 * cycle that throws (server down, bad key) is logged and retried at the next interval; with `once`
 * it is reported as failed. Answers the summaries and errors of the cycles run (the latest
 * POLL_RESULTS_KEPT of each).
 */
export async function runPoll(loaded: LoadedBugzillaConfig, options: { once: boolean; dryRun?: boolean; signal?: AbortSignal }, deps: BugzillaRunDeps): Promise<{ summaries: PollSummary[]; errors: string[] }> {
  const store = openStoreFor(loaded, deps);
  const summaries: PollSummary[] = [];
  const errors: string[] = [];
  let decisions: DecisionStore | null = null;
  try {
    decisions = await openDecisionsFor(loaded, store, deps);
    const { runtimes, logger } = await createRuntimes(loaded, store, { ...options, decisions }, deps);
    const cycle = async (rt: ServerRuntime): Promise<void> => {
      const result = await pollCycle(rt, store, deps, logger);
      if (result === null) return;
      if ('error' in result) keep(errors, result.error);
      else keep(summaries, result);
    };
    if (options.once) {
      for (const rt of runtimes) await cycle(rt);
    } else {
      await pollEvery(runtimes, options.signal, cycle);
    }
  } finally {
    await decisions?.close();
    await store.close();
  }
  return { summaries, errors };
}

export interface RunningService {
  /** The webhook URL (when a webhook is configured). */
  webhookUrl: string | null;
  /** Resolves when every queued webhook handling so far has finished (tests). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * `serve`: the webhook route (bugzilla.mozilla.org-style pushes) and the poll loop in one process,
 * sharing one queue per server so the same bug is never handled twice at once. The poll loop is
 * the backstop for deliveries lost while ktriage was down.
 */
export async function startService(loaded: LoadedBugzillaConfig, options: { dryRun?: boolean; poll?: boolean }, deps: BugzillaRunDeps): Promise<RunningService> {
  const { config } = loaded;
  if (!config.webhook) throw new BugzillaConfigError(['webhook: `ktriage bugzilla serve` needs a webhook section (secret_env at least); use `poll` without one']);
  const secret = deps.env[config.webhook.secret_env];
  if (!secret) throw new BugzillaConfigError([`webhook: the environment variable ${config.webhook.secret_env} is not set; it must hold the shared secret the webhook sends in ${config.webhook.secret_header}`]);
  const store = openStoreFor(loaded, deps);
  let built: Awaited<ReturnType<typeof createRuntimes>>;
  let decisions: DecisionStore | null = null;
  try {
    decisions = await openDecisionsFor(loaded, store, deps);
    built = await createRuntimes(loaded, store, { ...options, decisions }, deps);
  } catch (error) {
    await decisions?.close();
    await store.close();
    throw error;
  }
  const { runtimes, logger } = built;
  const rt = runtimes.find((r) => r.config.name === (config.webhook!.server ?? config.servers[0]!.name))!;
  const pending = new Set<Promise<unknown>>();
  // Deliveries are not stored: a failed one is retried by the next poll that sees the bug's change.
  const retriedBy = options.poll === false ? 'no poll loop runs here (--no-poll): the next `ktriage bugzilla poll` run retries it' : 'the poll loop will retry it';
  const handleOne = async (bugId: number, reason: string): Promise<BugOutcome> => {
    const outcome = await withLease(store, rt.config.name, deps, logger, async (): Promise<BugOutcome> => {
      // Where the bug is now, from the API: the payload may lack it, or the bug moved since.
      let where;
      try {
        // Its status fields too: a resolution is then recorded without another read.
        where = await rt.client.getBug(bugId, ['id', 'product', 'component', 'status', 'resolution', 'dup_id']);
      } catch (error) {
        if (error instanceof BugzillaError && (error.kind === 'bug-not-found' || error.kind === 'bug-access-denied')) return { kind: 'gone', reason: error.kind };
        throw error;
      }
      if (!isWatched(rt.config.watch, where.product, where.component)) {
        logger.info({ report: `${rt.config.name}#${bugId}` }, `bugzilla ${rt.config.name}: bug ${bugId} (${reason}): not in a watched product/component`);
        return { kind: 'unchanged' };
      }
      const clock = (await rt.client.getTime()).db_time;
      const resolution = toResolution(where);
      return handleBug({ ...rt.context, serverTime: clock }, bugId, resolution === null ? {} : { resolution });
    });
    // Another process holds the lease: it (or the next poll) handles the bug.
    if (outcome === null) return { kind: 'unchanged' };
    logger.info({ report: `${rt.config.name}#${bugId}` }, `bugzilla ${rt.config.name}: bug ${bugId} (${reason}): ${outcome.kind}`);
    return outcome;
  };
  const handler = createWebhookHandler({
    secret,
    header: config.webhook.secret_header,
    path: config.webhook.path,
    watch: rt.config.watch,
    logger,
    enqueue: (bugId, reason) => {
      const task = rt.queue
        .run(rt.config.name, () => handleOne(bugId, reason))
        .catch(async (error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          logger.error({ report: `${rt.config.name}#${bugId}` }, `bugzilla ${rt.config.name}: bug ${bugId} (${reason}) failed; ${retriedBy}: ${message}`);
          // Pending like a polled bug: the poll retries it even though its change is behind the cursor.
          const previous = await store.getFailure(rt.config.name, bugId);
          const nowMs = (deps.now ?? Date.now)();
          await store.putFailure(decideFailure(previous, { server: rt.config.name, bugId, blame: blameFor(error), error: message, nowMs }, { maxAttempts: rt.config.max_attempts, ...DEFAULT_FAILURE_POLICY }));
        })
        .catch((error: unknown) => logger.error({ report: `${rt.config.name}#${bugId}` }, `bugzilla ${rt.config.name}: bug ${bugId}: could not record the failure: ${error instanceof Error ? error.message : String(error)}`));
      pending.add(task);
      void task.finally(() => pending.delete(task));
    },
  });
  const server: Server = createServer(handler);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.webhook!.port, config.webhook!.host, () => resolve());
    });
  } catch (error) {
    await decisions?.close();
    await store.close();
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new BugzillaConfigError([`webhook: cannot listen on ${config.webhook.host}:${config.webhook.port} (${code}); ${code === 'EADDRINUSE' ? 'another process uses the port: change webhook.port' : 'check webhook.host and webhook.port'}`]);
  }
  const address = server.address() as AddressInfo;
  const webhookUrl = `http://${address.address}:${address.port}${config.webhook.path}`;
  logger.info(`bugzilla webhook: listening on ${webhookUrl} for server ${rt.config.name}`);

  const stop = new AbortController();
  const loops = options.poll === false ? Promise.resolve() : pollEvery(runtimes, stop.signal, async (rt) => void (await pollCycle(rt, store, deps, logger)));
  return {
    webhookUrl,
    idle: async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    close: async () => {
      stop.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await loops;
      await Promise.all(runtimes.map((r) => r.queue.idle()));
      await decisions?.close();
      await store.close();
    },
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
