/**
 * The little a decision store needs from a database, so SQLite and PostgreSQL run the same SQL.
 * Statements are written with PostgreSQL's `$1` placeholders; the SQLite engine rewrites them.
 */
export interface SqlRunner {
  /** Runs a statement; answers the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  all<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface SqlEngine extends SqlRunner {
  readonly description: string;
  /**
   * Runs `body` in one transaction on one connection (committed when it resolves, rolled back when
   * it throws). `exclusive`: no other process runs an exclusive transaction beside it (SQLite:
   * BEGIN IMMEDIATE; PostgreSQL: an advisory transaction lock), so replicas starting at once
   * migrate once.
   */
  transaction<T>(body: (tx: SqlRunner) => Promise<T>, options?: { exclusive?: boolean }): Promise<T>;
  close(): Promise<void>;
}

/**
 * `$1`-style placeholders to SQLite's anonymous `?`, with the parameters in the order they occur
 * (a placeholder may be used twice).
 *
 * @example
 * toAnonymousPlaceholders('a = $2 OR b = $1', ['x', 'y']) // => { sql: 'a = ? OR b = ?', params: ['y', 'x'] }
 */
export function toAnonymousPlaceholders(sql: string, params: readonly unknown[]): { sql: string; params: unknown[] } {
  const ordered: unknown[] = [];
  const text = sql.replace(/\$(\d+)/g, (_, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= params.length) throw new Error(`SQL placeholder $${n} has no parameter (${params.length} given)`);
    ordered.push(params[index]);
    return '?';
  });
  return { sql: text, params: ordered };
}
