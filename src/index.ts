/**
 * Probot entry (`probot run ./dist/index.js`, `probot receive ... ./dist/index.js`): wiring only.
 * Reads ktriage's environment and the bundled rules once, then hands over to src/github.
 */
import { appendFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { ApplicationFunction } from 'probot';
import { createKtriageApp, readAppOptions, type FeedbackEntry } from './github/index.js';
import { bundledRulesDir, readRuleFiles } from './io/read-rule-files.js';

const env = readAppOptions();
const { files, unreadable } = await readRuleFiles([env.rulesDir ?? bundledRulesDir()]);
if (files.length === 0) {
  throw new Error(`ktriage found no bundled rule files in ${env.rulesDir ?? bundledRulesDir()} (${unreadable.map((u) => u.message).join('; ')}); set KTRIAGE_RULES_DIR to the rules/ folder`);
}
const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

const recordFeedback = env.feedbackFile === null ? undefined : async (entry: FeedbackEntry) => appendFile(env.feedbackFile!, `${JSON.stringify(entry)}\n`, 'utf8');

const app: ApplicationFunction = createKtriageApp({
  bundledRules: files,
  dryRun: env.dryRun,
  healthPath: env.healthPath,
  version,
  ...(recordFeedback ? { recordFeedback } : {}),
});

export default app;
