/**
 * One regex that matches where any of `patterns` matches: `anyPattern(rows).test(s)` is
 * `rows.some((re) => re.test(s))` in one scan. Readers that try a table of shapes on every line of a
 * report (a log of a million lines) pay one regex per line instead of one per row; the tables stay
 * rows. Rows anchored with `^` are joined under one anchor, so a line is rejected on its first
 * characters. Throws (at load time, on a table's own rows) when the rows cannot be joined exactly:
 * different flags, stateful flags, back-references or named groups.
 *
 * @example
 * anyPattern([/^\s*Call Trace:/, /^\s*Backtrace:/]).source // => '^(?:\\s*Call Trace:|\\s*Backtrace:)'
 */
export function anyPattern(patterns: readonly RegExp[]): RegExp {
  if (patterns.length === 0) return /(?!)/;
  const flags = patterns[0]!.flags;
  for (const pattern of patterns) {
    if (pattern.flags !== flags || /[gy]/.test(flags)) throw new Error(`anyPattern: ${pattern} has flags other than the table's (${flags || 'none'}) or a stateful flag`);
    if (/\\[1-9]|\\k<|\(\?<[A-Za-z_$]/.test(pattern.source)) throw new Error(`anyPattern: ${pattern} has a back-reference or a named group`);
  }
  const anchored = patterns.every((pattern) => pattern.source.startsWith('^'));
  const bodies = patterns.map((pattern) => `(?:${anchored ? pattern.source.slice(1) : pattern.source})`);
  return new RegExp(`${anchored ? '^' : ''}(?:${bodies.join('|')})`, flags);
}
