import { LiteralIndex } from '../../src/extract/literal-index.js';

describe('LiteralIndex: items filed under the literals that find them', () => {
  it('lists each literal once, its items in filing order, numbered as the automaton numbers its patterns', () => {
    const index = new LiteralIndex<string>();
    index.file(['kubernetes', 'k8s'], 'container');
    index.file(['k8s'], 'cluster');
    const { automaton, items } = index.build();
    expect(items).toEqual([['container'], ['container', 'cluster']]);
    const found: string[][] = [];
    automaton.search('a k8s node', (pattern) => found.push(items[pattern]!));
    expect(found).toEqual([['container', 'cluster']]);
  });

  it('builds an automaton that finds nothing when nothing was filed', () => {
    const { automaton, items } = new LiteralIndex<number>().build();
    const found: number[] = [];
    automaton.search('anything', (pattern) => found.push(pattern));
    expect([items, found]).toEqual([[], []]);
  });
});
