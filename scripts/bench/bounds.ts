// Bounded cost of the whole command (issue 12), each run in a fresh process through the CLI:
// - a sentence that never ends: 1 M lines of `a` against 1 M lines of `a.` (target: at most 2x);
// - peak memory attributable to the input, per kind of report at 1 MB, 8 MB and the size limit
//   (target: at most 10x the input's bytes); the method is printed with the table and explained
//   in docs/performance.md. BENCH_MEMORY_SIZES=1,8 picks the sizes (MB); BENCH_COMPARE=<checkout>
//   measures that checkout's CLI too, alternating child by child, for before/after figures;
//   BENCH_BOUNDS=memory runs this part alone;
// - /dev/zero: refused, with at most the size limit read (peak RSS growth below the limit).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_REPORT_BYTES } from '../../src/cli/read-report-file.js';
import { kernelLog } from './extract.js';

const MB = 1024 * 1024;
const runner = join(dirname(fileURLToPath(import.meta.url)), 'support', 'run-cli.ts');

interface Run {
  code: number;
  cpuMs: number;
  maxRss: number;
}

function cli(args: string[]): Run {
  const child = spawnSync(process.execPath, ['--import', 'tsx', runner, ...args], { encoding: 'utf8', maxBuffer: 64 * MB, timeout: 600_000 });
  const last = child.stderr.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last) as Run;
  } catch {
    throw new Error(`bench child failed (status ${child.status}, signal ${child.signal}): ${child.stderr.slice(-500)}`);
  }
}

interface MemoryRun {
  code: number;
  cpuMs: number;
  /** V8 heap used + external memory (bytes): after the warm-up and two full GCs, the peak during the command, after it and two full GCs. */
  before: number;
  peak: number;
  after: number;
  /** The same before and peak without V8's young generation (new space). */
  oldBefore: number;
  oldPeak: number;
  /** Resident size before the command and its peak during it (bytes; null off Linux). */
  rssBefore: number | null;
  rssPeak: number | null;
}

const memoryRunner = join(dirname(fileURLToPath(import.meta.url)), 'support', 'measure-memory.ts');
const thisCheckout = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function measureMemory(checkout: string, warmUp: string, report: string): MemoryRun {
  const args = ['--expose-gc', '--import', 'tsx', memoryRunner, join(checkout, 'src', 'cli', 'main.ts'), warmUp, 'triage', report, '--format', 'json'];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * MB, timeout: 600_000 });
  const last = child.stderr.trim().split('\n').pop() ?? '';
  try {
    const run = JSON.parse(last) as MemoryRun;
    if (run.code !== 0) throw new Error(`exit ${run.code}`);
    return run;
  } catch (error) {
    throw new Error(`memory bench child failed (${(error as Error).message}; status ${child.status}, signal ${child.signal}): ${child.stderr.slice(-500)}`, { cause: error });
  }
}

/** Prose as people write issues: headings, paragraphs with typographic quotes and dashes, a command's output in a fence, a list. */
export function proseReport(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let n = 0; size < bytes; n++) {
    const part = [
      `## Attempt ${n + 1}: thin pool on md${n % 3} after the upgrade to 6.1.${n % 90}`,
      '',
      `After upgrading from 5.10.${n % 200} the pool’s metadata device filled up within ${2 + (n % 9)} hours — we didn’t change`,
      `anything else. “lvs” shows the data at ${(n * 37) % 100}% while discards were “on”; the volume group sits on`,
      `a raid1 of two NVMe drives (Samsung 980, firmware 3B4QFXO7). Rebooting didn’t help, and neither did lvextend.`,
      '',
      '```',
      '$ sudo lvs -a vg0',
      '  LV              VG  Attr       LSize   Pool Data%  Meta%',
      `  pool            vg0 twi-aotz-- 900.00g      ${(n * 13) % 100}.27  ${(n * 7) % 100}.61`,
      '```',
      '',
      `- kernel: 6.1.0-${n % 30}-amd64 (Debian 12), lvm2 2.03.16`,
      `- it happened on ${1 + (n % 5)} of our ${6 + (n % 4)} hosts; the others run 5.10 still`,
      '',
    ].join('\n');
    parts.push(part);
    size += Buffer.byteLength(part) + 1;
  }
  return parts.join('\n');
}

/** Kinds of report, each a function of the wanted size in bytes. */
const MEMORY_ROWS: Record<string, (bytes: number) => string> = {
  'kernel log': kernelLog,
  "lines of 'a'": (bytes) => 'a\n'.repeat(Math.ceil(bytes / 2)),
  'Markdown/prose report': proseReport,
  // A log pasted into a form that lost its line breaks: one line the size of the report.
  'one line (kernel log, no line breaks)': (bytes) => kernelLog(bytes).replaceAll('\n', ' '),
};

/** The text's UTF-8 bytes cut at a line (or word) end to at most `bytes`. */
function fit(text: string, bytes: number): Buffer {
  const encoded = Buffer.from(text);
  if (encoded.length <= bytes) return encoded;
  const lineEnd = encoded.lastIndexOf(0x0a, bytes - 1);
  const end = lineEnd > 0 ? lineEnd + 1 : encoded.lastIndexOf(0x20, bytes - 1) + 1 || bytes;
  return encoded.subarray(0, end);
}

/** The memory the input costs, per kind and size, against a tiny report of the same kind (see the header printed). */
function memory(dir: string): void {
  const sizes = (process.env.BENCH_MEMORY_SIZES ?? `1,8,${MAX_REPORT_BYTES / MB}`).split(',').map(Number);
  const compare = process.env.BENCH_COMPARE;
  const checkouts: [string, string][] = compare ? [['before', compare], ['after', thisCheckout]] : [['', thisCheckout]];
  const tiny = 4 * 1024;
  console.log(`
peak memory attributable to the input (target <= 10x the input's bytes). Method: each figure is two fresh
processes, same CLI, same rules: one triages the input, the other a ${tiny / 1024} KB report of the same kind. In each,
a warm-up triage of that small report first loads and caches the rules and compiles the code, then two full GCs;
during the measured \`triage --format json\` (reading, extraction, matching, the JSON written), V8's heap in use
plus external memory is taken before every GC (v8.GCProfiler; it only grows between GCs, so those are its
peaks), on a 1 ms timer at every await, and at the end. Input cost = (peak - before) of the input's run minus
the same of the small report's run; ratio = that over the file's bytes. Garbage not yet collected counts: the
process needs that memory too, and V8's young generation (a nursery of short-lived objects that grows to
some MB whatever the input) weighs on the 1 MB rows; "beyond young" is the same figure without it: what
outlives a scavenge, the part that grows with the input. "rss" is the same difference of resident peaks (VmHWM after clear_refs), which
also holds pages the allocator keeps: shown for comparison, not judged. "kept" = heap after two full GCs
minus before (rule bodies decoded for this input, caches). Prose holds typographic quotes, so V8 keeps that
text as two-byte (2 bytes per character).${compare ? `\nbefore = ${compare}, after = this checkout; the two alternate child by child.` : ''}`);
  const verdicts: string[] = [];
  for (const [name, make] of Object.entries(MEMORY_ROWS)) {
    const small = join(dir, 'memory-tiny.txt');
    writeFileSync(small, fit(make(tiny), tiny));
    const tinyRuns = new Map(checkouts.map(([label, checkout]) => [label, measureMemory(checkout, small, small)]));
    console.log(`  ${name}`);
    for (const size of sizes) {
      const input = join(dir, `memory-${size}.txt`);
      const bytes = fit(make(size * MB), Math.min(size * MB, MAX_REPORT_BYTES));
      writeFileSync(input, bytes);
      const cells: string[] = [];
      for (const [label, checkout] of checkouts) {
        const run = measureMemory(checkout, small, input);
        const base = tinyRuns.get(label)!;
        const cost = run.peak - run.before - (base.peak - base.before);
        const old = run.oldPeak - run.oldBefore - (base.oldPeak - base.oldBefore);
        const rss = (run.rssPeak ?? 0) - (run.rssBefore ?? 0) - ((base.rssPeak ?? 0) - (base.rssBefore ?? 0));
        const ratio = cost / bytes.length;
        const ok = ratio <= 10;
        if (!ok && label !== 'before') verdicts.push(`${name} ${size} MB`);
        cells.push(
          `${label ? `${label} ` : ''}${(cost / MB).toFixed(1)} MB = ${ratio.toFixed(1)}x ${ok ? 'ok' : 'OVER TARGET'} (beyond young ${(old / bytes.length).toFixed(1)}x, rss ${(rss / bytes.length).toFixed(1)}x, kept ${((run.after - run.before) / MB).toFixed(1)} MB, ${(run.cpuMs / 1000).toFixed(1)} s CPU)`,
        );
      }
      console.log(`    ${`${(bytes.length / MB).toFixed(1)} MB`.padStart(8)}: ${cells.join(' | ')}`);
    }
  }
  console.log(verdicts.length === 0 ? '  every row within 10x' : `  over target: ${verdicts.join(', ')}`);
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

    if (process.env.BENCH_BOUNDS === 'memory') {
      memory(dir);
      return;
    }
    const lines = 1_000_000;
    const a = cli(['triage', file('a.txt', 'a\n'.repeat(lines)), '--format', 'json']);
    const dot = cli(['triage', file('a-dot.txt', 'a.\n'.repeat(lines)), '--format', 'json']);
    const verdict = a.cpuMs / dot.cpuMs <= 2 ? 'ok' : 'OVER TARGET';
    console.log(`1 M lines of 'a': ${a.cpuMs.toFixed(0)} ms CPU; of 'a.': ${dot.cpuMs.toFixed(0)} ms CPU; ratio ${ratio(a.cpuMs, dot.cpuMs)} (target <= 2) ${verdict}`);

    const one = file('one.txt', 'one line\n');
    const base = cli(['triage', one, '--format', 'json']).maxRss;
    memory(dir);

    const zero = cli(['triage', '/dev/zero']);
    const read = zero.maxRss - base;
    console.log(`\n/dev/zero: exit ${zero.code}, peak RSS ${(zero.maxRss / MB).toFixed(0)} MB (${(read / MB).toFixed(0)} MB over the 1-line report; limit ${MAX_REPORT_BYTES / MB} MB) ${zero.code === 2 && read <= MAX_REPORT_BYTES * 1.5 ? 'ok' : 'OVER TARGET'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
