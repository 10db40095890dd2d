// `npm run eval:titles [DIR]`: scores crash titles against a directory of syzkaller-style
// expectation files (default corpus/syzkaller-linux in the shared folder: KTRIAGE_SHARED, else ../shared).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCorpusFile, scoreTitles, summarizeScores, type CorpusCase } from '../src/extract/crash/score-titles.js';

/** The shared data folder: KTRIAGE_SHARED when set, else ../shared beside the repository (as the tests read it). */
const SHARED_DIR = process.env.KTRIAGE_SHARED ?? resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared');
export const DEFAULT_CORPUS = resolve(SHARED_DIR, 'corpus', 'syzkaller-linux');

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
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
