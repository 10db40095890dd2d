import { mapLogger, type Logger } from '../../log/index.js';
import { redactSecret } from '../client/index.js';

/** Wraps a logger so that no line it writes (message, fields, error stack) can contain one of `secrets` (API keys, webhook secrets). */
export function createRedactingLogger(inner: Logger, secrets: readonly (string | null | undefined)[]): Logger {
  return mapLogger(inner, (text) => secrets.reduce<string>((clean, secret) => redactSecret(clean, secret), text));
}
