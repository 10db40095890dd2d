/**
 * Typed errors of the Bugzilla client. Each failure kind is its own class with its own message, so a
 * caller (and an operator reading a log) can tell "bug deleted" from "bad API key" from "server
 * down". Messages never contain the API key: the client redacts URLs before building them.
 */

/** Bugzilla error codes ktriage reacts to (Bugzilla::WebService::Constants). */
export const BUGZILLA_ERROR_CODES = {
  unknownKeyword: 51,
  emptyComment: 50,
  bugNotFound: 101,
  bugAccessDenied: 102,
  badApiKey: 306,
  loginRequired: 410,
  /** `rest_invalid_resource`: no such REST path on this server (HTTP 404), e.g. /rest/whoami before 5.1. */
  unknownResource: 32614,
} as const;

/** What a coded error means for ktriage, keyed by Bugzilla's code. */
const CODE_KINDS: Record<number, BugzillaErrorKind> = {
  50: 'empty-comment',
  51: 'unknown-keyword',
  101: 'bug-not-found',
  102: 'bug-access-denied',
  306: 'bad-api-key',
  410: 'login-required',
  32614: 'unknown-resource',
};

export type BugzillaErrorKind =
  | 'bad-api-key'
  | 'bad-response'
  | 'bug-access-denied'
  | 'bug-not-found'
  | 'empty-comment'
  | 'http'
  | 'login-required'
  | 'network'
  | 'other-api-error'
  | 'rate-limited'
  | 'server-error'
  | 'timeout'
  | 'unknown-keyword'
  | 'unknown-resource';

export class BugzillaError extends Error {
  override name = 'BugzillaError';
  constructor(
    readonly kind: BugzillaErrorKind,
    message: string,
    /** `GET /rest/bug/2` with the key redacted. */
    readonly request: string,
    readonly status: number | null,
    /** Bugzilla's numeric error code when the server sent one. */
    readonly code: number | null,
    /** Whether retrying the same request later may succeed. */
    readonly transient: boolean,
    /** How long the server asked to wait (its Retry-After header on a 429/503), or null when it did not say. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/** Builds the error for a Bugzilla `{error, code, message}` answer. */
export function apiError(request: string, status: number, code: number, serverMessage: string, transient: boolean, retryAfterMs: number | null = null): BugzillaError {
  const kind = CODE_KINDS[code] ?? 'other-api-error';
  const hint: Partial<Record<BugzillaErrorKind, string>> = {
    'bad-api-key': ' Check the API key in the environment variable named by api_key_env (Preferences > API Keys).',
    'login-required':
      ' The server did not accept the API key. Bugzilla 5.0/5.2 ignore the X-BUGZILLA-API-KEY header; set auth: param in the config if /rest/version misreports the version.',
    'unknown-keyword': ' Keywords must exist on the server (Administration > Keywords) before they can be added.',
  };
  return new BugzillaError(kind, `${request}: Bugzilla error ${code} (HTTP ${status}): ${serverMessage}${hint[kind] ?? ''}`, request, status, code, transient, retryAfterMs);
}
