import type { BugzillaClient } from './create-bugzilla-client.js';
import { sameLogin } from '../comment/index.js';
import type { Logger } from '../../log/index.js';

/** Answers ktriage's own login on a server, or null when it cannot be known. */
export type BotLoginResolver = () => Promise<string | null>;

/**
 * Which account ktriage posts as, so its comments are known by author rather than by a footer
 * anyone can paste: `GET /rest/whoami` where the server has it (Bugzilla 5.1+,
 * bugzilla.mozilla.org), else the configured `login` (Bugzilla 5.0 and 5.2 have no whoami), else
 * null (footer only; a warning says how to fix it). Asked once per process; a failed ask (server
 * down) is not remembered, so the next cycle asks again. A bad API key fails here as it would on
 * any other request.
 */
export function createBotLoginResolver(options: { client: BugzillaClient; configured: string | null; server: string; logger: Logger }): BotLoginResolver {
  const { client, configured, server, logger } = options;
  let pending: Promise<string | null> | null = null;
  const resolve = async (): Promise<string | null> => {
    const me = await client.whoami();
    if (me) {
      if (configured !== null && !sameLogin(configured, me.name)) {
        logger.warn(`bugzilla ${server}: servers[].login is ${configured}, but the API key belongs to ${me.name} (/rest/whoami); using ${me.name}. Fix the login or the key.`);
      }
      return me.name;
    }
    if (configured !== null) return configured;
    logger.warn(
      `bugzilla ${server}: cannot tell which account the API key belongs to (no /rest/whoami on this server, or no API key); ktriage knows its earlier comments only by their footer line, which anyone can paste. Set servers[].login to the bot account's login.`,
    );
    return null;
  };
  return () => {
    if (!pending) {
      pending = resolve();
      pending.catch(() => {
        pending = null;
      });
    }
    return pending;
  };
}
