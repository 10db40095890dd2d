/*
 * What bin/ktriage.js runs: the CLI and its output guard. `npm run build` bundles this module and
 * what `triage`, `extract` and `--help` load into dist/bundle/ (scripts/bundle-cli.js): one file
 * and a few chunks to read at start instead of ~100 modules (issue 10, item 4: cold start).
 */
export { runBin } from './guard-output.js';
export { main } from './main.js';
