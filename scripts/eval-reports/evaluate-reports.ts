// The real-reports evaluation (issue 11, "How to measure without fooling yourselves"): each public
// report of ../shared/corpus/real-reports triaged against a rule set, scored on "right fix first"
// (the top match is confident and carries the expected fix) and on negatives given a known-bug
// verdict. Reports are split into two halves by a stable hash of the file name: tune on one,
// report the other. Used by `npm run eval:reports` and by the floor test that pins the numbers.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { extractFactsAndLines, parseKernelVersion } from '../../src/extract/index.js';
import { compileRules, evaluateRules, isCompiledRules, rankMatches, reportLines, type CompiledRules } from '../../src/match/index.js';
import type { BugReport, Facts } from '../../src/model.js';
import type { RuleSet } from '../../src/rules/index.js';

export type Half = 'tune' | 'held-out';

export interface ReportCase {
  file: string;
  /** The 3-digit key the corpus and the blind rules share ("033"). */
  key: string;
  half: Half;
  report: BugReport;
  /** Every sha that names the report's fix (the corpus's, and known aliases); empty for a negative. */
  fixShas: string[];
  negative: boolean;
  /** Kernel versions the report states as running (empty when it states none). */
  running: string[];
  /** Verbatim key lines a maintainer would recognise. */
  keyLines: string[];
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

/**
 * The half a report belongs to: the first byte of sha256(file name), even = tune, odd = held-out.
 * Stable across machines and runs; adding a report never moves another.
 *
 * @example
 * halfOf('001-nvmet-debugfs-discovery-panic.yml') // => 'tune' or 'held-out', always the same
 */
export function halfOf(file: string): Half {
  return createHash('sha256').update(file).digest()[0]! % 2 === 0 ? 'tune' : 'held-out';
}

interface CorpusDoc {
  source: string;
  title: string;
  body: string;
  expected: { fix: { sha: string } | null; kernel_running?: unknown[]; signatures?: unknown[] };
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
        running: (doc.expected.kernel_running ?? []).map(String),
        keyLines: (doc.expected.signatures ?? []).map(String),
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
  /** The expected fix is among the confident matches (not necessarily first). */
  rightFixConfident: boolean;
  /** Negative (or a positive whose top is another bug): a known-bug verdict. */
  knownBugVerdict: boolean;
  facts: Facts;
}

/** Triage every case against one rule set (a compiled one is reused across cases). */
export function scoreCases(cases: readonly ReportCase[], rules: RuleSet | CompiledRules): CaseResult[] {
  const compiled = isCompiledRules(rules) ? rules : compileRules(rules);
  return cases.map((c) => {
    const { facts, lines } = extractFactsAndLines(c.report, compiled.ruleSet.facts);
    const ranked = rankMatches(evaluateRules(facts, compiled, reportLines(facts, lines)), facts);
    const first = ranked[0];
    const shasOf = (r: (typeof ranked)[number]) => r.match.fix.flatMap((f) => (f.sha === null ? [] : [f.sha]));
    const carries = (r: (typeof ranked)[number]) => shasOf(r).some((sha) => c.fixShas.some((want) => sameCommit(sha, want)));
    return {
      file: c.file,
      half: c.half,
      negative: c.negative,
      top: first ? { ruleId: first.match.ruleId, verdict: first.match.verdict, confident: first.confident, shas: shasOf(first) } : null,
      rightFixFirst: !c.negative && first !== undefined && first.confident && carries(first),
      rightFixConfident: !c.negative && ranked.some((r) => r.confident && carries(r)),
      knownBugVerdict: first !== undefined && first.confident,
      facts,
    };
  });
}

export interface HalfSummary {
  positives: number;
  rightFixFirst: number;
  negatives: number;
  negativesWithKnownBug: number;
}

/** Counts per half, and for both halves together. */
export function summarize(results: readonly CaseResult[]): Record<Half | 'all', HalfSummary> {
  const of = (list: readonly CaseResult[]): HalfSummary => ({
    positives: list.filter((r) => !r.negative).length,
    rightFixFirst: list.filter((r) => r.rightFixFirst).length,
    negatives: list.filter((r) => r.negative).length,
    negativesWithKnownBug: list.filter((r) => r.negative && r.knownBugVerdict).length,
  });
  return { tune: of(results.filter((r) => r.half === 'tune')), 'held-out': of(results.filter((r) => r.half === 'held-out')), all: of(results) };
}

/** Extraction rates: the running kernel (of reports that state one) and at least one key line. */
export function extractionRates(cases: readonly ReportCase[], results: readonly CaseResult[]): Record<Half | 'all', { running: [number, number]; keyLine: [number, number] }> {
  const rows = cases.map((c, i) => {
    const facts = results[i]!.facts;
    const found = facts.kernel.running?.version.raw ?? null;
    const ours = [...facts.signatures.map((s) => s.text), ...facts.crashes.map((x) => x.evidence.quote)];
    return {
      half: c.half,
      statesRunning: c.running.length > 0,
      running: found !== null && c.running.some((v) => sameKernel(v, found)),
      hasKeyLines: c.keyLines.length > 0,
      keyLine: c.keyLines.some((s) => ours.some((o) => o.includes(s) || (o.length >= 40 && s.includes(o.slice(0, 40))))),
    };
  });
  const of = (list: typeof rows) => ({
    running: [list.filter((r) => r.statesRunning && r.running).length, list.filter((r) => r.statesRunning).length] as [number, number],
    keyLine: [list.filter((r) => r.hasKeyLines && r.keyLine).length, list.filter((r) => r.hasKeyLines).length] as [number, number],
  });
  return { tune: of(rows.filter((r) => r.half === 'tune')), 'held-out': of(rows.filter((r) => r.half === 'held-out')), all: of(rows) };
}

/** "5.13.0-rc1" and "v5.13-rc1" name the same kernel; distro suffixes and trailing words are ignored. */
function sameKernel(written: string, found: string): boolean {
  const a = parseKernelVersion(written.split(' ')[0]!);
  const b = parseKernelVersion(found);
  if (!a || !b) return written.replace(/^v/, '') === found.replace(/^v/, '');
  return a.major === b.major && a.minor === b.minor && (a.sublevel ?? 0) === (b.sublevel ?? 0) && a.rc === b.rc;
}
