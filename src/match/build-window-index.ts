import { buildAutomaton, type Automaton } from '../extract/index.js';

/*
 * The literal index of a rule set's `log` signatures: thousands of canonical lines (the kernel CVE
 * pack has ~2,000, 125,000 characters), searched in every report line. An Aho-Corasick automaton
 * searches fast but its build touches every character of every pattern (a trie node each, then the
 * failure links): at start-up it cost more than the search of a whole report. This index anchors
 * each pattern on one window of WINDOW characters and keeps the windows' rolling hashes in a Map:
 * the build hashes a few windows per pattern; the search rolls one hash along the text, looks each
 * position up, and confirms a candidate with startsWith (a hash collision never reports a match).
 * Patterns shorter than a window go to an Aho-Corasick automaton of their own (rules keep log
 * signatures long: rules/README.md asks for MIN_LOG_SIGNATURE_LETTERS letters).
 */

/** Characters per anchor window. Canonical log signatures are longer than this. */
export const WINDOW = 16;
/** Multiplier of the polynomial hash (odd, so no bit of a character is lost mod 2^32). */
const BASE = 0x01000193;
/** BASE^(WINDOW-1) mod 2^32: the weight of the character that leaves the window. */
const TOP = (() => {
  let top = 1;
  for (let i = 1; i < WINDOW; i++) top = Math.imul(top, BASE);
  return top;
})();

function hashWindow(text: string, start: number): number {
  let hash = 0;
  for (let i = start; i < start + WINDOW; i++) hash = (Math.imul(hash, BASE) + text.charCodeAt(i)) | 0;
  return hash;
}

/**
 * Build the index; same contract as buildAutomaton: `search` reports every occurrence of every
 * pattern once (order unspecified), empty patterns are ignored, a duplicate under its first index.
 *
 * @example
 * const found: number[] = [];
 * buildWindowIndex(['unable to decrement a reference count below <N>']).search('dm: unable to decrement a reference count below <N>', (p) => found.push(p));
 * // found = [0]
 */
export function buildWindowIndex(patterns: readonly string[]): Automaton {
  const buckets = new Map<number, number[]>();
  // Per anchored pattern: its index and where its window starts.
  const anchoredPattern: number[] = [];
  const anchoredOffset: number[] = [];
  const short: string[] = [];
  const shortIndex: number[] = [];
  const seen = new Set<string>();
  patterns.forEach((pattern, index) => {
    if (pattern.length === 0 || seen.has(pattern)) return;
    seen.add(pattern);
    if (pattern.length < WINDOW) {
      short.push(pattern);
      shortIndex.push(index);
      return;
    }
    // Signatures of one subsystem share their start ("device-mapper: thin: <DEV>: "): the window
    // at the end, the middle or the start, whichever bucket is emptiest so far.
    let bestHash = 0;
    let bestOffset = -1;
    let bestLoad = Infinity;
    for (const offset of [pattern.length - WINDOW, (pattern.length - WINDOW) >> 1, 0]) {
      const hash = hashWindow(pattern, offset);
      const load = buckets.get(hash)?.length ?? 0;
      if (load < bestLoad) {
        bestHash = hash;
        bestOffset = offset;
        bestLoad = load;
        if (load === 0) break;
      }
    }
    const anchored = anchoredPattern.length;
    anchoredPattern.push(index);
    anchoredOffset.push(bestOffset);
    const bucket = buckets.get(bestHash);
    if (bucket) bucket.push(anchored);
    else buckets.set(bestHash, [anchored]);
  });
  const small = short.length > 0 ? buildAutomaton(short) : null;

  return {
    size: patterns.length,
    search(text, found) {
      small?.search(text, (pattern, end) => found(shortIndex[pattern]!, end));
      if (buckets.size === 0 || text.length < WINDOW) return;
      let hash = hashWindow(text, 0);
      for (let start = 0; ; start++) {
        const bucket = buckets.get(hash);
        if (bucket !== undefined) {
          for (const anchored of bucket) {
            const at = start - anchoredOffset[anchored]!;
            const index = anchoredPattern[anchored]!;
            const pattern = patterns[index]!;
            if (at >= 0 && text.startsWith(pattern, at)) found(index, at + pattern.length);
          }
        }
        const next = start + WINDOW;
        if (next >= text.length) return;
        hash = (Math.imul((hash - Math.imul(text.charCodeAt(start), TOP)) | 0, BASE) + text.charCodeAt(next)) | 0;
      }
    },
  };
}
