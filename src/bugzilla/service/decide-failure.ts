import { BugzillaError, type BugzillaErrorKind } from '../client/index.js';
import type { FailureRecord } from '../store/index.js';

/**
 * Whose fault a failed bug is.
 * - `server`: the server or the path to it failed (a gateway's 502/503/504, a refused or reset
 *   connection, a timeout). Any request could have met it; it says nothing about the bug, so it is
 *   never charged against max_attempts (a short outage must not make ktriage give up on a bug).
 * - `bug`: the server answered, and the answer about this bug was the problem (Bugzilla's own 500
 *   while it serves other bugs, a coded error, an answer ktriage cannot read, a triage exception).
 *   Charged, retried with backoff, given up after max_attempts.
 */
export type FailureBlame = 'bug' | 'server';

/** Error kinds that come from the transport or the server's front, not from what Bugzilla said about a bug. */
const SERVER_KINDS: ReadonlySet<BugzillaErrorKind> = new Set<BugzillaErrorKind>(['network', 'rate-limited', 'timeout']);

/**
 * HTTP statuses a proxy or an overloaded server gives for any request (RFC 9110 15.6.3-15.6.5):
 * the application behind it never looked at the bug. A plain 500 is Bugzilla's own failure, and
 * is the bug's unless the server turns out to be down (the caller probes for that).
 */
const GATEWAY_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/**
 * @example
 * blameFor(new BugzillaError('server-error', 'GET /rest/bug/7: server error (HTTP 502)', 'GET /rest/bug/7', 502, null, true)) // => 'server'
 * blameFor(new Error('rule engine crashed')) // => 'bug'
 */
export function blameFor(error: unknown): FailureBlame {
  if (!(error instanceof BugzillaError)) return 'bug';
  if (SERVER_KINDS.has(error.kind)) return 'server';
  if (error.kind === 'server-error' && error.status !== null && GATEWAY_STATUSES.has(error.status)) return 'server';
  return 'bug';
}

/** Whether a failure may mean the whole server is down, so the caller should look before going on. */
export function mayBeServerDown(error: unknown): boolean {
  return blameFor(error) === 'server' || (error instanceof BugzillaError && error.status !== null && error.status >= 500);
}

export interface FailurePolicy {
  maxAttempts: number;
  /** Wait after a bug's first charged failure; doubled per further failure. */
  baseBackoffMs: number;
  maxBackoffMs: number;
}

/** 5 min, 10, 20, ... capped at 6 h: with max_attempts 10 a bug is given up about a day after its first failure. */
export const DEFAULT_FAILURE_POLICY: Omit<FailurePolicy, 'maxAttempts'> = { baseBackoffMs: 5 * 60_000, maxBackoffMs: 6 * 3_600_000 };

/**
 * The failure state after one more failed attempt at a bug. Pure: the caller stores it.
 * A server failure leaves the charged count alone and keeps the bug due at once (the next cycle
 * retries it; the circuit breaker already stops a cycle when the server is down). A failure of the
 * bug's own is charged and backs off exponentially; the max_attempts-th gives the bug up.
 *
 * @example
 * decideFailure(null, { server: 'kernel', bugId: 7, blame: 'bug', error: 'HTTP 500', nowMs: 0 }, { maxAttempts: 3, baseBackoffMs: 1000, maxBackoffMs: 60_000 })
 * // => { server: 'kernel', bugId: 7, attempts: 1, serverErrors: 0, lastError: 'HTTP 500', nextAttemptAt: 1000, givenUp: false }
 */
export function decideFailure(
  previous: FailureRecord | null,
  failure: { server: string; bugId: number; blame: FailureBlame; error: string; nowMs: number },
  policy: FailurePolicy,
): FailureRecord {
  const base = previous ?? { server: failure.server, bugId: failure.bugId, attempts: 0, serverErrors: 0, lastError: '', nextAttemptAt: 0, givenUp: false };
  if (failure.blame === 'server') {
    return { ...base, serverErrors: base.serverErrors + 1, lastError: failure.error, nextAttemptAt: failure.nowMs };
  }
  const attempts = base.attempts + 1;
  const backoff = Math.min(policy.maxBackoffMs, policy.baseBackoffMs * 2 ** (attempts - 1));
  return { ...base, attempts, lastError: failure.error, nextAttemptAt: failure.nowMs + backoff, givenUp: attempts >= policy.maxAttempts };
}
