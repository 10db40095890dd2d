/**
 * Other spellings of rule-file keys. A key that is not known where it stands is read as a known key
 * when (a) it is the same key in another case/separator style (`no-match`, `noMatch`, `nomatch` for
 * `no_match`), or (b) this table lists it as a former or common name. Either way lint warns and names
 * the current key, so files converge on one spelling while old files keep working.
 */
export const KEY_ALIASES: Readonly<Record<string, string>> = {
  backports: 'stable',
  fixed_in: 'fixed',
  hash: 'commit',
  introduced_in: 'introduced',
  sha: 'commit',
  upstream: 'mainline',
};

/** Keys compare equal when they differ only in case, `-` and `_`. */
function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, '');
}

/** The known key `key` stands for, or null when it is no alias of a key in `known`. */
export function resolveKeyAlias(key: string, known: readonly string[]): string | null {
  if (known.includes(key)) return key;
  const listed = KEY_ALIASES[key] ?? KEY_ALIASES[key.toLowerCase().replace(/-/g, '_')];
  if (listed !== undefined && known.includes(listed)) return listed;
  const normalized = normalizeKey(key);
  return known.find((candidate) => normalizeKey(candidate) === normalized) ?? null;
}

/**
 * The known key closest to a mistyped one (`signature` -> `signatures`), or null when none is close.
 *
 * @example
 * suggestKey('signature', ['id', 'signatures', 'when']) // => 'signatures'
 */
export function suggestKey(key: string, known: readonly string[]): string | null {
  const typed = normalizeKey(key);
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(typed, normalizeKey(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // Allow roughly one typo per four letters, at least one: "titel" -> "title", "xyz" -> nothing.
  return best !== null && bestDistance <= Math.max(1, Math.floor(typed.length / 4)) ? best : null;
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions, so `titel` is one
 * edit from `title`). Keys are short; longer inputs are not compared letter by letter.
 */
function editDistance(a: string, b: string): number {
  if (a.length > 64 || b.length > 64) return Math.abs(a.length - b.length) + 64;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}
