// The precompiled form decodes each generated rule's body only when a report touches the rule
// (issue 10, item 4): a lazily decoded rule must be the rule the YAML gives, and give the same verdicts.
import { isAscii } from 'node:buffer';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { precompileBundledRules, readBundledRules, selectBundledRules, type BundledRules } from '../../src/io/load-rule-packs.js';
import { decodePrecompiledRules, encodePrecompiledRules, isBodyPending } from '../../src/io/precompiled-rules.js';
import { compileRules, signatureTables } from '../../src/match/index.js';
import type { BugRule } from '../../src/rules/index.js';
import { triage } from '../../src/triage.js';
import { REPO_ROOT } from '../support/shared-data.js';
import { textReport } from '../triage/support.js';

const NOW = new Date('2026-01-01T00:00:00Z');

/** A generated rule as the importer writes it (non-ASCII in its title on purpose: the form is ASCII). */
const generated = (id: string, title: string): BugRule => ({
  id,
  title,
  subsystem: 'block',
  links: [`https://www.cve.org/CVERecord?id=${id.toUpperCase()}`],
  verifiedBy: [],
  // Each way a signature is packed: text equal to the pattern, a stack's names joined by ', ', any
  // other text, and the implied flag (absent, true).
  signatures: [
    { kind: 'crash', pattern: `KASAN: use-after-free Read in ${id.replace(/-/g, '_')}_fn`, text: `KASAN: use-after-free Read in ${id.replace(/-/g, '_')}_fn`, weight: 1 },
    { kind: 'stack', pattern: 'blk_mq_free_request bio_endio', text: 'blk_mq_free_request, bio_endio', weight: 0.3 },
    { kind: 'log', pattern: 'blk: <DEV>: request failed', text: 'blk: sda: request failed', weight: 0.5 },
    { kind: 'bisect', pattern: '0123456789abcdef0123456789abcdef01234567', text: '0123456789abcdef0123456789abcdef01234567', weight: 1, implied: true },
  ],
  when: {},
  affected: { introduced: { version: '5.10', commit: null }, fixed: { mainline: '6.1', stable: ['5.15.80'], distro: {} } },
  fix: [{ sha: '0123456789abcdef0123456789abcdef01234567', subject: title, repo: null }],
  related: [],
  nextSteps: [],
  ask: [],
  labels: ['known-bug', 'block'],
  examples: { match: [], noMatch: [] },
  origin: 'generated',
  provenance: { source: 'kernel-cve', record: id.toUpperCase(), snapshot: '2026-08-21', url: null },
  source: { file: 'kernel-cves/2099.yml', line: 3, col: 5 },
});

describe('encodePrecompiledRules / decodePrecompiledRules', () => {
  const bugs = [generated('cve-2099-0001', 'blk: fix a use-after-free — in “quotes”'), generated('cve-2099-0002', 'blk: fix another')];
  const text = encodePrecompiledRules({ stamps: [], facts: [], playbooks: [], bugs, problems: [], superseded: [], withoutPack: null, fuzzy: null, signatures: signatureTables(bugs) });

  it('writes ASCII only, a header line, then the bodies', () => {
    expect(isAscii(Buffer.from(text, 'utf8'))).toBe(true);
    expect(text.split('\n')).toHaveLength(2);
    // The header holds no body field of a generated rule; their signatures only in the index.
    expect(text.split('\n')[0]).not.toContain('blk: fix');
    expect(text.split('\n')[0]).not.toContain('blk: sda: request failed');
    expect(text.split('\n')[0]).toContain('blk: <DEV>: request failed');
  });

  it('decodes bodies on first read of a body field only, and then gives the plain rule', () => {
    const decoded = decodePrecompiledRules(Buffer.from(text, 'latin1'), isAscii)!;
    const [first, second] = decoded.bugs as [BugRule, BugRule];
    // Header fields read nothing else; the index is the rules' own.
    expect([first.id, first.origin, first.source.line, first.provenance?.record]).toEqual(['cve-2099-0001', 'generated', 3, 'CVE-2099-0001']);
    expect('id' in first).toBe(true);
    expect(decoded.signatures).toEqual(signatureTables(bugs));
    expect([isBodyPending(first), isBodyPending(second)]).toEqual([true, true]);
    expect(first.title).toBe('blk: fix a use-after-free — in “quotes”');
    expect([isBodyPending(first), isBodyPending(second)]).toEqual([false, true]);
    // Signatures are a body field too: read, they settle the body and are the rule's own.
    expect(JSON.stringify(second.signatures)).toBe(JSON.stringify(bugs[1]!.signatures));
    expect(isBodyPending(second)).toBe(false);
    // Every generic reader sees the whole rule: spread, JSON, keys, `in`, equality.
    expect({ ...second }).toEqual(bugs[1]);
    expect(JSON.parse(JSON.stringify(first))).toEqual(bugs[0]);
    expect(Object.keys(decoded.bugs[1]!).sort()).toEqual(Object.keys(bugs[1]!).sort());
    expect('affected' in decodePrecompiledRules(Buffer.from(text, 'latin1'), isAscii)!.bugs[0]!).toBe(true);
    expect(isBodyPending(bugs[0]!)).toBe(false);
  });

  it('is refused when not ASCII, without a header line, or of another format', () => {
    expect(decodePrecompiledRules(Buffer.from(`${text}é`, 'utf8'), isAscii)).toBeNull();
    expect(decodePrecompiledRules(Buffer.from('{"format":2}', 'latin1'), isAscii)).toBeNull();
    expect(decodePrecompiledRules(Buffer.from(text.replace('"format":4', '"format":3'), 'latin1'), isAscii)).toBeNull();
  });
});

describe('the bundled packs, precompiled and decoded lazily, against their YAML', () => {
  let dir: string;
  let parsed: BundledRules;
  let curated: BundledRules;
  let form: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ktriage-precompiled-'));
    parsed = await readBundledRules({ precompiledFile: null });
    curated = await readBundledRules({ precompiledFile: null, cvePack: false });
    form = path.join(dir, 'bundled-rules.json');
    writeFileSync(form, precompileBundledRules(parsed, undefined, curated, compileRules(parsed.ruleSet).fuzzy.tables(), signatureTables(parsed.ruleSet.bugs)));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const withoutExamples = (bugs: readonly BugRule[]) => bugs.map((bug) => ({ ...bug, examples: { match: [], noMatch: [] } }));

  it('gives the same verdicts as the rules decoded eagerly, touching only the rules the reports touch', async () => {
    const lazy = await readBundledRules({ precompiledFile: form });
    expect(lazy.precompiled).toBe(true);
    const generatedBugs = lazy.ruleSet.bugs.filter((bug) => bug.origin === 'generated');
    expect(generatedBugs.length).toBeGreaterThan(3000);
    expect(generatedBugs.every(isBodyPending)).toBe(true);

    const eager = compileRules({ ...parsed.ruleSet, bugs: withoutExamples(parsed.ruleSet.bugs) });
    // With the form's fuzzy tables and signature index, as the CLI compiles it (loadRulePacks
    // passes them on): compiling reads no generated rule's signatures, so decodes no body.
    let tablesRead = 0;
    expect(lazy.signatureTables).toEqual(signatureTables(parsed.ruleSet.bugs));
    const fromForm = compileRules(selectBundledRules(lazy), {
      fuzzyTables: { bugs: lazy.ruleSet.bugs, tables: () => (tablesRead++, lazy.fuzzyTables!()) },
      signatureTables: { bugs: lazy.ruleSet.bugs, tables: lazy.signatureTables! },
    });
    expect(generatedBugs.every(isBodyPending)).toBe(true);
    // Reports: the repository's examples and report fixtures, and one per 20th generated rule made
    // of its own signatures' text (as log lines), so that CVE rules are matched, ranked and rendered.
    const fixtures = path.join(REPO_ROOT, 'test/fixtures/reports');
    const texts = [
      ...readdirSync(path.join(REPO_ROOT, 'examples')).filter((n) => n.endsWith('.txt') || n.endsWith('.md')).map((n) => readFileSync(path.join(REPO_ROOT, 'examples', n), 'utf8')),
      ...readdirSync(fixtures).map((n) => readFileSync(path.join(fixtures, n), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '')),
      ...generatedBugs.filter((_, i) => i % 20 === 0).map((bug) => `Linux version 6.1.10\n${bug.signatures.filter((s) => s.kind !== 'bisect').map((s, i) => `[  ${10 + i}.000000] ${s.text}`).join('\n')}\n`),
    ];
    let cveMatches = 0;
    for (const [i, text] of texts.entries()) {
      const report = textReport(text, [], { id: `sample-${i}` });
      const plan = triage(report, fromForm, { now: NOW });
      expect(plan).toEqual(triage(report, eager, { now: NOW }));
      if (plan.matches.some((m) => m.ruleId.startsWith('cve-'))) cveMatches++;
    }
    // The sample does reach the CVE rules, and still decoded only a small part of them.
    expect(cveMatches).toBeGreaterThan(100);
    expect(tablesRead).toBe(1);
    const settled = generatedBugs.filter((bug) => !isBodyPending(bug)).length;
    expect(settled).toBeGreaterThan(0);
    expect(settled).toBeLessThan(generatedBugs.length / 4);
  }, 300_000);

  it('every rule, decoded, is the rule the YAML gives (without examples)', async () => {
    const lazy = await readBundledRules({ precompiledFile: form });
    expect(JSON.parse(JSON.stringify(lazy.ruleSet))).toEqual(JSON.parse(JSON.stringify({ ...parsed.ruleSet, bugs: withoutExamples(parsed.ruleSet.bugs) })));
    expect([lazy.digest, lazy.problems, [...lazy.superseded]]).toEqual([parsed.digest, parsed.problems, [...parsed.superseded]]);
  }, 120_000);

  it('--no-cves uses the form too, and gives what the curated YAML alone gives', async () => {
    const fast = await readBundledRules({ precompiledFile: form, cvePack: false });
    expect(fast.precompiled).toBe(true);
    expect(JSON.parse(JSON.stringify(fast.ruleSet))).toEqual(JSON.parse(JSON.stringify({ ...curated.ruleSet, bugs: withoutExamples(curated.ruleSet.bugs) })));
    expect([fast.digest, fast.problems, fast.sources, fast.descriptions, fast.fuzzyTables, fast.signatureTables, [...fast.superseded]]).toEqual([curated.digest, curated.problems, curated.sources, null, null, null, []]);
    expect(fast.ruleSet.bugs.every((bug) => fast.originOf(bug.source) === 'curated')).toBe(true);
    // The records do add fixed releases to some curated rules: the view must not carry them.
    expect(parsed.ruleSet.bugs.some((bug) => { const alone = curated.ruleSet.bugs.find((c) => c.id === bug.id); return alone !== undefined && JSON.stringify(alone.affected) !== JSON.stringify(bug.affected); })).toBe(true);
  }, 120_000);
});
