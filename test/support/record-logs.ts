import { createLogger, type Logger } from '../../src/log/index.js';

export interface LogRecord {
  level: string;
  msg: string;
  [key: string]: unknown;
}

/**
 * The real shared logger (src/log) writing JSON lines into memory at level debug, for tests that
 * assert what an adapter logged: `lines` as "<level> <message>", `records` with every field.
 * `onLine` sees each line as it is written (a test can stop a loop after N cycles).
 */
export function recordLogs(onLine?: (line: string, record: LogRecord) => void): { logger: Logger; lines: string[]; records: LogRecord[]; messages: (level?: string) => string[] } {
  const lines: string[] = [];
  const records: LogRecord[] = [];
  const sink = {
    write(chunk: string) {
      const record = JSON.parse(chunk) as LogRecord;
      const line = `${record.level} ${record.msg ?? ''}`;
      records.push(record);
      lines.push(line);
      onLine?.(line, record);
    },
  };
  const logger = createLogger({ env: { LOG_FORMAT: 'json', LOG_LEVEL: 'debug' }, stdout: sink, stderr: sink });
  return { logger, lines, records, messages: (level) => records.filter((r) => level === undefined || r.level === level).map((r) => r.msg) };
}

type Level = 'debug' | 'info' | 'warn' | 'error';

/** The real shared logger, handing each line's message to the handler of its level (others dropped). */
export function messageLogger(handlers: Partial<Record<Level, (message: string) => unknown>>): Logger {
  return recordLogs((_line, record) => void handlers[record.level as Level]?.(record.msg)).logger;
}
