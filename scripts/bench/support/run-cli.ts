// Child process of scripts/bench/bounds.ts: runs the CLI's main() on the given arguments with output
// thrown away, then prints one JSON line on stderr: exit code, CPU ms and peak RSS (bytes).
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

const args = process.argv.slice(2);
const cpuBefore = process.cpuUsage();
const code = await main(args, io);
const cpu = process.cpuUsage(cpuBefore);
process.stderr.write(`${JSON.stringify({ code, cpuMs: (cpu.user + cpu.system) / 1000, maxRss: process.resourceUsage().maxRSS * 1024 })}\n`);
