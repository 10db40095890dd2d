#!/usr/bin/env node
// Entry only: the CLI lives in src/cli, built by `npm install`'s prepare step (`npm run build`) to
// dist/, its start-up path bundled into dist/bundle/ (scripts/bundle-cli.js: fewer modules to load).
// A build without the bundle (tsc alone) runs the same CLI from dist/cli/. Output is guarded: a
// closed pipe ends the run quietly, a full disk in one line (never a stack trace).
import { fileURLToPath } from 'node:url';

const BUNDLE = new URL('../dist/bundle/ktriage.js', import.meta.url);
const cli = await import(BUNDLE.href).catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes(fileURLToPath(BUNDLE))) return import('../dist/cli/bin.js');
  throw error;
});

await cli.runBin(process, cli.main);
