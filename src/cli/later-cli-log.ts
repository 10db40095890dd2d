import type { Logger } from '../log/index.js';

/**
 * cliLog (cli-log.ts) loaded when there is something to say: the Logger is pino, ~15-25 ms of
 * module loading that a triage with no rule problems, no unreadable path and no usage error never
 * needs (issue 10: cold start). The answer gives the same Logger cliLog would, once per call of it.
 *
 * @example
 * const log = cliLogLater(io, 'ktriage triage');
 * if (problems.length > 0) (await log()).warn(formatProblem(problems[0]));
 */
export function cliLogLater(io: { stderr: { write(chunk: string): unknown }; env?: Record<string, string | undefined>; log?: Logger }, command: string): () => Promise<Logger> {
  let logger: Promise<Logger> | undefined;
  return () => (logger ??= io.log !== undefined ? Promise.resolve(io.log) : import('./cli-log.js').then(({ cliLog }) => cliLog(io, command)));
}
