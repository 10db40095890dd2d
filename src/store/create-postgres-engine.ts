import pg from 'pg';
import type { SqlEngine, SqlRunner } from './sql-engine.js';

/** Any fixed number: the advisory lock that serialises migrations between replicas. */
const MIGRATION_LOCK = 7_261_904;

/**
 * The server engine (node-postgres pool, DATABASE_URL). A transaction takes one client from the
 * pool for its whole body; plain statements use any free client.
 */
export function createPostgresEngine(url: string, { Pool = pg.Pool }: { Pool?: typeof pg.Pool } = {}): SqlEngine {
  const pool = new Pool({ connectionString: url, max: 4 });
  // An idle client's connection error (the server restarted) must not crash the process: the pool
  // drops that client and the next query opens a new one.
  pool.on('error', () => undefined);
  const on = (client: pg.Pool | pg.PoolClient): SqlRunner => ({
    run: async (sql, params = []) => (await client.query(sql, [...params])).rowCount ?? 0,
    all: async <T>(sql: string, params: readonly unknown[] = []) => (await client.query(sql, [...params])).rows as T[],
  });
  const direct = on(pool);
  return {
    description: redact(url),
    run: direct.run,
    all: direct.all,
    transaction: async (body, options = {}) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        if (options.exclusive) await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        const result = await body(on(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres (DATABASE_URL is not a URL)';
  }
}
