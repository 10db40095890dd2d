/** Literals shorter than this find too many lines to be worth a prefilter. */
export const MIN_LITERAL = 4;

/** A run of fixed characters and small classes is read as at most this many strings. */
const MAX_ALTERNATIVES = 16;
/** A class of at most this many characters (`\d`, `[3-6]`) is read as each of them. */
const MAX_CLASS = 10;

/**
 * Literals of which every match of a regex contains at least one (each `minLength` characters or
 * more), or null when this conservative reader finds none (flags, a branch without a literal). Used
 * as a prefilter: one multi-pattern pass finds the lines that contain one of a regex's literals, and
 * only those lines run the regex, so thousands of regex rules and the fact vocabulary's patterns do
 * not each scan every line. Groups, large classes, `.` and escapes such as `\s` end a run of
 * literal atoms; an atom followed by `*`, `?` or `{` is optional (dropped), by `+` required once.
 * Beyond one run:
 * - a top-level alternation needs one literal per branch (`\bkubernetes\b|\bk8s\b` -> kubernetes, k8s);
 * - a group every match passes through (not followed by `*`, `?` or a count) stands for its
 *   branches (`\b(?:Samsung SSD|Micron)` -> Samsung SSD, Micron);
 * - a small class in a run is read as each of its characters (`\bi[3-6]86\b` -> i386 ... i686,
 *   `CT\d+P` -> CT0 ... CT9), up to MAX_ALTERNATIVES strings.
 * Among a regex's runs and groups, the one whose shortest literal is longest wins. A prefilter with
 * several literals is still one multi-pattern pass over a text. (src/match/find-fixed-code.ts
 * `regexIdentifiers` reads regex sources too, for every name they spell: why it is a reader of its
 * own is said there.)
 *
 * @example
 * requiredLiterals('\\bA2000\\b.*\\bkingston\\b|\\bkingston\\b.*\\bA2000\\b', 3) // => ['kingston']
 */
export function requiredLiterals(source: string, minLength: number = MIN_LITERAL): string[] | null {
  if (source.includes('(?i') || source.includes('(?s') || source.includes('(?m') || source.includes('\\Q')) return null;
  const branches = splitAlternation(source);
  if (branches.length > 1) {
    const literals = new Set<string>();
    for (const branch of branches) {
      const found = requiredLiterals(branch, minLength);
      if (found === null) return null;
      for (const literal of found) literals.add(literal);
    }
    return [...literals];
  }
  const candidates = literalRuns(source);
  for (const inner of requiredGroups(source)) {
    const found = requiredLiterals(inner, minLength);
    if (found !== null) candidates.push(found);
  }
  let best: string[] | null = null;
  let bestShortest = 0;
  for (const candidate of candidates) {
    const shortest = Math.min(...candidate.map((literal) => literal.length));
    if (shortest < Math.max(1, minLength)) continue;
    if (best === null || shortest > bestShortest || (shortest === bestShortest && candidate.length < best.length)) {
      best = candidate;
      bestShortest = shortest;
    }
  }
  return best;
}

/**
 * The top-level runs of a regex without top-level alternation: atoms every match holds next to each
 * other, each run as the strings it can be (a class multiplies them). Groups, `.`, anchors and
 * escapes other than `\d` and punctuation end a run; an atom followed by `*`, `?` or a count is
 * optional (it ends the run and is dropped), one followed by `+` is kept once and ends the run.
 */
function literalRuns(source: string): string[][] {
  const runs: string[][] = [];
  let run: string[] = [''];
  const flush = (): void => {
    if (run.some((literal) => literal.length > 0)) runs.push(run);
    run = [''];
  };
  for (let i = 0; i < source.length; ) {
    const ch = source[i]!;
    let atom: string[] | null;
    let next: number;
    if (ch === '\\') {
      const escaped = source[i + 1];
      if (escaped === undefined) break;
      atom = escaped === 'd' ? [...'0123456789'] : /[A-Za-z0-9]/.test(escaped) ? null : [escaped];
      next = i + 2;
      if (escaped === 'p' || escaped === 'P') next = source[i + 2] === '{' ? source.indexOf('}', i) + 1 || source.length : i + 3;
    } else if (ch === '[') {
      next = skipClass(source, i);
      atom = classMembers(source.slice(i + 1, next - 1));
    } else if (ch === '(') {
      atom = null;
      next = skipGroup(source, i);
    } else if ('.^$)|'.includes(ch)) {
      atom = null;
      next = i + 1;
    } else if ('*+?{'.includes(ch)) {
      atom = null;
      next = ch === '{' ? skipRepeat(source, i) : i + 1;
    } else {
      atom = [ch];
      next = i + 1;
    }
    const quantifier = source[next];
    if (atom === null) {
      flush();
    } else if (quantifier === '*' || quantifier === '?' || quantifier === '{') {
      flush();
      next = quantifier === '{' ? skipRepeat(source, next) : next + 1;
      if (source[next] === '?') next++;
    } else {
      if (run.length * atom.length > MAX_ALTERNATIVES) flush();
      run = run.flatMap((prefix) => atom.map((c) => prefix + c));
      if (quantifier === '+') {
        flush();
        next++;
        if (source[next] === '?') next++;
      }
    }
    i = next;
  }
  flush();
  return runs;
}

/** The characters of a class body (`a-c9`), or null when negated, escaped, or larger than MAX_CLASS. */
function classMembers(body: string): string[] | null {
  if (body.length === 0 || body.startsWith('^') || body.includes('\\') || body.includes('[')) return null;
  const members = new Set<string>();
  for (let i = 0; i < body.length; i++) {
    if (body[i + 1] === '-' && i + 2 < body.length) {
      const from = body.charCodeAt(i);
      const to = body.charCodeAt(i + 2);
      if (to < from || to - from >= MAX_CLASS) return null;
      for (let code = from; code <= to; code++) members.add(String.fromCharCode(code));
      i += 2;
    } else members.add(body[i]!);
    if (members.size > MAX_CLASS) return null;
  }
  return [...members];
}

/**
 * The top-level branches of a regex (one when it has no top-level `|`); escapes, classes and
 * groups are read as regexes read them. Also used by src/match/find-fixed-code.ts.
 *
 * @example
 * splitAlternation('pc : |RIP: [0-9a-f|]+:') // => ['pc : ', 'RIP: [0-9a-f|]+:']
 */
export function splitAlternation(source: string): string[] {
  const branches: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < source.length; ) {
    const ch = source[i]!;
    if (ch === '\\') i += 2;
    else if (ch === '[') i = skipClass(source, i);
    else {
      if (ch === '(') depth++;
      else if (ch === ')') depth--;
      else if (ch === '|' && depth === 0) {
        branches.push(source.slice(from, i));
        from = i + 1;
      }
      i++;
    }
  }
  branches.push(source.slice(from));
  return branches;
}

/** The index after the group that opens at `start`. */
function skipGroup(source: string, start: number): number {
  let depth = 0;
  for (let i = start; i < source.length; ) {
    const ch = source[i]!;
    if (ch === '\\') i += 2;
    else if (ch === '[') i = skipClass(source, i);
    else {
      if (ch === '(') depth++;
      else if (ch === ')' && --depth === 0) return i + 1;
      i++;
    }
  }
  return source.length;
}

/**
 * The contents of the top-level groups every match goes through: not followed by `*`, `?` or a
 * counted repetition (which may be zero), and plain or named (`(?:`, `(?P<name>`, `(?<name>`).
 */
function requiredGroups(source: string): string[] {
  const groups: string[] = [];
  for (let i = 0; i < source.length; ) {
    const ch = source[i]!;
    if (ch === '\\') i += 2;
    else if (ch === '[') i = skipClass(source, i);
    else if (ch === '(') {
      const end = skipGroup(source, i);
      const inner = groupContent(source.slice(i + 1, end - 1));
      const next = source[end];
      if (inner !== null && next !== '*' && next !== '?' && next !== '{') groups.push(inner);
      i = end;
    } else i++;
  }
  return groups;
}

/** A group's pattern without its `?:` or name; null for any other `(?` group (flags). */
function groupContent(text: string): string | null {
  if (!text.startsWith('?')) return text;
  if (text.startsWith('?:')) return text.slice(2);
  const named = /^\?P?<[A-Za-z_][A-Za-z0-9_]*>/.exec(text);
  return named === null ? null : text.slice(named[0].length);
}

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
