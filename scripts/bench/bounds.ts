// Bounded cost of the whole command (issue 12), each run in a fresh process through the CLI:
// - a sentence that never ends: 1 M lines of `a` against 1 M lines of `a.` (target: at most 2x);
// - peak memory against the input: `triage` of 1 / 4 / 8 MB of kernel log and of `a` lines; the
//   figure is the memory attributable to the input: the peak RSS during the triage minus the RSS
//   just before it (same process, warmed up, after a full GC), less the same figure for a 1-line
//   report, over the input size (target: at most 10x). See support/run-cli.ts `--warm`;
// - /dev/zero: refused, with at most the size limit read (peak RSS growth below the limit).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_REPORT_BYTES } from '../../src/cli/read-report-file.js';

const MB = 1024 * 1024;
const runner = join(dirname(fileURLToPath(import.meta.url)), 'support', 'run-cli.ts');

interface Run {
  code: number;
  cpuMs: number;
  maxRss: number;
  /** With `--warm`: RSS before the measured command, and the peak RSS during it (bytes). */
  rssBefore: number | null;
  peakDuring: number | null;
}

function cli(args: string[]): Run {
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', runner, ...args], { encoding: 'utf8', maxBuffer: 64 * MB, timeout: 600_000 });
  const last = child.stderr.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last) as Run;
  } catch {
    throw new Error(`bench child failed (status ${child.status}, signal ${child.signal}): ${child.stderr.slice(-500)}`);
  }
}

function kernelLogLines(bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let n = 0; size < bytes; n++) {
    const line = `[${(1 + n / 1000).toFixed(6).padStart(12)}] device-mapper: thin: 253:${n % 9}: dm_thin_insert_block() failed: error = -${n % 120}`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ktriage-bench-'));
  try {
    const file = (name: string, text: string): string => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const ratio = (a: number, b: number): string => (a / Math.max(0.001, b)).toFixed(2);

    const lines = 1_000_000;
    const a = cli(['triage', file('a.txt', 'a\n'.repeat(lines)), '--format', 'json']);
    const dot = cli(['triage', file('a-dot.txt', 'a.\n'.repeat(lines)), '--format', 'json']);
    const verdict = a.cpuMs / dot.cpuMs <= 2 ? 'ok' : 'OVER TARGET';
    console.log(`1 M lines of 'a': ${a.cpuMs.toFixed(0)} ms CPU; of 'a.': ${dot.cpuMs.toFixed(0)} ms CPU; ratio ${ratio(a.cpuMs, dot.cpuMs)} (target <= 2) ${verdict}`);

    const one = file('one.txt', 'one line\n');
    const base = cli(['triage', one, '--format', 'json']).maxRss;
    // The peak during the measured triage alone (rules loaded and code compiled by a warm-up run,
    // a full GC, the kernel's peak mark reset), less what a 1-line report's triage adds the same
    // way (the rule loading of the command itself): what the input costs. Peak RSS of the whole
    // process instead varies by tens of MB from run to run with the rules' loading.
    const during = (run: Run): number => Math.max(0, (run.peakDuring ?? run.maxRss) - (run.rssBefore ?? 0));
    const oneLine = during(cli(['--warm', one, 'triage', one, '--format', 'json']));
    console.log(`\npeak memory attributable to the input = (peak RSS during the triage - RSS before it) - the same for a 1-line report (${(oneLine / MB).toFixed(1)} MB), over the input bytes (target <= 10x):`);
    // Pages the warm-up's rule loading left resident (freed, not returned) are reused first: an
    // input whose memory fits in them adds nothing to the peak and reads 0. The largest size is
    // the one that tells.
    console.log(`  (an input whose memory fits in the heap pages rule loading left resident reads 0 MB: the 8 MB column tells)`);
    for (const [name, make] of [
      ['kernel log', kernelLogLines],
      ["lines of 'a'", (bytes: number) => 'a\n'.repeat(bytes / 2)],
    ] as const) {
      const cells: string[] = [];
      for (const size of [1, 4, 8]) {
        const run = cli(['--warm', one, 'triage', file(`m-${size}.txt`, make(size * MB)), '--format', 'json']);
        const input = Math.max(0, during(run) - oneLine);
        const growth = input / (size * MB);
        cells.push(`${size} MB: ${(input / MB).toFixed(1)} MB, ${growth.toFixed(1)}x ${growth <= 10 ? 'ok' : 'OVER TARGET'}`);
      }
      console.log(`  ${name.padEnd(14)} ${cells.join(' | ')}`);
    }

    const zero = cli(['triage', '/dev/zero']);
    const read = zero.maxRss - base;
    console.log(`\n/dev/zero: exit ${zero.code}, peak RSS ${(zero.maxRss / MB).toFixed(0)} MB (${(read / MB).toFixed(0)} MB over the 1-line report; limit ${MAX_REPORT_BYTES / MB} MB) ${zero.code === 2 && read <= MAX_REPORT_BYTES * 1.5 ? 'ok' : 'OVER TARGET'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
