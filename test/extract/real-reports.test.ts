// Regression floor on the shared corpus/real-reports (50 real public reports with expected kernels
// and signatures). The floor guards generality: a change that helps a fixture but loses real
// reports fails here. The corpus is for evaluation, not tuning (a held-out set exists).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { extractFacts, parseKernelVersion } from '../../src/extract/index.js';
import { readFactVocabulary } from '../../src/io/read-fact-vocabulary.js';
import type { BugReport, FactDefinition, Facts } from '../../src/model.js';
import { describeShared } from '../support/shared-data.js';
import { allEvidence, evidenceProblem } from './summarize-facts.js';


interface Case {
  title: string;
  body: string;
  expected: { kernel_running?: unknown[]; signatures?: unknown[] };
}

/** "5.13.0-rc1" and "v5.13-rc1" name the same kernel. */
function sameKernel(written: string, found: string): boolean {
  const a = parseKernelVersion(written.split(' ')[0]!);
  const b = parseKernelVersion(found);
  if (!a || !b) return written.replace(/^v/, '') === found.replace(/^v/, '');
  return a.major === b.major && a.minor === b.minor && (a.sublevel ?? 0) === (b.sublevel ?? 0) && a.rc === b.rc;
}

let vocabulary: FactDefinition[];
const results: Array<{ file: string; running: boolean; signaturesFound: number; signaturesExpected: number }> = [];

beforeAll(async () => {
  vocabulary = await readFactVocabulary();
});

describeShared('real reports (shared corpus/real-reports)', ['corpus', 'real-reports'], (corpus) => {
  const files = readdirSync(corpus).filter((f) => f.endsWith('.yml')).sort();

  it.each(files)('%s: extracts without throwing, every evidence exact', (file) => {
    const c = parse(readFileSync(path.join(corpus, file), 'utf8')) as Case;
    const report: BugReport = { source: 'file', id: file, url: null, title: c.title, body: c.body, comments: [], attachments: [], fields: {} };
    const facts: Facts = extractFacts(report, vocabulary);
    expect(allEvidence(facts).map(([, e]) => evidenceProblem(report, e)).filter((p) => p !== null)).toEqual([]);

    const expectedRunning = (c.expected.kernel_running ?? []).map(String);
    const running = facts.kernel.running?.version.raw ?? null;
    const runningOk = expectedRunning.length === 0 ? running === null : running !== null && expectedRunning.some((v) => sameKernel(v, running));
    // A signature is found when one of ours (or a crash header line) holds the expected text.
    const ours = [...facts.signatures.map((s) => s.text), ...facts.crashes.map((x) => x.evidence.quote)];
    const expectedSignatures = (c.expected.signatures ?? []).map(String);
    const found = expectedSignatures.filter((s) => ours.some((o) => o.includes(s) || (o.length >= 40 && s.includes(o.slice(0, 40)))));
    results.push({ file, running: runningOk, signaturesFound: found.length, signaturesExpected: expectedSignatures.length });
  });

  it('keeps the accuracy floor: running kernel on at least 47 of 50 reports, 85% of the expected signatures', () => {
    expect(results).toHaveLength(files.length);
    const running = results.filter((r) => r.running).length;
    const found = results.reduce((n, r) => n + r.signaturesFound, 0);
    const expected = results.reduce((n, r) => n + r.signaturesExpected, 0);
    expect({ running: running >= 47, signatures: found / expected >= 0.85 }).toEqual({ running: true, signatures: true });
  });
});
