/**
 * log/: the one Logger of every adapter (App, Action, Bugzilla bot, CLI): one interface, one pino
 * configuration read from LOG_LEVEL / LOG_FORMAT, the same structured field names everywhere.
 */
export { createLogger, silentLogger, LOG_LEVELS, type LogFields, type LogFn, type Logger, type LoggerIo, type LogLevel, type LogStyle } from './create-logger.js';
/** What createLogger answers: a pino logger, the type Probot's `log` option takes. */
export type { Logger as PinoLogger } from 'pino';
export { mapLogger } from './map-logger.js';
