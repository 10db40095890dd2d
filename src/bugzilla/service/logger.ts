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

/** Levels from the most verbose; LOG_LEVEL keeps its level and those after it. */
const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];

export interface LevelledLoggerIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  env: Record<string, string | undefined>;
  now?: () => Date;
}

/**
 * The bot's process logger, read from the environment the way the App's is: `LOG_LEVEL`
 * (debug|info|warn|error, default info) and `LOG_FORMAT=json` for one JSON object per line
 * (`{"level","time","msg"}`) instead of text. Under journald (`JOURNAL_STREAM` set) text lines carry
 * no timestamp of their own, so the journal does not show two. Info goes to stdout, warnings and
 * errors to stderr. An unknown LOG_LEVEL or LOG_FORMAT is reported once and the default used.
 *
 * @example
 * const logger = createLevelledLogger({ stdout: process.stdout, stderr: process.stderr, env: { LOG_FORMAT: 'json' } });
 * logger.info('bugzilla kernel: 0 bugs changed ...') // {"level":"info","time":"2026-...","msg":"bugzilla kernel: 0 bugs changed ..."}
 */
export function createLevelledLogger(io: LevelledLoggerIo): Logger {
  const now = io.now ?? (() => new Date());
  const problems: string[] = [];
  const wantedLevel = (io.env.LOG_LEVEL ?? 'info').toLowerCase();
  const level: Level = (LEVELS as readonly string[]).includes(wantedLevel) ? (wantedLevel as Level) : 'info';
  if (level !== wantedLevel) problems.push(`LOG_LEVEL=${io.env.LOG_LEVEL} is not one of ${LEVELS.join(', ')}; using info`);
  const format = (io.env.LOG_FORMAT ?? 'text').toLowerCase();
  if (format !== 'text' && format !== 'json') problems.push(`LOG_FORMAT=${io.env.LOG_FORMAT} is not text or json; using text`);
  const json = format === 'json';
  const stamped = !json && !io.env.JOURNAL_STREAM;
  const write = (at: Level, message: string): void => {
    if (LEVELS.indexOf(at) < LEVELS.indexOf(level)) return;
    const out = at === 'debug' || at === 'info' ? io.stdout : io.stderr;
    if (json) {
      out.write(`${JSON.stringify({ level: at, time: now().toISOString(), msg: message })}\n`);
      return;
    }
    const prefix = at === 'warn' ? 'warning: ' : at === 'error' ? 'error: ' : '';
    out.write(`${stamped ? `${now().toISOString()} ` : ''}${prefix}${message}\n`);
  };
  for (const p of problems) write('warn', p);
  return { info: (m) => write('info', m), warn: (m) => write('warn', m), error: (m) => write('error', m) };
}
