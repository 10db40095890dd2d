import { createLogger, type Logger } from '../log/index.js';

/**
 * The CLI's diagnostics (usage errors, unreadable files, rule problems) through the one Logger, in
 * its `cli` style: every line on stderr — stdout is the command's output — as the bare message, so a
 * terminal reads what it always read; LOG_FORMAT=json turns them into JSON lines with
 * `{"tracker":"cli","command":...}` for scripts, LOG_LEVEL=error keeps only the errors.
 *
 * @example
 * cliLog(io, 'ktriage lint').error('ktriage lint: cannot read rules/x.yml: ENOENT')
 */
export function cliLog(io: { stderr: { write(chunk: string): unknown }; env?: Record<string, string | undefined>; log?: Logger }, command: string): Logger {
  return io.log ?? createLogger({ env: io.env ?? {}, stdout: io.stderr, stderr: io.stderr, style: 'cli', fields: { tracker: 'cli', command } });
}
