#!/usr/bin/env node
// Entry only: the CLI lives in src/cli, built by `npm install`'s prepare step (`npm run build`) to
// dist/, its start-up path bundled into dist/bundle/ (scripts/bundle-cli.js: fewer modules to load).
// A build without the bundle (tsc alone) runs the same CLI from dist/cli/. Output is guarded: a
// closed pipe ends the run quietly, a full disk in one line (never a stack trace).
import { setFlagsFromString } from 'node:v8';
import { fileURLToPath } from 'node:url';

// V8 optimises a function once it has run a budget of bytecode (67,584 by default in Node 20).
// Most of a one-shot run's code runs only a little, and optimising it costs more CPU than it saves:
// four times the budget leaves that code in the interpreter and still optimises the hot loops.
// Measured with the full pack (CPU time, median of 9 alternating runs): cold triage of the seed
// report 418 -> 333 ms; a 4 MB kernel log 1444 -> 1308 ms; 2 MB of prose 1799 -> 1718 ms.
// Set before anything else is loaded, unless node was started with a budget of its own (`node
// --interrupt-budget=N bin/ktriage.js`); the budget only decides when, never what, V8 optimises.
// Only on Node 20, where it was measured: the V8 of Node 22 and 24 has no such flag and prints
// "unrecognized flag" for it on every run (test/node-versions.test.ts runs the CLI on both).
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
const ownBudget = process.execArgv.some((arg) => arg.startsWith('--interrupt-budget'));
if (NODE_MAJOR === 20 && !ownBudget) setFlagsFromString(`--interrupt-budget=${4 * 67_584}`);

const BUNDLE = new URL('../dist/bundle/ktriage.js', import.meta.url);
const cli = await import(BUNDLE.href).catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes(fileURLToPath(BUNDLE))) return import('../dist/cli/bin.js');
  throw error;
});

await cli.runBin(process, cli.main);
