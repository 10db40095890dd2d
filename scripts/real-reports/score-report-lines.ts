// What the extractor reads from a real report's own text, against the report's `expected` block
// (shared corpus/real-reports/*.yml): the running kernel, and the key log lines (signatures). Shared
// by `npm run eval:lines` (per half) and test/extract/real-reports.test.ts (the floor), so both
// score the same way.
import { extractFacts, parseKernelVersion } from '../../src/extract/index.js';
import type { BugReport, FactDefinition, Facts } from '../../src/model.js';

export interface RealReport {
  file: string;
  title: string;
  body: string;
  expected: { kernel_running?: unknown[]; signatures?: unknown[] };
}

export interface ReportLineScore {
  file: string;
  facts: Facts;
  report: BugReport;
  /** The kernels the report states (empty: it states none, and none must be found). */
  expectedRunning: string[];
  running: string | null;
  runningOk: boolean;
  expectedSignatures: string[];
  /** Expected signatures that one of ours (or a crash header line) holds. */
  foundSignatures: string[];
  /** Signatures and crash titles extracted, whatever was expected. */
  extracted: number;
}

/** "5.13.0-rc1" and "v5.13-rc1" name the same kernel (a note after a space is ignored). */
export function sameKernel(written: string, found: string): boolean {
  const a = parseKernelVersion(written.split(' ')[0]!);
  const b = parseKernelVersion(found);
  if (!a || !b) return written.replace(/^v/, '') === found.replace(/^v/, '');
  return a.major === b.major && a.minor === b.minor && (a.sublevel ?? 0) === (b.sublevel ?? 0) && a.rc === b.rc;
}

/**
 * The report's body as a mail reply carries it: every line `> ` quoted under the client's header,
 * with one unquoted line of the replier's own (no kernel in it).
 */
export function quoteAsReply(body: string): string {
  return `On Mon, 3 Jun 2024 at 10:12, Reporter wrote:\n${body.split('\n').map((line) => (line === '' ? '>' : `> ${line}`)).join('\n')}\n\nAny news on this?`;
}

export function scoreReportLines(item: RealReport, vocabulary: readonly FactDefinition[], carry: (body: string) => string = (body) => body): ReportLineScore {
  const report: BugReport = { source: 'file', id: item.file, url: null, title: item.title, body: carry(item.body), comments: [], attachments: [], fields: {} };
  const facts = extractFacts(report, vocabulary);
  const expectedRunning = (item.expected.kernel_running ?? []).map(String);
  const running = facts.kernel.running?.version.raw ?? null;
  const runningOk = expectedRunning.length === 0 ? running === null : running !== null && expectedRunning.some((v) => sameKernel(v, running));
  const ours = [...facts.signatures.map((s) => s.text), ...facts.crashes.map((x) => x.evidence.quote)];
  const expectedSignatures = (item.expected.signatures ?? []).map(String);
  const foundSignatures = expectedSignatures.filter((s) => ours.some((o) => o.includes(s) || (o.length >= 40 && s.includes(o.slice(0, 40)))));
  return { file: item.file, facts, report, expectedRunning, running, runningOk, expectedSignatures, foundSignatures, extracted: ours.length };
}
