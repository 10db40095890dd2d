import { readFile } from 'node:fs/promises';
import { Probot } from 'probot';
import { createLogger, type PinoLogger } from '../log/index.js';
import type { BundledRules } from '../io/load-rule-packs.js';
import { createKtriageApp } from '../github/app/create-app.js';

/** What the Actions runner hands a JavaScript action (docs: "Variables", "Metadata syntax: inputs"). */
export interface ActionEnv {
  eventName: string;
  eventPath: string;
  token: string;
  apiUrl: string;
  deliveryId: string;
  dryRun: boolean;
}

/**
 * Reads the runner's environment. Inputs arrive as INPUT_<NAME> (upper-cased, spaces to
 * underscores, dashes kept); the token falls back to GITHUB_TOKEN for a step that sets it in `env:`.
 *
 * @example
 * readActionEnv({ GITHUB_EVENT_NAME: 'issues', GITHUB_EVENT_PATH: '/e.json', GITHUB_TOKEN: 't' }).apiUrl // => 'https://api.github.com'
 */
export function readActionEnv(env: Record<string, string | undefined> = process.env): ActionEnv {
  const missing = (name: string) => new Error(`${name} is not set: ktriage's action runs inside a GitHub Actions job (or set ${name} as the runner would)`);
  const eventName = env.GITHUB_EVENT_NAME?.trim();
  if (!eventName) throw missing('GITHUB_EVENT_NAME');
  const eventPath = env.GITHUB_EVENT_PATH?.trim();
  if (!eventPath) throw missing('GITHUB_EVENT_PATH');
  const token = env['INPUT_GITHUB-TOKEN']?.trim() || env.GITHUB_TOKEN?.trim();
  if (!token) throw new Error('no token: pass `github-token` (default: the job\'s GITHUB_TOKEN) or set GITHUB_TOKEN');
  const dry = (env['INPUT_DRY-RUN'] ?? env.KTRIAGE_DRY_RUN ?? '').trim().toLowerCase();
  if (!['', '0', '1', 'false', 'true'].includes(dry)) throw new Error(`dry-run must be "true" or "false" (got "${dry}")`);
  return {
    // pull_request_target carries a pull_request payload; ktriage handles it as pull_request.
    eventName: eventName === 'pull_request_target' ? 'pull_request' : eventName,
    eventPath,
    token,
    apiUrl: (env.GITHUB_API_URL?.trim() || 'https://api.github.com').replace(/\/+$/, ''),
    deliveryId: `actions-${env.GITHUB_RUN_ID ?? 'local'}-${env.GITHUB_RUN_ATTEMPT ?? '1'}`,
    dryRun: dry === 'true' || dry === '1',
  };
}

/**
 * One Actions event through the same application function as the App (like `probot receive`),
 * with the job's token and the runner's API URL (GitHub Enterprise Server works unchanged). The
 * rule packs come from beside the bundle (`action/dist/rules`), read by the caller.
 * Resolves with the process exit code: 0 handled (or nothing to do), 1 failed (job marked failed).
 */
export async function runAction(options: { env: ActionEnv; bundledRules: BundledRules; log?: PinoLogger; write?: (line: string) => void; processEnv?: Record<string, string | undefined> }): Promise<number> {
  const { env, bundledRules } = options;
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  // The shared logger (LOG_LEVEL, LOG_FORMAT; no own timestamps: the runner stamps each line), given to Probot.
  const log = options.log ?? createLogger({ env: options.processEnv ?? process.env, stdout: process.stdout, stderr: process.stderr, fields: { tracker: 'github' } }).child({ deliveryId: env.deliveryId });
  let payload: unknown;
  try {
    payload = JSON.parse(await readFile(env.eventPath, 'utf8'));
  } catch (error) {
    write(`::error::ktriage could not read the event payload at ${env.eventPath}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const probot = new Probot({ githubToken: env.token, baseUrl: env.apiUrl, log });
  // Jobs of one issue may overlap (outside one concurrency queue): settle racing comment creations.
  await probot.load(createKtriageApp({ bundledRules, dryRun: env.dryRun, settleRaces: true }));
  try {
    await probot.receive({ id: env.deliveryId, name: env.eventName, payload } as never);
    return 0;
  } catch (error) {
    const errors = (error as { errors?: unknown[] }).errors ?? [error];
    for (const e of errors) write(`::error::ktriage failed on ${env.eventName}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
