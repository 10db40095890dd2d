// The drafting core (src/suggest/): a rule drafted from a report lints and passes its own examples
// as written, refuses what it cannot draft with one clear reason, and picks the closest text it
// does not match as its no_match example.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { readBundledRules } from '../../src/io/load-rule-packs.js';
import type { BugReport, FactDefinition } from '../../src/model.js';
import { parseRuleFiles } from '../../src/rules/index.js';
import { draftRule, makeId, problemsOf, SUBJECT_PLACEHOLDER, type DraftedRule } from '../../src/suggest/index.js';

/** test/fixtures/suggest/<name> without its front matter. */
function fixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../fixtures/suggest/${name}`, import.meta.url)), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
}

function report(body: string, extra: Partial<BugReport> = {}): BugReport {
  return { source: 'file', id: 'report.txt', url: null, title: '', body, comments: [], attachments: [], fields: {}, ...extra };
}

const BFQ = fixture('bfq-kasan-report.txt');
const FIX = { commit: 'e2f2a39452c43b64ea3191642a2661cb8d03827a', subject: "block, bfq: fix uaf for 'stable_merge_bfqq'" };
let vocabulary: FactDefinition[] = [];

beforeAll(async () => {
  vocabulary = (await readBundledRules({ cvePack: false })).ruleSet.facts;
});

function drafted(outcome: ReturnType<typeof draftRule>): DraftedRule {
  if ('refused' in outcome) throw new Error(`refused: ${outcome.refused}`);
  return outcome.drafted;
}

describe('draftRule on a KASAN report', () => {
  const draft = () => drafted(draftRule(report(BFQ, { url: 'https://lore.kernel.org/r/20230307071448.rzihxbm4jhbf5krj@shindev' }), { fix: FIX, fixedIn: 'v6.3-rc2', vocabulary }));

  it('signs the bug by its crash title and the top frames of its trace, with the fix and the fixed release', () => {
    const { rule } = draft();
    expect(rule.id).toBe('kasan-slab-use-after-free-read-in-bfq-setup-cooperator');
    expect(rule.signatures).toEqual([
      { crash: 'KASAN: slab-use-after-free Read in bfq_setup_cooperator' },
      { stack: ['bfq_setup_cooperator', 'bfq_insert_requests', 'blk_mq_sched_insert_requests'], weight: 0.3 },
    ]);
    expect(rule.subsystem).toBe('block/bfq');
    expect(rule.fix).toEqual([{ commit: FIX.commit, subject: FIX.subject }]);
    expect(rule.affected).toEqual({ fixed: { mainline: '6.3-rc2' } });
    expect(rule.links).toEqual(['https://lore.kernel.org/r/20230307071448.rzihxbm4jhbf5krj@shindev']);
    // The KASAN option only makes the bug visible: it is no condition.
    expect(rule.when).toBeUndefined();
  });

  it('lints clean and passes its own examples as written', () => {
    const result = draft();
    expect(result.problems).toEqual([]);
    expect(problemsOf(result.yaml, vocabulary)).toEqual([]);
    const parsed = parseRuleFiles([{ path: 'draft.yml', text: result.yaml }], { knownFacts: vocabulary });
    expect(parsed.ruleSet.bugs.map((bug) => bug.id)).toEqual([result.rule.id]);
  });

  it("uses the report's own log as the match example, not its prose", () => {
    const { rule } = draft();
    const [example] = (rule.examples as { match: string[] }).match;
    expect(example).toContain('BUG: KASAN: slab-use-after-free in bfq_setup_cooperator+0x120b/0x1650');
    expect(example).toContain('bfq_insert_requests+0xdfc/0x9360');
    expect(example).not.toContain('I bisected');
  });

  it('says in comments what the maintainer must check: the fix sha, the bisected commit, the unknown introduction', () => {
    const { yaml, checks } = draft();
    expect(checks[0]).toMatch(/^verify that e2f2a39452c4 is the upstream commit that fixed this report/);
    expect(checks.join('\n')).toMatch(/bisected to fd571df0ac5b .*affected\.introduced\.commit/);
    expect(checks.join('\n')).toMatch(/`affected.introduced` is unknown/);
    expect(yaml.split('\n')[0]).toMatch(/^# Drafted by `ktriage suggest-rule` from https:\/\/lore\.kernel\.org/);
    expect(parse(yaml)).toEqual({ bugs: [draft().rule] });
  });

  it.each([
    // a stable release goes under `stable`, its stable form
    ['6.1.20', { fixed: { stable: ['6.1.20'] } }],
    ['6.3', { fixed: { mainline: '6.3' } }],
    ['v6.3-rc2', { fixed: { mainline: '6.3-rc2' } }],
  ])('--fixed-in %s -> affected %j', (fixedIn, affected) => {
    const { rule, problems } = drafted(draftRule(report(BFQ), { fix: FIX, fixedIn, vocabulary }));
    expect(rule.affected).toEqual(affected);
    expect(problems).toEqual([]);
  });

  it('takes --introduced when given', () => {
    expect(drafted(draftRule(report(BFQ), { fix: FIX, introduced: '6.3-rc1', vocabulary })).rule.affected).toEqual({ introduced: '6.3-rc1' });
  });

  it('without a subject, writes a placeholder the review notes name first', () => {
    const result = drafted(draftRule(report(BFQ), { fix: { commit: FIX.commit }, vocabulary }));
    expect(result.rule.fix).toEqual([{ commit: FIX.commit, subject: SUBJECT_PLACEHOLDER }]);
    expect(result.checks[0]).toMatch(/^replace the fix subject with e2f2a39452c4's subject/);
  });

  it('without a fix (a cluster nobody resolved yet), says to add one and reports the lint error', () => {
    const result = drafted(draftRule(report(BFQ), { fix: null, vocabulary }));
    expect(result.checks[0]).toMatch(/^add the fix/);
    expect(result.problems.join('\n')).toMatch(/add the fixing commit/);
  });

  it("names the mainline commit when a CVE record gives the fix's subject another sha (a pre-rebase sha)", () => {
    const records = [{ id: 'CVE-2099-0001', sha: 'c25c0c9035bbaaaaaaaaaaaaaaaaaaaaaaaaaaaa', introduced: null, fixedMainline: '6.3', fixedStable: [], subject: FIX.subject, files: [] }];
    const result = drafted(draftRule(report(BFQ), { fix: { commit: '0123456789abcdef', subject: FIX.subject }, vocabulary, records }));
    expect(result.checks[0]).toMatch(/the kernel CVE record CVE-2099-0001 names this subject with mainline commit c25c0c9035bb/);
    // the same sha as the record: nothing to say
    expect(drafted(draftRule(report(BFQ), { fix: { commit: records[0]!.sha, subject: FIX.subject }, vocabulary, records })).checks.join('\n')).not.toMatch(/CVE-2099-0001/);
  });

  it('avoids ids the bundled rules use', () => {
    const taken = parseRuleFiles([{ path: 'taken.yml', text: TAKEN_RULE }]).ruleSet;
    expect(drafted(draftRule(report(BFQ), { fix: FIX, vocabulary, rules: taken })).rule.id).toBe('kasan-slab-use-after-free-read-in-bfq-setup-cooperator-2');
  });
});

const TAKEN_RULE = `bugs:
  - id: kasan-slab-use-after-free-read-in-bfq-setup-cooperator
    title: taken
    subsystem: block
    links: [https://example.org/1]
    signatures: [{ log: "something else entirely happened here" }]
    fix: [{ commit: 0123456789ab, subject: s }]
    examples: { match: ["[1.0] something else entirely happened here"], no_match: ["nothing"] }
`;

describe('draftRule refusals: one line naming the reason', () => {
  it.each([
    ['a short sha', { commit: 'e2f2a39' }, null, /give at least 12 hex digits/],
    ['not a sha', { commit: 'main' }, null, /not a commit sha/],
    ['a two-line subject', { commit: FIX.commit, subject: 'a\nb' }, null, /one line/],
    ['a fixed-in that is no release', FIX, '6.x', /--fixed-in 6\.x: .*not a kernel version/],
  ])('%s', (_name, fix, fixedIn, message) => {
    const outcome = draftRule(report(BFQ), { fix, fixedIn, vocabulary });
    expect(outcome).toEqual({ refused: expect.stringMatching(message) });
  });

  it('a report with no kernel log', () => {
    const outcome = draftRule(report('My disk got slow after the upgrade. Any idea?'), { fix: FIX, vocabulary });
    expect(outcome).toEqual({ refused: expect.stringMatching(/^cannot draft a rule from report\.txt: it holds no kernel log line, crash or call trace/) });
  });
});

// Reports with no specific title, key line or trace (issue 15 item 3): a possible-only draft with
// a review note, never a refusal, when the crash still names a function or lockdep names a lock class.
describe('draftRule on a report with nothing specific', () => {
  // A lockdep report cut before `stack backtrace:` (as reporters paste them): shape of lockdep's print_deadlock_bug.
  const LOCKDEP = [
    '[   41.100001] ============================================',
    '[   41.100002] WARNING: possible recursive locking detected',
    '[   41.100003] 6.1.0 #1 Not tainted',
    '[   41.100004] --------------------------------------------',
    '[   41.100005] kworker/1:3/1205 is trying to acquire lock:',
    '[   41.100006] ffff888018638db8 (&us_interface_key[i]){+.+.}-{3:3}, at: usb_stor_pre_reset+0x35/0x40',
    '[   41.100007] ',
    '[   41.100008] but task is already holding lock:',
    '[   41.100009] ffff888018638db8 (&us_interface_key[i]){+.+.}-{3:3}, at: usb_stor_pre_reset+0x35/0x40',
    '[   41.100010] #2: ffff88810be5a220 (&dev->mutex){....}-{3:3}, at: hub_event+0x1c1/0x4170',
  ].join('\n');
  // A WARNING whose trace was not pasted (the extractor marks its title corrupted).
  const WARNING = [
    '[  353.000001] ------------[ cut here ]------------',
    "[  353.000002] remove_proc_entry: removing non-empty directory 'scsi/usb-storage', leaking at least '6'",
    '[  353.000003] WARNING: CPU: 5 PID: 44705 at fs/proc/generic.c:718 remove_proc_entry+0x199/0x1b0',
  ].join('\n');

  it.each([
    ['a lockdep report without its backtrace', LOCKDEP],
    ['a WARNING without its call trace', WARNING],
  ])('%s: drafts a possible-only rule that lints, passes its examples and says why it is weak', (_name, body) => {
    const draft = drafted(draftRule(report(body), { fix: FIX, vocabulary }));
    expect(draft.problems).toEqual([]);
    const signatures = draft.rule.signatures as Array<{ weight?: number }>;
    expect(signatures.length).toBeGreaterThan(0);
    // Every signature is weighted and together they stay under a known-bug verdict (0.5).
    expect(signatures.every((s) => s.weight !== undefined)).toBe(true);
    expect(signatures.reduce((sum, s) => sum + s.weight!, 0)).toBeLessThan(0.5);
    expect(draft.checks.some((check) => /^nothing in this report names the bug alone/.test(check))).toBe(true);
    expect(draft.checks.some((check) => /^possible-only:/.test(check))).toBe(true);
  });

  it.each([
    ['with timestamps', LOCKDEP],
    // A paste without timestamps: lockdep's lines are kernel lines by their shape (read-log-lines.ts).
    ['without timestamps', LOCKDEP.replace(/^\[ *\d+\.\d+\] ?/gm, '')],
  ])('a lockdep report (%s) rests on its lock class, not on the driver-core classes every report holds', (_name, body) => {
    const draft = drafted(draftRule(report(body), { fix: FIX, vocabulary }));
    const logs = (draft.rule.signatures as Array<{ log?: string }>).flatMap((s) => (s.log ? [s.log] : []));
    expect(logs).toContain('(&us_interface_key[i])');
    expect(logs.join(' ')).not.toContain('&dev->mutex');
  });

  it('still refuses a log whose crash names no function and that has no other line', () => {
    const outcome = draftRule(report('[  1.000000] ------------[ cut here ]------------\n[  1.000001] WARNING: CPU: 0 PID: 1 at'), { fix: FIX, vocabulary });
    expect(outcome).toEqual({ refused: expect.stringMatching(/^cannot draft a rule from report\.txt: /) });
  });
});

describe('the no_match example: the closest candidate the draft does not match', () => {
  // Another bfq crash (different function): close in words, not this bug.
  const otherBfq = [
    '[  120.000001] BUG: kernel NULL pointer dereference, address: 0000000000000094',
    '[  120.000002] RIP: 0010:bfq_bio_bfqg+0x1a/0x90',
    '[  120.000003] Call Trace:',
    '[  120.000004]  bfq_bic_update_cgroup+0x2c/0x2a0',
    '[  120.000005]  bfq_init_rq+0xf9/0x900',
    '[  120.000006]  bfq_insert_requests+0x7a/0xd00',
  ].join('\n');
  const far = '[  3.000000] EXT4-fs error (device sda1): ext4_find_entry:1455: inode #2: comm ls: reading directory lblock 0';
  const same = BFQ.split('\n').filter((line) => line.startsWith('[')).join('\n');

  it('skips candidates the draft matches (listing them) and takes the closest of the rest', () => {
    const candidates = [
      { name: 'far', text: far },
      { name: 'other bfq bug', text: otherBfq },
      { name: 'same bug again', text: same.replace('NetworkManager', 'systemd') },
    ];
    const result = drafted(draftRule(report(BFQ), { fix: FIX, candidates, vocabulary }));
    expect(result.noMatch).toMatchObject({ from: 'other bfq bug', text: otherBfq, considered: 3, matched: ['same bug again'] });
    expect((result.rule.examples as { no_match: string[] }).no_match).toEqual([otherBfq]);
    expect(result.checks.join('\n')).toMatch(/the draft also matches same bug again/);
    expect(result.problems).toEqual([]);
  });

  it("falls back to the report's prose when no candidate is given", () => {
    const result = drafted(draftRule(report(BFQ), { fix: FIX, vocabulary }));
    expect(result.noMatch.from).toBe("the report's prose");
    expect(result.noMatch.text).toMatch(/^I observe the KASAN BUG message/);
    expect(result.problems).toEqual([]);
  });
});

describe('`when`: only the facts that separate the draft from a rule sharing its signature', () => {
  // rules/README.md's arm64 crash-title example; an x86-only rule shares its title.
  const arm64 = [
    '[  348.367758] Unable to handle kernel NULL pointer dereference at virtual address 0000000000000190',
    '[  348.367760] Internal error: Oops: 0000000096000005 [#1] SMP',
    '[  348.444200] pc : blk_mq_hctx_notify_online+0x34/0xb0',
    '[  348.444210] lr : cpuhp_invoke_callback+0x1a4/0x5e0',
    '[  348.444300] Call trace:',
    '[  348.444310]  blk_mq_hctx_notify_online+0x34/0xb0',
    '[  348.444320]  cpuhp_invoke_callback+0x1a4/0x5e0',
    '[  348.444330]  cpuhp_thread_fun+0xd0/0x1a0',
    '[  348.444340]  smpboot_thread_fn+0x1c4/0x2b0',
  ].join('\n');
  const sharing = (when: string) => `bugs:
  - id: x86-only-twin
    title: twin
    subsystem: block
    links: [https://example.org/1]
    signatures: [{ crash: "BUG: unable to handle kernel NULL pointer dereference in blk_mq_hctx_notify_online" }]
    when: ${when}
    fix: [{ commit: 0123456789ab, subject: s }]
    examples: { match: ["x"], no_match: ["y"] }
`;

  it('adds arch: arm64 when a rule with the same title needs another architecture', () => {
    const rules = parseRuleFiles([{ path: 'twin.yml', text: sharing('{ arch: x86_64 }') }], { knownFacts: vocabulary }).ruleSet;
    const result = drafted(draftRule(report(arm64), { fix: FIX, vocabulary, rules }));
    expect(result.rule.when).toEqual({ arch: 'arm64' });
    expect(result.checks.join('\n')).toMatch(/`when: arch: arm64` separates this bug from x86-only-twin/);
    expect(result.problems).toEqual([]);
  });

  it('adds nothing when no rule shares the signature: the architecture is only mentioned', () => {
    const result = drafted(draftRule(report(arm64), { fix: FIX, vocabulary }));
    expect(result.rule.when).toBeUndefined();
    expect(result.checks.join('\n')).toMatch(/the report also states `arch: arm64`/);
  });

  it('adds nothing when the report satisfies the other rule too (the fact does not separate them)', () => {
    const rules = parseRuleFiles([{ path: 'twin.yml', text: sharing('{ arch: [x86_64, arm64] }') }], { knownFacts: vocabulary }).ruleSet;
    expect(drafted(draftRule(report(arm64), { fix: FIX, vocabulary, rules })).rule.when).toBeUndefined();
  });
});

describe('makeId', () => {
  it.each([
    ['KASAN: slab-use-after-free Read in bfq_setup_cooperator', [], 'kasan-slab-use-after-free-read-in-bfq-setup-cooperator'],
    ['WARNING in dec_ref_count', ['warning-in-dec-ref-count'], 'warning-in-dec-ref-count-2'],
    // placeholders and punctuation vanish; a long title keeps its end (the guilty function), cut at a word
    ['BUG: unable to handle kernel NULL pointer dereference in create_strip_zones', [], 'kernel-null-pointer-dereference-in-create-strip-zones'],
    ['device-mapper: thin: <DEV>: dm_thin_insert_block() failed: error = -22', [], 'device-mapper-thin-dm-thin-insert-block-failed-error-22'],
    ['--- weird ---', [], 'weird'],
  ])('%s', (title, taken, id) => {
    expect(makeId(title, new Set(taken))).toBe(id);
  });
});
