import { readQueueChoice, readQueueConcurrency, type QueueChoice } from '../../queue/index.js';
import { readStoreChoice, type StoreChoice } from '../../store/index.js';
import { DEFAULT_HEALTH_PATH } from './create-health-handler.js';

/** ktriage's own environment variables (Probot reads APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, ... itself). */
export interface AppEnvOptions {
  /** KTRIAGE_RULES_DIR: the bundled rules folder; null = the rules/ folder shipped with ktriage. */
  rulesDir: string | null;
  /**
   * KTRIAGE_CVE_PACK: `off` (or `false`/`0`) for no CVE pack, a path for an operator's own pack
   * (`ktriage import kernel-cves`), unset for the pack shipped with ktriage.
   */
  cvePack: boolean | string;
  /** DATABASE_URL (PostgreSQL, shared by replicas) or KTRIAGE_STORE_FILE (SQLite): where decisions and feedback are recorded. */
  store: StoreChoice;
  /**
   * KTRIAGE_FEEDBACK_FILE: the JSON-lines feedback file of earlier versions. Its entries are read
   * into the store at start-up (once: the store ignores what it has), then it is no longer written.
   */
  legacyFeedbackFile: string | null;
  /**
   * KTRIAGE_DASHBOARD_TOKEN: serve the dashboard at `dashboardPath` to requests bearing this token;
   * null (unset) = not served.
   */
  dashboardToken: string | null;
  /** KTRIAGE_DASHBOARD_PATH: where the dashboard is served (default /ktriage/dashboard). */
  dashboardPath: string;
  /** KTRIAGE_DRY_RUN=true|1: write nothing anywhere. */
  dryRun: boolean;
  /** KTRIAGE_HEALTH_PATH: the health route. */
  healthPath: string;
  /** REDIS_URL (shared by replicas) or KTRIAGE_QUEUE_FILE (SQLite): where served deliveries wait. */
  queue: QueueChoice;
  /** KTRIAGE_QUEUE_CONCURRENCY: deliveries of different issues handled at once per process. */
  queueConcurrency: number;
}

/**
 * Reads ktriage's variables from an env object (Probot's `readEnvOptions(env = process.env)`
 * pattern: tests pass a plain object). A malformed value is an error naming the variable and the
 * accepted values, at startup rather than at the first webhook.
 *
 * @example
 * readAppOptions({ KTRIAGE_DRY_RUN: 'true' }).dryRun // => true
 */
export function readAppOptions(env: Record<string, string | undefined> = process.env): AppEnvOptions {
  const dry = (env.KTRIAGE_DRY_RUN ?? '').trim().toLowerCase();
  if (!['', '0', '1', 'false', 'true'].includes(dry)) {
    throw new Error(`KTRIAGE_DRY_RUN must be "true" or "false" (got "${env.KTRIAGE_DRY_RUN}")`);
  }
  const healthPath = env.KTRIAGE_HEALTH_PATH?.trim() || DEFAULT_HEALTH_PATH;
  if (!healthPath.startsWith('/')) throw new Error(`KTRIAGE_HEALTH_PATH must start with "/" (got "${healthPath}")`);
  const dashboardPath = env.KTRIAGE_DASHBOARD_PATH?.trim() || '/ktriage/dashboard';
  if (!dashboardPath.startsWith('/')) throw new Error(`KTRIAGE_DASHBOARD_PATH must start with "/" (got "${dashboardPath}")`);
  const token = env.KTRIAGE_DASHBOARD_TOKEN?.trim() ?? '';
  // A guessable token would put every report's text one request away.
  if (token !== '' && token.length < 16) throw new Error('KTRIAGE_DASHBOARD_TOKEN must be at least 16 characters (e.g. `openssl rand -hex 32`); unset it to not serve the dashboard');
  const cve = env.KTRIAGE_CVE_PACK?.trim() ?? '';
  const cvePack = ['', 'on', 'true', '1'].includes(cve.toLowerCase()) ? true : ['off', 'false', '0'].includes(cve.toLowerCase()) ? false : cve;
  return {
    cvePack,
    rulesDir: env.KTRIAGE_RULES_DIR?.trim() || null,
    store: readStoreChoice(env),
    legacyFeedbackFile: env.KTRIAGE_FEEDBACK_FILE?.trim() || null,
    dashboardToken: token === '' ? null : token,
    dashboardPath,
    dryRun: dry === 'true' || dry === '1',
    healthPath,
    queue: readQueueChoice(env),
    queueConcurrency: readQueueConcurrency(env),
  };
}
