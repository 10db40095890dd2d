/**
 * Removes an API key from any text before it is logged or put in an error message. The key can
 * reach text through a URL (`?api_key=...`, Bugzilla 5.0/5.2 take it only there for GETs), a JSON
 * body, or a server message that echoes the request; all three are covered.
 */
export function redactSecret(text: string, secret: string | null | undefined): string {
  let out = text.replace(/((?:^|[?&\s])api_key=)[^&#\s"']*/gi, '$1[REDACTED]');
  out = out.replace(/("api_key"\s*:\s*")[^"]*(")/gi, '$1[REDACTED]$2');
  if (secret && secret.length > 0) {
    out = out.split(secret).join('[REDACTED]');
    // URL-encoded form too: a key with '+' or '/' appears encoded in a query string.
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join('[REDACTED]');
  }
  return out;
}
