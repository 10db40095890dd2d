// The bundled rule packs at full size (curated + the kernel CVE pack), as ratios on this machine
// (issue 10): cold `ktriage triage examples/bugzilla-68801.txt` <= 6x the CPU time of `node -e 0`;
// `ktriage --help` <= 3x; triage of a 64 KB report with the full pack <= 1.5x the curated pack alone;
// the packs read once per process (App, bot); peak RSS under 300 MB. Runs the built CLI (dist/):
// `npm run build` first, so the precompiled packs are current.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { readBundledRules } from '../../src/io/load-rule-packs.js';
import { compileRules } from '../../src/match/index.js';
import type { BugReport } from '../../src/model.js';
import { triage } from '../../src/triage.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RUNS = 7;

interface Usage {
  cpuMs: number;
  maxRssMb: number;
}

/** CPU time (user + system) and peak RSS of one child process, read by the child itself at exit. */
function measure(args: string[]): Usage {
  const dir = mkdtempSync(path.join(tmpdir(), 'ktriage-bench-'));
  const out = path.join(dir, 'usage.json');
  const probe = path.join(dir, 'probe.cjs');
  try {
    writeFileSync(
      probe,
      `process.on('exit', () => { const u = process.resourceUsage(); require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssMb: u.maxRSS / 1024 })); });`,
    );
    const result = spawnSync(process.execPath, ['--require', probe, ...args], { cwd: ROOT, encoding: 'utf8', input: '' });
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    return JSON.parse(readFileSync(out, 'utf8')) as Usage;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Median CPU time and peak RSS of each command line, the command lines taking turns run by run so
 * that every row (and `node -e 0`, the yardstick) sees the same machine: on a shared machine the
 * load moves within seconds, and rows measured one after the other compare different minutes.
 */
function medianUsages(commands: string[][]): Usage[] {
  const runs = commands.map((): Usage[] => []);
  for (let i = 0; i < RUNS; i++) commands.forEach((args, k) => runs[k]!.push(measure(args)));
  return runs.map((list) => ({ cpuMs: median(list.map((r) => r.cpuMs)), maxRssMb: Math.max(...list.map((r) => r.maxRssMb)) }));
}

/** A 64 KB report: the seed's log lines repeated with other kernel noise, the shape of a long dmesg paste. */
function report64k(): BugReport {
  const seed = readFileSync(path.join(ROOT, 'examples/bugzilla-68801.txt'), 'utf8');
  let body = '';
  for (let i = 0; body.length < 64 * 1024; i++) body += `[${(100 + i).toFixed(6)}] usb 1-${i % 8}: new high-speed USB device number ${i} using xhci_hcd\n${i % 50 === 0 ? seed : ''}`;
  return { source: 'file', id: '64k', url: null, title: 'thin pool read-only', body: body.slice(0, 64 * 1024), comments: [], attachments: [], fields: {} };
}

/** CPU milliseconds of this process so far: on a shared machine, wall time measures the neighbours. */
function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * Median CPU time of triage with each rule set, the sets taking turns run by run so that both see
 * the same machine (warm-up runs dropped).
 */
function timeTriage(sets: ReadonlyArray<ReturnType<typeof compileRules>>, report: BugReport): number[] {
  const times = sets.map((): number[] => []);
  const now = new Date('2026-01-01T00:00:00Z');
  for (let i = 0; i < 25; i++) {
    sets.forEach((rules, k) => {
      const start = cpuMs();
      triage(report, rules, { now });
      if (i >= 5) times[k]!.push(cpuMs() - start);
    });
  }
  return times.map(median);
}

export async function run(): Promise<void> {
  // A report without a log: the only kind (with logs that match nothing) that loads the pack's
  // description index ("possible, by description"); the other rows never read it.
  const proseDir = mkdtempSync(path.join(tmpdir(), 'ktriage-bench-prose-'));
  const proseFile = path.join(proseDir, 'no-log.txt');
  writeFileSync(proseFile, 'raid1 with write-mostly corrupts data\n\nAfter re-adding the NVMe member to my md raid1 array (the SATA member is write-mostly), the resync finished and files read back corrupted. Kernel 6.10.0.\n');
  let usages: Usage[];
  try {
    usages = medianUsages([
      ['-e', '0'],
      ['bin/ktriage.js', '--help'],
      ['bin/ktriage.js', 'triage', 'examples/bugzilla-68801.txt'],
      ['bin/ktriage.js', 'triage', '--no-cves', 'examples/bugzilla-68801.txt'],
      ['bin/ktriage.js', 'triage', proseFile],
    ]);
  } finally {
    rmSync(proseDir, { recursive: true, force: true });
  }
  const [node, help, cold, coldCurated, coldProse] = usages as [Usage, Usage, Usage, Usage, Usage];
  console.log(`load average ${loadavg().map((n) => n.toFixed(1)).join(' ')} (${RUNS} runs each, taking turns)`);
  const row = (name: string, usage: Usage, target: number | null) =>
    console.log(`${name.padEnd(52)} ${usage.cpuMs.toFixed(0).padStart(6)} ms CPU  ${(usage.cpuMs / node.cpuMs).toFixed(1).padStart(5)}x node -e 0${target === null ? '' : `  (target <= ${target}x: ${usage.cpuMs / node.cpuMs <= target ? 'ok' : 'MISSED'})`}  peak RSS ${usage.maxRssMb.toFixed(0)} MB`);
  row('node -e 0', node, null);
  row('ktriage --help', help, 3);
  row('ktriage triage examples/bugzilla-68801.txt (full pack)', cold, 6);
  row('ktriage triage --no-cves (curated only)', coldCurated, null);
  row('ktriage triage <report without a log> (full pack + description index)', coldProse, null);
  console.log(`peak RSS, cold triage with the full pack: ${cold.maxRssMb.toFixed(0)} MB (target < 300 MB: ${cold.maxRssMb < 300 ? 'ok' : 'MISSED'}); with the description index: ${coldProse.maxRssMb.toFixed(0)} MB`);

  const started = performance.now();
  const bundled = await readBundledRules();
  const readMs = performance.now() - started;
  const again = performance.now();
  const second = await readBundledRules();
  const againMs = performance.now() - again;
  console.log(`bundled packs read: ${readMs.toFixed(0)} ms (${bundled.precompiled ? 'precompiled' : 'parsed from YAML: run npm run build'}); a second caller (App, bot) gets the same read: ${second === bundled} in ${againMs.toFixed(2)} ms`);
  const full = compileRules(bundled.ruleSet);
  const curated = compileRules({ ...bundled.ruleSet, bugs: bundled.ruleSet.bugs.filter((bug) => bundled.originOf(bug.source) === 'curated') });
  const report = report64k();
  const [fullMs, curatedMs] = timeTriage([full, curated], report) as [number, number];
  console.log(`64 KB report: full pack (${full.bugs.length} bugs) ${fullMs.toFixed(1)} ms CPU, curated (${curated.bugs.length}) ${curatedMs.toFixed(1)} ms CPU: ${(fullMs / curatedMs).toFixed(2)}x (target <= 1.5x: ${fullMs / curatedMs <= 1.5 ? 'ok' : 'MISSED'})`);
}
