import { redactSecret } from '../client/index.js';

/** The minimal logger the Bugzilla adapter writes to (octokit/webhooks.js style). */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** Wraps a logger so that no line it writes can contain one of `secrets` (API keys, webhook secrets). */
export function createRedactingLogger(inner: Logger, secrets: readonly (string | null | undefined)[]): Logger {
  const clean = (message: string): string => secrets.reduce<string>((text, secret) => redactSecret(text, secret), message);
  return {
    info: (message) => inner.info(clean(message)),
    warn: (message) => inner.warn(clean(message)),
    error: (message) => inner.error(clean(message)),
  };
}
