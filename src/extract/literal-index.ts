import { buildAutomaton, type Automaton } from './aho-corasick.js';

/**
 * Items filed under the literals that find them, for a regex prefilter: each regex (of the fact
 * vocabulary, of the rules) is filed under the literals one of which every match contains
 * (requiredLiterals); one pass of the automaton over a text then names the only items worth
 * running on it. Items are listed per literal in filing order; the automaton's pattern number is
 * the index into `items`.
 *
 * @example
 * const index = new LiteralIndex<string>();
 * index.file(['kubernetes', 'k8s'], 'container'); index.file(['k8s'], 'cluster');
 * index.build().items // => [['container'], ['container', 'cluster']]
 */
export class LiteralIndex<T> {
  private readonly ids = new Map<string, number>();
  private readonly items: T[][] = [];

  file(literals: readonly string[], item: T): void {
    for (const literal of literals) {
      let id = this.ids.get(literal);
      if (id === undefined) {
        id = this.items.length;
        this.ids.set(literal, id);
        this.items.push([]);
      }
      this.items[id]!.push(item);
    }
  }

  build(): { automaton: Automaton; items: T[][] } {
    return { automaton: buildAutomaton([...this.ids.keys()]), items: this.items };
  }
}
