import { pino, type Logger as PinoLogger } from 'pino';

/**
 * Structured fields every adapter uses under the same names, so one query finds a report's whole
 * story whichever door it came in by (`jq 'select(.report == "kernel#1234")'`).
 */
export interface LogFields {
  /** Which adapter: `github`, `bugzilla`, `action`, `cli`. */
  tracker?: string;
  /** The report: `owner/repo#12` on GitHub, `<server>#<bug id>` on Bugzilla, the file for the CLI. */
  report?: string;
  /** The webhook delivery (GitHub's X-GitHub-Delivery, an Actions run id). */
  deliveryId?: string;
  /** The rule a line is about (a matched known bug, a broken rule). */
  ruleId?: string | null;
  /** A caught error: logged with its message and stack. */
  err?: unknown;
  [key: string]: unknown;
}

/** One log method: a message, or fields and a message (pino's calling convention). */
export interface LogFn {
  (message: string): void;
  (fields: LogFields, message?: string): void;
}

/**
 * The one logger interface of the App, the Bugzilla bot, the Action and the CLI (octokit/webhooks.js
 * keeps a logger this small). Probot's `app.log`/`context.log` and every logger from createLogger
 * fit it: both are pino.
 */
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  /** A logger that adds `fields` to every line (a tracker, a report, a delivery). */
  child(fields: LogFields): Logger;
}

/** Levels from the most verbose (pino's names); LOG_LEVEL keeps its level and those after it. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * `service`: a long-running process (App, bot, Action): text lines carry a timestamp and a level word
 * for warnings and errors; info and debug go to stdout, warnings and errors to stderr.
 * `cli`: a command a person runs: every line goes to stderr (stdout is the command's output) as the
 * bare message, the way the CLI always printed its diagnostics (its messages are whole sentences;
 * the structured fields are for JSON lines).
 */
export type LogStyle = 'service' | 'cli';

export interface LoggerIo {
  /** Read: LOG_LEVEL, LOG_FORMAT (text|pretty|json), JOURNAL_STREAM, GITHUB_ACTIONS. */
  env: Record<string, string | undefined>;
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  style?: LogStyle;
  now?: () => Date;
  /** Fields on every line (`{ tracker: 'bugzilla' }`): in JSON lines; text lines leave them out. */
  fields?: LogFields;
}

const FORMATS = ['text', 'pretty', 'json'] as const;
/** Keys pino writes itself; the rest of a line are the caller's fields. */
const OWN_KEYS = new Set(['level', 'time', 'msg']);

/**
 * The process logger of every adapter: pino (the App's logger already, through Probot), configured
 * from the environment the same way everywhere:
 * - `LOG_LEVEL`: trace|debug|info|warn|error|fatal|silent, default info;
 * - `LOG_FORMAT=json`: one JSON object per line, `{"level":"info","time":"<ISO>","msg":...,<fields>}`;
 *   `text` (default; Probot's `pretty` is a synonym): `<ISO time> warning: msg key=value`.
 * Under journald (`JOURNAL_STREAM`) or an Actions runner (`GITHUB_ACTIONS`) text lines carry no
 * timestamp of their own: the journal and the runner stamp every line already. An unknown LOG_LEVEL
 * or LOG_FORMAT is reported once and the default used (a typo must not silence the bot).
 * Lines are written synchronously through a plain `write` (no pino transport: those start worker
 * threads, which a bundled Action cannot load). The answer is a pino logger, so it is also what
 * Probot takes as its `log` (the App's and the Action's Probot log through it); it fits `Logger`.
 *
 * @example
 * const log = createLogger({ env: { LOG_FORMAT: 'json' }, stdout: process.stdout, stderr: process.stderr });
 * log.child({ tracker: 'bugzilla', report: 'kernel#1234' }).info('posted');
 * // {"level":"info","time":"2026-12-07T13:00:00.000Z","tracker":"bugzilla","report":"kernel#1234","msg":"posted"}
 */
export function createLogger(io: LoggerIo): PinoLogger {
  const style = io.style ?? 'service';
  const now = io.now ?? (() => new Date());
  const problems: string[] = [];
  const wantedLevel = (io.env.LOG_LEVEL ?? 'info').trim().toLowerCase();
  const level: LogLevel = (LOG_LEVELS as readonly string[]).includes(wantedLevel) ? (wantedLevel as LogLevel) : 'info';
  if (level !== wantedLevel) problems.push(`LOG_LEVEL=${io.env.LOG_LEVEL} is not one of ${LOG_LEVELS.join(', ')}; using info`);
  const wantedFormat = (io.env.LOG_FORMAT ?? 'text').trim().toLowerCase();
  if (!(FORMATS as readonly string[]).includes(wantedFormat)) problems.push(`LOG_FORMAT=${io.env.LOG_FORMAT} is not text or json; using text`);
  const json = wantedFormat === 'json';
  const stamped = style === 'service' && !io.env.JOURNAL_STREAM && !io.env.GITHUB_ACTIONS;

  // The process-wide fields are the same on every line: JSON lines carry them, text lines do not repeat them.
  const hidden = new Set([...OWN_KEYS, ...Object.keys(io.fields ?? {})]);
  const destination = {
    write(line: string): void {
      const record = JSON.parse(line) as Record<string, unknown>;
      const label = typeof record.level === 'string' ? record.level : 'info';
      const out = style === 'cli' || label === 'trace' || label === 'debug' || label === 'info' ? (style === 'cli' ? io.stderr : io.stdout) : io.stderr;
      out.write(json ? line : formatText(record, label, { stamped, levelWord: style === 'service', fields: style === 'service', hidden }));
    },
  };
  const logger = pino(
    {
      level,
      // No pid/hostname on every line: journald and container runtimes record them already.
      base: io.fields ?? null,
      formatters: { level: (label) => ({ level: label }) },
      timestamp: () => `,"time":"${now().toISOString()}"`,
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
  for (const problem of problems) logger.warn(problem);
  return logger;
}

/**
 * One text line: `[time ][warning: |error: ]message[ key=value...]`, and an error's stack indented
 * below it. Values that are not bare words are JSON-quoted so a line stays one line.
 */
function formatText(record: Record<string, unknown>, label: string, { stamped, levelWord, fields: withFields, hidden }: { stamped: boolean; levelWord: boolean; fields: boolean; hidden: ReadonlySet<string> }): string {
  const prefix = !levelWord || label === 'info' ? '' : label === 'warn' ? 'warning: ' : `${label}: `;
  const stamp = stamped && typeof record.time === 'string' ? `${record.time} ` : '';
  let stack = '';
  const fields: string[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (hidden.has(key) || value === undefined) continue;
    if (key === 'err' && value !== null && typeof value === 'object') {
      const err = value as { message?: unknown; stack?: unknown };
      if (withFields) fields.push(`err=${quote(String(err.message ?? ''))}`);
      if (typeof err.stack === 'string') stack = `\n${err.stack.replace(/^/gm, '    ')}`;
      continue;
    }
    if (withFields) fields.push(`${key}=${quote(value)}`);
  }
  const message = typeof record.msg === 'string' ? record.msg : '';
  return `${stamp}${prefix}${message}${fields.length > 0 ? `${message ? ' ' : ''}${fields.join(' ')}` : ''}${stack}\n`;
}

function quote(value: unknown): string {
  if (typeof value === 'string') return /^[\w./#:@+-]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

/** Accepted by every adapter where no log is wanted (tests, dry library use). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
