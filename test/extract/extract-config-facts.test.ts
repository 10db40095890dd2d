import fc from 'fast-check';
import { RE2JS } from 're2js';
import { extractConfigFacts } from '../../src/extract/extract-config-facts.js';
import { segmentReport } from '../../src/extract/segment-report.js';
import { readFactVocabulary } from '../../src/io/read-fact-vocabulary.js';
import type { BugReport, ConfigFact, FactDefinition } from '../../src/model.js';
import { makeReport } from './report-builder.js';

let vocabulary: FactDefinition[];
beforeAll(async () => {
  vocabulary = await readFactVocabulary();
});

const config = (report: BugReport): Record<string, ConfigFact> => extractConfigFacts(segmentReport(report), vocabulary);
const value = (body: string, id: string): unknown => config(makeReport(body))[id]?.value;

describe('extractConfigFacts: phrases, regexes and negation', () => {
  it.each([
    ['we use ext4 with discards for these LVs', 'discards', true],
    ['And it crashed again, this time without discards enabled.', 'discards', false],
    ['We never had discards enabled on this box.', 'discards', false],
    ['We do not use discards on any of the thin volumes.', 'discards', false],
    ['We remounted without the option and stopped fstrim.', 'discards', false],
    ['/dev/sda1 /data xfs rw,noatime,nodiscard 0 0', 'discards', false],
    ['Discards are passed through (`rd.luks.options=discard`).', 'discards', true],
    // a negation reaches the phrase only across filler words: "did not recreate the thin pool" keeps the pool
    ['We did not recreate the thin pool.', 'thin_pool', true],
    ['This is not a thin pool, just linear LVs.', 'thin_pool', false],
    ['Not using any encryption on this machine.', 'encryption', false],
    ['The disk is a LUKS2 container opened with cryptsetup open.', 'encryption', true],
    // "cryptsetup 2.7.0" in a version list says it is installed, not used
    ['Environment: lvm2 2.03.16, cryptsetup 2.7.0', 'encryption', undefined],
    ['We resized the metadata device last week.', 'metadata_resized', true],
    ['lvextend --poolmetadatasize +1G vg/pool', 'metadata_resized', true],
    ['They are exported to other machines via iSCSI.', 'iscsi_export', true],
    ['md127 : active raid5 sde1[5] sdd1[3]', 'raid_level', 'raid5'],
    ['A slave MySQL instance writes to it.', 'workload', 'mysql'],
    ['Hardware name: QEMU Standard PC (Q35 + ICH9, 2009)', 'virtualization', 'kvm'],
    ['The host is bare metal.', 'virtualization', 'none'],
    // an enumeration is not flipped by a negation: "not xfs" says nothing about which filesystem it is
    ['It is not xfs.', 'filesystem', undefined],
    // a negation reaches every item of an "or" list: "don't use LVM or encryption" denies both
    ["I don't use LVM or encryption, just a plain ext4 partition.", 'encryption', false],
    ['We never used thin provisioning or discards on it.', 'discards', false],
    ['No RAID, thin pool or encryption here.', 'encryption', false],
    // ... but not across a word that is neither filler nor list item
    ['We did not recreate the thin pool or encryption.', 'encryption', true],
    // hyphenated forms are the phrase's words ("thin-provisioned" ~ "thin provisioned"), and "non-" negates
    ['The LV is not thin-provisioned.', 'thin_pool', false],
    ['Our root is on a thin-provisioned LV.', 'thin_pool', true],
    ['The data LV is a non-thin volume.', 'thin_pool', false],
    // a phrase says more than the bare word a regex finds at the same place: "discard off" is off
    ['We turned discard off last week and it still happens.', 'discards', false],
    // a question asserts nothing
    ['Are discards enabled?', 'discards', undefined],
  ])('%s -> %s = %s', (body, id, expected) => {
    expect(value(body, id)).toBe(expected);
  });
});

describe('extractConfigFacts: answers to quoted questions', () => {
  it('gives a "No" the subject of the quoted question', () => {
    const report = makeReport('Layout is a thin pool.', [
      { text: 'Did you happen to resize the metadata device at any point in the past?', author: 'maintainer', isReporter: false },
      { text: '(In reply to Mike from comment #5)\n> Did you happen to resize the metadata device at any point in the past?\n\nNo, we never resized it.' },
    ]);
    const fact = config(report).metadata_resized!;
    expect(fact.value).toBe(false);
    expect(fact.evidence).toMatchObject({ part: 'comment', index: 1, quote: 'No, we never resized it.' });
  });

  it('gives a "Yes" the value the question asks about', () => {
    const report = makeReport('> Has the metadata been extended at some point? If so, how?\n\nYes, twice.');
    expect(config(report).metadata_resized?.value).toBe(true);
  });

  it('reads the polarity for each question from the part of the answer that does not state another fact', () => {
    // "We do" answers the discard question (stated outright); the "no" answers the metadata one
    const report = makeReport('> Are you using discards?\n> Did you ever resize the metadata volume?\n\nWe do have discards enabled (fstrim.timer runs weekly), and no, we never touched the metadata size.');
    const facts = config(report);
    expect(facts.discards?.value).toBe(true);
    expect(facts.metadata_resized?.value).toBe(false);
  });

  it('gives no answer to a question when every clause of the answer states another fact', () => {
    const report = makeReport('> Are you using discards?\n> Did you ever resize the metadata volume?\n\nWe do have discards enabled.');
    const facts = config(report);
    expect(facts.discards?.value).toBe(true);
    expect(facts.metadata_resized).toBeUndefined();
  });

  it('ignores an answer that is neither yes nor no', () => {
    const report = makeReport('> Did you resize the metadata device?\n\nI will have to check with the admin.');
    expect(config(report).metadata_resized).toBeUndefined();
  });

  it('does not read the quoted question as a statement of the quoting author', () => {
    const report = makeReport('> You mentioned that discards are enabled.\n\nGood to know.');
    expect(config(report).discards).toBeUndefined();
  });
});

describe('extractConfigFacts: time and authorship', () => {
  it('lets the latest statement win and keeps each change in the history', () => {
    const report = makeReport('We use ext4 with discards.\n\n/dev/mapper/data-mysql on /var/lib/mysql type ext4 (rw,relatime,discard)', [
      { text: 'It crashed again, this time without discards enabled.' },
    ]);
    const fact = config(report).discards!;
    expect(fact.value).toBe(false);
    expect(fact.history.map((h) => h.value)).toEqual([true, false]);
    expect(fact.history.map((h) => h.evidence.part)).toEqual(['body', 'comment']);
    expect(fact.evidence).toEqual(fact.history[1]!.evidence);
  });

  it('does not let a negated phrase in prose undo what command output shows', () => {
    const lvs = '  LV       VG   Attr       LSize   Pool     Origin\n  thinpool data twi-a-tz-- 100.00g\n\n';
    const prose = 'Our other hosts do not use thinp.';
    expect(config(makeReport(lvs + prose)).thin_pool!.history.map((h) => h.value)).toEqual([true]);
    // without the table, the prose is all there is
    expect(config(makeReport(prose)).thin_pool!.value).toBe(false);
    // a plain (not negated) statement still changes the value
    expect(config(makeReport(`${lvs}We then moved everything to a linear LV, no thin pool anymore.`)).thin_pool!.value).toBe(false);
  });

  it('does not let kernel log lines be undone by a negated phrase in prose either', () => {
    const log = '[  93.1] device-mapper: thin: 252:2: switching pool to read-only mode\n\n';
    expect(config(makeReport(`${log}Our other hosts do not use thinp.`)).thin_pool!.history.map((h) => h.value)).toEqual([true]);
    // a pasted command line is not the machine's own report: the prose still counts
    expect(config(makeReport('```\nlvcreate -T vg/pool -L 10G\n```\n\nWe do not use thinp anymore.')).thin_pool!.value).toBe(false);
  });

  it.each([
    // the seed's sentence: a concessive clause about earlier use
    ['this machine has been known-good and used in production for quite some time (although not with thinp)', undefined],
    ['We ran this box for years, but not with discards.', undefined],
    ['In the past it worked, though never with discards.', undefined],
    ['We used to run the same setup, but not with thin provisioning.', undefined],
    // a concessive clause about now is a statement about now
    ['We use ext4 on this box, but not with discards.', false],
    ['It has been failing since Monday, but not with discards.', false],
    // earlier use without a concessive clause: a plain negation
    ['For years we never used discard on it.', false],
  ])('a negation about earlier use says nothing about now: %j', (sentence, discardsOrThin) => {
    const facts = config(makeReport(sentence));
    const fact = facts.discards ?? facts.thin_pool;
    expect(fact?.value).toBe(discardsOrThin);
  });

  it('does not take other people\'s setups for the reporter\'s', () => {
    const report = makeReport('ext4 on /dev/bcache0.', [{ text: 'Same here, but I use xfs with dm-crypt.', author: 'someone', isReporter: false }]);
    const facts = config(report);
    expect(facts.filesystem?.value).toBe('ext4');
    expect(facts.encryption).toBeUndefined();
  });

  it('skips bot comments entirely', () => {
    const report = makeReport('ext4 here.', [{ text: 'ktriage: is it xfs?\n\nxfs with discard', author: 'ktriage[bot]', isBot: true, isReporter: false }]);
    expect(config(report)).toEqual({ filesystem: expect.objectContaining({ value: 'ext4' }) });
  });

  it('fills only facts the vocabulary defines', () => {
    const report = makeReport('  LV   VG  Attr       LSize Pool Origin\n  pool vg  twi-a-tz-- 1.00g');
    const only = vocabulary.filter((f) => f.id === 'filesystem');
    expect(extractConfigFacts(segmentReport(report), only)).toEqual({});
  });
});

describe('extractConfigFacts: a sentence a report repeats is read once', () => {
  // A sentence of about 1,900 characters naming no fact: each reading of it costs the regex budget
  // (1,000,000 characters per report) its length, a repeat read from the memo as much as the first.
  const filler = `${'we looked at the pool again and then '.repeat(51).trim()}.`;
  const closing = 'Then we formatted it with xfs and resized the metadata device.';

  it('charges each repeat to the regex budget: past it, regexes (xfs) stop and phrases (resized metadata) still count', () => {
    const within = config(makeReport(`${`${filler} `.repeat(10)}${closing}`));
    expect([within.filesystem?.value, within.metadata_resized?.value]).toEqual(['xfs', true]);
    const past = config(makeReport(`${`${filler} `.repeat(530)}${closing}`));
    expect([past.filesystem?.value, past.metadata_resized?.value]).toEqual([undefined, true]);
  });

  it('gives every repeat its own evidence, and the negation its reading', () => {
    const sentence = 'We never had discards enabled on this box.';
    const fact = config(makeReport(`We use ext4 with discards.\n\n${sentence}\n\nWe use ext4 with discards.\n\n${sentence}`)).discards!;
    expect(fact.history.map((h) => [h.value, h.evidence.line, h.confidence])).toEqual([
      [true, 0, 0.6],
      [false, 2, 0.55],
      [true, 4, 0.6],
      [false, 6, 0.55],
    ]);
  });
});

describe('extractConfigFacts: a Bugzilla page saved as text', () => {
  it('reads only the lines under the reporter\'s own comment headers', () => {
    const body = [
      'Bug 1',
      'Summary: pool read-only',
      '',
      'Description Jane Doe 2024-01-02 10:00:00 UTC',
      'Our filesystem is ext4 on a thin pool.',
      '',
      'Comment 1 Mike Maintainer 2024-01-02 11:00:00 UTC',
      'On my test box with xfs and discards I cannot reproduce it.',
      '',
      'Comment 2 Jane Doe 2024-01-02 12:00:00 UTC',
      'We run it without encryption.',
    ].join('\n');
    const facts = config(makeReport(body));
    expect(facts.filesystem?.value).toBe('ext4');
    expect(facts.discards).toBeUndefined();
    expect(facts.encryption?.value).toBe(false);
    expect(facts.encryption?.evidence.line).toBe(10);
  });
});

describe('extractConfigFacts: regexes run only where their literal occurs', () => {
  // The vocabulary's regexes are compiled lazily and run only on texts that contain their required
  // literal (case-folded). A fact is found exactly when RE2 matching the whole pattern
  // case-insensitively says so: the prefilter may never lose a match, whatever the case, including
  // the two non-ASCII letters RE2 folds onto ASCII ones (U+017F long s, U+212A Kelvin sign).
  // Groups of alternatives and small classes too: a group every match passes through stands for its
  // branches' literals, a class for each of its characters.
  const atom = fc.constantFrom('disk', 'Sk', 'ks', 'KS', 'a', 'b', '\\d', '[ab]', '[j-l]', '(a|b)', '(?:disk|Ks)', '(?:ab|sk)', '.', ' ', 'x');
  const quantifier = fc.constantFrom('', '', '', '*', '+', '?', '{1,2}');
  const body = fc.array(fc.tuple(atom, quantifier).map(([a, q]) => a + q), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));
  // Sometimes a top-level alternation: a literal per branch, or none (tried on every text).
  const regex = fc.tuple(body, fc.option(body, { nil: undefined })).map(([a, b]) => (b === undefined ? a : `${a}|${b}`));
  const letters = ['d', 'D', 'i', 'I', 's', 'S', '\u017f', 'k', 'K', '\u212a', 'a', 'b', 'x', '1'];
  // A regex that matches the empty string is not a statement about anything (and every text has it).
  const matchesNothing = (sources: string[]) => sources.every((source) => !RE2JS.compile(source).test(''));
  const line = fc.string({ unit: fc.constantFrom(...letters, ' '), minLength: 1, maxLength: 24 }).filter((t) => t.trim().length > 0);
  // Prose: one word, so the sentence the extractor reads is exactly the text.
  const word = fc.string({ unit: fc.constantFrom(...letters), minLength: 1, maxLength: 24 });
  const vocabularyOf = (sources: string[]): FactDefinition[] =>
    sources.map((source, i) => ({ id: `fact_${i}`, description: 'generated', type: 'boolean', values: [], question: null, patterns: [{ value: true, phrases: [], regexes: [source] }] }));

  it('reads a prose hit that lies after the last word token (it used to throw in the negation check)', () => {
    // "dſ" has no word token; RE2 folds the long s onto "s", so `S` matches after every token.
    const facts = extractConfigFacts(segmentReport(makeReport('d\u017f')), vocabularyOf(['S']));
    expect(facts['fact_0']?.value).toBe(true);
  });

  it('finds a fact on a command-output line exactly when its regex matches the line', () => {
    fc.assert(
      fc.property(fc.array(regex, { minLength: 1, maxLength: 4 }).filter(matchesNothing), line, (sources, code) => {
        const facts = extractConfigFacts(segmentReport(makeReport(`\`\`\`\n${code}\n\`\`\``)), vocabularyOf(sources));
        sources.forEach((source, i) => {
          expect([source, code, facts[`fact_${i}`]?.value === true]).toEqual([source, code, RE2JS.compile(source, RE2JS.CASE_INSENSITIVE).test(code)]);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('finds a fact in prose (where the match is located) exactly when its regex matches the sentence', () => {
    fc.assert(
      fc.property(fc.array(regex, { minLength: 1, maxLength: 4 }).filter(matchesNothing), word, (sources, sentence) => {
        const facts = extractConfigFacts(segmentReport(makeReport(sentence)), vocabularyOf(sources));
        sources.forEach((source, i) => {
          expect([source, sentence, facts[`fact_${i}`]?.value === true]).toEqual([source, sentence, RE2JS.compile(source, RE2JS.CASE_INSENSITIVE).test(sentence)]);
        });
      }),
      { numRuns: 300 },
    );
  });
});
