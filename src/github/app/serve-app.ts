import { fileURLToPath } from 'node:url';
import { run } from 'probot';
import { createLogger } from '../../log/index.js';

/** The Probot entry built beside this file (dist/index.js), which `probot run` would be given. */
export const DEFAULT_APP_PATH = fileURLToPath(new URL('../../index.js', import.meta.url));

/**
 * Serves the GitHub App the way `probot run <app>` does (same environment: APP_ID, PRIVATE_KEY,
 * WEBHOOK_SECRET, PORT, HOST, GHE_HOST, ...), with ktriage's one logger instead of the one Probot
 * would build, so the App's lines are configured and shaped like the bot's and the Action's
 * (LOG_LEVEL, LOG_FORMAT=json, `tracker`/`report`/`deliveryId` fields, no doubled timestamps under
 * journald). Resolves once the server listens; the app's entry installs the SIGTERM drain.
 *
 * @example
 * await serveGithubApp({ env: process.env, stdout: process.stdout, stderr: process.stderr }); // like `probot run ./dist/index.js`
 */
export async function serveGithubApp(options: {
  env: Record<string, string | undefined>;
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  appPath?: string;
}): Promise<void> {
  const log = createLogger({ env: options.env, stdout: options.stdout, stderr: options.stderr, fields: { tracker: 'github' } });
  // The argv form (not the function form): Probot then loads the app by path as `probot run` does
  // and installs no SIGINT handler of its own that would exit before the queue drains.
  await run([process.execPath, 'probot', options.appPath ?? DEFAULT_APP_PATH], { env: options.env as never, log });
}
