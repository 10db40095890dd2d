/**
 * Where the API key goes. Upstream Bugzilla 5.0 and 5.2 read it only from the `api_key` parameter
 * (query string for GET, JSON body for POST/PUT) and silently ignore the `X-BUGZILLA-API-KEY` header
 * (recorded: ../shared/bugzilla-5.2/error-header-key-ignored.json answers 401/410). Bugzilla 5.1
 * and bugzilla.mozilla.org accept and prefer the header, which keeps the key out of URLs and access
 * logs. bugzilla.mozilla.org reports date-like versions ("20240131.1").
 */
export type AuthMode = 'header' | 'param';

export function chooseAuthMode(version: string): AuthMode {
  const m = /^\s*(\d+)\.(\d+)/.exec(version) ?? /^\s*(\d+)/.exec(version);
  if (!m) return 'param';
  const major = Number(m[1]);
  const minor = m[2] === undefined ? 0 : Number(m[2]);
  // Date-like versions (bugzilla.mozilla.org) and Bugzilla 6+ (harmony) take the header.
  if (major >= 6) return 'header';
  if (major === 5 && minor === 1) return 'header';
  return 'param';
}
