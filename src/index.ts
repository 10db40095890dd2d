/**
 * Probot entry (`probot run ./dist/index.js`, `probot receive ... ./dist/index.js`): wiring only.
 * Reads ktriage's environment and the bundled rules once, then hands over to src/github.
 */
import { createRequire } from 'node:module';
import type { ApplicationFunction } from 'probot';
import { createKtriageApp, readAppOptions } from './github/index.js';
import { readBundledRules } from './io/load-rule-packs.js';
import { openJobQueue } from './queue/index.js';
import { createLogger } from './log/index.js';
import { importLegacyFeedback, openDecisionStore } from './store/index.js';
import { createRuleDrafter, readDashboardData, renderDashboard } from './dashboard/index.js';

const env = readAppOptions();
// Read once per process: every webhook combines the repository's rules with these (src/io/load-rule-packs.ts).
const bundledRules = await readBundledRules({ ...(env.rulesDir !== null ? { rulesDir: env.rulesDir } : {}), cvePack: env.cvePack });
if (bundledRules.unreadable.length > 0) {
  const what = bundledRules.unreadable.map((u) => `${u.path}: ${u.message}`).join('; ');
  throw new Error(`ktriage cannot read its bundled rules (${what}); set KTRIAGE_RULES_DIR to the rules/ folder and KTRIAGE_CVE_PACK to a pack written by \`ktriage import kernel-cves\` (or off)`);
}
const { version } = createRequire(import.meta.url)('../package.json') as { version: string };
// Start-up and shutdown lines outside any webhook (those go through Probot's log, the same logger under `ktriage github serve`).
const log = createLogger({ env: process.env, stdout: process.stdout, stderr: process.stderr, fields: { tracker: 'github' } });

// Every decision and piece of feedback goes to the decision store (SQLite file, or PostgreSQL with DATABASE_URL).
const store = await openDecisionStore(env.store);
if (env.legacyFeedbackFile !== null) {
  const imported = await importLegacyFeedback(env.legacyFeedbackFile, store, new Date());
  log.warn(`ktriage: KTRIAGE_FEEDBACK_FILE is no longer written; ${imported.added} new entries read into the decision store (${imported.known} already there, ${imported.skipped} unreadable lines). Unset it once read.`);
}

const app: ApplicationFunction = createKtriageApp({
  bundledRules,
  dryRun: env.dryRun,
  healthPath: env.healthPath,
  version,
  recorder: store,
  // Off unless the operator sets KTRIAGE_DASHBOARD_TOKEN (docs/dashboard.md).
  ...(env.dashboardToken !== null
    ? {
        dashboard: {
          path: env.dashboardPath,
          token: env.dashboardToken,
          render: async () => renderDashboard(await readDashboardData(store, { now: new Date(), draftRule: createRuleDrafter(bundledRules.ruleSet) })),
        },
      }
    : {}),
  // Served (`probot run`): deliveries wait in SQLite, or in Redis when REDIS_URL is set.
  createQueue: (log) => openJobQueue(env.queue, { concurrency: env.queueConcurrency, log }),
  onQueueReady: (drain) => {
    // `probot run` installs no signal handler: without this, `docker stop` waits and kills. Stop
    // taking deliveries' jobs, let the running ones finish, then exit; waiting ones stay stored.
    const stop = (signal: NodeJS.Signals) => {
      drain()
        .then(() => store.close())
        .then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error }, `ktriage: draining the queue on ${signal} failed`);
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  },
});

export default app;
