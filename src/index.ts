/**
 * Probot entry (`probot run ./dist/index.js`, `probot receive ... ./dist/index.js`): wiring only.
 * Reads ktriage's environment and the bundled rules once, then hands over to src/github.
 */
import { appendFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { ApplicationFunction } from 'probot';
import { createKtriageApp, readAppOptions, type FeedbackEntry } from './github/index.js';
import { readBundledRules } from './io/load-rule-packs.js';
import { openJobQueue } from './queue/index.js';
import { createLogger } from './log/index.js';

const env = readAppOptions();
// Read once per process: every webhook combines the repository's rules with these (src/io/load-rule-packs.ts).
const bundledRules = await readBundledRules({ ...(env.rulesDir !== null ? { rulesDir: env.rulesDir } : {}), cvePack: env.cvePack });
if (bundledRules.unreadable.length > 0) {
  const what = bundledRules.unreadable.map((u) => `${u.path}: ${u.message}`).join('; ');
  throw new Error(`ktriage cannot read its bundled rules (${what}); set KTRIAGE_RULES_DIR to the rules/ folder and KTRIAGE_CVE_PACK to a pack written by \`ktriage import kernel-cves\` (or off)`);
}
const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

const recordFeedback = env.feedbackFile === null ? undefined : async (entry: FeedbackEntry) => appendFile(env.feedbackFile!, `${JSON.stringify(entry)}\n`, 'utf8');

const app: ApplicationFunction = createKtriageApp({
  bundledRules,
  dryRun: env.dryRun,
  healthPath: env.healthPath,
  version,
  ...(recordFeedback ? { recordFeedback } : {}),
  // Served (`probot run`): deliveries wait in SQLite, or in Redis when REDIS_URL is set.
  createQueue: (log) => openJobQueue(env.queue, { concurrency: env.queueConcurrency, log }),
  onQueueReady: (drain) => {
    // `probot run` installs no signal handler: without this, `docker stop` waits and kills. Stop
    // taking deliveries' jobs, let the running ones finish, then exit; waiting ones stay stored.
    const stop = (signal: NodeJS.Signals) => {
      drain().then(
        () => process.exit(0),
        (error: unknown) => {
          createLogger({ env: process.env, stdout: process.stdout, stderr: process.stderr, fields: { tracker: 'github' } }).error({ err: error }, `ktriage: draining the queue on ${signal} failed`);
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  },
});

export default app;
