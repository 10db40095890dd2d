// Fact extraction speed: a 1 MB kernel log (target: well under 100 ms) and adversarial inputs at
// 1/2/4/8 MB plus 10 MB, which must scale linearly and cost at most 2x the kernel log per MB
// (issue 12). BENCH_ROWS=<regex> runs only the adversarial rows whose name it matches;
// BENCH_COMPARE=<checkout> measures that checkout's extractor too, alternating, for before/after figures.
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { extractFacts } from '../../src/extract/index.js';
import { readFactVocabulary } from '../../src/io/read-fact-vocabulary.js';
import type { BugReport, FactDefinition } from '../../src/model.js';

const MB = 1024 * 1024;

function report(body: string): BugReport {
  return { source: 'file', id: 'bench', url: null, title: 'bench', body, comments: [], attachments: [], fields: {} };
}

/**
 * A deterministic pseudo-random kernel log of about `bytes` characters, shaped like real ones.
 * Another `seed` gives another text of the same shape (the same templates and line lengths, other
 * template for each line, other times): the baseline reads a log no row reads.
 */
export function kernelLog(bytes: number, seed = 0): string {
  const templates = [
    (n: number) => `device-mapper: thin: 253:${n % 9}: dm_thin_insert_block() failed: error = -22`,
    (n: number) => `EXT4-fs (dm-${n % 12}): mounted filesystem with ordered data mode. Opts: (null)`,
    (n: number) => `Buffer I/O error on device dm-${n % 12}, logical block ${n * 7919}`,
    (n: number) => `usb 1-${n % 4}: new high-speed USB device number ${n % 100} using xhci_hcd`,
    (n: number) => `nvme nvme0: I/O ${n % 1024} QID ${n % 8} timeout, aborting`,
    (n: number) => `audit: type=1400 audit(1700000000.${n % 1000}:${n}): apparmor="DENIED" operation="open" profile="snap"`,
    (n: number) => `md/raid1:md${n % 3}: Disk failure on sd${String.fromCharCode(97 + (n % 6))}1, disabling device.`,
    (n: number) => `XFS (sd${String.fromCharCode(97 + (n % 6))}): Metadata CRC error detected at xfs_agf_read_verify+0xde/0x100 [xfs], xfs_agf block 0x${(n * 4099).toString(16)}`,
    (n: number) => ` ? __schedule+0x${(n % 4096).toString(16)}/0x870`,
    (n: number) => `CPU: ${n % 8} PID: ${n} Comm: kworker/u16:${n % 9} Not tainted 6.1.0-17-amd64 #1 Debian 6.1.69-1`,
  ];
  const lines: string[] = [];
  let size = 0;
  let t = 1.0;
  for (let n = 0; size < bytes; n++) {
    t += (((n + seed * 7919) * 2654435761) % 1000) / 100_000;
    const template = templates[(n * 7 + seed) % templates.length]!;
    const line = `[${t.toFixed(6).padStart(12)}] ${template(n)}`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

/** Inputs built to hurt: every reader gets many candidates and nothing terminates early. */
const ADVERSARIAL: Record<string, (bytes: number) => string> = {
  'one line of fact words': (bytes) => 'discard thin pool 3.12.6 never resized '.repeat(Math.ceil(bytes / 40)),
  'short sentences with versions': (bytes) => 'We run 3.12.6. It crashed with 3.11.10 without discards. '.repeat(Math.ceil(bytes / 58)),
  'wrapped log lines and quotes': (bytes) =>
    '> > Jan 14 06:36:23 host kernel: [416943.401632] device-mapper: thin: process_bio: dm_thin_find_block() failed: erro\nr = -22\n'.repeat(Math.ceil(bytes / 122)),
  'fences and lvs rows': (bytes) => '```\n  LV VG Attr LSize Pool Origin\n  s vg Vwi-a-tz-- 1g p o\n'.repeat(Math.ceil(bytes / 56)),
  // A sentence that never ends: every line continues the one before (issue 12: was quadratic).
  "lines of 'a' (no sentence end)": (bytes) => 'a\n'.repeat(Math.ceil(bytes / 2)),
  "lines of 'a.'": (bytes) => 'a.\n'.repeat(Math.ceil(bytes / 3)),
  'Markdown table rows': (bytes) => '| dm-thin | 3.12.6 | discards | never resized |\n'.repeat(Math.ceil(bytes / 48)),
  'indented lines': (bytes) => '    thin pool metadata 3.12.6 on dm-3\n'.repeat(Math.ceil(bytes / 38)),
  'bare version list': (bytes) => '3.12.6\n4.19.0-rc1\n5.10.0-17-amd64\n'.repeat(Math.ceil(bytes / 34)),
  'dmesg lines (kernel log)': (bytes) => kernelLog(bytes),
  'binary junk': (bytes) => {
    const parts: string[] = [];
    for (let i = 0; i < bytes; i++) parts.push(String.fromCharCode((i * 7919) % 256));
    return parts.join('');
  },
};

type Extract = typeof extractFacts;

// A full collection before each measured series, the baseline's as every row size's (not between a
// series' runs, which pay for each other's garbage as a bot's reports do), so that every series
// starts from the same heap and none pays for the previous row's 10 MB input.
//
// How the baseline is measured, and why (issue 12; evidence from per-run CPU and
// `node --trace-opt --trace-deopt` on drivers that extract 1 MB kernel logs, 2026-12-08). Until then
// the baseline was the seed-0 log read after a call on the identical text, the median of 9 runs; a
// row's size was the median of 3 runs after the collection, and the kernel-log row (the baseline's
// own text, measured as a row) read 1.93x the baseline at 1 MB (1.20x at 8 MB). Three causes:
// - The collection itself: it let the per-report classes' maps die and V8 threw away the readers'
//   optimised code with them ("reason: weak objects", ~150 functions). The two runs after it cost
//   2.5-3x the steady state (about 250 and 210 ms against 80), so a row's median of 3 (its second
//   run) paid it and the baseline's median of 9 did not. Fixed in the extractor (keep-shape.ts).
// - First contact: the first two 1 MB texts of a kind cost 2-3x the later ones even after a 64 KB or
//   a 1 MB warm-up and with no collection between (V8 deoptimises on shapes and call targets it only
//   meets at that size, then re-optimises). The rows met theirs after the baseline had warmed up the
//   shared readers. Now every kind is read twice at 1 MB before anything is measured (WARM_UP_RUNS).
// - Not the module caches (parsed versions, word stems, frame verdicts): the identical text and a
//   fresh text of the same shape, alternated, cost the same (113/89/100 ms against 112/113/97).
// Now the baseline is a log no row reads (BASELINE_SEED), measured like every row size (RUNS runs,
// after the collection), and the kernel-log row is printed as a check: it must read about 1x.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * Wall-clock and CPU time (user + system of this process) per run. On a busy machine the wall
 * clock includes waiting for a core; the CPU time is what extraction itself costs.
 */
function measure(extract: Extract, vocabulary: FactDefinition[], body: string, runs: number): { first: number; median: number; cpu: number } {
  const times: number[] = [];
  const cpus: number[] = [];
  collectGarbage();
  for (let i = 0; i < runs; i++) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    extract(report(body), vocabulary);
    times.push(performance.now() - started);
    const cpu = process.cpuUsage(cpuBefore);
    cpus.push((cpu.user + cpu.system) / 1000);
  }
  const first = times[0]!;
  const mid = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return { first, median: mid(times), cpu: mid(cpus) };
}

/** Runs per measured series, the baseline's as every row size's: the median is taken. */
const RUNS = 3;
/** The row that reads the baseline's own kind of text (another seed): a check of the measure, not a verdict. */
const CHECK_ROW = 'dmesg lines (kernel log)';
/** kernelLog's seed of the baseline's text, and of the warm-up's (the kernel-log row reads seed 0). */
const BASELINE_SEED = 1;
const WARM_UP_SEED = 2;
/** Warm-up calls on each kind of text: V8 settles after two (a third costs what a tenth does). */
const WARM_UP_RUNS = 2;
/** How far from 1x the check row may read at 1 MB before the bench calls its measure unfair. */
const CHECK_TOLERANCE = 0.25;

/** Targets of issue 12, as ratios on one machine: per-MB cost at most 2x the 1 MB kernel log's, per-MB cost growing at most 2x over 1-8 MB. */
const MAX_COST_RATIO = 2;
const MAX_SPREAD = 2;

/**
 * The extractors measured: this checkout's, and with BENCH_COMPARE=<checkout> that checkout's too
 * (its src/, run the same way), for before/after figures taken in one process, the two alternating
 * measurement by measurement so that the machine's load weighs on both alike.
 */
async function extractors(): Promise<Array<{ label: string; extract: Extract }>> {
  const compare = process.env.BENCH_COMPARE;
  if (!compare) return [{ label: '', extract: extractFacts }];
  const other = (await import(pathToFileURL(join(resolve(compare), 'src', 'extract', 'index.ts')).href)) as { extractFacts: Extract };
  return [
    { label: 'before', extract: other.extractFacts },
    { label: 'after', extract: extractFacts },
  ];
}

export async function run(): Promise<void> {
  const only = process.env.BENCH_ROWS;
  const vocabulary = await readFactVocabulary();
  const sides = await extractors();
  if (sides.length > 1) console.log(`before = ${process.env.BENCH_COMPARE}, after = this checkout; measured alternately in one process`);
  // Warm-up, as a long-running bot has had: the first call compiles the vocabulary and the regexes,
  // and WARM_UP_RUNS calls on a 1 MB text of every kind (the kernel log's of a seed nothing measured
  // reads) let V8 optimise every reader for it at that size. The baseline and every row are then
  // measured in the same state; without it the baseline alone paid V8's first contact with 1 MB of
  // its kind (2-2.5x: the kernel-log row measured later read 0.52x of it).
  for (const { extract } of sides) {
    const kinds = [kernelLog(MB, WARM_UP_SEED), ...Object.entries(ADVERSARIAL).filter(([name]) => name !== CHECK_ROW).map(([, make]) => make(MB))];
    for (const text of kinds) for (let i = 0; i < WARM_UP_RUNS; i++) extract(report(text), vocabulary);
  }
  // The baseline: a 1 MB kernel log no row reads (seed 1; the kernel-log row reads seed 0), after
  // the same warm-up, full collection and run count as every row's size (RUNS).
  const log = kernelLog(MB, BASELINE_SEED);
  const baselines = new Map<string, number>();
  for (const { label, extract } of sides) {
    const { first, median, cpu } = measure(extract, vocabulary, log, RUNS);
    const facts = extract(report(log), vocabulary);
    console.log(`${label ? `${label}: ` : ''}1 MB kernel log, a text no row reads (${log.split('\n').length} lines, ${facts.signatures.length} signatures): median of ${RUNS} ${median.toFixed(1)} ms wall, ${cpu.toFixed(1)} ms CPU; first run ${first.toFixed(1)} ms (target < 100 ms)`);
    baselines.set(label, cpu);
  }
  console.log(`\nadversarial input: CPU ms at 1 / 2 / 4 / 8 MB, then 10 MB; cost = worst ms/MB over the kernel log's ms/MB (${[...baselines.values()].map((b) => b.toFixed(1)).join(' / ')}; target <= ${MAX_COST_RATIO}), growth = worst ms/MB over the least ms/MB at a smaller size, 1-8 MB (target <= ${MAX_SPREAD}; max/min shown too)`);
  const verdicts: string[] = [];
  const checks: Array<{ label: string; ratio: number }> = [];
  for (const [name, make] of Object.entries(ADVERSARIAL)) {
    if (only && !new RegExp(only).test(name)) continue;
    const cells = new Map<string, string[]>(sides.map(({ label }) => [label, []]));
    const perMb = new Map<string, number[]>(sides.map(({ label }) => [label, []]));
    for (const size of [1, 2, 4, 8]) {
      const body = make(size * MB);
      for (const { label, extract } of sides) {
        const { cpu: ms } = measure(extract, vocabulary, body, RUNS);
        cells.get(label)!.push(ms.toFixed(0).padStart(6));
        perMb.get(label)!.push(ms / size);
      }
    }
    const tenBody = make(10 * MB);
    const tens = new Map(sides.map(({ label, extract }) => [label, measure(extract, vocabulary, tenBody, 1).cpu]));
    for (const { label } of sides) {
      const values = perMb.get(label)!;
      const baseline = baselines.get(label)!;
      // Linear means the cost per MB does not grow with the input: each size's ms/MB over the
      // cheapest ms/MB at any smaller size. A row whose readers stop at a cap (one 8 KB-scanned
      // line, MAX_SENTENCES) gets cheaper per MB as it grows; max/min would flag that as nonlinear.
      const spread = Math.max(...values.map((value, i) => value / Math.max(0.001, Math.min(...values.slice(0, i + 1)))));
      const maxMin = Math.max(...values) / Math.max(0.001, Math.min(...values));
      const cost = Math.max(...values) / Math.max(0.001, baseline);
      const ok = cost <= MAX_COST_RATIO && spread <= MAX_SPREAD;
      if (!ok && label !== 'before' && name !== CHECK_ROW) verdicts.push(name);
      if (name === CHECK_ROW) checks.push({ label, ratio: values[0]! / baseline });
      console.log(
        `  ${(label ? `${label} ` : '') + name}`.padEnd(41) +
          ` ${cells.get(label)!.join(' ')} ms | 10 MB ${tens.get(label)!.toFixed(0).padStart(6)} ms | ms/MB ${values.map((v) => v.toFixed(1)).join(' / ')} | cost ${cost.toFixed(2)}x, growth ${spread.toFixed(2)} (max/min ${maxMin.toFixed(2)}) ${name === CHECK_ROW ? 'check (below)' : ok ? 'ok' : 'OVER TARGET'}`,
      );
    }
  }
  console.log(verdicts.length === 0 ? '  every adversarial row within the targets' : `  over target: ${verdicts.join(', ')}`);
  if (checks.length > 0) {
    // The kernel-log row is the baseline's own kind of text measured as every row is: if it does not
    // read about 1x the baseline at 1 MB, the rows' figures are the bench's, not the extractor's.
    // Judged on this checkout's extractor: the other checkout's (BENCH_COMPARE) may lack what makes
    // its figures steady (keep-shape.ts), and its own check says how far to trust its ratios.
    const fair = checks.filter(({ label }) => label !== 'before').every(({ ratio }) => Math.abs(ratio - 1) <= CHECK_TOLERANCE);
    const figures = checks.map(({ label, ratio }) => `${label ? `${label} ` : ''}${ratio.toFixed(2)}x`).join(', ');
    console.log(
      `  check: the kernel-log row at 1 MB reads ${figures} the baseline (the same kind of text measured the same way; expected 1x +-${CHECK_TOLERANCE}) ${fair ? 'ok' : "OFF: the measure, not the extractor, moves the rows' ratios; repeat on a quieter machine"}`,
    );
  }
}
