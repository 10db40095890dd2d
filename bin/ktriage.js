#!/usr/bin/env node
// Entry only: the CLI lives in src/cli (built to dist/ by `npm install`'s prepare step).
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() });
