import fc from 'fast-check';
import { buildFuzzyIndex, fuzzyWords, MIN_SIMILARITY, readFuzzyTables, type FuzzyTables } from '../../src/match/fuzzy-index.js';
import { compileRules, crashGroup, logGroup } from '../../src/match/compile-rules.js';
import { fixtureRuleSet } from '../triage/support.js';

const RULES = [
  'device-mapper: space map common: unable to decrement a reference count below <N>',
  'device-mapper: thin: <DEV>: dm_thin_insert_block() failed: error = -22',
  'device-mapper: thin: <DEV>: switching pool to read-only mode',
  'device-mapper: btree spine: node_check failed: csum <N> != wanted <N>',
  'md/raid:<DEV>: read error not correctable (sector <N> on <DEV>).',
];
const CRASHES = ['KASAN: slab-use-after-free Read in bfq_setup_cooperator', 'WARNING in dec_ref_count'];

const index = buildFuzzyIndex([
  ...RULES.map((text, value) => ({ text, group: logGroup(text), value })),
  ...CRASHES.map((text, i) => ({ text, group: crashGroup(text), value: 100 + i })),
]);

describe('fuzzy index', () => {
  it.each<[string, number | null]>([
    // one word changed in a long line: a near miss of that rule
    ['device-mapper: space map common: unable to increment a reference count below <N>', 0],
    // another errno in the same message
    ['device-mapper: thin: <DEV>: dm_thin_insert_block() failed: error = -61', 1],
    // same subsystem, different message: nothing
    ['device-mapper: thin: <DEV>: reached low water mark for data device: sending event.', null],
    // a different subsystem with shared words: nothing (groups never mix)
    ['device-mapper: block manager: validator mismatch (old=sm_bitmap vs new=btree_node) for block <N>', null],
    // opposite meaning, few words shared: nothing
    ['md/raid:<DEV>: read error corrected (<N> sectors at <N> on <DEV>)', null],
  ])('%s -> %s', (line, expected) => {
    const hits = index.search(line, logGroup(line));
    expect(hits[0]?.value ?? null).toBe(expected);
    for (const hit of hits) expect(hit.similarity).toBeGreaterThanOrEqual(MIN_SIMILARITY);
  });

  it('compares crash titles only within the same function: another access kind is near, another function is not', () => {
    const write = 'KASAN: slab-use-after-free Write in bfq_setup_cooperator';
    expect(index.search(write, crashGroup(write))[0]?.value).toBe(100);
    const other = 'KASAN: slab-use-after-free Read in bfq_bio_bfqg';
    expect(index.search(other, crashGroup(other))).toEqual([]);
  });

  it('skips entries the caller excludes (rules already matched exactly)', () => {
    const line = 'device-mapper: space map common: unable to increment a reference count below <N>';
    expect(index.search(line, logGroup(line), (value) => value === 0)).toEqual([]);
  });

  it('reads words without placeholders or punctuation', () => {
    expect(fuzzyWords('device-mapper: thin: <DEV>: dm_thin_insert_block() failed: error = -22.')).toEqual(['device-mapper', 'thin', 'dm_thin_insert_block', 'failed', 'error', '-22']);
  });
});

describe('fuzzyWords', () => {
  /** The definition, written with regexes (how it read before it became a loop over character codes). */
  function reference(text: string): string[] {
    const words = new Set<string>();
    for (const raw of text.split(/[\s:,;()[\]{}"'=]+/)) {
      const word = raw.replace(/^[.!?]+|[.!?]+$/g, '');
      if (word.length === 0 || /^<[A-Z]+>$/.test(word) || !/[A-Za-z0-9]/.test(word)) continue;
      words.add(word.toLowerCase());
    }
    return [...words];
  }

  it('gives the words of the regex definition on any text (separators, unicode spaces, placeholders, sentence marks)', () => {
    const unit = fc.constantFrom('a', 'B', '7', '-', '_', ' ', '\t', '\u00a0', '\u2003', '\u3000', '\ufeff', ':', ',', ';', '(', ')', '[', ']', '{', '}', '"', "'", '=', '.', '!', '?', '<', '>', 'N', 'DEV', '\u00c9', '\u0130', '/');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), (text) => {
        expect(fuzzyWords(text)).toEqual(reference(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('fuzzy tables (the precompiled packs store them)', () => {
  const entries = [
    ...RULES.map((text, value) => ({ text, group: logGroup(text), value })),
    ...CRASHES.map((text, i) => ({ text, group: crashGroup(text), value: 100 + i })),
    // Words that are also Object.prototype's keys: the tables are JSON objects.
    { text: 'device-mapper: thin: constructor toString __proto__ failed', group: logGroup('device-mapper: thin: constructor toString __proto__ failed'), value: 200 },
  ];
  const tables = JSON.parse(JSON.stringify(buildFuzzyIndex(entries).tables())) as FuzzyTables;
  const fromTables = buildFuzzyIndex(() => {
    throw new Error('the entries are not grouped when tables are given');
  }, { list: () => entries.map(({ text, value }) => ({ text, value })), tables: () => readFuzzyTables(tables) });

  const word = fc.constantFrom('device-mapper:', 'thin:', '<DEV>:', 'unable', 'to', 'increment', 'decrement', 'a', 'reference', 'count', 'below', '<N>', 'failed:', 'error', '=', '-22', '-61', 'switching', 'pool', 'read-only', 'mode', 'constructor', 'toString', '__proto__', 'hasOwnProperty');
  it('give the same hits as the index built from the entries, for any line and group', () => {
    const built = buildFuzzyIndex(entries);
    const groups = [...new Set(entries.map((e) => e.group)), 'log:', 'crash:constructor', 'constructor', '__proto__'];
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 14 }), fc.constantFrom(...groups), (words, group) => {
        const line = words.join(' ');
        expect(fromTables.search(line, group)).toEqual(built.search(line, group));
      }),
      { numRuns: 1500 },
    );
    for (const line of [...RULES, 'device-mapper: space map common: unable to increment a reference count below <N>', 'device-mapper: thin: constructor toString __proto__ failed now']) {
      expect(fromTables.search(line, logGroup(line))).toEqual(built.search(line, logGroup(line)));
    }
    expect(fromTables.search('device-mapper: space map common: unable to increment a reference count below <N>', logGroup(RULES[0]!))[0]?.value).toBe(0);
    expect(fromTables.tables()).toEqual(tables);
  });

  it('compileRules uses them only for the very list of bugs they were built for', () => {
    const ruleSet = fixtureRuleSet();
    const tables = compileRules(ruleSet).fuzzy.tables();
    let read = 0;
    const prebuilt = (bugs: typeof ruleSet.bugs) => ({ bugs, tables: () => (read++, readFuzzyTables(tables)) });
    compileRules(ruleSet, { fuzzyTables: prebuilt([...ruleSet.bugs]) }).fuzzy.tables();
    expect(read).toBe(1);
    // One bug fewer: another idf for every word, so the index is built from the rules.
    const fewer = { ...ruleSet, bugs: ruleSet.bugs.slice(1) };
    expect(compileRules(fewer, { fuzzyTables: prebuilt(ruleSet.bugs) }).fuzzy.tables()).toEqual(compileRules(fewer).fuzzy.tables());
    expect(read).toBe(1);
  });
});
