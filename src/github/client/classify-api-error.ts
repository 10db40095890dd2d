/**
 * What a failed GitHub API call means for the event being handled. Most failures are worth a
 * failed delivery (an operator or GitHub can redeliver it); a few are final answers that no
 * redelivery can change, and some say "wait, then try again".
 *
 * | kind           | GitHub's answer                                              | ktriage              |
 * | -------------- | ------------------------------------------------------------ | -------------------- |
 * | `archived`     | 403 "Repository was archived so is read-only."               | done, nothing to do  |
 * | `gone`         | 410 (issue deleted, issues disabled)                          | done, nothing to do  |
 * | `locked`       | 403 "Unable to create comment because issue is locked."       | done, nothing to do  |
 * | `rate-limited` | 429, or 403 naming a (secondary) rate limit / quota at 0      | wait, retry, or fail |
 * | `other`        | anything else (5xx, 401, missing permission, network)         | fail the delivery    |
 */
export type ApiErrorKind = 'archived' | 'gone' | 'locked' | 'other' | 'rate-limited';

export interface ApiErrorClass {
  kind: ApiErrorKind;
  status: number | null;
  /** GitHub's own message (the `message` of its JSON answer), for logs. */
  message: string;
  /** For `rate-limited`: seconds GitHub asks to wait (retry-after, or until x-ratelimit-reset); null if it did not say. */
  retryAfterSeconds: number | null;
}

interface ErrorShape {
  status?: unknown;
  message?: unknown;
  response?: { headers?: Record<string, unknown>; data?: unknown };
}

/** Rows, not ifs: a 403 is told apart by GitHub's message. Checked in order. */
const FORBIDDEN_MESSAGES: readonly { pattern: RegExp; kind: ApiErrorKind }[] = [
  { pattern: /rate limit|abuse detection/i, kind: 'rate-limited' },
  { pattern: /\barchived\b/i, kind: 'archived' },
  // \b: "blocked" is not "locked"
  { pattern: /\blocked\b/i, kind: 'locked' },
];

/**
 * @example
 * classifyApiError({ status: 410, message: 'Gone' }, 0).kind // => 'gone'
 */
export function classifyApiError(error: unknown, nowMs: number): ApiErrorClass {
  const shape = (error ?? {}) as ErrorShape;
  const status = typeof shape.status === 'number' ? shape.status : null;
  const data = shape.response?.data as { message?: unknown } | undefined;
  const message = typeof data?.message === 'string' ? data.message : typeof shape.message === 'string' ? shape.message : String(error);
  const headers = shape.response?.headers ?? {};
  const header = (name: string) => {
    const value = headers[name];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
  };
  const result = (kind: ApiErrorKind): ApiErrorClass => ({ kind, status, message, retryAfterSeconds: kind === 'rate-limited' ? retryAfter(header, nowMs) : null });

  if (status === 410) return result('gone');
  if (status === 429) return result('rate-limited');
  if (status === 403) {
    if (header('x-ratelimit-remaining') === '0') return result('rate-limited');
    const row = FORBIDDEN_MESSAGES.find((candidate) => candidate.pattern.test(message));
    if (row) return result(row.kind);
  }
  return result('other');
}

/**
 * GitHub's instructions: honour `retry-after` when present; when the quota is at 0, wait until
 * `x-ratelimit-reset` (epoch seconds); otherwise (a secondary limit without a header) null, and
 * the caller waits at least a minute.
 */
function retryAfter(header: (name: string) => string | null, nowMs: number): number | null {
  const after = Number(header('retry-after'));
  if (header('retry-after') !== null && Number.isFinite(after) && after >= 0) return after;
  const reset = Number(header('x-ratelimit-reset'));
  if (header('x-ratelimit-remaining') === '0' && header('x-ratelimit-reset') !== null && Number.isFinite(reset)) return Math.max(0, Math.ceil(reset - nowMs / 1000));
  return null;
}
