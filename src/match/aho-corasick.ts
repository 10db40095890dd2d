/**
 * A multi-pattern substring matcher (Aho-Corasick): built once from every literal signature of every
 * rule, it finds all patterns contained in a text in one left-to-right pass, so the cost of a search
 * grows with the text and the number of hits, not with the number of patterns.
 *
 * Transitions live in one Map keyed by `node * 65536 + UTF-16 code unit` (one Map instead of one
 * per node keeps 10,000 patterns to a few MB); the root's transitions are a flat array, since every
 * character of the text passes through it.
 */
export interface Automaton {
  /** Number of distinct patterns. */
  readonly size: number;
  /**
   * Call `found(patternIndex, end)` for every occurrence of every pattern in `text` (`end` is the
   * offset just past the occurrence). Patterns are indexes into the array given to buildAutomaton.
   */
  search(text: string, found: (pattern: number, end: number) => void): void;
}

const ALPHABET = 65536;

/**
 * Build the automaton. Empty patterns are ignored (they would match everywhere).
 *
 * @example
 * const found: number[] = [];
 * buildAutomaton(['he', 'she', 'his']).search('ushers', (p) => found.push(p)); // found = [1, 0]
 */
export function buildAutomaton(patterns: readonly string[]): Automaton {
  const goto = new Map<number, number>();
  const rootGoto = new Int32Array(ALPHABET).fill(-1);
  // Per node: first child, next sibling, the character on the edge into it (for the BFS), output.
  const firstChild: number[] = [-1];
  const nextSibling: number[] = [-1];
  const edge: number[] = [0];
  const output: number[] = [-1];

  const child = (node: number, code: number): number => (node === 0 ? rootGoto[code]! : (goto.get(node * ALPHABET + code) ?? -1));

  patterns.forEach((pattern, index) => {
    if (pattern.length === 0) return;
    let node = 0;
    for (let i = 0; i < pattern.length; i++) {
      const code = pattern.charCodeAt(i);
      let next = child(node, code);
      if (next < 0) {
        next = output.length;
        firstChild.push(-1);
        nextSibling.push(firstChild[node]!);
        firstChild[node] = next;
        edge.push(code);
        output.push(-1);
        if (node === 0) rootGoto[code] = next;
        else goto.set(node * ALPHABET + code, next);
      }
      node = next;
    }
    // Duplicates keep the first index: callers deduplicate, this only keeps the build total.
    if (output[node] === -1) output[node] = index;
  });

  const count = output.length;
  const fail = new Int32Array(count);
  // The nearest node on the failure chain that ends a pattern (0 = none).
  const dictLink = new Int32Array(count);
  const queue = new Int32Array(count);
  let head = 0;
  let tail = 0;
  for (let c = firstChild[0]!; c >= 0; c = nextSibling[c]!) queue[tail++] = c;
  while (head < tail) {
    const node = queue[head++]!;
    for (let c = firstChild[node]!; c >= 0; c = nextSibling[c]!) {
      const code = edge[c]!;
      let f = fail[node]!;
      let target = child(f, code);
      while (target < 0 && f !== 0) {
        f = fail[f]!;
        target = child(f, code);
      }
      const failTo = target >= 0 && target !== c ? target : 0;
      fail[c] = failTo;
      dictLink[c] = output[failTo]! >= 0 ? failTo : dictLink[failTo]!;
      queue[tail++] = c;
    }
  }
  const out = Int32Array.from(output);
  const size = patterns.length;

  return {
    size,
    search(text, found) {
      let node = 0;
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        for (;;) {
          const next = node === 0 ? rootGoto[code]! : (goto.get(node * ALPHABET + code) ?? -1);
          if (next >= 0) {
            node = next;
            break;
          }
          if (node === 0) break;
          node = fail[node]!;
        }
        if (node === 0) continue;
        for (let o = out[node]! >= 0 ? node : dictLink[node]!; o !== 0; o = dictLink[o]!) found(out[o]!, i + 1);
      }
    },
  };
}
