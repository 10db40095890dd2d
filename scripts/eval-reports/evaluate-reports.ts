// The real-reports evaluation (issue 11, "How to measure without fooling yourselves"): each public
// report of ../shared/corpus/real-reports triaged against a rule set, scored on "right fix first"
// (the top match is confident and carries the expected fix) and on negatives given a known-bug
// verdict. Reports are split into two halves by the stable hash of the file name the other
// evaluations use (transports, eval:lines): tune on one, report the other. Used by `npm run eval:reports` and by the floor test that pins the numbers.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { extractFactsAndLines } from '../../src/extract/index.js';
import { compileRules, evaluateRules, isCompiledRules, rankMatches, reporterWords, reportLines, type CompiledRules } from '../../src/match/index.js';
import type { BugReport } from '../../src/model.js';
import { matchDescriptions, placeDescribed } from '../../src/plan/index.js';
import type { RuleSet } from '../../src/rules/index.js';
import { halfOf, type Half } from '../transports/score-transports.js';

export { halfOf, type Half };

export interface ReportCase {
  file: string;
  /** The 3-digit key the corpus and the blind rules share ("033"). */
  key: string;
  half: Half;
  report: BugReport;
  /** Every sha that names the report's fix (the corpus's, and known aliases); empty for a negative. */
  fixShas: string[];
  negative: boolean;
}

/**
 * Shas that name the same fix as the corpus's sha, with why. The blind-rules protocol maps each
 * input commit to the mainline fix commit (a rebased tree, a commit that only added the assertion);
 * those mappings are read from its fix-commits.json, these are the ones the corpus itself gets wrong.
 */
export const FIX_CORRECTIONS: Record<string, { sha: string; why: string }> = {
  '033': {
    sha: 'a5336d6bb2d02d0e9d4d3c8be04b80b8b68d56c8',
    why: 'the corpus names 27c14b5daa82, the commit that added the failing assertion; the fix is a5336d6bb2d0 "xfs: fix the forward progress assertion in xfs_iwalk_run_callbacks" (Fixes: 27c14b5daa82)',
  },
};

interface CorpusDoc {
  source: string;
  title: string;
  body: string;
  expected: { fix: { sha: string } | null };
}

/** Read the corpus; `aliases` maps a sha (12+ digits) to other shas of the same fix. */
export function readReportCases(dir: string, aliases: ReadonlyMap<string, readonly string[]> = new Map()): ReportCase[] {
  return readdirSync(dir)
    .filter((name) => /^\d{3}-.*\.ya?ml$/.test(name))
    .sort()
    .map((file) => {
      const doc = parse(readFileSync(join(dir, file), 'utf8')) as CorpusDoc;
      const key = file.slice(0, 3);
      const sha = doc.expected.fix?.sha ?? null;
      const fixShas = sha === null ? [] : [...new Set([sha, ...(aliases.get(sha.slice(0, 12)) ?? []), ...(FIX_CORRECTIONS[key] ? [FIX_CORRECTIONS[key].sha] : [])])];
      return {
        file,
        key,
        half: halfOf(file),
        report: { source: 'file', id: file, url: doc.source, title: doc.title, body: doc.body, comments: [], attachments: [], fields: {} },
        fixShas,
        negative: sha === null,
      };
    });
}

/** The blind protocol's fix-commits.json: input sha -> the mainline fix commit it stands for. */
export function readFixAliases(path: string): Map<string, string[]> {
  const entries = JSON.parse(readFileSync(path, 'utf8')) as Array<{ inputCommit: string; fixCommit: string }>;
  const aliases = new Map<string, string[]>();
  for (const e of entries) {
    if (e.inputCommit === e.fixCommit) continue;
    aliases.set(e.inputCommit.slice(0, 12), [...(aliases.get(e.inputCommit.slice(0, 12)) ?? []), e.fixCommit]);
    aliases.set(e.fixCommit.slice(0, 12), [...(aliases.get(e.fixCommit.slice(0, 12)) ?? []), e.inputCommit]);
  }
  return aliases;
}

/**
 * The cases a rule set is scored on: every negative, and the positives whose fix is among the
 * set's `positiveFixes` (all positives when it has none).
 */
export function casesFor(set: { positiveFixes: readonly string[] | null }, cases: readonly ReportCase[]): ReportCase[] {
  const fixes = set.positiveFixes;
  if (fixes === null) return [...cases];
  const keys = new Set(fixes.map((sha) => sha.slice(0, 12).toLowerCase()));
  return cases.filter((c) => c.negative || c.fixShas.some((want) => keys.has(want.slice(0, 12).toLowerCase()) && fixes.some((sha) => sameCommit(sha, want))));
}

/** Two shas name one commit when one is a prefix of the other, at 12 digits or more. */
export function sameCommit(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  return n >= 12 && a.slice(0, n).toLowerCase() === b.slice(0, n).toLowerCase();
}

export interface CaseResult {
  file: string;
  half: Half;
  negative: boolean;
  /** The top match's rule, verdict and fix shas (null when nothing matched). */
  top: { ruleId: string; verdict: string; confident: boolean; shas: string[] } | null;
  /** Positive: the top match is confident and carries the expected fix. */
  rightFixFirst: boolean;
  /** Positive: the plan's first match (signature or by description, any confidence) carries the expected fix. */
  rightFixFirstAny: boolean;
  /** The expected fix is among the confident matches (not necessarily first). */
  rightFixConfident: boolean;
  /** Negative (or a positive whose top is another bug): a known-bug verdict. */
  knownBugVerdict: boolean;
  /** Positive: the expected fix is among the bugs offered "possible, by description" (no confident match). */
  rightFixByDescription: boolean;
  /** The bugs offered by description (rule or record ids), best first. */
  byDescription: string[];
}

/** Triage every case against one rule set (a compiled one is reused across cases). */
export function scoreCases(cases: readonly ReportCase[], rules: RuleSet | CompiledRules): CaseResult[] {
  const compiled = isCompiledRules(rules) ? rules : compileRules(rules);
  return cases.map((c) => {
    const { facts, lines, prose } = extractFactsAndLines(c.report, compiled.ruleSet.facts);
    const ranked = rankMatches(evaluateRules(facts, compiled, reportLines(facts, lines)), facts, { words: reporterWords(prose, compiled.descriptions), rules: compiled.bugs });
    const offers = matchDescriptions(facts, prose, compiled, ranked);
    const described = offers.map((d) => d.match);
    const planFirst = placeDescribed(ranked, offers, facts, prose)[0];
    const first = ranked[0];
    const shasOf = (r: (typeof ranked)[number]) => r.match.fix.flatMap((f) => (f.sha === null ? [] : [f.sha]));
    const carries = (r: (typeof ranked)[number]) => shasOf(r).some((sha) => c.fixShas.some((want) => sameCommit(sha, want)));
    return {
      file: c.file,
      half: c.half,
      negative: c.negative,
      top: first ? { ruleId: first.match.ruleId, verdict: first.match.verdict, confident: first.confident, shas: shasOf(first) } : null,
      rightFixFirst: !c.negative && first !== undefined && first.confident && carries(first),
      rightFixFirstAny: !c.negative && planFirst !== undefined && planFirst.fix.some((f) => f.sha !== null && c.fixShas.some((want) => sameCommit(f.sha!, want))),
      rightFixConfident: !c.negative && ranked.some((r) => r.confident && carries(r)),
      knownBugVerdict: first !== undefined && first.confident,
      rightFixByDescription: !c.negative && described.some((m) => m.fix.some((f) => f.sha !== null && c.fixShas.some((want) => sameCommit(f.sha!, want)))),
      byDescription: described.map((m) => m.ruleId),
    };
  });
}

export interface HalfSummary {
  positives: number;
  rightFixFirst: number;
  /** Positives whose fix is the plan's first match at any confidence (a possible match or an offer by description). */
  rightFixFirstAny: number;
  /** Positives whose fix is among the (at most three) bugs offered by description. */
  rightFixByDescription: number;
  /** Negatives offered any bug by description (possible only: never a known-bug verdict). */
  negativesByDescription: number;
  negatives: number;
  negativesWithKnownBug: number;
}

/** Counts per half, and for both halves together. */
export function summarize(results: readonly CaseResult[]): Record<Half | 'all', HalfSummary> {
  const of = (list: readonly CaseResult[]): HalfSummary => ({
    positives: list.filter((r) => !r.negative).length,
    rightFixFirst: list.filter((r) => r.rightFixFirst).length,
    rightFixFirstAny: list.filter((r) => r.rightFixFirstAny).length,
    rightFixByDescription: list.filter((r) => r.rightFixByDescription).length,
    negativesByDescription: list.filter((r) => r.negative && r.byDescription.length > 0).length,
    negatives: list.filter((r) => r.negative).length,
    negativesWithKnownBug: list.filter((r) => r.negative && r.knownBugVerdict).length,
  });
  return { tune: of(results.filter((r) => r.half === 'tune')), 'held-out': of(results.filter((r) => r.half === 'held-out')), all: of(results) };
}
