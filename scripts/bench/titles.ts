// Crash-title parsing speed: the whole syzkaller corpus through extractCrashes (target: under 2 s)
// and with its call traces (extractCrashesAndStacks, what extractFacts runs), plus hostile inputs
// that must stay linear (one 10 MB line, binary junk, a flood of headers, a flood of frames).
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { extractCrashes, extractCrashesAndStacks } from '../../src/extract/crash/index.js';
import { DEFAULT_CORPUS, readCorpus } from '../eval-titles.js';

function time(label: string, work: () => number): void {
  const started = performance.now();
  const found = work();
  const ms = performance.now() - started;
  console.log(`${label.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms   (${found} crashes)`);
}

export async function run(): Promise<void> {
  // A clone with nothing beside it has no corpus: say so and time the hostile inputs alone.
  const cases = existsSync(DEFAULT_CORPUS) ? readCorpus(DEFAULT_CORPUS) : [];
  if (cases.length === 0) console.log(`corpus rows skipped: no syzkaller corpus at ${DEFAULT_CORPUS} (set KTRIAGE_SHARED)`);
  const bytes = cases.reduce((sum, item) => sum + item.log.length, 0);
  // Warm-up compiles the regexes once, as a long-running bot would have.
  extractCrashes(cases[0]?.log ?? '');
  if (cases.length > 0) time(`corpus: ${cases.length} logs, ${(bytes / 1e6).toFixed(1)} MB`, () =>
    cases.reduce((sum, item) => sum + extractCrashes(item.log).length, 0),
  );
  if (cases.length > 0) time(`corpus with call traces (Facts.stacks)`, () =>
    cases.reduce((sum, item) => sum + extractCrashesAndStacks(item.log).stacks.length, 0),
  );
  const joined = cases.map((item) => item.log).join('\n');
  if (cases.length > 0) time(`one text of all logs, ${(joined.length / 1e6).toFixed(1)} MB`, () => extractCrashes(joined).length);
  time('hostile: one 10 MB line', () => extractCrashes('BUG: '.padEnd(10_000_000, 'a')).length);
  let junk = '';
  for (let i = 0; junk.length < 4_000_000; i++) junk += String.fromCharCode((i * 7919) % 256);
  time('hostile: 4 MB binary junk', () => extractCrashes(junk).length);
  time('hostile: 200k frame lines, stacks', () => extractCrashesAndStacks(' [<0>] f.isra.0+0x1/0x2 [m]\n'.repeat(200_000)).stacks.length);
  time('hostile: 100k cut markers and fault lines', () => extractCrashesAndStacks('RIP: 0010:f+0x1/0x2\n<snip>\n'.repeat(50_000)).stacks.length);
  time('hostile: 200k oops header lines', () => extractCrashes('[  1.0] WARNING: at x.c:1 f+0x1/0x2\n'.repeat(200_000)).length);
}
