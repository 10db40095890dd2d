/**
 * The longest literal text every match of a regex must contain, or null when there is none of
 * `minLength` characters (default MIN_LITERAL) or the regex is beyond this conservative reader (top-level alternation,
 * flags). Used as a prefilter: one multi-pattern pass finds the lines that contain a regex's
 * literal, and only those lines run the regex, so thousands of regex rules do not each scan every
 * line. Only top-level atoms count; groups, classes, `.` and character escapes (`\d`, `\s`) break a
 * run, and an atom followed by `*`, `?` or `{` is optional (dropped), by `+` required once.
 *
 * @example
 * requiredLiteral('dm_thin_insert_block\\(\\) failed: error = -(22|61)') // => 'dm_thin_insert_block() failed: error = -'
 */
export function requiredLiteral(source: string, minLength: number = MIN_LITERAL): string | null {
  if (source.includes('(?i') || source.includes('(?s') || source.includes('(?m') || source.includes('\\Q')) return null;
  const runs: string[] = [];
  let run = '';
  let depth = 0;
  const flush = (): void => {
    runs.push(run);
    run = '';
  };
  for (let i = 0; i < source.length; ) {
    const ch = source[i]!;
    if (depth > 0) {
      // Inside a group: skip to its end, watching escapes and classes.
      if (ch === '\\') i += 2;
      else if (ch === '[') i = skipClass(source, i);
      else {
        if (ch === '(') depth++;
        else if (ch === ')') depth--;
        i++;
      }
      continue;
    }
    let atom: string | null;
    let next: number;
    if (ch === '\\') {
      const escaped = source[i + 1];
      if (escaped === undefined) return null;
      atom = /[A-Za-z0-9]/.test(escaped) ? null : escaped;
      next = i + 2;
      if (escaped === 'p' || escaped === 'P') next = source[i + 2] === '{' ? source.indexOf('}', i) + 1 || source.length : i + 3;
    } else if (ch === '[') {
      atom = null;
      next = skipClass(source, i);
    } else if (ch === '(') {
      atom = null;
      depth = 1;
      next = i + 1;
    } else if (ch === '|') {
      return null;
    } else if ('.^$)'.includes(ch)) {
      atom = null;
      next = i + 1;
    } else if ('*+?{'.includes(ch)) {
      // A quantifier right after a break: nothing to drop.
      next = ch === '{' ? skipRepeat(source, i) : i + 1;
      atom = null;
    } else {
      atom = ch;
      next = i + 1;
    }
    const quantifier = depth === 0 ? source[next] : undefined;
    if (atom === null) {
      flush();
    } else if (quantifier === '*' || quantifier === '?' || quantifier === '{') {
      flush();
      next = quantifier === '{' ? skipRepeat(source, next) : next + 1;
      if (source[next] === '?') next++;
    } else if (quantifier === '+') {
      run += atom;
      flush();
      next++;
      if (source[next] === '?') next++;
    } else {
      run += atom;
    }
    i = next;
  }
  flush();
  const longest = runs.reduce((best, r) => (r.length > best.length ? r : best), '');
  return longest.length >= Math.max(1, minLength) ? longest : null;
}

/** Literals shorter than this find too many lines to be worth a prefilter. */
export const MIN_LITERAL = 4;

function skipClass(source: string, start: number): number {
  let i = start + 1;
  if (source[i] === '^') i++;
  if (source[i] === ']') i++;
  while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
  return i + 1;
}

function skipRepeat(source: string, start: number): number {
  const end = source.indexOf('}', start);
  return end < 0 ? source.length : end + 1;
}
