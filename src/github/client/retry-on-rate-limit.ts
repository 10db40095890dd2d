import { classifyApiError } from './classify-api-error.js';
import type { Logger } from './create-writer.js';

export interface RateLimitRetryOptions {
  log: Logger;
  deliveryId: string;
  sleep: (ms: number) => Promise<void>;
  nowMs: () => number;
  /** Attempts after the first. */
  maxRetries?: number;
  /** A longer wait (a spent hourly quota) is not worth holding the event for: the delivery fails. */
  maxWaitSeconds?: number;
}

/** GitHub: "If the retry-after header is not present, wait at least one minute", longer each time. */
const DEFAULT_WAIT_SECONDS = 60;

/**
 * Runs `work` again after GitHub's rate-limit answer, waiting as long as GitHub asks.
 *
 * Why here and not in Octokit: Probot 14's production throttle options log a secondary rate
 * limit and do not retry it (probot/lib/octokit/get-octokit-throttle-options.js), and GitHub does
 * not redeliver a failed webhook by itself — without this the event would wait for an operator.
 * Handling the whole event again is safe because every handler is idempotent (the comment is
 * found by its marker, replies by the comment they answer, labels by plan).
 */
export async function retryOnRateLimit<T>(work: () => Promise<T>, options: RateLimitRetryOptions): Promise<T> {
  const maxRetries = options.maxRetries ?? 2;
  const maxWait = options.maxWaitSeconds ?? 180;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      const problem = classifyApiError(error, options.nowMs());
      if (problem.kind !== 'rate-limited' || attempt >= maxRetries) throw error;
      const wait = problem.retryAfterSeconds ?? DEFAULT_WAIT_SECONDS * (attempt + 1);
      if (wait > maxWait) throw error;
      options.log.warn({ deliveryId: options.deliveryId, status: problem.status, message: problem.message, retryAfterSeconds: wait, attempt: attempt + 1 }, 'ktriage: GitHub rate limit; waiting, then handling the event again');
      await options.sleep(wait * 1000);
    }
  }
}
