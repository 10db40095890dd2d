import type { Command } from 'commander';
import { cliLog } from '../cli-log.js';
import type { Logger } from '../../log/index.js';
import { extractFacts } from '../../extract/index.js';
import { FactVocabularyError, readFactVocabulary } from '../../io/read-fact-vocabulary.js';
import { readBundledRules } from '../../io/load-rule-packs.js';
import type { BugReport, ConfigFact, FactDefinition, Facts, KernelVersionFact } from '../../model.js';
import { printable, toClippedJson } from '../format-output.js';
import { readReportFile, ReportFileError } from '../read-report-file.js';

export interface ExtractIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  stdin: NodeJS.ReadableStream;
  cwd: string;
  /** LOG_LEVEL / LOG_FORMAT for the diagnostics (src/cli/cli-log.ts). */
  env?: Record<string, string | undefined>;
  /** The diagnostics logger; default: cliLog's. */
  log?: Logger;
}

export interface ExtractOptions {
  format?: string;
  /** A rule file whose `facts:` replace the bundled vocabulary (every `facts:` list in rules/). */
  facts?: string;
}

/**
 * `ktriage extract <file|-> [--format json|text] [--facts FILE]`: print the facts of one report.
 * The JSON is the documented contract (README, "ktriage extract"): `{ kernel, signatures, config,
 * missing, crash, crashes, report }`. Exit 0; 2 when the file or the vocabulary cannot be read.
 */
export async function runExtract(file: string, options: ExtractOptions, io: ExtractIo): Promise<number> {
  const log = cliLog(io, 'ktriage extract');
  const format = options.format ?? 'json';
  if (format !== 'json' && format !== 'text') {
    log.error(`ktriage extract: --format must be json or text, not "${format}"`);
    return 2;
  }
  let report: BugReport;
  try {
    ({ report } = await readReportFile(file, io));
  } catch (error) {
    if (error instanceof ReportFileError) {
      log.error(`ktriage extract: ${error.message}`);
      return 2;
    }
    throw error;
  }
  let vocabulary: FactDefinition[];
  try {
    vocabulary = options.facts ? await readFactVocabulary(options.facts) : await bundledVocabulary();
  } catch (error) {
    if (error instanceof FactVocabularyError) {
      log.error(`ktriage extract: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const facts = extractFacts(report, vocabulary);
  if (format === 'json') {
    const output = { ...facts, report: { source: report.source, id: report.id, url: report.url, title: report.title } };
    io.stdout.write(`${toClippedJson(output)}\n`);
  } else {
    io.stdout.write(printable(formatFactsText(report, facts)));
  }
  return 0;
}

/**
 * The vocabulary `triage` uses: the `facts:` of every bundled rule file (rules/facts.yml and the
 * facts that bug files bring along). A fact entry with problems is left out, as in triage; when the
 * rule folder cannot be read at all, rules/facts.yml alone (strictly checked) is the fallback.
 */
async function bundledVocabulary(): Promise<FactDefinition[]> {
  const { ruleSet, unreadable } = await readBundledRules({ cvePack: false });
  if (unreadable.length > 0 || ruleSet.facts.length === 0) return readFactVocabulary();
  return ruleSet.facts.map(({ id, description, type, values, patterns, question }) => ({ id, description, type, values, patterns, question }));
}

/** A human summary of the facts, one fact a line, each with the line number it came from. */
export function formatFactsText(report: BugReport, facts: Facts): string {
  const out: string[] = [];
  const where = (e: { part: string; index: number; line: number }): string => (e.part === 'comment' || e.part === 'attachment' ? `${e.part} ${e.index + 1}, line ${e.line + 1}` : `${e.part}, line ${e.line + 1}`);
  const version = (f: KernelVersionFact): string => `${f.version.raw} (${where(f.evidence)})`;
  out.push(`Report: ${report.id}${report.title ? ` — ${report.title}` : ''}`);
  out.push('');
  out.push('Kernel');
  out.push(`  running:   ${facts.kernel.running ? version(facts.kernel.running) : 'unknown'}${facts.kernel.distro ? ` [${facts.kernel.distro}]` : ''}`);
  out.push(`  failing:   ${facts.kernel.failing.map(version).join(', ') || '-'}`);
  out.push(`  working:   ${facts.kernel.working.map(version).join(', ') || '-'}`);
  out.push(`  mentioned: ${facts.kernel.mentioned.map((f) => f.version.raw).join(', ') || '-'}`);
  out.push('');
  out.push(`Signatures (${facts.signatures.length})`);
  for (const s of facts.signatures) out.push(`  ${s.count}x [${s.subsystem ?? '?'}] ${s.canonical}`);
  if (facts.crashes.length > 0) {
    out.push('');
    out.push(`Crashes (${facts.crashes.length})`);
    for (const c of facts.crashes) out.push(`  ${c.title}${c.corrupted ? ' (corrupted)' : ''} (${where(c.evidence)})`);
  }
  out.push('');
  out.push('Configuration');
  const config = Object.entries(facts.config);
  if (config.length === 0) out.push('  -');
  for (const [id, fact] of config) out.push(`  ${id} = ${String(fact.value)}${history(fact)} (${where(fact.evidence)})`);
  out.push('');
  out.push(`Missing: ${facts.missing.join(', ') || 'nothing'}`);
  return `${out.join('\n')}\n`;
}

function history(fact: ConfigFact): string {
  return fact.history.length > 1 ? ` (history: ${fact.history.map((h) => String(h.value)).join(' -> ')})` : '';
}

/** Register `ktriage extract` on the program (src/cli/main.ts). */
export function addExtractCommand(program: Command, io: ExtractIo, setExitCode: (code: number) => void): void {
  program
    .command('extract')
    .description('print the facts of a report: kernel versions, log signatures, configuration, crashes, missing information')
    .argument('<file>', 'report file (text/Markdown, Bugzilla JSON, GitHub issue JSON) or - for stdin')
    .option('--format <format>', 'json or text', 'json')
    .option('--facts <file>', 'fact vocabulary to use instead of the bundled rules/facts.yml')
    .action(async (file: string, options: { format: string; facts?: string }) => {
      setExitCode(await runExtract(file, options, io));
    });
}
