// Child process of scripts/bench/bounds.ts (run with node --expose-gc): the memory one CLI command
// needs, sampled inside the process. Usage: measure-memory.ts <main module> <warm-up report> <args...>
//
// 1. Warm-up: `triage <warm-up report> --format json` through the CLI's main(): modules loaded, code
//    compiled, rule packs read and cached, the lazily decoded rule bodies a report of this kind
//    touches decoded. Then two full GCs: what stays is the process a long-running bot is.
// 2. Baseline: V8 heap used + external memory (Buffers, strings' backing stores outside the heap),
//    and the resident size with the kernel's peak mark reset (/proc/self/clear_refs, Linux).
// 3. The measured command runs, while:
//    - v8.GCProfiler records the heap statistics V8 takes just before every collection. The used
//      heap only grows between collections, so its local maxima are those before-GC figures;
//    - a PerformanceObserver counts the 'gc' entries (a check that the profiler saw them all);
//    - a 1 ms timer samples process.memoryUsage() at every await (reading the file, writing out).
//    Peak = the largest of those samples and of the figure at the end, before any collection.
// 4. One JSON line on stderr: exit code, CPU ms, heap+external before/peak/after a final full GC,
//    the same before/peak without the young generation (what outlives a scavenge: what grows
//    with the input, not V8's nursery), resident size before/peak (VmRSS/VmHWM), the GC count.
//
// The peak counts what the program allocated and V8 had not collected yet: that is memory the
// process needs, GC slack included. bounds.ts runs this twice per input kind, in fresh processes:
// on the input and on a tiny report of the same kind; the difference is what the input costs.
import { readFileSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { GCProfiler, getHeapSpaceStatistics } from 'node:v8';
import { PerformanceObserver } from 'node:perf_hooks';

type Main = (argv: string[], io: object) => Promise<number>;

const [mainModule, warmUp, ...args] = process.argv.slice(2);
if (!mainModule || !warmUp || args.length === 0) throw new Error('usage: measure-memory.ts <main module> <warm-up report> <command args...>');
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('measure-memory.ts needs node --expose-gc');
const { main } = (await import(pathToFileURL(mainModule).href)) as { main: Main };

const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
const io = { stdout: { write: (chunk: string) => sink.write(chunk) }, stderr: { write: () => true }, stdin: process.stdin, env: {}, cwd: process.cwd() };

/** VmRSS / VmHWM of this process in bytes (null off Linux). */
function procStatus(field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb === undefined ? null : Number(kb) * 1024;
  } catch {
    return null;
  }
}

/** V8 heap in use plus memory held outside it for JavaScript (Buffers, external strings). */
const inUse = (): number => {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
};
/** The same without the young generation (new_space: short-lived objects, at most a few semi-spaces of garbage whatever the input). */
const beyondYoung = (spaces: readonly { spaceName: string; spaceUsedSize: number }[], total: number): number =>
  total - (spaces.find((space) => space.spaceName === 'new_space')?.spaceUsedSize ?? 0);
const oldInUse = (): number => beyondYoung(getHeapSpaceStatistics().map((space) => ({ spaceName: space.space_name, spaceUsedSize: space.space_used_size })), inUse());

await main(['triage', warmUp, '--format', 'json'], io);
gc();
gc();
try {
  writeFileSync('/proc/self/clear_refs', '5');
} catch {
  // not Linux: the resident peak is then the whole process's
}
const rssBefore = procStatus('VmRSS');
const before = inUse();
const oldBefore = oldInUse();

let peak = before;
let oldPeak = oldBefore;
let gcEntries = 0;
const observer = new PerformanceObserver((list) => {
  gcEntries += list.getEntries().length;
});
observer.observe({ entryTypes: ['gc'] });
const timer = setInterval(() => {
  peak = Math.max(peak, inUse());
  oldPeak = Math.max(oldPeak, oldInUse());
}, 1);
const profiler = new GCProfiler();
profiler.start();

const cpuBefore = process.cpuUsage();
const code = await main(args, io);
const cpu = process.cpuUsage(cpuBefore);

peak = Math.max(peak, inUse());
oldPeak = Math.max(oldPeak, oldInUse());
const profile = profiler.stop();
clearInterval(timer);
const rssPeak = procStatus('VmHWM');
for (const { beforeGC } of profile?.statistics ?? []) {
  const stats = beforeGC.heapStatistics;
  peak = Math.max(peak, stats.usedHeapSize + stats.externalMemory);
  oldPeak = Math.max(oldPeak, beyondYoung(beforeGC.heapSpaceStatistics, stats.usedHeapSize + stats.externalMemory));
}
// Let the observer's queued entries arrive before counting them.
await new Promise((resolve) => setTimeout(resolve, 10));
observer.disconnect();
gc();
gc();
const after = inUse();

process.stderr.write(
  `${JSON.stringify({ code, cpuMs: (cpu.user + cpu.system) / 1000, before, peak, after, oldBefore, oldPeak, rssBefore, rssPeak, gcs: profile?.statistics.length ?? 0, gcEntries })}\n`,
);
