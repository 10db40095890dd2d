import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatProblem, parseRuleFiles } from '../../src/rules/index.js';
import { FACTS_YAML, errorMessages, ruleFileText, validBug, validPlaybook } from './support/rule-text.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/rules/', import.meta.url));

function fixtureFiles(dir: string) {
  return readdirSync(`${FIXTURES}${dir}`)
    .filter((name) => name.endsWith('.yml'))
    .sort()
    .map((name) => ({ path: `${dir}/${name}`, text: readFileSync(`${FIXTURES}${dir}/${name}`, 'utf8') }));
}

describe('the annotated example of rules/README.md', () => {
  // valid/ holds the README's bug and playbook examples verbatim plus a vocabulary.
  const { ruleSet, problems } = parseRuleFiles(fixtureFiles('valid'));

  it('parses without problems', () => {
    expect(problems.map(formatProblem)).toEqual([]);
    expect(ruleSet.bugs.map((b) => b.id)).toEqual(['example-dm-sm-refcount-below-zero']);
    expect(ruleSet.playbooks.map((p) => p.id)).toEqual(['dm-thin']);
    expect(ruleSet.facts.map((f) => f.id)).toEqual(['discards', 'thin_pool', 'metadata_resized', 'filesystem']);
  });

  it('keeps every documented field', () => {
    const bug = ruleSet.bugs[0]!;
    expect(bug.source).toEqual({ file: 'valid/dm-thin.yml', line: 2, col: 5 });
    expect(bug.signatures.map((s) => [s.kind, s.weight])).toEqual([['log', 1], ['log', 0.4], ['crash', 1], ['regex', 1]]);
    expect(bug.affected).toEqual({
      introduced: { version: '3.12-rc1', commit: null },
      fixed: { mainline: '3.14-rc6', stable: ['3.13.7', '3.12.15'], distro: { ubuntu: '5.15.0-92' } },
    });
    expect(bug.related[0]!.note).toContain('root cause');
    expect(bug.when).toEqual({ thin_pool: true, discards: 'any', filesystem: ['ext4', 'xfs'] });
    expect(ruleSet.facts[0]!.source).toEqual({ file: 'valid/facts.yml', line: 3, col: 5 });
  });
});

describe('one bad rule disables itself only', () => {
  it('keeps the valid bugs of the same file and of other files', () => {
    const broken = { ...validBug('broken'), signatures: [] };
    const { ruleSet, problems } = parseRuleFiles([
      { path: 'facts.yml', text: FACTS_YAML },
      { path: 'a.yml', text: ruleFileText([validBug('first'), broken, validBug('third')]) },
      { path: 'b.yml', text: ruleFileText([validBug('fourth')]) },
    ]);
    expect(ruleSet.bugs.map((b) => b.id)).toEqual(['first', 'third', 'fourth']);
    expect(problems.map((p) => [p.file, p.ruleId, p.message])).toEqual([['a.yml', 'broken', '`signatures`: add at least one signature (`log`, `crash`, `regex`, `stack` or `bisect`)']]);
  });

  it('reports all problems of all files in one run, sorted by file then position', () => {
    const { problems } = parseRuleFiles([
      { path: 'facts.yml', text: FACTS_YAML },
      { path: 'a.yml', text: ruleFileText([{ ...validBug('a1'), titel: 'x' }, { ...validBug('a2'), links: [] }]) },
      { path: 'b.yml', text: 'bugs: [\n' },
      { path: 'c.yml', text: ruleFileText([{ ...validBug('c1'), when: { thin_poool: true } }]) },
    ]);
    expect(problems.map((p) => p.file)).toEqual(['a.yml', 'a.yml', 'b.yml', 'c.yml']);
    const inA = problems.filter((p) => p.file === 'a.yml');
    expect(inA[0]!.line).toBeLessThan(inA[1]!.line);
  });
});

describe('checks across files', () => {
  // Each row: files (after facts.yml), the expected error messages, and the ids that survive.
  const cases: Array<[string, Array<[string, string]>, string[], string[]]> = [
    // the second definition of an id loses, wherever it is
    ['duplicate bug ids across files', [['a.yml', ruleFileText([validBug('same')])], ['b.yml', ruleFileText([validBug('same')])]], ['duplicate bug id `same`: already defined at a.yml:2:5; ids are unique across all rule files'], ['same']],
    // within one file too
    ['duplicate bug ids in one file', [['a.yml', ruleFileText([validBug('same'), validBug('same')])]], ['duplicate bug id `same`: already defined at a.yml:2:5'], ['same']],
    // playbooks have their own id space; bugs and playbooks may share an id
    ['a bug and a playbook with one id', [['a.yml', ruleFileText([validBug('dm-thin')], [validPlaybook('dm-thin')])]], [], ['dm-thin']],
    ['duplicate playbook ids', [['a.yml', ruleFileText([validBug()], [validPlaybook('p'), validPlaybook('p')])]], ['duplicate playbook id `p`'], ['dm-refcount-below-zero']],
    // facts defined in two files
    ['a fact defined twice', [['more-facts.yml', FACTS_YAML]], ['duplicate fact id `thin_pool`: already defined at facts.yml:2:5', 'duplicate fact id `discards`: already defined at facts.yml:8:5', 'duplicate fact id `metadata_resized`', 'duplicate fact id `filesystem`'], []],
    // an unknown fact in when, with a suggestion
    ['a misspelt fact in when', [['a.yml', ruleFileText([{ ...validBug(), when: { thin_poool: true } }])]], ['`when`: unknown fact `thin_poool` — did you mean `thin_pool`?'], []],
    // an unknown fact in ask, without a close match: the known facts are listed
    ['an unknown fact in ask', [['a.yml', ruleFileText([{ ...validBug(), ask: [{ fact: 'raid_level', question: 'Which RAID level?' }] }])]], ['`ask[0].fact`: unknown fact `raid_level`: define it under `facts:` (known facts: discards, filesystem, metadata_resized, thin_pool)'], []],
    // an unknown fact in a template
    ['an unknown fact template', [['a.yml', ruleFileText([{ ...validBug(), next_steps: ['You use {{fact.workload}}.'] }])]], ['`next_steps[0]` `{{fact.workload}}`: unknown fact `workload`'], []],
    // a boolean fact compared with a word
    ['a value for a yes/no fact', [['a.yml', ruleFileText([{ ...validBug(), when: { discards: 'maybe' } }])]], ['`when.discards`: `discards` is a yes/no fact: write true, false or any, not `maybe`'], []],
    // an enum fact compared with an unknown value
    ['an unknown enum value', [['a.yml', ruleFileText([{ ...validBug(), when: { filesystem: ['ext4', 'zfs'] } }])]], ['`when.filesystem`: `zfs` is not a value of `filesystem`: use ext4, xfs, btrfs'], []],
    // an enum fact compared with true
    ['true for an enum fact', [['a.yml', ruleFileText([{ ...validBug(), when: { filesystem: true } }])]], ['`when.filesystem`: `filesystem` takes one of its values (ext4, xfs, btrfs), not true: write a value, a list of values, or any'], []],
    // a fact defined in a later file counts
    ['facts defined after their use', [['0-bugs.yml', ruleFileText([validBug()])]], [], ['dm-refcount-below-zero']],
  ];

  it.each(cases)('%s', (_name, files, messages, survivors) => {
    const parsed = parseRuleFiles([{ path: 'facts.yml', text: FACTS_YAML }, ...files.map(([path, text]) => ({ path, text }))]);
    expect(errorMessages(parsed).map((m, i) => (messages[i] !== undefined && m.startsWith(messages[i]!) ? messages[i] : m))).toEqual(messages);
    if (survivors.length > 0) expect(parsed.ruleSet.bugs.map((b) => b.id)).toEqual(survivors);
  });

  it('reports an unknown fact of a bug that also has other errors', () => {
    const parsed = parseRuleFiles([{ path: 'facts.yml', text: FACTS_YAML }, { path: 'a.yml', text: ruleFileText([{ ...validBug(), title: '', when: { thin_poool: true } }]) }]);
    expect(errorMessages(parsed)).toEqual(['`title`: the title is empty: fill it in', '`when`: unknown fact `thin_poool` — did you mean `thin_pool`?']);
  });

  it('knownFacts supply the vocabulary without entering the rule set; the files\' own facts win', () => {
    const known = parseRuleFiles([{ path: 'facts.yml', text: FACTS_YAML }]).ruleSet.facts;
    const alone = parseRuleFiles([{ path: 'a.yml', text: ruleFileText([validBug()]) }], { knownFacts: known });
    expect(alone.problems).toEqual([]);
    expect(alone.ruleSet.facts).toEqual([]);
    const without = parseRuleFiles([{ path: 'a.yml', text: ruleFileText([validBug()]) }]);
    expect(errorMessages(without)).toEqual([
      '`when`: unknown fact `thin_pool`: no rule file defines `facts:`; define it there',
      '`ask[0].fact`: unknown fact `metadata_resized`: no rule file defines `facts:`; define it there',
    ]);
    const redefined = parseRuleFiles([{ path: 'facts.yml', text: FACTS_YAML }], { knownFacts: known });
    expect(redefined.problems).toEqual([]);
  });
});

describe('key aliases', () => {
  // Each row: a key spelt another way, where, and the current key the warning names.
  const cases: Array<[string, (b: Record<string, any>) => void, string, string]> = [ // eslint-disable-line @typescript-eslint/no-explicit-any
    // kebab-case
    ['no-match', (b) => { b.examples['no-match'] = b.examples.no_match; delete b.examples.no_match; }, 'no-match', 'no_match'],
    // run together
    ['nomatch', (b) => { b.examples.nomatch = b.examples.no_match; delete b.examples.no_match; }, 'nomatch', 'no_match'],
    // camelCase
    ['nextSteps', (b) => { b.nextSteps = b.next_steps; delete b.next_steps; }, 'nextSteps', 'next_steps'],
    ['verified-by', (b) => (b['verified-by'] = ['https://git.kernel.org/x']), 'verified-by', 'verified_by'],
    // listed renames
    ['sha for commit', (b) => { b.fix[0].sha = b.fix[0].commit; delete b.fix[0].commit; }, 'sha', 'commit'],
    ['fixed_in for fixed', (b) => { b.affected.fixed_in = b.affected.fixed; delete b.affected.fixed; }, 'fixed_in', 'fixed'],
    ['upstream for mainline', (b) => { b.affected.fixed.upstream = b.affected.fixed.mainline; delete b.affected.fixed.mainline; }, 'upstream', 'mainline'],
    ['backports for stable', (b) => { b.affected.fixed.backports = b.affected.fixed.stable; delete b.affected.fixed.stable; }, 'backports', 'stable'],
  ];

  it.each(cases)('%s is accepted with a warning naming the current key', (_name, mutate, alias, current) => {
    const bug = validBug();
    mutate(bug);
    const parsed = parseRuleFiles([{ path: 'facts.yml', text: FACTS_YAML }, { path: 'a.yml', text: ruleFileText([bug]) }]);
    expect(parsed.problems.map((p) => [p.severity, p.message])).toEqual([['warning', `\`${alias}\` is an old or alternative spelling: write \`${current}\``]]);
    expect(formatProblem(parsed.problems[0]!)).toMatch(/^a\.yml:\d+:\d+: warning: /);
    expect(parsed.ruleSet.bugs).toHaveLength(1);
    // The parsed rule is the same as with the current spelling.
    const reference = parseRuleFiles([{ path: 'facts.yml', text: FACTS_YAML }, { path: 'a.yml', text: ruleFileText([validBug()]) }]).ruleSet.bugs[0]!;
    expect({ ...parsed.ruleSet.bugs[0]!, source: null, verifiedBy: [] }).toEqual({ ...reference, source: null });
  });

  it('an alias next to its current key is an error (which one wins would be a guess)', () => {
    const bug = validBug();
    (bug.examples as Record<string, unknown>)['no-match'] = ['x'];
    const parsed = parseRuleFiles([{ path: 'facts.yml', text: FACTS_YAML }, { path: 'a.yml', text: ruleFileText([bug]) }]);
    expect(errorMessages(parsed)).toEqual(['`no-match` and `no_match` are the same key: keep `no_match`']);
    expect(parsed.ruleSet.bugs).toEqual([]);
  });

  it('two other spellings of one key are an error too', () => {
    const bug = validBug();
    const examples = bug.examples as Record<string, unknown>;
    examples['no-match'] = examples.no_match;
    examples.noMatch = ['x'];
    delete examples.no_match;
    const parsed = parseRuleFiles([{ path: 'facts.yml', text: FACTS_YAML }, { path: 'a.yml', text: ruleFileText([bug]) }]);
    expect(parsed.problems.map((p) => [p.severity, p.message])).toEqual([
      ['warning', '`no-match` is an old or alternative spelling: write `no_match`'],
      ['error', '`noMatch` and `no_match` are the same key: keep `no_match`'],
    ]);
    expect(parsed.ruleSet.bugs).toEqual([]);
  });

  it('aliases are not applied to fact ids (record keys)', () => {
    const parsed = parseRuleFiles([{ path: 'facts.yml', text: FACTS_YAML }, { path: 'a.yml', text: ruleFileText([{ ...validBug(), when: { 'thin-pool': true } }]) }]);
    expect(errorMessages(parsed).join('\n')).toContain('a fact id is snake_case');
  });
});

describe('fact regexes', () => {
  // Each row: a fact regex, and null when fine or the error it draws (the fact is left out).
  it.each<[string, string | null]>([
    ['\\bext4\\b', null], // short regexes are normal for facts
    ['(?:^|[\\s(,])discard(?:[,)\\s]|$)', null], // the README example
    ['.*', 'the regex matches the empty string'], // would assert the fact on every report
    ['[a-z]', 'the regex matches almost anything'], // any letter
  ])('%j', (regex, expected) => {
    const text = `facts:\n  - id: filesystem\n    description: d\n    type: enum\n    values: [ext4]\n    patterns:\n      - value: ext4\n        regexes: ['${regex}']\n`;
    const { ruleSet, problems } = parseRuleFiles([{ path: 'f.yml', text }]);
    if (expected === null) {
      expect(problems).toEqual([]);
      expect(ruleSet.facts).toHaveLength(1);
    } else {
      expect(problems.map((p) => [p.line, p.col, p.message])).toEqual([[8, 19, expect.stringContaining(`\`patterns[0].regexes[0]\`: ${expected}`)]]);
      expect(ruleSet.facts).toEqual([]);
    }
  });
});
