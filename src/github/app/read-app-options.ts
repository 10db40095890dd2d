import { readQueueChoice, readQueueConcurrency, type QueueChoice } from '../../queue/index.js';
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
  /** KTRIAGE_FEEDBACK_FILE: JSON-lines file for maintainer feedback; null = log only. */
  feedbackFile: string | null;
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
  const cve = env.KTRIAGE_CVE_PACK?.trim() ?? '';
  const cvePack = ['', 'on', 'true', '1'].includes(cve.toLowerCase()) ? true : ['off', 'false', '0'].includes(cve.toLowerCase()) ? false : cve;
  return {
    cvePack,
    rulesDir: env.KTRIAGE_RULES_DIR?.trim() || null,
    feedbackFile: env.KTRIAGE_FEEDBACK_FILE?.trim() || null,
    dryRun: dry === 'true' || dry === '1',
    healthPath,
    queue: readQueueChoice(env),
    queueConcurrency: readQueueConcurrency(env),
  };
}
