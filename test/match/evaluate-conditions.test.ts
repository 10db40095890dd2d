import { evaluateConditions, type ConditionState } from '../../src/match/index.js';
import type { ConfigFact, FactValue } from '../../src/model.js';
import type { WhenCondition } from '../../src/rules/index.js';

/** A fact stated once per value, in order (the latest wins). */
function fact(...values: FactValue[]): ConfigFact {
  const evidence = { part: 'body' as const, index: 0, line: 0, start: 0, end: 1, quote: 'x' };
  return { value: values[values.length - 1]!, evidence, confidence: 1, history: values.map((value) => ({ value, evidence, confidence: 1 })) };
}

describe('evaluateConditions', () => {
  it.each<[string, WhenCondition, ConfigFact | undefined, ConditionState, boolean]>([
    // known and agreeing
    ['thin_pool true, stated true', true, fact(true), 'satisfied', true],
    // known and contradicting: the only way a condition fails
    ['thin_pool true, stated false', true, fact(false), 'contradicted', false],
    // unknown: keep the match (the caller asks)
    ['thin_pool true, unknown', true, undefined, 'unknown', true],
    // stated both ways over time: not evidence either way
    ['discards true, stated true then false', true, fact(true, false), 'ambiguous', true],
    // `any` documents that the fact does not matter, known or not
    ['discards any, stated false', 'any', fact(false), 'irrelevant', true],
    // a list of values: one of them
    ['filesystem [ext4, xfs], stated xfs', ['ext4', 'xfs'], fact('xfs'), 'satisfied', true],
    // a list of values: none of them
    ['filesystem [ext4, xfs], stated btrfs', ['ext4', 'xfs'], fact('btrfs'), 'contradicted', false],
    // values compare case-insensitively
    ['filesystem xfs, stated XFS', 'xfs', fact('XFS'), 'satisfied', true],
    // a false condition holds when the fact is known false
    ['metadata_resized false, stated false', false, fact(false), 'satisfied', true],
  ])('%s', (_name, condition, known, state, applies) => {
    const config: Record<string, ConfigFact> = known === undefined ? {} : { f: known };
    const outcome = evaluateConditions({ f: condition }, config);
    expect(outcome.results[0]!.state).toBe(state);
    expect(outcome.applies).toBe(applies);
  });

  it('fails the whole `when` as soon as one known fact contradicts, reporting every condition', () => {
    const outcome = evaluateConditions({ thin_pool: true, discards: 'any', filesystem: ['ext4'] }, { thin_pool: fact(true), filesystem: fact('xfs') });
    expect(outcome.applies).toBe(false);
    expect(outcome.results.map((r) => [r.fact, r.state])).toEqual([
      ['discards', 'irrelevant'],
      ['filesystem', 'contradicted'],
      ['thin_pool', 'satisfied'],
    ]);
  });

  it('does not read inherited properties as facts', () => {
    expect(evaluateConditions({ toString: true }, {}).results[0]!.state).toBe('unknown');
  });
});
