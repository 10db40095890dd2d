import { factDefinitionSchema, factVocabularySchema } from '../../src/rules/fact-definition-schema.js';

const base = { id: 'discards', description: 'TRIM is on', type: 'boolean', patterns: [{ value: true, phrases: ['with discards'] }] };

describe('factDefinitionSchema', () => {
  it('fills defaults so the output is a complete FactDefinition', () => {
    expect(factDefinitionSchema.parse(base)).toEqual({
      id: 'discards',
      description: 'TRIM is on',
      type: 'boolean',
      values: [],
      question: null,
      patterns: [{ value: true, phrases: ['with discards'], regexes: [] }],
    });
  });

  it.each([
    // unknown keys are typos, not extensions
    ['unknown key', { ...base, phrase: ['x'] }, /unrecognized key/i],
    ['camelCase id', { ...base, id: 'thinPool' }, /snake_case/],
    ['boolean fact with a string value', { ...base, patterns: [{ value: 'yes', phrases: ['x'] }] }, /true or false/],
    ['enum without values', { ...base, type: 'enum', patterns: [{ value: 'ext4', phrases: ['ext4'] }] }, /allowed `values`/],
    ['enum value not listed', { ...base, type: 'enum', values: ['xfs'], patterns: [{ value: 'ext4', phrases: ['ext4'] }] }, /one of this fact's values: xfs/],
    ['pattern with neither phrases nor regexes', { ...base, patterns: [{ value: true }] }, /at least one phrase or regex/],
    // look-behind is not RE2: such a regex could not be matched in linear time
    ['non-RE2 regex', { ...base, patterns: [{ value: true, regexes: ['(?<!no)discard'] }] }, /not an RE2 regex/],
    ['no patterns', { ...base, patterns: [] }, /at least one pattern/],
  ])('rejects %s', (_name, input, message) => {
    const result = factDefinitionSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message).join('\n')).toMatch(message);
  });

  it('accepts an enum fact whose values are listed', () => {
    const parsed = factDefinitionSchema.parse({ ...base, id: 'filesystem', type: 'enum', values: ['ext4', 'xfs'], patterns: [{ value: 'xfs', regexes: ['\\bxfs\\b'] }] });
    expect(parsed.patterns[0]!.value).toBe('xfs');
  });

  it('rejects duplicate ids in a vocabulary', () => {
    const result = factVocabularySchema.safeParse([base, base]);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/duplicate fact id "discards"/);
  });
});
