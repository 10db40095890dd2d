// Issue 15 item 3's bar, on the public real reports (shared/corpus/real-reports, gated): for each
// report with a known fix, the rule `ktriage suggest-rule` drafts (1) lints and passes its own
// examples, (2) still matches the report when it is carried differently (wrapped, prefixed,
// quoted: the carriers of scripts/transports/), and (3) gives no known-bug verdict on the public
// negatives nor on the syzkaller logs of other bugs (shared/corpus/syzkaller-linux, every log).
// Counts are printed per half of the corpus (FNV-1a of the file name, as eval:titles splits it):
// the drafter's generic-line and generic-frame lists were written looking at the whole set, so the
// held-out half is no blind measure here; it is printed so a later tuning can be judged by it.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { parse } from 'yaml';
import { readCorpus } from '../../scripts/eval-titles.js';
import { halfOf } from '../../scripts/transports/score-transports.js';
import { TRANSPORTS } from '../../scripts/transports/transports.js';
import { extractFactsAndLines } from '../../src/extract/index.js';
import { readBundledRules } from '../../src/io/load-rule-packs.js';
import { compileRules, evaluateRules, rankMatches, reportLines, type CompiledRules } from '../../src/match/index.js';
import type { BugReport, FactDefinition } from '../../src/model.js';
import { parseRuleFiles, type RuleSet } from '../../src/rules/index.js';
import { draftRule, type DraftCandidate, type DraftedRule } from '../../src/suggest/index.js';
import { describeShared, sharedPath } from '../support/shared-data.js';

/** How a reporter's text reaches a tracker: wrapped, prefixed, quoted (names of scripts/transports/ carriers). */
const CARRIERS = ['wrap 72', 'wrap 80', 'syslog', 'console host prefix', '> quoted', '>> quoted', '> quoted wrap 72', 'Markdown fence', 'CRLF'];

/**
 * Confident matches on a report that a carrier may weaken to possible ones (measured: see the printed
 * list). 7 until corroboration (RANKING.md) made three more drafts confident on their own reports
 * (32 -> 35: 012, 025, and 026 once lockdep's lines were read without timestamps) through the
 * reporter's kernel lying just before the fix. A `>` quote hides that kernel (quoted lines are
 * someone else's words: extract-kernel-versions.ts skips them) and a fence can put a kernel stated
 * in the title into code, so those three are possible under four carriers each (7 - 1 + 12: 033
 * via a console host prefix is now confident).
 */
const MAX_WEAKER = 18;

/** Console lines as the kernel prints them (`[   12.345678] msg`): what a syslog or console host prefix is put on. */
const CONSOLE_LINE = /^\s*\[\s*\d+\.\d+\]/;

/**
 * The report as each carrier delivers it. Wrapping and quoting carry the whole text (a reply
 * re-wraps and quotes everything); a prefix is put on the kernel's own console lines only, since
 * syslog or a console server sees whole kernel lines, never the reporter's prose or a line a mail
 * client wrapped afterwards. A report with no console line (its log already came through syslog)
 * has nothing to prefix: that carrier is not counted for it.
 */
function carriedTexts(text: string, title: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const name of CARRIERS) {
    const carrier = TRANSPORTS.find((t) => t.name === name);
    if (!carrier) throw new Error(`no carrier named ${name} in scripts/transports/transports.ts`);
    if (!PREFIXING.has(name)) {
      out.push([name, carrier.carry(text, title)]);
      continue;
    }
    const lines = text.split('\n');
    if (!lines.some((line) => CONSOLE_LINE.test(line))) continue;
    out.push([name, lines.map((line) => (CONSOLE_LINE.test(line) ? carrier.carry(line.trimStart(), title) : line)).join('\n')]);
  }
  return out;
}

/** Carriers that put a prefix on each line. */
const PREFIXING: ReadonlySet<string> = new Set(['syslog', 'console host prefix']);

interface Positive {
  file: string;
  report: BugReport;
  fix: { sha: string; subject: string; firstRelease: string | null };
}

function readReports(dir: string): { positives: Positive[]; negatives: Array<{ file: string; text: string }> } {
  const positives: Positive[] = [];
  const negatives: Array<{ file: string; text: string }> = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.yml')).sort()) {
    const doc = parse(readFileSync(join(dir, file), 'utf8')) as { source: string; title: string; body: string; expected: { fix: { sha: string; subject: string; first_release: string | null } | null } };
    const report: BugReport = { source: 'file', id: file, url: doc.source, title: doc.title, body: doc.body, comments: [], attachments: [], fields: {} };
    if (doc.expected.fix === null) negatives.push({ file, text: `${doc.title}\n\n${doc.body}` });
    else positives.push({ file, report, fix: { sha: doc.expected.fix.sha, subject: doc.expected.fix.subject, firstRelease: doc.expected.fix.first_release } });
  }
  return { positives, negatives };
}

/** Which drafts (by id) a text gives a match: confident ones (a known-bug verdict) and possible ones. */
function verdicts(text: string, compiled: CompiledRules, vocabulary: readonly FactDefinition[]): { confident: Set<string>; possible: Set<string>; reasons: Map<string, string[]> } {
  const report: BugReport = { source: 'file', id: 'text', url: null, title: '', body: text, comments: [], attachments: [], fields: {} };
  const { facts, lines } = extractFactsAndLines(report, vocabulary);
  const ranked = rankMatches(evaluateRules(facts, compiled, reportLines(facts, lines)), facts);
  return {
    confident: new Set(ranked.filter((r) => r.confident).map((r) => r.match.ruleId)),
    possible: new Set(ranked.filter((r) => !r.confident).map((r) => r.match.ruleId)),
    reasons: new Map(ranked.map((r) => [r.match.ruleId, r.match.reasons])),
  };
}

describeShared('suggest-rule on the public real reports', ['corpus', 'real-reports'], (dir) => {
  const { positives, negatives } = readReports(dir);
  let vocabulary: FactDefinition[] = [];
  const drafts = new Map<string, DraftedRule>();
  const refused = new Map<string, string>();
  let compiled: CompiledRules;
  const half = (file: string) => halfOf(file);

  beforeAll(async () => {
    const bundled = await readBundledRules({ cvePack: false });
    const curated: RuleSet = bundled.ruleSet;
    vocabulary = curated.facts;
    const examples: DraftCandidate[] = curated.bugs.flatMap((bug) => [
      ...bug.examples.match.map((text, i) => ({ name: `${bug.id} match ${i + 1}`, text })),
      ...bug.examples.noMatch.map((text, i) => ({ name: `${bug.id} no_match ${i + 1}`, text })),
    ]);
    const known = compileRules(curated);
    for (const { file, report, fix } of positives) {
      // The other public reports are candidates too ("the closest report"), never the report itself.
      const others = positives.filter((p) => p.file !== file).map((p) => ({ name: p.file, text: `${p.report.title}\n\n${p.report.body}` }));
      const outcome = draftRule(report, {
        fix: { commit: fix.sha.length >= 12 ? fix.sha : fix.sha.padEnd(12, '0'), subject: fix.subject },
        fixedIn: fix.firstRelease,
        candidates: [...examples, ...negatives.map((n) => ({ name: n.file, text: n.text })), ...others],
        vocabulary,
        rules: curated,
        known,
      });
      if ('refused' in outcome) refused.set(file, outcome.refused);
      else drafts.set(file, outcome.drafted);
    }
    // Every draft in one rule set (ids made unique by file), so each text is read once.
    const texts = [...drafts.entries()].map(([file, draft]) => ({ path: `${file}.draft.yml`, text: draft.yaml.replace(/^ {2}- id: (\S+)$/m, `  - id: ${file.slice(0, 3)}-$1`) }));
    const parsed = parseRuleFiles(texts, { knownFacts: vocabulary });
    compiled = compileRules(parsed.ruleSet);
  }, 600_000);

  const idOf = (file: string) => `${file.slice(0, 3)}-${drafts.get(file)!.rule.id}`;

  it('drafts a rule for every report whose log holds a line only its bug prints; each lints and passes its own examples as written', () => {
    const clean = [...drafts.values()].filter((d) => d.problems.length === 0).length;
    const lines = [
      `drafted ${drafts.size}/${positives.length} (tune ${[...drafts.keys()].filter((f) => half(f) === 'tune').length}/${positives.filter((p) => half(p.file) === 'tune').length}, held-out ${[...drafts.keys()].filter((f) => half(f) === 'held-out').length}/${positives.filter((p) => half(p.file) === 'held-out').length}); lint+test clean ${clean}/${drafts.size}`,
      ...[...refused].map(([file, why]) => `  refused ${file}: ${why}`),
    ];
    process.stdout.write(`suggest-rule/real-reports: ${lines.join('\n')}\n`);
    expect([...drafts].filter(([, d]) => d.problems.length > 0).map(([file, d]) => `${file}: ${d.problems.join('; ')}`)).toEqual([]);
    // A refusal is the honest answer only for a log with no crash naming a function, no key line,
    // no trace and no lockdep lock class; every public report has one of them (a lockdep report
    // without its backtrace and a WARNING whose title comes out corrupted get possible-only drafts).
    expect([...refused].map(([file, why]) => `${file}: ${why}`)).toEqual([]);
    expect(compiled.ruleSet.bugs).toHaveLength(drafts.size);
  });

  it('`ktriage lint` and `ktriage test` accept every draft as written (all of them in one folder)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ktriage-drafts-'));
    try {
      for (const [file, draft] of drafts) writeFileSync(join(folder, `${file.slice(0, 3)}.yml`), draft.yaml.replace(/^ {2}- id: (\S+)$/m, `  - id: ${file.slice(0, 3)}-$1`));
      const run = async (args: string[]) => {
        let out = '';
        let err = '';
        const io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, stdin: new PassThrough(), env: {}, cwd: folder };
        return { code: await main(args, io), out, err };
      };
      const lint = await run(['lint', '.']);
      const test = await run(['test', '.']);
      const warnings = lint.out.trim().split('\n').slice(0, -1);
      process.stdout.write(`suggest-rule/real-reports: ktriage lint: ${lint.out.trim().split('\n').at(-1)}; ktriage test: ${test.out.trim().split('\n').at(-1)}\n${warnings.map((w) => `  ${w}\n`).join('')}`);
      expect({ code: lint.code, err: lint.err }).toEqual({ code: 0, err: '' });
      expect(lint.out).toMatch(new RegExp(`^0 errors, \\d+ warnings? in ${drafts.size} files`, 'm'));
      expect({ code: test.code, err: test.err }).toEqual({ code: 0, err: '' });
      expect(test.out).toMatch(new RegExp(`^${drafts.size} rules, ${drafts.size * 2} examples: 0 failures`, 'm'));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 300_000);

  it('still matches each report carried differently (wrapped, prefixed, quoted)', () => {
    const lost: string[] = [];
    const weaker: string[] = [];
    const counts = new Map<string, { kept: number; strong: number; all: number }>();
    const baselines = { confident: 0, possible: 0 };
    for (const [file, draft] of drafts) {
      const positive = positives.find((p) => p.file === file)!;
      const text = `${positive.report.title}\n\n${positive.report.body}`;
      const own = verdicts(text, compiled, vocabulary);
      const id = idOf(file);
      const baseline = own.confident.has(id) ? 'confident' : own.possible.has(id) ? 'possible' : 'none';
      expect(`${file}: ${baseline}`).not.toBe(`${file}: none`);
      if (baseline !== 'none') baselines[baseline] += 1;
      // A draft resting on weak signatures (nothing specific in its report) is possible-only, as its
      // note says, unless the rest of the report corroborates it (RANKING.md "Corroboration": 026's
      // two lock-class lines and its kernel just before the fix); then the reasons say so.
      if (draft.checks.some((check) => check.startsWith('nothing in this report names the bug alone'))) {
        const corroborated = (own.reasons.get(id) ?? []).some((reason) => reason.includes('(corroboration, weight'));
        if (!corroborated) expect(`${file}: ${baseline}`).toBe(`${file}: possible`);
      }
      const title = String((draft.rule.signatures as Array<{ crash?: string }>)[0]?.crash ?? '');
      for (const [name, carried] of carriedTexts(text, title)) {
        const found = verdicts(carried, compiled, vocabulary);
        const kept = found.confident.has(id) || found.possible.has(id);
        const strong = baseline === 'confident' ? found.confident.has(id) : kept;
        const count = counts.get(name) ?? { kept: 0, strong: 0, all: 0 };
        counts.set(name, { kept: count.kept + (kept ? 1 : 0), strong: count.strong + (strong ? 1 : 0), all: count.all + 1 });
        if (!kept) lost.push(`${file} via ${name}`);
        else if (!strong) weaker.push(`${file} via ${name}`);
      }
    }
    process.stdout.write(
      `suggest-rule/real-reports: each draft on its own report: ${baselines.confident} known bug, ${baselines.possible} possible match (possible-only drafts: no specific crash title and fewer than two other signatures)\n` +
        `suggest-rule/real-reports: carried (still matched / as strongly as the report itself / carried): ${[...counts].map(([name, c]) => `${name} ${c.kept}/${c.strong}/${c.all}`).join(', ')}\n` +
        `  confident on the report, only possible carried: ${weaker.join(', ') || 'none'}\n`,
    );
    expect(lost).toEqual([]);
    // Known extraction limits (a lockdep report wrapped at 72-80 columns, long lines wrapped inside a
    // wrapped mail) weaken a few confident matches to possible ones; the count may only go down.
    expect(weaker.length).toBeLessThanOrEqual(MAX_WEAKER);
  });

  it('gives no known-bug verdict on the public negatives', () => {
    const hits = negatives.flatMap((negative) => [...verdicts(negative.text, compiled, vocabulary).confident].map((id) => `${negative.file} -> ${id}`));
    process.stdout.write(`suggest-rule/real-reports: negatives with a known-bug verdict: ${hits.length}/${negatives.length}\n`);
    expect(hits).toEqual([]);
  });

  const syzkaller = sharedPath('corpus', 'syzkaller-linux');
  (syzkaller === null ? it.skip : it)('gives no known-bug verdict on the syzkaller logs of other bugs (every log of the corpus)', () => {
    const cases = readCorpus(syzkaller!);
    const titlesOf = new Map([...drafts].map(([file, draft]) => [idOf(file), (draft.rule.signatures as Array<{ crash?: string }>).flatMap((s) => (s.crash ? [s.crash] : []))]));
    const hits: string[] = [];
    let possible = 0;
    for (const c of cases) {
      const same = (id: string) => c.expected !== null && [c.expected.title, ...c.expected.alt].some((title) => titlesOf.get(id)?.includes(title));
      const found = verdicts(c.log, compiled, vocabulary);
      for (const id of found.confident) if (!same(id)) hits.push(`${c.name} (${c.expected?.title ?? 'no crash'}) -> ${id}`);
      possible += [...found.possible].filter((id) => !same(id)).length;
    }
    process.stdout.write(`suggest-rule/real-reports: syzkaller logs of other bugs with a known-bug verdict: ${hits.length}/${cases.length} (possible matches: ${possible})\n`);
    expect(hits).toEqual([]);
  }, 600_000);
});
