import { errorMessages, parseWithFacts, ruleFileText, validBug, validPlaybook } from './support/rule-text.js';

type Bug = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Apply a mutation to a fresh valid bug and parse it alone with the test vocabulary. */
function parseBug(mutate: (bug: Bug) => void) {
  const bug = validBug();
  mutate(bug);
  return parseWithFacts(ruleFileText([bug]));
}

describe('a valid bug', () => {
  it('parses with no problems into the camelCase RuleSet shape, defaults filled in', () => {
    const { ruleSet, problems } = parseBug(() => {});
    expect(problems).toEqual([]);
    expect(ruleSet.bugs).toHaveLength(1);
    const bug = ruleSet.bugs[0]!;
    expect(bug).toMatchObject({
      id: 'dm-refcount-below-zero',
      verifiedBy: [],
      related: [],
      labels: [],
      when: { thin_pool: true },
      affected: { introduced: null, fixed: { mainline: '3.14-rc6', stable: ['3.13.7', '3.12.15'], distro: {} } },
      fix: [{ sha: 'cebc2de44d3bce53e46476e774126c298ca2c8a9', repo: null }],
      nextSteps: ['Upgrade to {{fixed_for_running}} or later.'],
      examples: { match: [expect.any(String)], noMatch: [expect.any(String)] },
      source: { file: 'test.yml', line: 2, col: 5 },
    });
    // log signatures carry the canonical form for matching and the text as written.
    expect(bug.signatures).toEqual([
      {
        kind: 'log',
        pattern: 'device-mapper: space map common: unable to decrement a reference count below <N>',
        text: 'device-mapper: space map common: unable to decrement a reference count below 0',
        weight: 1,
      },
    ]);
  });
});

// Each row: a change to a valid bug that is still valid, and what the parsed rule then holds.
const validCases: Array<[string, (b: Bug) => void, (parsed: Bug) => unknown, unknown]> = [
  // introduced as a plain version string
  ['introduced as a version', (b) => (b.affected.introduced = '3.12-rc1'), (p) => p.affected.introduced, { version: '3.12-rc1', commit: null }],
  // introduced as a commit only
  ['introduced as { commit }', (b) => (b.affected.introduced = { commit: '5b564d80f8bc' }), (p) => p.affected.introduced, { version: null, commit: '5b564d80f8bc' }],
  // a stable release as introduced (a regression that came in by a backport)
  ['introduced as a stable release', (b) => (b.affected.introduced = '5.10.120'), (p) => p.affected.introduced.version, '5.10.120'],
  // affected may be left out: nothing known about versions
  ['no affected', (b) => delete b.affected, (p) => p.affected, { introduced: null, fixed: { mainline: null, stable: [], distro: {} } }],
  // distro builds by distro key
  ['distro builds', (b) => (b.affected.fixed.distro = { ubuntu: '5.15.0-92', rhel8: '4.18.0-477.10.1.el8_8' }), (p) => p.affected.fixed.distro, { ubuntu: '5.15.0-92', rhel8: '4.18.0-477.10.1.el8_8' }],
  // weights between 0 and 1
  ['a weight', (b) => (b.signatures[0].weight = 0.4), (p) => p.signatures[0].weight, 0.4],
  // crash titles are kept verbatim
  ['a crash signature', (b) => (b.signatures = [{ crash: 'WARNING in dec_ref_count' }]), (p) => p.signatures[0], { kind: 'crash', pattern: 'WARNING in dec_ref_count', text: 'WARNING in dec_ref_count', weight: 1 }],
  // a regex signature in RE2 syntax
  ['a regex signature', (b) => (b.signatures = [{ regex: 'dm_thin_insert_block\\(\\) failed: error = -(22|61)' }]), (p) => p.signatures[0].kind, 'regex'],
  // when: any, a value, a list of values
  ['when any/value/list', (b) => (b.when = { discards: 'any', filesystem: ['ext4', 'xfs'] }), (p) => p.when, { discards: 'any', filesystem: ['ext4', 'xfs'] }],
  // a fact template in next_steps
  ['a fact template', (b) => (b.next_steps = ['Your filesystem is {{ fact.filesystem }}.']), (p) => p.nextSteps, ['Your filesystem is {{ fact.filesystem }}.']],
  // related commits with a note; repo kept when given
  ['related commits', (b) => (b.related = [{ commit: '5b564d80f8bc21094c0cd2b19b679d983aabcc29', subject: 's', note: 'n', repo: 'https://git.kernel.org/x.git' }]), (p) => p.related, [{ sha: '5b564d80f8bc21094c0cd2b19b679d983aabcc29', subject: 's', note: 'n', repo: 'https://git.kernel.org/x.git' }]],
  // a 12-digit abbreviated sha is enough
  ['a 12-digit sha', (b) => (b.fix[0].commit = 'cebc2de44d3b'), (p) => p.fix[0].sha, 'cebc2de44d3b'],
  // stack signatures: names normalised as the trace reader normalises frames (offsets, clone suffixes, `?`)
  ['a stack signature', (b) => (b.signatures = [{ stack: ['xfs_iwalk_run_callbacks', 'xfs_iwalk_ag.isra.0+0x1c/0x2f0', '? xfs_iwalk'] }]), (p) => p.signatures[0], { kind: 'stack', pattern: 'xfs_iwalk_run_callbacks xfs_iwalk_ag xfs_iwalk', text: 'xfs_iwalk_run_callbacks, xfs_iwalk_ag.isra.0+0x1c/0x2f0, ? xfs_iwalk', weight: 1 }],
  // one function is enough when it is distinctive on its own
  ['a one-function stack signature', (b) => (b.signatures = [{ stack: ['bfq_setup_cooperator.cold'] }]), (p) => p.signatures[0].pattern, 'bfq_setup_cooperator'],
  // a bisect signature: the commit a report bisected to
  ['a bisect signature', (b) => (b.signatures = [{ bisect: '4ad2a4b8f2c6' }]), (p) => p.signatures[0], { kind: 'bisect', pattern: '4ad2a4b8f2c6', text: '4ad2a4b8f2c6', weight: 1 }],
  // affected.introduced.commit implies a bisect signature (appended, marked implied)
  ['introduced commit implies a bisect signature', (b) => (b.affected.introduced = { commit: '5b564d80f8bc' }), (p) => p.signatures.map((s: Bug) => [s.kind, s.pattern, s.implied ?? false]), [['log', 'device-mapper: space map common: unable to decrement a reference count below <N>', false], ['bisect', '5b564d80f8bc', true]]],
  // ... but not twice when the rule writes it as a bisect signature already
  ['introduced commit written as a bisect signature', (b) => { b.affected.introduced = { commit: '5b564d80f8bc21094c0cd2b19b679d983aabcc29' }; b.signatures.push({ bisect: '5b564d80f8bc' }); }, (p) => p.signatures.length, 2],
  // a fix known by subject and release, sha not yet known
  ['a fix without its sha', (b) => delete b.fix[0].commit, (p) => p.fix[0], { sha: null, subject: 'dm space map metadata: fix refcount decrement below 0 which caused corruption', repo: null }],
  // origin defaults to curated, provenance to null
  ['origin default', () => {}, (p) => [p.origin, p.provenance], ['curated', null]],
  // a generated rule with its provenance
  ['a generated rule', (b) => { b.origin = 'generated'; b.provenance = { source: 'kernel-cve', record: 'CVE-2024-50081', snapshot: '2026-11-30', url: 'https://www.cve.org/CVERecord?id=CVE-2024-50081' }; }, (p) => [p.origin, p.provenance], ['generated', { source: 'kernel-cve', record: 'CVE-2024-50081', snapshot: '2026-11-30', url: 'https://www.cve.org/CVERecord?id=CVE-2024-50081' }]],
  // provenance without the optional keys
  ['provenance with source and record only', (b) => { b.origin = 'generated'; b.provenance = { source: 'kernel-cve', record: 'CVE-2024-50081' }; }, (p) => p.provenance, { source: 'kernel-cve', record: 'CVE-2024-50081', snapshot: null, url: null }],
  // no_match spelled another way is accepted (with a warning, see the alias tests)
  ['examples.nomatch', (b) => { b.examples.nomatch = b.examples.no_match; delete b.examples.no_match; }, (p) => p.examples.noMatch.length, 1],
];

describe.each(validCases)('valid variation: %s', (_name, mutate, pick, expected) => {
  it('parses without errors', () => {
    const parsed = parseBug(mutate);
    expect(errorMessages(parsed)).toEqual([]);
    expect(pick(parsed.ruleSet.bugs[0] as Bug)).toEqual(expected);
  });
});

// Each row: a change that makes the bug invalid, and the message (with its fix) the maintainer gets.
const invalidCases: Array<[string, (b: Bug) => void, string]> = [
  // typo of a required key: did-you-mean, plus the now-missing key
  ['misspelt signatures', (b) => { b.signature = b.signatures; delete b.signatures; }, 'unknown key `signature` — did you mean `signatures`?'],
  // a key that resembles nothing: the known keys are listed
  ['a made-up key', (b) => (b.severity = 'high'), 'unknown key `severity`: known keys are `id`, `title`'],
  // a required key left out
  ['no title', (b) => delete b.title, 'missing required key `title`'],
  // a required key written but empty
  ['empty title', (b) => (b.title = null), '`title` must be text, not empty'],
  // ids are lower-case slugs
  ['id with capitals', (b) => (b.id = 'Bad_Id'), '`id`: an id is lower case letters, digits and dashes'],
  // titles are one line
  ['two-line title', (b) => (b.title = 'a\nb'), '`title`: the title is one line'],
  // links are URLs
  ['a link that is no URL', (b) => (b.links = ['bugzilla 68801']), '`links[0]`: write a full http(s) URL'],
  // at least one link
  ['no links', (b) => (b.links = []), '`links`: add at least one link'],
  // at least one signature
  ['no signatures', (b) => (b.signatures = []), '`signatures`: add at least one signature'],
  // a signature with no kind
  ['signature with only a weight', (b) => (b.signatures = [{ weight: 0.5 }]), '`signatures[0]`: a signature needs one of `log`, `crash`, `regex`, `stack` or `bisect`'],
  // two kinds in one signature
  ['log and crash in one signature', (b) => (b.signatures = [{ log: 'device-mapper: thin: something failed badly', crash: 'WARNING in x' }]), 'exactly one of `log`, `crash`, `regex`, `stack`, `bisect` (found `log` and `crash`): split it into 2 signatures'],
  // weights are in (0, 1]
  ['weight 0', (b) => (b.signatures[0].weight = 0), '`signatures[0].weight`: a weight is above 0'],
  ['weight 2', (b) => (b.signatures[0].weight = 2), '`signatures[0].weight`: a weight is at most 1'],
  ['weight as text', (b) => (b.signatures[0].weight = 'high'), '`signatures[0].weight` must be a number, not the text "high"'],
  // a log line too short to identify anything
  ['log signature of one word', (b) => (b.signatures = [{ log: 'error -5' }]), 'the canonical form `error -5` has too few words to identify a bug (it matches everything)'],
  // only placeholders
  ['log signature of numbers only', (b) => (b.signatures = [{ log: '253:6 0x1f 12345 sda1' }]), 'has too few words to identify a bug'],
  // pasted with the dmesg timestamp
  ['log signature with a timestamp', (b) => (b.signatures[0].log = '[101754.726823] device-mapper: space map common: unable to decrement'), 'remove the `[ 123.456]` timestamp'],
  // pasted with a syslog prefix
  ['log signature with a syslog prefix', (b) => (b.signatures[0].log = 'Jan  3 10:00:00 host kernel: device-mapper: space map common: failed'), 'remove the syslog prefix'],
  // two lines in one log signature never match: report lines are matched one at a time
  ['a two-line log signature', (b) => (b.signatures[0].log = 'device-mapper: space map common: unable to decrement\ndevice-mapper: thin: dm_thin_insert_block() failed'), 'a log signature is one line'],
  // labels must be usable on both trackers
  ['a label with a comma', (b) => (b.labels = ['dm-thin,known-bug']), 'a label has no comma'],
  ['a label too long for GitHub', (b) => (b.labels = ['x'.repeat(51)]), 'a label is at most 50 characters'],
  // JS-only regex constructs
  ['regex with a back-reference', (b) => (b.signatures = [{ regex: '(error) \\1 again' }]), 'back-references (`\\1`, `\\k<name>`) are JavaScript-only'],
  ['regex with look-ahead', (b) => (b.signatures = [{ regex: 'failed(?= with)' }]), 'look-around `(?=`, `(?!`, `(?<=`, `(?<!` is JavaScript-only'],
  // syntax errors are reported with RE2's reason
  ['regex that does not compile', (b) => (b.signatures = [{ regex: 'dm_thin_insert_block(' }]), 'not a valid RE2 regex: missing closing )'],
  // regexes matching everything
  ['regex matching the empty string', (b) => (b.signatures = [{ regex: '(device-mapper)?' }]), 'the regex matches the empty string'],
  ['regex matching almost anything', (b) => (b.signatures = [{ regex: '[a-z]+ [a-z]+' }]), 'the regex matches almost anything'],
  // versions
  ['stable release with x', (b) => (b.affected.fixed.stable = ['3.12.x']), '`affected.fixed.stable[0]`: `3.12.x` is not a stable release: write a release like 3.12.15'],
  ['mainline written as a stable release', (b) => (b.affected.fixed.mainline = '3.14.2'), '`3.14.2` is a stable release, not a mainline one: put it under `stable`'],
  ['mainline with .0', (b) => (b.affected.fixed.mainline = '3.14.0'), 'write mainline 3.14 as `3.14`, not `3.14.0`'],
  ['stable release that is mainline', (b) => (b.affected.fixed.stable = ['3.13']), '`3.13` is a mainline release: put it under `mainline`'],
  ['stable release that is an rc', (b) => (b.affected.fixed.stable = ['3.14-rc2']), '`3.14-rc2` is a release candidate: put it under `mainline`'],
  ['stable x.y.0', (b) => (b.affected.fixed.stable = ['3.12.0']), '`3.12.0` is mainline 3.12, not a stable release'],
  ['two releases of one series', (b) => (b.affected.fixed.stable = ['3.12.15', '3.12.20']), 'two releases of the 3.12 series (3.12.15 and 3.12.20): keep the first fixed one'],
  ['a leading v', (b) => (b.affected.fixed.mainline = 'v3.14'), 'write `3.14` without the leading `v`'],
  ['not a version at all', (b) => (b.affected.fixed.mainline = 'soon'), '`soon` is not a kernel version: write X.Y or X.Y-rcN'],
  ['an unknown distro key', (b) => (b.affected.fixed.distro = { ubunt: '5.15.0-92' }), 'unknown key `ubunt` in `affected.fixed.distro` — did you mean `ubuntu`?'],
  ['a distro build without sublevel', (b) => (b.affected.fixed.distro = { ubuntu: '5.15' }), '`5.15` is not a distro kernel build'],
  ['introduced as an empty mapping', (b) => (b.affected.introduced = {}), 'write `commit:`, `version:` or both'],
  ['introduced as a bad version', (b) => (b.affected.introduced = '3.x'), '`affected.introduced`: `3.x` is not a kernel version'],
  // shas
  ['short sha', (b) => (b.fix[0].commit = 'cebc2de'), 'a commit is a sha of 12 to 40 hex digits'],
  ['sha in capitals', (b) => (b.fix[0].commit = 'CEBC2DE44D3B'), 'write the sha in lower case'],
  ['sha with non-hex', (b) => (b.fix[0].commit = 'cebc2de44d3z'), 'a commit is a sha of 12 to 40 hex digits'],
  ['no fix', (b) => (b.fix = []), '`fix`: add the fixing commit'],
  ['fix without subject', (b) => delete b.fix[0].subject, 'missing required key `fix[0].subject`'],
  // templates
  ['unknown template', (b) => (b.next_steps = ['Upgrade to {{fixed_for_runing}}.']), 'unknown template `{{fixed_for_runing}}`: use one of'],
  ['unclosed template', (b) => (b.next_steps = ['Upgrade to {{fixed_for_running.']), '`{{` at character 12 is never closed'],
  ['bad fact template', (b) => (b.next_steps = ['{{fact.}}']), 'is not a fact template'],
  // when values
  ['when with a mapping', (b) => (b.when = { thin_pool: { a: 1 } }), '`when.thin_pool` must be true or false, text, a number or a list, not a mapping'],
  ['when with an empty list', (b) => (b.when = { filesystem: [] }), 'an empty list matches nothing'],
  ['when with a non-snake fact id', (b) => (b.when = { 'Thin-Pool': true }), 'a fact id is snake_case'],
  // examples
  ['no match example', (b) => (b.examples.match = []), '`examples.match`: add at least one report snippet the rule must match'],
  ['no no_match example', (b) => (b.examples.no_match = []), '`examples.no_match`: add at least one report snippet the rule must not match'],
  ['no examples at all', (b) => delete b.examples, 'missing required key `examples`'],
  ['blank example', (b) => (b.examples.match = ['   ']), 'an example is empty'],
  // crash titles are compared exactly with extracted titles, which write LINE and no offsets
  ['crash title with a line number', (b) => (b.signatures = [{ crash: 'kernel BUG at fs/ext4/inode.c:123!' }]), 'crash titles write line numbers as LINE'],
  ['crash title with an offset', (b) => (b.signatures = [{ crash: 'WARNING in dec_ref_count+0x1f/0x40' }]), 'crash titles name the function, not its offset'],
  // a bug introduced after its own fix
  ['introduced after the fix', (b) => (b.affected.introduced = '3.15'), '`affected.introduced`: introduced in 3.15, but fixed in mainline 3.14-rc6'],
  ['introduced at the fixing rc', (b) => (b.affected.introduced = { version: '3.14-rc6' }), 'introduced in 3.14-rc6, but fixed in mainline 3.14-rc6'],
  // stack signatures
  ['an empty stack', (b) => (b.signatures = [{ stack: [] }]), '`signatures[0].stack`: list the functions'],
  ['a generic function alone', (b) => (b.signatures = [{ stack: ['__schedule'] }]), '`__schedule` alone occurs in traces of many bugs: list at least two functions'],
  ['a short function alone', (b) => (b.signatures = [{ stack: ['iput'] }]), 'list at least two functions'],
  ['not a function name', (b) => (b.signatures = [{ stack: ['xfs_iwalk', '+0x1c/0x2f0'] }]), '`+0x1c/0x2f0` is not a function name'],
  ['a function twice', (b) => (b.signatures = [{ stack: ['xfs_iwalk_ag', 'xfs_iwalk_ag.isra.0'] }]), '`xfs_iwalk_ag` is listed twice'],
  ['stack as text', (b) => (b.signatures = [{ stack: 'xfs_iwalk_ag' }]), '`signatures[0].stack` must be a list'],
  // bisect signatures
  ['a 7-digit bisect sha', (b) => (b.signatures = [{ bisect: '4ad2a4b' }]), 'a bisect signature is a lower-case sha of 12 to 40 hex digits'],
  // a fix without sha needs the mainline release
  ['a fix without sha or release', (b) => { delete b.fix[0].commit; delete b.affected; }, '`fix[0].commit`: add the fixing commit\'s sha, or (while it is not yet known) the first mainline release'],
  // origin and provenance
  ['an unknown origin', (b) => (b.origin = 'imported'), '`origin` must be one of `curated`, `generated`'],
  ['a generated rule without provenance', (b) => (b.origin = 'generated'), 'a generated rule says where it came from'],
  ['provenance with a bad snapshot date', (b) => (b.provenance = { source: 'kernel-cve', record: 'CVE-2024-50081', snapshot: '30.11.2026' }), 'a snapshot is a date: YYYY-MM-DD'],
  ['provenance without record', (b) => (b.provenance = { source: 'kernel-cve' }), 'missing required key `provenance.record`'],
  // ask entries
  ['ask without question', (b) => (b.ask = [{ fact: 'discards' }]), 'missing required key `ask[0].question`'],
];

describe.each(invalidCases)('invalid bug: %s', (_name, mutate, message) => {
  it('is reported with the fix and left out of the rule set', () => {
    const parsed = parseBug(mutate);
    expect(errorMessages(parsed).join('\n')).toContain(message);
    expect(parsed.ruleSet.bugs).toEqual([]);
    expect(parsed.problems.every((p) => p.file === 'test.yml' && p.line > 1 && p.col >= 1)).toBe(true);
  });
});

// Playbooks: each row a change to a valid playbook and the expected error.
const playbookCases: Array<[string, (p: Bug) => void, string]> = [
  // nothing to say
  ['no steps and no questions', (p) => delete p.next_steps, 'a playbook needs `next_steps` or `ask`'],
  // templates that need a fix make no sense without a bug
  ['a fix template in a playbook', (p) => (p.next_steps = ['Apply {{fix_commit}}.']), 'unknown template `{{fix_commit}}`: use one of {{running}}, {{fact.<id>}}'],
  // snake-case keys only
  ['misspelt key', (p) => (p.subsystem = ['x']), 'unknown key `subsystem` — did you mean `subsystems`?'],
];

describe.each(playbookCases)('invalid playbook: %s', (_name, mutate, message) => {
  it('is reported and left out', () => {
    const playbook = validPlaybook();
    mutate(playbook);
    const parsed = parseWithFacts(ruleFileText([validBug()], [playbook]));
    expect(errorMessages(parsed).join('\n')).toContain(message);
    expect(parsed.ruleSet.playbooks).toEqual([]);
    expect(parsed.ruleSet.bugs).toHaveLength(1);
  });
});

it('parses a valid playbook with defaults', () => {
  const parsed = parseWithFacts(ruleFileText([validBug()], [{ ...validPlaybook(), when: { thin_pool: true }, signature_prefixes: ['device-mapper: thin'] }]));
  expect(parsed.problems).toEqual([]);
  expect(parsed.ruleSet.playbooks).toEqual([
    {
      id: 'dm-thin',
      title: 'Device-mapper thin provisioning',
      subsystems: ['device-mapper/thin'],
      signaturePrefixes: ['device-mapper: thin'],
      when: { thin_pool: true },
      nextSteps: ['Attach `dmsetup status`.'],
      ask: [],
      labels: [],
      source: { file: 'test.yml', line: expect.any(Number), col: expect.any(Number) },
    },
  ]);
});

// Each row: a change that still parses but draws a warning (the rule stays in the rule set).
const warningCases: Array<[string, (b: Bug) => void, string]> = [
  // 3.14.2 already has the fix from mainline 3.14-rc6
  ['a stable release after the mainline fix', (b) => (b.affected.fixed.stable = ['3.14.2', '3.12.15']), '`affected.fixed.stable[0]`: 3.14.2 is in a series that already has the fix from mainline 3.14-rc6: list only backports to older series'],
  // the same signature twice
  ['a repeated signature', (b) => b.signatures.push({ ...b.signatures[0] }), '`signatures[1]`: the same signature as signatures[0]: remove one'],
  // a stack signature leaning on frames every trace has: the others still identify the bug
  ['a generic frame among specific ones', (b) => (b.signatures = [{ stack: ['entry_SYSCALL_64', 'xfs_iwalk_ag', 'xfs_iwalk_run_callbacks'] }]), '`signatures[0].stack`: `entry_SYSCALL_64` is a frame many unrelated traces share (entry, scheduler, reporting, allocator or locking code): remove it, the other functions identify the bug'],
  // ... and one specific function is not enough once the generic ones are discounted
  ['generic frames around one specific', (b) => (b.signatures = [{ stack: ['__schedule', 'xfs_iwalk_ag'] }]), '`signatures[0].stack`: `__schedule` is a frame many unrelated traces share (entry, scheduler, reporting, allocator or locking code): name functions of the buggy code path instead'],
  // an example both ways
  ['an example under match and no_match', (b) => (b.examples.no_match = [...b.examples.match]), '`examples.no_match[0]`: this example is also under `match`: a report cannot both match and not match'],
];

describe.each(warningCases)('warning: %s', (_name, mutate, message) => {
  it('is reported as a warning and the bug is kept', () => {
    const parsed = parseBug(mutate);
    expect(parsed.problems.map((p) => [p.severity, p.message])).toEqual([['warning', message]]);
    expect(parsed.ruleSet.bugs).toHaveLength(1);
  });
});

it('a stable release may introduce a bug mainline fixed earlier (a bad backport)', () => {
  const parsed = parseBug((b) => (b.affected.introduced = '3.16.2'));
  expect(parsed.problems).toEqual([]);
});
