import { BugzillaError } from '../client/index.js';
import type { BugzillaClient } from '../client/index.js';
import { handleBug, toResolution, type BugHandlingContext, type BugHint, type BugOutcome } from '../bug/index.js';
import type { RestBug } from '../client/index.js';
import type { FailureRecord } from '../store/index.js';
import { blameFor, decideFailure, DEFAULT_FAILURE_POLICY, mayBeServerDown, type FailurePolicy } from './decide-failure.js';

export interface PollWatch {
  product: string;
  components: string[];
}

export interface PollOptions {
  watch: PollWatch[];
  pageSize: number;
  /** Where the first run starts, when no cursor is stored. */
  startFrom: string | null;
  /** Without startFrom, the first run starts this long before the server's time. */
  initialLookbackMs: number;
  /** A bug charged this many failures of its own is given up on (listed by `ktriage bugzilla status`). */
  maxAttempts: number;
  /** Backoff between retries of a bug failing for its own reasons (default DEFAULT_FAILURE_POLICY). */
  backoff?: Omit<FailurePolicy, 'maxAttempts'>;
  /** The local clock in ms, for backoff (tests inject one). */
  now?: () => number;
  /** Called after each bug (the runner renews its lease here). */
  afterEachBug?: () => Promise<void>;
}

export interface PollSummary {
  server: string;
  cursorBefore: string;
  /** The stored cursor after the cycle: unchanged only when the cycle was stopped early. */
  cursorAfter: string;
  /** Bugs the search found changed since the cursor. */
  found: number;
  /** Failing bugs from earlier cycles retried in this one (their backoff was over). */
  retried: number;
  /** Failing bugs from earlier cycles still waiting out their backoff (found changed or not). */
  deferred: number;
  effectivePageSize: number;
  outcomes: Record<BugOutcome['kind'] | 'failed' | 'gave-up', number>;
  /** Bugs that failed this cycle and will be retried, with the reason. */
  failures: { bugId: number; error: string }[];
  /** After the cycle: bugs waiting to be retried, and bugs given up on (both listed by `status`). */
  pending: number;
  givenUp: number;
  /** Why the cycle stopped before its last bug (the circuit breaker), or null when it ran to the end. */
  stopped: string | null;
}

/** Errors that make every other request fail too: stop the cycle instead of hammering the server. */
const FATAL_KINDS = new Set(['bad-api-key', 'login-required']);

/**
 * Bugs in a row failing with server errors while /rest/time still answers (a broken backend behind
 * a working front): after this many the cycle stops rather than walk the rest of the page.
 */
export const BREAKER_SERVER_FAILURES = 3;

/**
 * The server asked ktriage to back off (still rate-limited after every retry, or a Retry-After
 * longer than max_retry_after): every next bug would meet the same answer. Stop the cycle — the
 * cursor stays, and no bug is charged a failed attempt for the server's load (a bug charged
 * max_attempts times would be given up on).
 */
function asksToBackOff(error: BugzillaError): boolean {
  return error.kind === 'rate-limited' || error.retryAfterMs !== null;
}

/**
 * One poll cycle on one server:
 * 1. read the server's clock (`/rest/time` db_time) — the next cursor, never the local clock;
 * 2. search every watched product/component for bugs changed at or after the stored cursor
 *    (`last_change_time`: new bugs included; with follow-ups off, older bugs only have a resolution
 *    recorded), paging with `order=bug_id`, `limit`+`offset`; add the failing bugs of earlier cycles
 *    whose backoff is over;
 * 3. handle each bug in id order (handleBug: idempotent, marker-checked). A bug that fails is
 *    stored as pending (decideFailure: the server's faults are never charged to the bug, its own
 *    are, with backoff) and no longer holds the cursor;
 * 4. circuit breaker: when a failure may mean the server is down, probe `/rest/time` once without
 *    retries; if that fails too (or BREAKER_SERVER_FAILURES bugs in a row met server errors), stop
 *    the cycle at once, keep the cursor, and charge nobody: the next cycle resumes from the cursor
 *    and the store skips what was done;
 * 5. otherwise advance the cursor to the clock read in step 1.
 */
export async function pollServer(ctx: Omit<BugHandlingContext, 'serverTime'>, options: PollOptions): Promise<PollSummary> {
  const { client, store, logger } = ctx;
  const now = options.now ?? Date.now;
  const policy: FailurePolicy = { maxAttempts: options.maxAttempts, ...(options.backoff ?? DEFAULT_FAILURE_POLICY) };
  const clock = (await client.getTime()).db_time;
  const stored = await store.getCursor(ctx.server);
  const cursor = stored ?? options.startFrom ?? bugzillaTime(Date.parse(clock) - options.initialLookbackMs);
  const search = await searchWatched(client, options, cursor);
  const failing = new Map((await store.listFailures(ctx.server)).map((f) => [f.bugId, f]));
  const work = planWork(search.bugs, failing, now(), ctx.options.followUps ? null : cursor);
  const summary: PollSummary = {
    server: ctx.server,
    cursorBefore: cursor,
    cursorAfter: cursor,
    found: search.bugs.length,
    retried: work.retried,
    deferred: work.deferred,
    effectivePageSize: search.effectivePageSize,
    outcomes: { posted: 0, recovered: 0, unchanged: 0, shadow: 0, silent: 0, gone: 0, failed: 0, 'gave-up': 0 },
    failures: [],
    pending: 0,
    givenUp: 0,
    stopped: null,
  };
  const handling: BugHandlingContext = { ...ctx, serverTime: clock };
  let serverFailuresInARow = 0;
  for (const [index, item] of work.bugs.entries()) {
    try {
      const { id, ...hint } = item;
      const outcome = await handleBug(handling, id, hint);
      summary.outcomes[outcome.kind] += 1;
      serverFailuresInARow = 0;
      if (failing.has(item.id)) await store.clearFailure(ctx.server, item.id);
    } catch (error) {
      if (error instanceof BugzillaError && (FATAL_KINDS.has(error.kind) || asksToBackOff(error))) throw error;
      const message = error instanceof Error ? error.message : String(error);
      let blame = blameFor(error);
      let stop: string | null = null;
      if (mayBeServerDown(error)) {
        const down = await probe(client);
        if (down !== null) {
          // Whatever the bug's request said, the server is not answering now: not the bug's fault.
          blame = 'server';
          stop = `the server stopped answering (${down})`;
        }
      }
      if (blame === 'server') serverFailuresInARow += 1;
      else serverFailuresInARow = 0;
      if (stop === null && serverFailuresInARow >= BREAKER_SERVER_FAILURES) stop = `${serverFailuresInARow} bugs in a row failed with server errors`;
      const record = decideFailure(failing.get(item.id) ?? null, { server: ctx.server, bugId: item.id, blame, error: message, nowMs: now() }, policy);
      await store.putFailure(record);
      failing.set(item.id, record);
      if (record.givenUp) {
        logger.error({ report: `${ctx.server}#${item.id}` }, `bugzilla ${ctx.server}: bug ${item.id}: giving up after ${record.attempts} failure${record.attempts === 1 ? '' : 's'} of its own (\`ktriage bugzilla retry\` requeues it): ${message}`);
        summary.outcomes['gave-up'] += 1;
      } else {
        const why = blame === 'server' ? 'a server error, not counted against the bug' : `attempt ${record.attempts} of ${policy.maxAttempts}, next try in ${formatDuration(record.nextAttemptAt - now())} or later`;
        logger.warn({ report: `${ctx.server}#${item.id}` }, `bugzilla ${ctx.server}: bug ${item.id}: failed (${why}): ${message}`);
        summary.outcomes.failed += 1;
        summary.failures.push({ bugId: item.id, error: message });
      }
      if (stop !== null) {
        const left = work.bugs.length - index - 1;
        summary.stopped = `${stop}; ${left} bug${left === 1 ? '' : 's'} left for the next cycle`;
        logger.error(`bugzilla ${ctx.server}: cycle stopped: ${summary.stopped}`);
        break;
      }
    }
    await options.afterEachBug?.();
  }
  if (summary.stopped === null) {
    await store.setCursor(ctx.server, clock);
    summary.cursorAfter = clock;
  }
  for (const f of await store.listFailures(ctx.server)) {
    if (f.givenUp) summary.givenUp += 1;
    else summary.pending += 1;
  }
  return summary;
}

/**
 * The cycle's bugs in id order: what the search found, plus failing bugs whose backoff is over.
 * A pending bug still backing off is deferred even when it changed (its backoff protects the
 * server from a bug that keeps failing); a given-up bug that changed gets a fresh try.
 * `newSince` (follow-ups off: the cursor) marks the bugs created before it `onlyIfTriaged`: they are
 * not triaged, only a resolution of one ktriage triaged is recorded.
 */
function planWork(found: readonly RestBug[], failing: ReadonlyMap<number, FailureRecord>, nowMs: number, newSince: string | null): { bugs: ({ id: number } & BugHint)[]; retried: number; deferred: number } {
  const bugs = new Map<number, { id: number } & BugHint>();
  let deferred = 0;
  let retried = 0;
  for (const bug of found) {
    const f = failing.get(bug.id);
    if (f && !f.givenUp && f.nextAttemptAt > nowMs) continue;
    // The search's status fields: a resolution is recorded without another request.
    const resolution = toResolution(bug);
    // A failing bug is retried in full whatever its age: its triage never finished.
    const old = newSince !== null && f === undefined && createdBefore(bug, newSince);
    bugs.set(bug.id, {
      id: bug.id,
      ...(typeof bug.last_change_time === 'string' ? { lastChangeTime: bug.last_change_time } : {}),
      ...(resolution === null ? {} : { resolution }),
      ...(old ? { onlyIfTriaged: true } : {}),
    });
  }
  for (const f of failing.values()) {
    if (f.givenUp) continue;
    if (f.nextAttemptAt > nowMs) {
      deferred += 1;
      continue;
    }
    retried += 1;
    if (!bugs.has(f.bugId)) bugs.set(f.bugId, { id: f.bugId });
  }
  return { bugs: [...bugs.values()].sort((a, b) => a.id - b.id), retried, deferred };
}

/** Null when the server answers `/rest/time` at once; else what went wrong. */
async function probe(client: BugzillaClient): Promise<string | null> {
  try {
    await client.getTime({ retries: 0 });
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 1) return `${Math.max(0, Math.round(ms / 1000))} s`;
  if (minutes < 120) return `${minutes} min`;
  return `${Math.round(minutes / 60)} h`;
}

/** Whether the search says the bug was created before `time` (a bug without a creation time is taken as new). */
function createdBefore(bug: RestBug, time: string): boolean {
  const created = Date.parse(bug.creation_time ?? '');
  return !Number.isNaN(created) && created < Date.parse(time);
}

/**
 * Every watched bug changed since the cursor, new ones included. With follow-ups off too: a
 * creation_time search would never see a triaged bug's resolution (planWork marks the old ones).
 */
async function searchWatched(client: BugzillaClient, options: PollOptions, cursor: string): Promise<{ bugs: RestBug[]; effectivePageSize: number }> {
  const byId = new Map<number, RestBug>();
  let effectivePageSize = 0;
  for (const w of options.watch) {
    const result = await client.searchAll(
      {
        product: [w.product],
        component: w.components,
        lastChangeTime: cursor,
        // status/resolution/dup_id: a bug resolved without a comment is recorded from the search alone.
        includeFields: ['id', 'last_change_time', 'creation_time', 'status', 'resolution', 'dup_id'],
      },
      options.pageSize,
    );
    effectivePageSize = Math.max(effectivePageSize, result.effectivePageSize);
    for (const bug of result.bugs) byId.set(bug.id, bug);
  }
  return { bugs: [...byId.values()].sort((a, b) => a.id - b.id), effectivePageSize };
}

/** Bugzilla's time format: second precision, UTC. */
export function bugzillaTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
