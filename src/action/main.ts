/**
 * The GitHub Action's entry (action.yml runs the esbuild bundle of this file: action/dist/index.mjs).
 * Wiring only: the runner's environment, the rule packs copied beside the bundle, one event.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readBundledRules } from '../io/load-rule-packs.js';
import { readActionEnv, runAction } from './run-action.js';

try {
  const env = readActionEnv();
  const rulesDir = fileURLToPath(new URL('./rules/', import.meta.url));
  const cveDir = fileURLToPath(new URL('./rules/kernel-cves/', import.meta.url));
  const bundledRules = await readBundledRules({ rulesDir, cvePack: existsSync(cveDir) ? cveDir : false });
  if (bundledRules.unreadable.length > 0) throw new Error(`cannot read the rules beside the action: ${bundledRules.unreadable.map((u) => `${u.path}: ${u.message}`).join('; ')}`);
  process.exitCode = await runAction({ env, bundledRules });
} catch (error) {
  process.stdout.write(`::error::ktriage: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
