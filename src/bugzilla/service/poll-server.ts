import { BugzillaError } from '../client/index.js';
import type { BugzillaClient } from '../client/index.js';
import { handleBug, type BugHandlingContext, type BugOutcome } from '../bug/index.js';
import type { RestBug } from '../client/index.js';

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
  /** A bug failing this many cycles is given up on (reported) so it cannot hold the cursor forever. */
  maxAttempts: number;
  /** Called after each bug (the runner renews its lease here). */
  afterEachBug?: () => Promise<void>;
}

export interface PollSummary {
  server: string;
  cursorBefore: string;
  /** The stored cursor after the cycle: unchanged when a bug could not be handled. */
  cursorAfter: string;
  found: number;
  effectivePageSize: number;
  outcomes: Record<BugOutcome['kind'] | 'failed' | 'gave-up', number>;
  /** Bugs that failed this cycle and will be retried, with the reason. */
  failures: { bugId: number; error: string }[];
}

/** Errors that make every other request fail too: stop the cycle instead of hammering the server. */
const FATAL_KINDS = new Set(['bad-api-key', 'login-required']);

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
 *    (`last_change_time`: new bugs included; `creation_time` when follow-ups are off), paging with
 *    `order=bug_id`, `limit`+`offset`;
 * 3. handle each bug in id order (handleBug: idempotent, marker-checked);
 * 4. advance the cursor to the clock read in step 1 only if every bug was handled — otherwise the
 *    next cycle searches the same window again and the store skips what was done.
 */
export async function pollServer(ctx: Omit<BugHandlingContext, 'serverTime'>, options: PollOptions): Promise<PollSummary> {
  const { client, store, logger } = ctx;
  const clock = (await client.getTime()).db_time;
  const stored = await store.getCursor(ctx.server);
  const cursor = stored ?? options.startFrom ?? bugzillaTime(Date.parse(clock) - options.initialLookbackMs);
  const bugs = await searchWatched(client, options, cursor, ctx.options.followUps);
  const summary: PollSummary = {
    server: ctx.server,
    cursorBefore: cursor,
    cursorAfter: cursor,
    found: bugs.bugs.length,
    effectivePageSize: bugs.effectivePageSize,
    outcomes: { posted: 0, recovered: 0, unchanged: 0, shadow: 0, silent: 0, gone: 0, failed: 0, 'gave-up': 0 },
    failures: [],
  };
  const handling: BugHandlingContext = { ...ctx, serverTime: clock };
  const failing = new Set((await store.listFailures(ctx.server)).map((f) => f.bugId));
  let complete = true;
  for (const bug of bugs.bugs) {
    try {
      const outcome = await handleBug(handling, bug.id, { lastChangeTime: typeof bug.last_change_time === 'string' ? bug.last_change_time : undefined });
      summary.outcomes[outcome.kind] += 1;
      if (failing.has(bug.id)) await store.clearFailure(ctx.server, bug.id);
    } catch (error) {
      if (error instanceof BugzillaError && (FATAL_KINDS.has(error.kind) || asksToBackOff(error))) throw error;
      const message = error instanceof Error ? error.message : String(error);
      const attempts = await store.recordFailure(ctx.server, bug.id, message);
      if (attempts >= options.maxAttempts) {
        logger.error(`bugzilla ${ctx.server}: bug ${bug.id}: giving up after ${attempts} failed cycles: ${message}`);
        summary.outcomes['gave-up'] += 1;
        // A later change to the bug brings it back with a fresh count.
        await store.clearFailure(ctx.server, bug.id);
      } else {
        logger.warn(`bugzilla ${ctx.server}: bug ${bug.id}: failed (attempt ${attempts} of ${options.maxAttempts}), will retry next cycle: ${message}`);
        summary.outcomes.failed += 1;
        summary.failures.push({ bugId: bug.id, error: message });
        complete = false;
      }
    }
    await options.afterEachBug?.();
  }
  if (complete) {
    await store.setCursor(ctx.server, clock);
    summary.cursorAfter = clock;
  }
  return summary;
}

async function searchWatched(client: BugzillaClient, options: PollOptions, cursor: string, followUps: boolean): Promise<{ bugs: RestBug[]; effectivePageSize: number }> {
  const byId = new Map<number, RestBug>();
  let effectivePageSize = 0;
  for (const w of options.watch) {
    const result = await client.searchAll(
      {
        product: [w.product],
        component: w.components,
        ...(followUps ? { lastChangeTime: cursor } : { creationTime: cursor }),
        includeFields: ['id', 'last_change_time', 'creation_time'],
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
