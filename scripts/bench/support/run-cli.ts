// Child process of scripts/bench/bounds.ts: runs the CLI's main() on the given arguments with output
// thrown away, then prints one JSON line on stderr: exit code, CPU ms and peak RSS (bytes).
//
// `--warm <file>` first (needs node's --expose-gc): one triage of <file> runs before the measured
// command (modules loaded, code compiled, heap grown for the rules), then a full GC, then the
// kernel's peak-RSS mark is reset (/proc/self/clear_refs, Linux) and the resident size read. The
// line then also holds `rssBefore` and `peakDuring`: the peak during the measured command alone,
// so peak minus the size before it is what that command's input cost, without the noise of rule
// loading's own peak (which varies by tens of MB from run to run).
import { readFileSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { main } from '../../../src/cli/main.js';

const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
const io = {
  stdout: { write: (chunk: string) => sink.write(chunk) },
  stderr: { write: () => true },
  stdin: process.stdin,
  env: {},
  cwd: process.cwd(),
};

/** VmRSS / VmHWM of this process in bytes (null off Linux). */
function procStatus(field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb === undefined ? null : Number(kb) * 1024;
  } catch {
    return null;
  }
}

let args = process.argv.slice(2);
let rssBefore: number | null = null;
if (args[0] === '--warm') {
  await main(['triage', args[1]!, '--format', 'json'], io);
  args = args.slice(2);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('--warm needs node --expose-gc');
  gc();
  writeFileSync('/proc/self/clear_refs', '5');
  rssBefore = procStatus('VmRSS');
}
const cpuBefore = process.cpuUsage();
const code = await main(args, io);
const cpu = process.cpuUsage(cpuBefore);
const peakDuring = rssBefore === null ? null : procStatus('VmHWM');
process.stderr.write(`${JSON.stringify({ code, cpuMs: (cpu.user + cpu.system) / 1000, maxRss: process.resourceUsage().maxRSS * 1024, rssBefore, peakDuring })}\n`);
