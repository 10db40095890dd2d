import { parseKernelVersion } from '../../src/extract/index.js';
import { compileRules, evaluateRules, rankMatches } from '../../src/match/index.js';
import { isGenericCrashTitle } from '../../src/match/generic-signatures.js';
import type { CrashReport, Facts } from '../../src/model.js';
import { crashTitled, factsWith, logLine, quoteAt, runningKernel } from '../support/facts-with.js';
import { parseWithFacts, ruleFileText, validBug } from '../rules/support/rule-text.js';

/*
 * RANKING.md "Rules sharing a crash title" and "Generated rules": which of several rules that
 * match one report comes first, and when a generated rule may give a known-bug verdict.
 */

const TITLE = 'KASAN: use-after-free Read in bfq_setup_cooperator';
const evidence = quoteAt;
const crash = (title: string): CrashReport => crashTitled(title, 20);

interface ReportShape {
  titles?: string[];
  lines?: string[];
  running?: string;
  filesystem?: string;
}

function facts(shape: ReportShape): Facts {
  const crashes = (shape.titles ?? []).map(crash);
  return factsWith({
    kernel: runningKernel(shape.running ?? null),
    signatures: (shape.lines ?? []).map((text, i) => logLine(text, i + 1)),
    config: shape.filesystem === undefined ? {} : { filesystem: { value: shape.filesystem, evidence: evidence(shape.filesystem, 30), confidence: 1, history: [] } },
    crash: crashes[0] ?? null,
    crashes,
  });
}

interface RuleShape {
  id: string;
  signatures: unknown[];
  when?: Record<string, unknown>;
  /** affected.fixed */
  fixed?: { mainline?: string; stable?: string[] };
  /** affected.introduced */
  introduced?: string;
  generated?: boolean;
}

function rule(shape: RuleShape): Record<string, unknown> {
  const bug = validBug(shape.id);
  bug.signatures = shape.signatures;
  bug.when = shape.when ?? {};
  bug.affected = { fixed: shape.fixed ?? { mainline: '6.3-rc2' }, ...(shape.introduced ? { introduced: shape.introduced } : {}) };
  delete bug.ask;
  if (shape.generated) {
    bug.origin = 'generated';
    bug.provenance = { source: 'kernel-cve', record: `CVE-2026-${shape.id.length}`, snapshot: '2026-11-30' };
  }
  return bug;
}

function rank(rules: RuleShape[], report: ReportShape) {
  const parsed = parseWithFacts(ruleFileText(rules.map(rule)));
  expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
  const f = facts(report);
  return rankMatches(evaluateRules(f, compileRules(parsed.ruleSet)), f);
}

const LINE_A = 'bfq: bfq_setup_cooperator: queue merge raced with exit of the process';
const LINE_B = 'block: bfq: cooperating queue freed while still referenced by the merge';
const LINE_SHARED = 'Buffer I/O error on dev <DEV>, logical block <N>, async page read';

// Each row: the rules, the report, the rule ids in rank order (confident ones), and which tie.
const ORDER_CASES: Array<[string, RuleShape[], ReportShape, string[]]> = [
  // a condition a known fact satisfies fits better than none (ids chosen so id order would say the opposite)
  [
    'a satisfied condition wins',
    [
      { id: 'a-no-condition', signatures: [{ crash: TITLE }] },
      { id: 'b-on-ext4', signatures: [{ crash: TITLE }], when: { filesystem: 'ext4' } },
    ],
    { titles: [TITLE], filesystem: 'ext4' },
    ['b-on-ext4', 'a-no-condition'],
  ],
  // a contradicted condition (another architecture, another filesystem) drops the rule
  [
    'a contradicted condition drops the rule',
    [
      { id: 'a-on-xfs', signatures: [{ crash: TITLE }], when: { filesystem: 'xfs' } },
      { id: 'b-on-ext4', signatures: [{ crash: TITLE }], when: { filesystem: 'ext4' } },
    ],
    { titles: [TITLE], filesystem: 'ext4' },
    ['b-on-ext4'],
  ],
  // the kernel lacks one rule's fix and has the other's: the bug it can still have comes first
  [
    'the fix status that fits wins',
    [
      { id: 'a-fixed-long-ago', signatures: [{ crash: TITLE }], fixed: { mainline: '6.2', stable: ['6.1.50'] } },
      { id: 'b-fixed-later', signatures: [{ crash: TITLE }], fixed: { mainline: '6.8', stable: ['6.1.83'] } },
    ],
    { titles: [TITLE], running: '6.1.80' },
    ['b-fixed-later', 'a-fixed-long-ago'],
  ],
  // at equal fit a curated rule comes before a generated one, even when the generated one matched more lines
  [
    'curated before generated at equal fit',
    [
      { id: 'a-generated', signatures: [{ crash: TITLE }, { log: LINE_A }], generated: true },
      { id: 'b-curated', signatures: [{ crash: TITLE }] },
    ],
    { titles: [TITLE], lines: [LINE_A], running: '6.1.80' },
    ['b-curated', 'a-generated'],
  ],
  // ... but a generated rule that fits better (its fix is missing, the curated one's is present) wins
  [
    'a better-fitting generated rule wins',
    [
      { id: 'a-generated', signatures: [{ crash: TITLE }], fixed: { mainline: '6.8', stable: ['6.1.83'] }, generated: true },
      { id: 'b-curated', signatures: [{ crash: TITLE }], fixed: { mainline: '6.2', stable: ['6.1.50'] } },
    ],
    { titles: [TITLE], running: '6.1.80' },
    ['a-generated', 'b-curated'],
  ],
  // two records of one title: the one whose own line matched too beats the one that only shares
  // the title, even when only the latter says when its bug came in (ids say the opposite)
  [
    "a record's own evidence beats the introduction nudge",
    [
      { id: 'a-title-only', signatures: [{ crash: TITLE }], introduced: '5.4', generated: true },
      { id: 'b-title-and-line', signatures: [{ crash: TITLE }, { log: LINE_A, weight: 0.3 }], generated: true },
    ],
    { titles: [TITLE], lines: [LINE_A], running: '6.1.80' },
    ['b-title-and-line', 'a-title-only'],
  ],
  // ... and a curated rule still comes first at otherwise equal fit: a record's own evidence does not outweigh a maintainer
  [
    'curated before a record with its own evidence',
    [
      { id: 'a-generated', signatures: [{ crash: TITLE }, { log: LINE_A, weight: 0.3 }], generated: true },
      { id: 'b-curated', signatures: [{ crash: TITLE }] },
    ],
    { titles: [TITLE], lines: [LINE_A], running: '6.1.80' },
    ['b-curated', 'a-generated'],
  ],
];

describe.each(ORDER_CASES)('rules sharing a crash title: %s', (_name, rules, report, order) => {
  it('ranks them by fit, then origin', () => {
    expect(rank(rules, report).filter((r) => r.confident).map((r) => r.match.ruleId)).toEqual(order);
  });
});

it('names both rules when they still tie, and keeps the known-bug verdict', () => {
  const ranked = rank(
    [
      { id: 'a-first', signatures: [{ crash: TITLE }] },
      { id: 'b-second', signatures: [{ crash: TITLE }] },
    ],
    { titles: [TITLE], running: '6.1.80' },
  );
  expect(ranked.map((r) => [r.match.ruleId, r.match.verdict, r.match.tiedWith])).toEqual([
    ['a-first', 'known-bug-fix-available', ['b-second']],
    ['b-second', 'known-bug-fix-available', ['a-first']],
  ]);
});

it('does not call rules tied when they rest on different titles', () => {
  const ranked = rank(
    [
      { id: 'a-first', signatures: [{ crash: TITLE }] },
      { id: 'b-second', signatures: [{ log: LINE_A }] },
    ],
    { titles: [TITLE], lines: [LINE_A] },
  );
  expect(ranked.every((r) => r.match.tiedWith.length === 0)).toBe(true);
});

// Each row: a generated rule's signatures, the report, and whether it may be a known bug.
const GENERATED_CASES: Array<[string, unknown[], ReportShape, boolean]> = [
  ['a specific crash title', [{ crash: TITLE }], { titles: [TITLE] }, true],
  // the parser lost the frame: every unreadable oops has this title
  ['a title in corrupted', [{ crash: 'general protection fault in corrupted' }], { titles: ['general protection fault in corrupted'] }, false],
  // a WARNING in the reporting helper names no bug
  ['WARNING in a report helper', [{ crash: 'WARNING in __warn_printk' }], { titles: ['WARNING in __warn_printk'] }, false],
  ['a bare Oops', [{ crash: 'Oops' }], { titles: ['Oops'] }, false],
  // one distinctive line is one signature: not enough for a machine-written rule
  ['one log line', [{ log: LINE_A }], { lines: [LINE_A] }, false],
  // two lines of the report: independent
  ['two log lines on two report lines', [{ log: LINE_A }, { log: LINE_B }], { lines: [LINE_A, LINE_B] }, true],
  // a generic title plus a specific line: two kinds, but the title counts for nothing
  ['a generic title and one line', [{ crash: 'WARNING in __warn_printk' }, { log: LINE_A }], { titles: ['WARNING in __warn_printk'], lines: [LINE_A] }, false],
  ['a generic title and two lines', [{ crash: 'WARNING in __warn_printk' }, { log: LINE_A }, { log: LINE_B }], { titles: ['WARNING in __warn_printk'], lines: [LINE_A, LINE_B] }, true],
];

describe.each(GENERATED_CASES)('a generated rule on %s', (_name, signatures, report, confident) => {
  it(confident ? 'may give a known-bug verdict' : 'is at most a possible match, and says why', () => {
    const [top] = rank([{ id: 'generated-rule', signatures, generated: true }], report);
    expect(top?.confident).toBe(confident);
    expect(top?.match.verdict === 'possible-match').toBe(!confident);
    if (!confident) expect(top?.match.reasons.join('\n')).toContain('a generated rule needs a specific crash title or 2 independent signatures');
  });

  it('is a known bug on the same evidence when a maintainer wrote it', () => {
    const [top] = rank([{ id: 'curated-rule', signatures }], report);
    expect(top?.confident).toBe(true);
  });
});

it('a line three rules carry is generic for a generated rule', () => {
  const ranked = rank(
    [
      { id: 'generated-rule', signatures: [{ log: LINE_SHARED }, { log: LINE_A }], generated: true },
      { id: 'other-one', signatures: [{ log: LINE_SHARED }] },
      { id: 'other-two', signatures: [{ log: LINE_SHARED }] },
    ],
    { lines: [LINE_SHARED, LINE_A] },
  );
  expect(ranked.find((r) => r.match.ruleId === 'generated-rule')?.confident).toBe(false);
});

describe('a title three rules carry (records of several callers of one function)', () => {
  const SHARED_TITLE = 'WARNING in remove_proc_entry';
  const others = [
    { id: 'other-one', signatures: [{ crash: SHARED_TITLE }, { log: LINE_B, weight: 0.3 }], generated: true },
    { id: 'other-two', signatures: [{ crash: SHARED_TITLE }], generated: true },
  ];

  it('is the second independent signature beside the record\'s own line: a known bug, ranked over records sharing only the title', () => {
    const ranked = rank([{ id: 'generated-rule', signatures: [{ crash: SHARED_TITLE }, { log: LINE_A, weight: 0.3 }], generated: true }, ...others], { titles: [SHARED_TITLE], lines: [LINE_A] });
    expect(ranked[0]?.match.ruleId).toBe('generated-rule');
    expect(ranked[0]?.confident).toBe(true);
    expect(ranked.filter((r) => r.confident).map((r) => r.match.ruleId)).toEqual(['generated-rule']);
  });

  it('is never enough alone', () => {
    const ranked = rank([{ id: 'generated-rule', signatures: [{ crash: SHARED_TITLE }, { log: LINE_A, weight: 0.3 }], generated: true }, ...others], { titles: [SHARED_TITLE] });
    expect(ranked.filter((r) => r.confident)).toEqual([]);
    expect(ranked[0]?.match.reasons.join('\n')).toContain('a generated rule needs a specific crash title or 2 independent signatures');
  });

  it('counts once however many shared titles match, and not beside a generic hit', () => {
    const second = 'BUG: Dentry still in use in unmount';
    const ranked = rank(
      [
        { id: 'generated-rule', signatures: [{ crash: SHARED_TITLE }, { crash: second }, { log: LINE_SHARED, weight: 0.3 }], generated: true },
        ...others,
        { id: 'dentry-one', signatures: [{ crash: second }, { log: LINE_SHARED, weight: 0.3 }], generated: true },
        { id: 'dentry-two', signatures: [{ crash: second }, { log: LINE_SHARED, weight: 0.3 }], generated: true },
      ],
      { titles: [SHARED_TITLE, second], lines: [LINE_SHARED] },
    );
    expect(ranked.filter((r) => r.confident)).toEqual([]);
  });
});

// Each row: a crash title and whether it is generic.
it.each<[string, boolean]>([
  ['general protection fault in corrupted', true],
  ['BUG: unable to handle kernel NULL pointer dereference in corrupted', true],
  ['Oops', true],
  ['general protection fault', true],
  ['WARNING in __warn_printk', true],
  ['WARNING in warn_slowpath_fmt', true],
  ['KASAN: slab-out-of-bounds Read in memcpy', true],
  ['kernel BUG at fs/ext4/inode.c:LINE!', false],
  [TITLE, false],
  ['WARNING in md_bitmap_startwrite', false],
  ['INFO: task hung in xfs_fs_freeze', false],
])('isGenericCrashTitle(%j) = %s', (title, generic) => {
  expect(isGenericCrashTitle(title)).toBe(generic);
});

describe('a kernel older than the bug', () => {
  // Each row: the failing kernels (the first is read as running), and whether the match stays confident.
  it.each<[string, string[], boolean]>([
    // every failing kernel predates the bug's introduction: a look-alike
    ['only kernels before the bug', ['5.3'], false],
    // "it broke on 5.3 and still does on 5.6": 5.6 is in the bug's range, so this is the bug
    ['one failing kernel in the range', ['5.3', '5.6.0-1-amd64'], true],
  ])('%s', (_name, failing, confident) => {
    const parsed = parseWithFacts(ruleFileText([{ ...rule({ id: 'introduced-in-5-4', signatures: [{ crash: TITLE }] }), affected: { introduced: '5.4', fixed: { mainline: '5.10' } } }]));
    const versions = failing.map((raw, i) => ({ version: parseKernelVersion(raw)!, role: 'failing' as const, evidence: evidence(raw, i), confidence: 1 }));
    const f: Facts = { ...facts({ titles: [TITLE] }), kernel: { running: versions[0]!, failing: versions, working: [], mentioned: [], distro: null } };
    const [top] = rankMatches(evaluateRules(f, compileRules(parsed.ruleSet)), f);
    expect(top?.confident).toBe(confident);
  });
});

// A generated rule that names its crash, on a report with another specific crash whose traces never
// pass the rule's function: the lines both logs print (a degraded mount's context, a shared ioctl
// path) are context, not this bug.
describe('a generated rule whose crash the report does not show', () => {
  const OTHER = 'BUG: unable to handle kernel NULL pointer dereference in btrfs_trim_fs';
  const signatures = [{ crash: OTHER }, { log: LINE_A }, { log: LINE_B }];

  it('is at most possible when the report shows another specific crash', () => {
    const [top] = rank([{ id: 'generated-rule', signatures, generated: true }], { titles: [TITLE], lines: [LINE_A, LINE_B] });
    expect(top?.confident).toBe(false);
    expect(top?.match.reasons.join('\n')).toContain('the report shows another crash (`KASAN: use-after-free Read in bfq_setup_cooperator`)');
  });

  it('may be a known bug when the report shows no crash (its lines are all there is)', () => {
    const [top] = rank([{ id: 'generated-rule', signatures, generated: true }], { lines: [LINE_A, LINE_B] });
    expect(top?.confident).toBe(true);
  });

  it('may be a known bug when its crash function is in the report trace (the title was worded differently)', () => {
    const parsed = parseWithFacts(ruleFileText([rule({ id: 'generated-rule', signatures, generated: true })]));
    const f = facts({ titles: ['general protection fault in btrfs_trim_fs'], lines: [LINE_A, LINE_B] });
    f.crashes[0]!.frame = 'btrfs_trim_fs';
    const [top] = rankMatches(evaluateRules(f, compileRules(parsed.ruleSet)), f);
    expect(top?.confident).toBe(true);
  });

  it('is a known bug on the same evidence when a maintainer wrote it', () => {
    const [top] = rank([{ id: 'curated-rule', signatures }], { titles: [TITLE], lines: [LINE_A, LINE_B] });
    expect(top?.confident).toBe(true);
  });
});

// A confident generated rule whose fix the reporter's kernel carries ranks below one whose fix it
// lacks, even with stronger signatures: an old record sharing a crash site with the newer bug.
it.each<[string, boolean, string[]]>([
  ['generated rules: the one whose fix the kernel lacks first', true, ['b-fixed-later', 'a-fixed-long-ago']],
  // curated rules keep the signature order (a maintainer's rule also recognises regressions)
  ['curated rules: the stronger signatures first', false, ['a-fixed-long-ago', 'b-fixed-later']],
])('%s', (_name, generated, order) => {
  const ranked = rank(
    [
      { id: 'a-fixed-long-ago', signatures: [{ crash: TITLE }, { log: LINE_A }], fixed: { mainline: '6.2' }, generated },
      { id: 'b-fixed-later', signatures: [{ log: LINE_A }, { log: LINE_B }], fixed: { mainline: '6.9' }, generated },
    ],
    { titles: [TITLE], lines: [LINE_A, LINE_B], running: '6.8.1' },
  );
  expect(ranked.filter((r) => r.confident).map((r) => r.match.ruleId)).toEqual(order);
});
