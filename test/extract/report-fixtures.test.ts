// The report fixtures: test/fixtures/reports/* hold YAML front matter (expectations) and the raw
// report below it, in any format `ktriage extract` reads. `expect:` is the full summary of the
// extracted facts (UPDATE_FIXTURES=1 rewrites it, so a behaviour change is a reviewable diff);
// `require:` holds hand-written assertions that are never rewritten.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument, stringify } from 'yaml';
import { parseReportText } from '../../src/cli/read-report-file.js';
import { extractFacts } from '../../src/extract/index.js';
import { readFactVocabulary } from '../../src/io/read-fact-vocabulary.js';
import type { FactDefinition, Facts } from '../../src/model.js';
import { allEvidence, evidenceProblem, summarizeFacts, type FactsSummary } from './summarize-facts.js';

const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/reports');
const files = readdirSync(folder).filter((f) => !f.startsWith('.') && f !== 'README.md').sort();
const update = process.env.UPDATE_FIXTURES === '1';

interface Requirements {
  format?: string;
  running?: string | null;
  failing_includes?: string[];
  working_includes?: string[];
  mentioned_includes?: string[];
  /** Versions that must be neither failing nor working. */
  only_mentioned?: string[];
  not_kernel?: string[];
  /** Canonical lines that must appear in this relative order. */
  signatures_in_order?: string[];
  config?: Record<string, { value: boolean | string; history?: Array<boolean | string> }>;
  config_absent?: string[];
  missing_includes?: string[];
  not_missing?: string[];
  crash?: string | null;
  /** Functions that one call trace holds in this order ("f > g > h"), for each entry. */
  stacks_include?: string[];
  /** The bisect results, commits in report order. */
  bisect?: string[];
}

interface Fixture {
  front: { description: string; require?: Requirements; expect?: FactsSummary };
  raw: string;
}

function readFixture(file: string): Fixture {
  const text = readFileSync(path.join(folder, file), 'utf8');
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!m) throw new Error(`${file}: no front matter (--- ... ---)`);
  const document = parseDocument(m[1]!);
  if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]!.message}`);
  return { front: document.toJS() as Fixture['front'], raw: text.slice(m[0].length) };
}

let vocabulary: FactDefinition[];
beforeAll(async () => {
  vocabulary = await readFactVocabulary();
});

it('has the seed and at least 25 more report fixtures', () => {
  expect(files).toContain('bugzilla-68801.txt');
  expect(files.length).toBeGreaterThanOrEqual(26);
});

describe.each(files)('%s', (file) => {
  const fixture = readFixture(file);
  let facts: Facts;
  let summary: FactsSummary;
  let format: string;
  let report: ReturnType<typeof parseReportText>['report'];

  beforeAll(() => {
    ({ report, format } = parseReportText(fixture.raw, file));
    facts = extractFacts(report, vocabulary);
    summary = summarizeFacts(report, facts);
    if (update) {
      const front = { description: fixture.front.description, ...(fixture.front.require ? { require: fixture.front.require } : {}), expect: summary };
      writeFileSync(path.join(folder, file), `---\n${stringify(front, { lineWidth: 0 }).trimEnd()}\n---\n${fixture.raw}`);
    }
  });

  it('matches its recorded expectations', () => {
    expect(fixture.front.description).toEqual(expect.any(String));
    if (!update) expect(summary).toEqual(fixture.front.expect);
  });

  it('meets its hand-written requirements', () => {
    const req = fixture.front.require ?? {};
    const k = summary.kernel;
    if (req.format !== undefined) expect(format).toBe(req.format);
    if (req.running !== undefined) expect(k.running).toBe(req.running);
    for (const v of req.failing_includes ?? []) expect(k.failing).toContain(v);
    for (const v of req.working_includes ?? []) expect(k.working).toContain(v);
    for (const v of req.mentioned_includes ?? []) expect(k.mentioned).toContain(v);
    for (const v of req.only_mentioned ?? []) {
      expect(k.failing).not.toContain(v);
      expect(k.working).not.toContain(v);
      expect(k.running).not.toBe(v);
    }
    const everyVersion = [k.running, ...k.failing, ...k.working, ...k.mentioned];
    for (const v of req.not_kernel ?? []) expect(everyVersion).not.toContain(v);
    const canonicals = facts.signatures.map((s) => s.canonical);
    let last = -1;
    for (const line of req.signatures_in_order ?? []) {
      const at = canonicals.indexOf(line);
      expect({ line, found: at >= 0, afterPrevious: at > last }).toEqual({ line, found: true, afterPrevious: true });
      last = at;
    }
    for (const [id, want] of Object.entries(req.config ?? {})) {
      expect({ id, value: summary.config[id]?.value }).toEqual({ id, value: want.value });
      if (want.history) expect({ id, history: summary.config[id]?.history }).toEqual({ id, history: want.history });
    }
    for (const id of req.config_absent ?? []) expect({ id, fact: summary.config[id] }).toEqual({ id, fact: undefined });
    for (const m of req.missing_includes ?? []) expect(summary.missing).toContain(m);
    for (const m of req.not_missing ?? []) expect(summary.missing).not.toContain(m);
    if (req.crash !== undefined) expect(facts.crash?.title ?? null).toBe(req.crash);
    const traces = facts.stacks.map((stack) => stack.frames.map((frame) => frame.function));
    for (const wanted of req.stacks_include ?? []) {
      const names = wanted.split(' > ');
      const holds = (trace: string[]): boolean => {
        let at = 0;
        for (const name of trace) if (name === names[at]) at++;
        return at === names.length;
      };
      expect({ wanted, found: traces.some(holds) }).toEqual({ wanted, found: true });
    }
    if (req.bisect !== undefined) expect(facts.bisect.map((fact) => fact.commit)).toEqual(req.bisect);
  });

  it('points every evidence at the exact text it quotes', () => {
    const problems = allEvidence(facts)
      .map(([where, e]) => [where, evidenceProblem(report, e)] as const)
      .filter(([, p]) => p !== null);
    expect(problems).toEqual([]);
  });
});
