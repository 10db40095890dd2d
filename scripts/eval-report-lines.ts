// `npm run eval:lines [DIR]`: what the extractor reads from real reports (default: corpus/real-reports
// in the shared folder, KTRIAGE_SHARED or ../shared beside the repo), per half of the reports (FNV-1a
// of the file name, as the transport benchmark): the running kernel among reports that state one,
// and at least one key log line among reports that list them. Tune on the tune half only.
//   --failures   list the tune half's misses
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { readFactVocabulary } from '../src/io/read-fact-vocabulary.js';
import { quoteAsReply, scoreReportLines, type RealReport, type ReportLineScore } from './real-reports/score-report-lines.js';
import { halfOf, type Half } from './transports/score-transports.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = process.env.KTRIAGE_SHARED ? resolve(process.env.KTRIAGE_SHARED) : resolve(REPO_ROOT, '..', 'shared');

export function readRealReports(dir: string): RealReport[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yml'))
    .sort()
    .map((file) => ({ file, ...(parse(readFileSync(join(dir, file), 'utf8')) as Omit<RealReport, 'file'>) }));
}

const pct = (n: number, d: number): string => (d === 0 ? '  n/a' : `${(Math.floor((1000 * n) / d) / 10).toString().padStart(5)}%`);

async function main(): Promise<void> {
  process.stdout.on('error', () => process.exit(0));
  const positional = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  const dir = resolve(positional[0] ?? join(SHARED, 'corpus', 'real-reports'));
  if (!existsSync(dir)) {
    console.error(`eval:lines: no reports at ${dir} (pass a directory, or set KTRIAGE_SHARED to the shared folder)`);
    process.exit(2);
  }
  const vocabulary = await readFactVocabulary();
  const scores = readRealReports(dir).map((item) => scoreReportLines(item, vocabulary));
  const halves: Half[] = ['tune', 'held-out'];
  console.log(`real reports: ${dir} (${scores.length}; halves by FNV-1a of the file name)`);
  console.log(`  ${'half'.padEnd(9)} ${'running kernel'.padEnd(22)} ${'key line (>= 1)'.padEnd(22)} ${'signatures'.padEnd(18)} no signature at all`);
  for (const half of halves) {
    const mine = scores.filter((s) => halfOf(s.file) === half);
    const stating = mine.filter((s) => s.expectedRunning.length > 0);
    const running = stating.filter((s) => s.runningOk).length;
    const listing = mine.filter((s) => s.expectedSignatures.length > 0);
    const keyLine = listing.filter((s) => s.foundSignatures.length > 0).length;
    const found = mine.reduce((n, s) => n + s.foundSignatures.length, 0);
    const expected = mine.reduce((n, s) => n + s.expectedSignatures.length, 0);
    const none = mine.filter((s) => s.extracted === 0).length;
    console.log(
      `  ${half.padEnd(9)} ${`${pct(running, stating.length)} (${running}/${stating.length})`.padEnd(22)} ${`${pct(keyLine, listing.length)} (${keyLine}/${listing.length})`.padEnd(22)} ${`${pct(found, expected)} (${found}/${expected})`.padEnd(18)} ${none}/${mine.length}`,
    );
  }
  // The same reports carried as a mail reply (body `> `-quoted): the running kernel is then stated
  // only inside a quote.
  const quoted = readRealReports(dir).map((item) => scoreReportLines(item, vocabulary, quoteAsReply));
  console.log('\nbody quoted as a mail reply (`> `), running kernel:');
  for (const half of halves) {
    const stating = quoted.filter((s) => halfOf(s.file) === half && s.expectedRunning.length > 0);
    const running = stating.filter((s) => s.runningOk).length;
    console.log(`  ${half.padEnd(9)} ${pct(running, stating.length)} (${running}/${stating.length})`);
  }
  if (!process.argv.includes('--failures')) {
    console.log('\n(--failures lists the tune half\'s misses)');
    return;
  }
  const tune = scores.filter((s) => halfOf(s.file) === 'tune');
  console.log('\ntune half, running kernel missed:');
  for (const s of tune.filter((x) => x.expectedRunning.length > 0 && !x.runningOk)) console.log(`  ${s.file}: expected ${s.expectedRunning.join(' | ')}, got ${s.running ?? '(none)'}`);
  console.log('\ntune half, body quoted as a mail reply, running kernel missed:');
  for (const s of quoted.filter((x) => halfOf(x.file) === 'tune' && x.expectedRunning.length > 0 && !x.runningOk)) console.log(`  ${s.file}: expected ${s.expectedRunning.join(' | ')}, got ${s.running ?? '(none)'}`);
  console.log('\ntune half, no key line:');
  for (const s of tune.filter((x: ReportLineScore) => x.expectedSignatures.length > 0 && x.foundSignatures.length === 0)) {
    console.log(`  ${s.file}: expected one of ${s.expectedSignatures.map((x) => JSON.stringify(x)).join(', ')}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
