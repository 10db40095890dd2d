import { parseKernelVersion } from '../../src/extract/index.js';
import {
  buildDescriptionIndex,
  compileRules,
  evaluateRules,
  inFixWindow,
  rankMatches,
  reporterWords,
  sharedWords,
  type DescriptionPack,
  type DescriptionSource,
} from '../../src/match/index.js';
import type { Facts } from '../../src/model.js';
import { factsWith, logLine, runningKernel } from '../support/facts-with.js';
import { parseWithFacts, ruleFileText, validBug } from '../rules/support/rule-text.js';

/*
 * RANKING.md "Corroboration": a hand-written rule whose signatures weigh under the confident
 * threshold is named confidently only when the rest of the report agrees — the kernel is from the
 * release cycle just before the fix, and the reporter's own words share rare words with the rule.
 */

const LINE = 'XFS (loop1): Starting recovery (logdev: internal)';

function facts(running: string | null): Facts {
  return factsWith({ kernel: runningKernel(running), signatures: [{ ...logLine(LINE, 1), subsystem: 'xfs' }] });
}

function weakRule(options: { generated?: boolean; weight?: number; fixed?: string } = {}): Record<string, unknown> {
  const bug = validBug('xfs-recovery-flushiter');
  bug.title = 'xfs: log recovery clears di_flushiter, corrupting extent counts on big-endian (s390)';
  bug.subsystem = 'xfs';
  bug.signatures = [{ regex: 'XFS \\(\\S+\\): Starting recovery', weight: options.weight ?? 0.15 }];
  bug.when = {};
  bug.affected = { fixed: { mainline: options.fixed ?? '6.7-rc1' } };
  bug.fix = [{ commit: '7930d9e103700cde15833638855b750715c12091', subject: 'xfs: recovery should not clear di_flushiter unconditionally' }];
  bug.examples = { match: [LINE], no_match: ['XFS (loop1): Ending clean mount'] };
  delete bug.ask;
  if (options.generated) {
    bug.origin = 'generated';
    bug.provenance = { source: 'kernel-cve', record: 'CVE-2023-99999', snapshot: '2026-11-30' };
  }
  return bug;
}

// A stand-in for the pack's fix messages (the thresholds are idf at the pack's size, thousands of records):
// "corruption" common, as in the kernel's CVE records.
const DOCUMENTS = [
  ...Array.from({ length: 1000 }, (_, i) => ({ id: `CVE-A-${i}`, text: `xfs: fix corruption in log recovery path ${i}` })),
  ...Array.from({ length: 1000 }, (_, i) => ({ id: `CVE-B-${i}`, text: `ext4: fix a read error on mount ${i}` })),
  { id: 'CVE-C-1', text: 'xfs: handle big-endian inode counts' },
];
const PACK: DescriptionPack = { index: buildDescriptionIndex(DOCUMENTS), records: new Map() };
let loads = 0;
const source: DescriptionSource = () => {
  loads += 1;
  return PACK;
};

function rank(rule: Record<string, unknown>, running: string | null, prose: string[]) {
  const parsed = parseWithFacts(ruleFileText([rule]));
  expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
  const f = facts(running);
  const compiled = compileRules(parsed.ruleSet, { descriptions: source });
  return rankMatches(evaluateRules(f, compiled), f, { words: reporterWords(prose, compiled.descriptions) });
}

const PROSE = ['More xfs corruption found on s390x', 'I do not know if it is an xfs issue or one of a big endian machine.'];

describe('inFixWindow', () => {
  it.each([
    ['6.4.0-rc1+', '6.5-rc1', true],
    ['6.16.0-rc2+', '6.16-rc4', true],
    ['6.6.0-rc7+', '6.7-rc1', true],
    ['6.10.0', '6.11-rc4', true],
    ['5.19.0', '6.0-rc2', true],
    ['4.20.3', '5.0-rc1', true],
    ['6.6.30', '7.0', false], // 7.0 follows 6.19, not 6.6
    ['6.19.0-rc3', '7.0-rc2', true],
    ['6.9.0+', '6.11-rc4', false], // a whole cycle between them
    ['6.6.76', '6.17-rc1', false], // an old stable kernel lacks most fixes
    ['6.7.0', '6.7-rc1', false], // already has it
    ['6.4.0', null, false], // the rule names no mainline release
  ])('%s and a fix first in %s: %s', (kernel, fixed, expected) => {
    expect(inFixWindow(parseKernelVersion(kernel)!, fixed)).toBe(expected);
  });
});

describe('sharedWords', () => {
  const words = reporterWords(PROSE, source)()!;
  it('counts rare words the reporter and the rule share, not the subsystem or common words', () => {
    const rule = { title: 'xfs: log recovery clears di_flushiter on big-endian machines', subsystem: 'xfs', fix: [{ sha: null, subject: 'xfs: fix corruption', repo: null }] };
    const shared = sharedWords(rule, words);
    expect(shared).toContain('endian');
    expect(shared).not.toContain('xf'); // the subsystem word
  });
  it('is empty when only common words are shared', () => {
    const rule = { title: 'xfs: corruption in log recovery', subsystem: 'xfs', fix: [] };
    expect(sharedWords(rule, words)).toEqual([]);
  });
  it('is null without prose or without a pack (that evidence is absent, never guessed)', () => {
    expect(reporterWords([], source)()).toBeNull();
    expect(reporterWords(PROSE, null)()).toBeNull();
  });
});

describe('ranking with corroboration', () => {
  it('a weak line, a kernel just before the fix and the reporter words together: confident', () => {
    const [top] = rank(weakRule(), '6.6.0-rc7+', PROSE);
    expect(top?.confident).toBe(true);
    expect(top?.match.verdict).toBe('known-bug-fix-available');
    expect(top?.match.reasons.join('\n')).toMatch(/release cycle just before the fix[\s\S]*reporter's own words share [^\n]*`endian`/);
  });

  it.each([
    ['the kernel far before the fix', '6.1.0', PROSE],
    ['no kernel stated', null, PROSE],
    ['the reporter says nothing the rule says', '6.6.0-rc7+', ['It broke after an upgrade, please help.']],
  ])('one of the two missing (%s): still possible', (_name, running, prose) => {
    const [top] = rank(weakRule(), running, prose);
    expect(top?.confident).toBe(false);
    expect(top?.match.verdict).toBe('possible-match');
  });

  it('never for a generated rule (its own route: two independent signatures or a specific title)', () => {
    const [top] = rank(weakRule({ generated: true }), '6.6.0-rc7+', PROSE);
    expect(top?.confident).toBe(false);
  });

  it('a rule confident on its own is scored as before, without loading the word frequencies', () => {
    loads = 0;
    const alone = rank(weakRule({ weight: 0.6 }), '6.6.0-rc7+', PROSE)[0]!;
    expect(alone.confident).toBe(true);
    expect(alone.match.reasons.join('\n')).not.toMatch(/corroboration/);
    expect(loads).toBe(0);
  });
});
