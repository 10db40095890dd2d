import Database from 'better-sqlite3';
import { toAnonymousPlaceholders, type SqlEngine, type SqlRunner } from './sql-engine.js';

/**
 * The embedded engine (better-sqlite3, synchronous underneath). Work is serialised through one
 * promise chain: a transaction's body awaits between statements, and another caller's statement
 * must not land inside it. WAL and a busy timeout let a second process (the CLI's dashboard, the
 * Bugzilla bot beside the App) read and write the same file.
 */
export function createSqliteEngine(file: string): SqlEngine {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  const runner: SqlRunner = {
    run: async (sql, params = []) => {
      const converted = toAnonymousPlaceholders(sql, params);
      return db.prepare(converted.sql).run(...converted.params.map(toSqlite)).changes;
    },
    all: async <T>(sql: string, params: readonly unknown[] = []) => {
      const converted = toAnonymousPlaceholders(sql, params);
      return db.prepare(converted.sql).all(...converted.params.map(toSqlite)) as T[];
    },
  };
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = chain.then(work, work);
    chain = next.catch(() => undefined);
    return next;
  };
  return {
    description: `sqlite:${file}`,
    run: (sql, params) => serial(() => runner.run(sql, params)),
    all: <T>(sql: string, params?: readonly unknown[]) => serial(() => runner.all<T>(sql, params)),
    transaction: (body, options = {}) =>
      serial(async () => {
        db.exec(options.exclusive ? 'BEGIN IMMEDIATE' : 'BEGIN');
        try {
          const result = await body(runner);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          db.exec('ROLLBACK');
          throw error;
        }
      }),
    close: () => serial(async () => void db.close()),
  };
}

/** better-sqlite3 binds no booleans or undefined. */
function toSqlite(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}
