#!/usr/bin/env node
// Entry only: the CLI lives in src/cli (built to dist/ by `npm install`'s prepare step). Output is
// guarded: a closed pipe ends the run quietly, a full disk in one line (never a stack trace).
import { runBin } from '../dist/cli/guard-output.js';
import { main } from '../dist/cli/main.js';

await runBin(process, main);
