// `npm run eval:titles [DIR]`: scores crash titles against a directory of syzkaller-style
// expectation files (default: corpus/syzkaller-linux in the shared folder, KTRIAGE_SHARED or
// ../shared beside the repo root), then the transport benchmark: each log whose clean title is right,
// carried the ways reports carry it (scripts/transports/), per half of the corpus.
//   --all                 list the corrupted-flag/type/frame/alt mismatches too
//   --failures[=NAME]     list the tune half's transport failures (of transport NAME only)
//   --no-transports       skip the transport benchmark
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCorpusFile, scoreTitles, summarizeScores, type CorpusCase } from '../src/extract/crash/score-titles.js';
import { rate, scoreTransports, type TransportScore } from './transports/score-transports.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The same switch as the tests' shared-data support: KTRIAGE_SHARED, else ../shared beside the repo. */
const SHARED = process.env.KTRIAGE_SHARED ? resolve(process.env.KTRIAGE_SHARED) : resolve(REPO_ROOT, '..', 'shared');
export const DEFAULT_CORPUS = join(SHARED, 'corpus', 'syzkaller-linux');

export function readCorpus(dir: string): CorpusCase[] {
  return readdirSync(dir)
    .filter((name) => !name.startsWith('.') && statSync(join(dir, name)).isFile())
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((name) => parseCorpusFile(name, readFileSync(join(dir, name), 'latin1')));
}

function main(): void {
  // `npm run eval:titles | head` closes the pipe early; that is not an error.
  process.stdout.on('error', () => process.exit(0));
  const positional = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  const dir = resolve(positional[0] ?? DEFAULT_CORPUS);
  if (!existsSync(dir)) {
    console.error(`eval:titles: no corpus at ${dir} (pass a directory, or set KTRIAGE_SHARED to the shared folder)`);
    process.exit(2);
  }
  const cases = readCorpus(dir);
  const scores = scoreTitles(cases);
  const summary = summarizeScores(scores);
  const verbose = process.argv.includes('--all');
  const titleMismatches = scores.mismatches.filter((m) => m.field === 'title');
  const otherMismatches = scores.mismatches.filter((m) => m.field !== 'title');
  console.log(`corpus: ${dir} (${scores.files} files)`);
  console.log(`exact title, non-corrupted: ${summary.clean}% (${scores.cleanMatched}/${scores.cleanTotal})`);
  console.log(`exact title, corrupted:     ${summary.corrupted}% (${scores.corruptedMatched}/${scores.corruptedTotal})`);
  console.log(`no crash on header-less:    ${summary.noCrash}% (${scores.noCrashMatched}/${scores.noCrashTotal})`);
  console.log(`corrupted flag agreement:   ${summary.corruptedFlag}% (${scores.corruptedFlagAgreed}/${scores.crashTotal})`);
  console.log(`type agreement:             ${summary.type}% (${scores.typeAgreed}/${scores.crashTotal})`);
  console.log(`FRAME agreement:            ${summary.frame}% (${scores.frameAgreed}/${scores.frameTotal})`);
  console.log(`ALT agreement:              ${summary.alt}% (${scores.altAgreed}/${scores.crashTotal})`);
  console.log(`\ntitle mismatches (${titleMismatches.length}):`);
  for (const m of titleMismatches) console.log(`  ${m.name}: expected ${JSON.stringify(m.expected)}\n  ${' '.repeat(m.name.length)}  got      ${JSON.stringify(m.got)}`);
  if (verbose) {
    console.log(`\nother mismatches (${otherMismatches.length}):`);
    for (const m of otherMismatches) console.log(`  ${m.name} [${m.field}]: expected ${m.expected}, got ${m.got}`);
  } else {
    console.log(`\n(${otherMismatches.length} corrupted-flag/type/frame/alt mismatches: --all lists them)`);
  }
  if (!process.argv.includes('--no-transports')) printTransports(cases);
}

function printTransports(cases: CorpusCase[]): void {
  const failuresArg = process.argv.find((arg) => arg === '--failures' || arg.startsWith('--failures='));
  const only = failuresArg?.includes('=') ? failuresArg.slice('--failures='.length) : null;
  const scores = scoreTransports(cases);
  const cell = (score: TransportScore): string => `${`${rate(score)}%`.padStart(6)} ${`(${score.matched}/${score.total})`.padEnd(10)}`;
  console.log(`\ntransports: the clean title kept, among logs whose clean title is right (tune ${scores.baseline.tune}, held-out ${scores.baseline['held-out']} logs;`);
  console.log('halves by FNV-1a of the file name; tune on the tune half only, the floor test pins held-out)');
  console.log(`  ${'transport'.padEnd(24)} ${'tune'.padEnd(17)} ${'held-out'.padEnd(17)} carrier`);
  for (const { transport, halves } of scores.byTransport) {
    console.log(`  ${transport.name.padEnd(24)} ${cell(halves.tune)} ${cell(halves['held-out'])} ${transport.about}`);
  }
  if (!failuresArg) {
    console.log('\n(--failures[=NAME] lists the tune half\'s failures)');
    return;
  }
  for (const { transport, halves } of scores.byTransport) {
    if (only !== null && transport.name !== only) continue;
    if (halves.tune.failures.length === 0) continue;
    console.log(`\n${transport.name} (tune half, ${halves.tune.failures.length} failures):`);
    for (const f of halves.tune.failures) console.log(`  ${f.name}: expected ${JSON.stringify(f.expected)}\n  ${' '.repeat(f.name.length)}  got      ${JSON.stringify(f.got)}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
