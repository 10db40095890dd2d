import { checkRuleRegex, checkRuleVersion, findTemplates, type RuleVersionKind } from '../../src/rules/index.js';
import { checkTemplateName } from '../../src/rules/rule-templates.js';
import { resolveKeyAlias, suggestKey } from '../../src/rules/key-aliases.js';

describe('checkRuleVersion', () => {
  // Each row: kind, text, null when valid or a fragment of the message.
  it.each<[RuleVersionKind, string, string | null]>([
    ['mainline', '3.14', null], // a release
    ['mainline', '3.14-rc6', null], // rc precision
    ['mainline', '6.10', null], // two-digit minor: the reason versions must be quoted
    ['mainline', '3.14.2', 'is a stable release, not a mainline one'], // wrong field
    ['mainline', '3.14.0', 'write mainline 3.14 as `3.14`'], // uname-style .0
    ['mainline', 'v3.14', 'without the leading `v`'], // tag name
    ['mainline', ' 3.14', 'surrounding spaces'], // stray space
    ['mainline', '3.14-next-20240101', 'is not a mainline release'], // linux-next is no release
    ['mainline', '1.02.185', 'is not a kernel version'], // lvm2's version
    ['mainline', '6.8-rc0', 'there is no rc0: the first release candidate is 6.8-rc1'], // no such tag
    ['mainline', '5.010', 'write `5.10` without leading zeros'], // would print as typed in comments
    ['introduced', '6.8-rc0', 'there is no rc0'], // no such tag
    ['stable', '5.10.005', 'write `5.10.5` without leading zeros'], // would print as typed in comments
    ['mainline', '3.14-rc06', 'write `3.14-rc6` without leading zeros'], // same in the rc number
    ['stable', '3.12.15', null], // a stable release
    ['stable', '3.12.x', 'is not a stable release: write a release like 3.12.15'], // placeholder
    ['stable', '3.12', 'is a mainline release'], // series without sublevel
    ['stable', '3.12-rc1', 'is a release candidate'], // rc
    ['stable', '3.12.0', 'is mainline 3.12, not a stable release'], // .0
    ['stable', '5.15.0-91-generic', 'is not a stable release'], // a distro build
    ['introduced', '3.12-rc1', null], // first bad rc
    ['introduced', '5.10.120', null], // a stable backport introduced it
    ['introduced', '3.12.0', 'write mainline 3.12 as `3.12`'], // .0
    ['introduced', 'abc', 'is not a kernel version'], // junk
    ['distro', '5.15.0-92', null], // ubuntu build without flavour
    ['distro', '4.18.0-477.10.1.el8_8', null], // rhel build
    ['distro', '5.15', 'is not a distro kernel build'], // no sublevel
  ])('%s %j', (kind, text, expected) => {
    const problem = checkRuleVersion(kind, text);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toContain(expected);
  });
});

describe('checkRuleRegex', () => {
  it.each<[string, string | null]>([
    ['dm_thin_insert_block\\(\\) failed: error = -(22|61)', null], // a real signature
    ['(?i)buffer i/o error on dev \\S+', null], // inline flags are RE2
    ['(?P<dev>sd[a-z]+): rejecting I/O', null], // named groups, Python style
    ['(a+)+$', 'has only 1 literal letter (`a`)'], // catastrophic in JS; linear in RE2, but names no message
    ['x(?=y)', 'look-around'], // look-ahead
    ['(?<!no)discard', 'look-around'], // look-behind
    ['(\\w+) \\1', 'back-references'], // numbered back-reference
    ['(?<w>\\w+) \\k<w>', 'back-references'], // named back-reference
    ['\\\\1 literal backslash-one', null], // an escaped backslash followed by 1 is no back-reference
    ['[unclosed', 'not a valid RE2 regex: missing closing ]'], // syntax
    ['a{2000}', 'not a valid RE2 regex: invalid repeat count'], // RE2's repeat limit
    ['((((a{100}){100}){100}))', 'not a valid RE2 regex'], // nested repeats beyond RE2's limit
    ['', 'the regex is empty'], // nothing
    ['x?', 'matches the empty string'], // optional everything
    ['.', 'matches almost anything'], // any character
    ['^[0-9]+ \\S+ ab$', 'has only 2 literal letters (`ab`)'], // matches few lines, but names no message
    ['\\w+:', 'matches almost anything'], // any "word:"
    ['y'.repeat(1001), 'the limit is 1000'], // too long
  ])('%j', (source, expected) => {
    const problem = checkRuleRegex(source);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toContain(expected);
  });
});

describe('templates', () => {
  it.each<[string, string[], number | null]>([
    ['Upgrade to {{fixed_for_running}}.', ['fixed_for_running'], null], // one
    ['{{ running }} and {{fact.discards}}', ['running', 'fact.discards'], null], // spaces trimmed, two
    ['no templates', [], null], // none
    ['open {{running', [], 5], // never closed
    ['{{running}} then {{', ['running'], 17], // closed, then an open one
    ['single { braces } are text', [], null], // not templates
  ])('findTemplates(%j)', (text, names, unclosedAt) => {
    const found = findTemplates(text);
    expect(found.uses.map((u) => u.name)).toEqual(names);
    expect(found.unclosedAt).toBe(unclosedAt);
  });

  it.each<[string, string | null]>([
    ['running', null], // allowed
    ['fact.discards', null], // fact ids are checked later, against the vocabulary
    ['fact.Bad-Id', 'is not a fact template'], // malformed fact template
    ['fix_commit', 'unknown template `{{fix_commit}}`'], // not allowed in this list
  ])('checkTemplateName(%j) for a playbook', (name, expected) => {
    const problem = checkTemplateName(name, ['running']);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toContain(expected);
  });
});

describe('key aliases and suggestions', () => {
  const known = ['match', 'no_match'];
  it.each<[string, string | null]>([
    ['no_match', 'no_match'], // the key itself
    ['no-match', 'no_match'], // kebab
    ['noMatch', 'no_match'], // camel
    ['NOMATCH', 'no_match'], // shouting
    ['nomatch', 'no_match'], // run together
    ['matches', null], // a different word is no alias (it gets a suggestion instead)
  ])('resolveKeyAlias(%j)', (key, expected) => {
    expect(resolveKeyAlias(key, known)).toBe(expected);
  });

  it('applies listed renames only where the current key exists', () => {
    expect(resolveKeyAlias('sha', ['commit', 'subject'])).toBe('commit');
    expect(resolveKeyAlias('sha', ['id', 'title'])).toBeNull();
  });

  it.each<[string, string[], string | null]>([
    ['signature', ['signatures', 'when'], 'signatures'], // plural
    ['titel', ['title', 'links'], 'title'], // transposition
    ['verifed_by', ['verified_by'], 'verified_by'], // dropped letter
    ['severity', ['id', 'title', 'when'], null], // nothing close
    ['x'.repeat(500), ['title'], null], // very long keys are not compared letter by letter
  ])('suggestKey(%j)', (key, candidates, expected) => {
    expect(suggestKey(key, candidates)).toBe(expected);
  });
});
