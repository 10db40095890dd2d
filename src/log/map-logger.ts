import type { LogFields, Logger, LogFn } from './create-logger.js';

/**
 * A logger that passes every message and field value through `clean` before `inner` sees it (the
 * Bugzilla bot strips its API keys and webhook secret this way). Errors keep their class of line:
 * their message and stack are cleaned, not dropped; children are cleaned too.
 *
 * @example
 * const log = mapLogger(inner, (text) => text.replaceAll(apiKey, '[redacted]'));
 */
export function mapLogger(inner: Logger, clean: (text: string) => string): Logger {
  const cleanValue = (value: unknown): unknown => {
    if (typeof value === 'string') return clean(value);
    if (value instanceof Error) {
      const copy = new Error(clean(value.message));
      copy.name = value.name;
      copy.stack = value.stack === undefined ? undefined : clean(value.stack);
      return copy;
    }
    if (typeof value === 'bigint') return clean(String(value));
    if (value === null || typeof value !== 'object') return value;
    try {
      return JSON.parse(clean(JSON.stringify(value))) as unknown;
    } catch {
      // A cycle: the logger would print it as "[Circular]"; here nothing unchecked may pass.
      return clean(String(value));
    }
  };
  const cleanFields = (fields: LogFields): LogFields => Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, cleanValue(value)]));
  const method = (call: LogFn): LogFn =>
    ((first: string | LogFields, message?: string) => {
      if (typeof first === 'string') call(clean(first));
      else if (message === undefined) call(cleanFields(first));
      else call(cleanFields(first), clean(message));
    }) as LogFn;
  return {
    debug: method(inner.debug.bind(inner)),
    info: method(inner.info.bind(inner)),
    warn: method(inner.warn.bind(inner)),
    error: method(inner.error.bind(inner)),
    child: (fields) => mapLogger(inner.child(cleanFields(fields)), clean),
  };
}
