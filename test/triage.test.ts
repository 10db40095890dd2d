import { readFileSync } from 'node:fs';
import { loadRulePacks } from '../src/io/load-rule-packs.js';
import { compileRules } from '../src/match/index.js';
import { renderMarkdown } from '../src/render/index.js';
import { NEEDS_INFO_LABEL } from '../src/plan/index.js';
import { triage } from '../src/triage.js';
import { SEED_REPORT } from './support/fixture-path.js';
import { fixtureRules, fixtureRuleSet, textReport } from './triage/support.js';

const REFCOUNT = '[101754.726823] device-mapper: space map common: unable to decrement a reference count below 0';

describe('triage: the seed report (acceptance)', () => {
  const seed = readFileSync(SEED_REPORT, 'utf8');

  it('ranks the cebc2de rule first with known-bug-fix-available for 3.12.6, names the fixed versions, quotes the refcount line and does not ask about resizing', async () => {
    const { ruleSet } = await loadRulePacks();
    const plan = triage(textReport(seed, [], { id: 'bugzilla-68801.txt' }), ruleSet, { now: new Date('2014-01-16T12:30:58Z') });

    const best = plan.matches[0]!;
    expect(plan.verdict).toBe('known-bug-fix-available');
    expect(best.fix.map((f) => f.sha)).toContain('cebc2de44d3bce53e46476e774126c298ca2c8a9');
    expect(best.verdict).toBe('known-bug-fix-available');
    expect(plan.facts.kernel.running?.version.raw).toBe('3.12.6');
    expect(best.fixStatus).toBe('lacks-fix');
    // The fixed versions, as the rule pack lists them (mainline, and stable backports when known).
    const rule = ruleSet.bugs.find((b) => b.id === best.ruleId)!;
    const fixed = [rule.affected.fixed.mainline, ...rule.affected.fixed.stable].filter((v): v is string => v !== null);
    expect(fixed.length).toBeGreaterThan(0);
    for (const version of fixed) expect(best.fixReason).toContain(version);
    expect(best.evidence.map((e) => e.quote).join('\n')).toContain('unable to decrement a reference count below 0');
    // "No, we never resized it." answered the question.
    expect(plan.questions.join('\n')).not.toMatch(/resiz/i);

    const comment = renderMarkdown(plan);
    expect(comment).toContain('unable to decrement a reference count below 0');
    expect(comment).toContain('https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=cebc2de44d3bce53e46476e774126c298ca2c8a9');
    for (const version of fixed) expect(comment).toContain(version);
  });
});

describe('triage: no match and no playbook', () => {
  it('asks for the log, kernel and storage stack once, as questions, not again as a step', () => {
    const plan = triage(textReport('My disk is slow since the upgrade.'), fixtureRules());
    expect(plan.verdict).toBe('no-match');
    expect(plan.questions.join('\n')).toMatch(/journalctl -k -b/);
    expect(plan.questions.join('\n')).toMatch(/uname -r/);
    expect(plan.nextSteps.join('\n')).not.toMatch(/journalctl|uname|lsblk/);
  });

  it('with a log snippet given, asks for the whole boot log (and nothing it already knows)', () => {
    const plan = triage(textReport('We run 6.6.8.\n[ 5.1] foo_driver: something odd happened\n'), fixtureRules());
    expect(plan.verdict).toBe('no-match');
    expect(plan.facts.missing).not.toContain('kernel-log');
    expect(plan.nextSteps).toEqual(['Attach the complete kernel log of the failing boot (`journalctl -k -b`), not only the lines around the error.']);
    expect([...plan.nextSteps, ...plan.questions].join('\n')).not.toMatch(/uname/);
  });
});

describe('triage: the storage-stack question', () => {
  it('is not asked of a report whose context is only USB (no lsblk for a USB audio bug)', async () => {
    const { ruleSet } = await loadRulePacks();
    const usb = triage(textReport('Audio crackles since 6.7.\n[ 88.1] xhci_hcd 0000:00:14.0: ERROR Transfer event TRB DMA ptr not part of current TD ep_index 2 comp_code 1\n'), ruleSet);
    expect(usb.verdict).not.toMatch(/^known-bug/);
    expect(usb.facts.missing).toContain('configuration');
    expect(usb.nextSteps.join('\n')).toMatch(/lsusb -t/);
    expect(usb.questions.join('\n')).not.toMatch(/storage|lsblk/);
  });

  it('is still asked when the context is storage, or unknown', async () => {
    const { ruleSet } = await loadRulePacks();
    const unknown = triage(textReport('My machine froze on 6.7.\n'), ruleSet);
    expect(unknown.questions.join('\n')).toMatch(/How is the storage set up\?/);
    const block = triage(textReport('Reads fail on 6.7.\n[ 88.1] blk_update_request: I/O error, dev sdb, sector 1234 op 0x0:(READ) flags 0x0 phys_seg 1 prio class 0\n'), ruleSet);
    expect(block.facts.missing).toContain('configuration');
    expect(block.questions.join('\n')).toMatch(/How is the storage set up\?/);
  });
});

describe('triage: verdicts on the fixture rules', () => {
  it.each([
    // kernel before the listed backport of its series
    ['We run 3.12.6 on a thin pool.', 'known-bug-fix-available', 'lacks-fix', /3\.12\.6 predates the 3\.12\.15 backport/],
    // kernel of the fix's own series: has it, so this is a regression or another bug
    ['We run 3.14.2 on a thin pool.', 'known-bug-fix-present', 'has-fix', /3\.14 series/],
    // distro kernel with the distro's fixed build listed
    ['We run 5.15.0-91-generic on a thin pool.', 'known-bug-fix-available', 'lacks-fix', /ubuntu's fixed build 5\.15\.0-92/],
    // distro kernel older than the fix without a listed build: unknown, the distro's changelog decides
    ['We run 3.10.0-1160.el7.x86_64 on a thin pool.', 'known-bug-version-unknown', 'unknown', /no fixed rhel7 build/],
    // distro kernel based on a mainline release that already has the fix
    ['We run 4.18.0-477.27.1.el8_8.x86_64 on a thin pool.', 'known-bug-fix-present', 'has-fix', /based on mainline 4\.18/],
    // no kernel version in the report
    ['Our thin pool broke.', 'known-bug-version-unknown', 'unknown', /does not say which kernel/],
  ])('%s -> %s', (prose, verdict, status, reason) => {
    const plan = triage(textReport(`${prose}\n${REFCOUNT}\n`), fixtureRules());
    expect(plan.verdict).toBe(verdict);
    expect(plan.matches[0]).toMatchObject({ ruleId: 'refcount-below-zero', verdict, fixStatus: status });
    expect(plan.matches[0]!.fixReason).toMatch(reason);
  });

  it('fills the rule templates: the running kernel in a code span, the backport for its series', () => {
    const plan = triage(textReport(`We run 3.12.6 on a thin pool.\n${REFCOUNT}\n`), fixtureRules());
    expect(plan.nextSteps[0]).toBe('Upgrade `3.12.6` to 3.12.15 or later, or apply cebc2de44d3b ("dm space map metadata: fix refcount decrement below 0 which caused corruption").');
    expect(plan.labels).toEqual(['dm-thin', 'known-bug', NEEDS_INFO_LABEL]);
  });

  it('asks the rule question only while the fact is unknown', () => {
    const unknown = triage(textReport(`We run 3.12.6 on a thin pool.\n${REFCOUNT}\n`), fixtureRules());
    expect(unknown.questions).toContain('Did you resize the thin-pool metadata device?');
    const answered = triage(textReport(`We run 3.12.6 on a thin pool. We never resized the metadata.\n${REFCOUNT}\n`), fixtureRules());
    expect(answered.questions).not.toContain('Did you resize the thin-pool metadata device?');
  });

  it('asks for uname -r when a known bug matches but the kernel is unknown', () => {
    const plan = triage(textReport(`Our thin pool broke.\n${REFCOUNT}\n`), fixtureRules());
    expect(plan.questions[0]).toMatch(/uname -r/);
    expect(plan.actions).toContainEqual({ kind: 'ask', questions: plan.questions });
  });

  describe('fix status unknown: says where the fix is with what the rule lists, never an empty hole', () => {
    const base = fixtureRuleSet();
    const refcount = base.bugs.find((b) => b.id === 'refcount-below-zero')!;
    const withFixed = (fixed: typeof refcount.affected.fixed) => compileRules({ ...base, bugs: [{ ...refcount, affected: { ...refcount.affected, fixed } }] });
    const stableOnly = withFixed({ mainline: null, stable: ['3.13.7', '3.12.15'], distro: {} });
    const noRelease = withFixed({ mainline: null, stable: [], distro: {} });

    it.each([
      // distro kernel, the rule knows the mainline fix: check the changelog or test upstream
      ['We run 3.10.0-1160.el7.x86_64 on a thin pool.', fixtureRules(), /^Check whether your distribution's kernel includes commit cebc2de44d3b \("dm space map metadata: fix refcount decrement below 0 which caused corruption"\), e\.g\. in its package changelog, or test an upstream kernel 3\.14-rc6 or later\.$/],
      // distro kernel, only stable backports known: no "upstream kernel a mainline release not yet known"
      ['We run 3.10.0-1160.el7.x86_64 on a thin pool.', stableOnly, /^Check whether your distribution's kernel includes commit cebc2de44d3b \(".*"\), e\.g\. in its package changelog\.$/],
      // no kernel, only stable backports known: name them
      ['Our thin pool broke.', stableOnly, /^The fix \(cebc2de44d3b, ".*"\) is in the stable releases 3\.13\.7, 3\.12\.15: if your kernel is older than the fixed release for its series, upgrading or applying the fix should resolve this\.$/],
      // no kernel, no release known: apply the fix
      ['Our thin pool broke.', noRelease, /^The fix \(cebc2de44d3b, ".*"\) is in no release the rule lists yet: applying it should resolve this\.$/],
    ])('%s', (prose, rules, step) => {
      const plan = triage(textReport(`${prose}\n${REFCOUNT}\n`), rules);
      expect(plan.verdict).toBe('known-bug-version-unknown');
      expect(plan.nextSteps[0]).toMatch(step);
      expect(plan.nextSteps.join('\n')).not.toMatch(/not yet known|no stable backport listed/);
    });
  });

  it('when the kernel has the fix, drops the upgrade step and asks for what a regression report needs', () => {
    const plan = triage(textReport(`We run 3.14.2 on a thin pool.\n${REFCOUNT}\n`), fixtureRules());
    const steps = plan.nextSteps.join('\n');
    expect(steps).toMatch(/regression or a different bug/);
    expect(steps).toMatch(/last kernel version that worked/);
    expect(steps).not.toMatch(/^Upgrade/m);
    expect(steps).toContain('Run `thin_check` on the deactivated metadata.');
  });

  it('when the kernel has the fix and another kernel worked, suggests bisecting between the two', () => {
    const plan = triage(textReport(`We run 3.14.2 on a thin pool. It worked fine with 3.13.0.\n${REFCOUNT}\n`), fixtureRules());
    expect(plan.verdict).toBe('known-bug-fix-present');
    expect(plan.facts.kernel.working.map((w) => w.version.raw)).toContain('3.13.0');
    expect(plan.nextSteps).toContain('You reported `3.13.0` working: if you can build kernels, bisecting between it and `3.14.2` (`git bisect start v<bad> v<good>`) finds the commit that broke it.');
  });

  it('a known fact contradicting a condition excludes the rule; a playbook takes over', () => {
    const plan = triage(textReport(`We run 3.12.6, there is no thin pool here.\n${REFCOUNT}\n`), fixtureRules());
    expect(plan.matches).toEqual([]);
    expect(plan.verdict).toBe('no-match');
    expect(plan.nextSteps).toContain('Attach `dmsetup status` and `dmsetup table` for the pool.');
    expect(plan.labels).toContain('dm-thin');
  });

  it('an unknown condition keeps the match at lower confidence and asks the vocabulary question', () => {
    const known = triage(textReport(`We run 3.12.6 on a thin pool.\n${REFCOUNT}\n`), fixtureRules());
    const unknown = triage(textReport(`We run 3.12.6.\n${REFCOUNT}\n`), fixtureRules());
    expect(unknown.verdict).toBe('known-bug-fix-available');
    expect(unknown.matches[0]!.confidence).toBeLessThan(known.matches[0]!.confidence);
    expect(unknown.questions).toContain('Is the device on an LVM thin pool?');
    expect(known.questions).not.toContain('Is the device on an LVM thin pool?');
  });

  it('only a weak (shared consequence) signature: a possible match, never a confident one', () => {
    const plan = triage(textReport('We run 3.12.6.\n[ 1.0] device-mapper: thin: 253:7: switching pool to read-only mode\n'), fixtureRules());
    expect(plan.verdict).toBe('possible-match');
    expect(plan.matches[0]).toMatchObject({ ruleId: 'read-only-switch-weak', verdict: 'possible-match' });
    expect(plan.matches[0]!.confidence).toBeLessThanOrEqual(0.5);
    // The playbook for the subsystem still gives next steps.
    expect(plan.nextSteps).toContain('Attach `dmsetup status` and `dmsetup table` for the pool.');
  });

  it('weak signatures become confident when all of them match and a known fact satisfies a condition', () => {
    const base = fixtureRuleSet();
    const weak = base.bugs.find((b) => b.id === 'read-only-switch-weak')!;
    const specific = { ...weak, id: 'read-only-on-thin', when: { thin_pool: true } };
    const rules = compileRules({ ...base, bugs: [specific] });
    const line = '[ 1.0] device-mapper: thin: 253:7: switching pool to read-only mode';
    expect(triage(textReport(`We run 3.12.6 on a thin pool.\n${line}\n`), rules).matches[0]).toMatchObject({ ruleId: 'read-only-on-thin', verdict: 'known-bug-version-unknown' });
    // The same line without the fact stated: still only possible.
    const unknownFact = compileRules({ ...base, bugs: [{ ...specific, when: { discards: true } }] });
    expect(triage(textReport(`We run 3.12.6.\n${line}\n`), unknownFact).matches[0]!.verdict).toBe('possible-match');
  });

  it('mentions another failing kernel whose fix status differs (a failure on a fixed kernel hints at a regression)', () => {
    const plan = triage(textReport(`We run 3.12.6 on a thin pool. The same failure happens on 3.14.2 too.\n${REFCOUNT}\n`), fixtureRules());
    expect(plan.matches[0]!.reasons).toContain('also reported failing: 3.14.2 is in the 3.14 series, whose mainline release carries the fix (first in 3.14-rc6)');
    const same = triage(textReport(`We run 3.12.6 on a thin pool. The same failure happens on 3.12.5 too.\n${REFCOUNT}\n`), fixtureRules());
    expect(same.matches[0]!.reasons.join('\n')).not.toMatch(/also reported failing/);
  });

  it('a near miss (one word changed) is a possible match with low confidence', () => {
    const plan = triage(textReport('We run 3.12.6.\n[1.0] device-mapper: space map common: unable to increment a reference count below 0\n'), fixtureRules());
    expect(plan.verdict).toBe('possible-match');
    expect(plan.matches[0]!.ruleId).toBe('refcount-below-zero');
    expect(plan.matches[0]!.confidence).toBeLessThanOrEqual(0.5);
    expect(plan.matches[0]!.reasons[0]).toMatch(/near miss/);
    expect(plan.nextSteps[0]).toMatch(/This may be the known bug "dm space map: reference count decremented below 0"/);
  });

  it('a kernel older than the bug: a possible match, likely another bug', () => {
    const plan = triage(textReport('We run 5.4.1.\n[ 301.1] nvme nvme0: I/O 123 QID 4 timeout, aborting\n'), fixtureRules());
    expect(plan.matches[0]).toMatchObject({ ruleId: 'nvme-timeout-regex', verdict: 'possible-match' });
    expect(plan.matches[0]!.reasons.join('\n')).toMatch(/predates 5\.10/);
    // The "Your kernel" line must not read as "upgrade to get the fix": the kernel never had the bug.
    expect(plan.matches[0]!.fixReason).toMatch(/but 5\.4\.1 predates 5\.10, where the bug was introduced, so this is probably a different bug with the same symptom$/);
    expect(renderMarkdown(plan)).toContain('so this is probably a different bug with the same symptom.');
  });

  it('regex signatures match any log line; crash titles match the extracted crash', () => {
    const regex = triage(textReport('We run 5.12.3.\n[ 301.1] nvme nvme1: I/O 7 QID 2 timeout, reset controller\n'), fixtureRules());
    expect(regex.matches[0]).toMatchObject({ ruleId: 'nvme-timeout-regex', verdict: 'known-bug-fix-available' });
    const crash = triage(
      textReport(
        [
          '[ 5.000000] WARNING: CPU: 1 PID: 4242 at drivers/md/persistent-data/dm-space-map-common.c:500 dec_ref_count+0x6c/0x80 [dm_persistent_data]',
          '[ 5.000002] CPU: 1 PID: 4242 Comm: kworker/u16:2 Not tainted 3.12.6 #1',
          '[ 5.000003] Call Trace:',
          '[ 5.000006]  [<ffffffffa01c4a6c>] dec_ref_count+0x6c/0x80 [dm_persistent_data]',
          '[ 5.000008] ---[ end trace 1b2c3d4e5f607182 ]---',
        ].join('\n'),
      ),
      fixtureRules(),
    );
    expect(crash.matches[0]).toMatchObject({ ruleId: 'dec-ref-count-warning' });
    expect(crash.matches[0]!.reasons[0]).toMatch(/crash title `WARNING in dec_ref_count`/);
  });

  it('nothing matches: no-match and the missing-information questions (not repeated as steps)', () => {
    const plan = triage(textReport('My laptop is slow since the update.'), fixtureRules());
    expect(plan).toMatchObject({ verdict: 'no-match', matches: [] });
    expect(plan.questions.join('\n')).toMatch(/uname -r/);
    expect(plan.questions.join('\n')).toMatch(/kernel log/);
    expect(plan.nextSteps).toEqual([]);
    expect(plan.labels).toEqual([NEEDS_INFO_LABEL]);
  });

  it('a bot comment (ktriage quoting the report back) is not read', () => {
    const report = textReport('We run 3.12.6.', []);
    report.comments.push({ author: 'ktriage[bot]', time: null, text: REFCOUNT, isBot: true, isReporter: false });
    expect(triage(report, fixtureRules()).verdict).toBe('no-match');
  });
});

describe('triage: determinism and the fingerprint', () => {
  const body = `We run 3.12.6 on a thin pool.\n${REFCOUNT}\n`;

  it('is deterministic: the same report gives the same plan, with a RuleSet or CompiledRules, whatever `now`', () => {
    const a = triage(textReport(body), fixtureRuleSet(), { now: new Date('2020-01-01T00:00:00Z') });
    const b = triage(textReport(body), compileRules(fixtureRuleSet()), { now: new Date('2030-01-01T00:00:00Z') });
    expect(b).toEqual(a);
    expect(a.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('changes the fingerprint when what would be posted changes, not otherwise', () => {
    const base = triage(textReport(body), fixtureRules()).fingerprint;
    // An unrelated comment changes nothing that is posted.
    expect(triage(textReport(body, ['Thanks for looking into this!']), fixtureRules()).fingerprint).toBe(base);
    // Answering the question changes the questions, so the plan.
    expect(triage(textReport(body, ['We never resized the metadata.']), fixtureRules()).fingerprint).not.toBe(base);
    // Another kernel changes the verdict.
    expect(triage(textReport(body.replace('3.12.6', '3.14.2')), fixtureRules()).fingerprint).not.toBe(base);
  });
});
