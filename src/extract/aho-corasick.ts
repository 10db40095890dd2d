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
  // Most trie nodes have one child (the unique tail of a pattern): that child is kept in two
  // arrays; only nodes with several children use the shared Map (node * 65536 + code).
  const goto = new Map<number, number>();
  const rootGoto = new Int32Array(ALPHABET).fill(-1);
  // At most one node per pattern character, plus the root: typed arrays of that size, no regrowth.
  let capacity = 1;
  for (const pattern of patterns) capacity += pattern.length;
  const onlyCode = new Int32Array(capacity).fill(NONE);
  const onlyChild = new Int32Array(capacity).fill(-1);
  // For the breadth-first pass: first child, next sibling, the code on the edge into the node.
  const firstChild = new Int32Array(capacity).fill(-1);
  const nextSibling = new Int32Array(capacity).fill(-1);
  const edge = new Int32Array(capacity);
  const output = new Int32Array(capacity).fill(-1);
  let count = 1;

  const child = (node: number, code: number): number => {
    if (node === 0) return rootGoto[code]!;
    const only = onlyCode[node]!;
    if (only === code) return onlyChild[node]!;
    if (only === MANY) return goto.get(node * ALPHABET + code) ?? -1;
    return -1;
  };

  patterns.forEach((pattern, index) => {
    if (pattern.length === 0) return;
    let node = 0;
    for (let i = 0; i < pattern.length; i++) {
      const code = pattern.charCodeAt(i);
      let next = child(node, code);
      if (next < 0) {
        next = count++;
        nextSibling[next] = firstChild[node]!;
        firstChild[node] = next;
        edge[next] = code;
        if (node === 0) rootGoto[code] = next;
        else if (onlyCode[node] === NONE) {
          onlyCode[node] = code;
          onlyChild[node] = next;
        } else {
          if (onlyCode[node] !== MANY) {
            goto.set(node * ALPHABET + onlyCode[node]!, onlyChild[node]!);
            onlyCode[node] = MANY;
          }
          goto.set(node * ALPHABET + code, next);
        }
      }
      node = next;
    }
    // Duplicates keep the first index: callers deduplicate, this only keeps the build total.
    if (output[node] === -1) output[node] = index;
  });

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
  const out = output.slice(0, count);
  const codes = onlyCode.slice(0, count);
  const children = onlyChild.slice(0, count);
  const size = patterns.length;

  return {
    size,
    search(text, found) {
      let node = 0;
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        for (;;) {
          let next: number;
          if (node === 0) next = rootGoto[code]!;
          else {
            const only = codes[node]!;
            next = only === code ? children[node]! : only === MANY ? (goto.get(node * ALPHABET + code) ?? -1) : -1;
          }
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

/** onlyCode markers: no child yet, or several children (look in the Map). */
const NONE = -1;
const MANY = -2;
