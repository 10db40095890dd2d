import { createDecisionStore } from './create-decision-store.js';
import type { DecisionStore } from './decision-store.js';
import { createPostgresEngine, redact } from './create-postgres-engine.js';
import { createSqliteEngine } from './create-sqlite-engine.js';

/** Where decisions are kept: a PostgreSQL database (DATABASE_URL) or a SQLite file. */
export type StoreChoice = { kind: 'postgres'; url: string } | { kind: 'sqlite'; file: string };

/**
 * Reads the choice: `DATABASE_URL` (postgres:// or postgresql://) selects PostgreSQL, which
 * replicas of a scaled-out App share; otherwise `KTRIAGE_STORE_FILE`, else `fallbackFile`
 * (the App: `ktriage-store.sqlite` in the working directory; the Bugzilla bot: its own database).
 *
 * @example
 * readStoreChoice({ DATABASE_URL: 'postgres://ktriage@db/ktriage' }) // => { kind: 'postgres', url: 'postgres://ktriage@db/ktriage' }
 */
export function readStoreChoice(env: Record<string, string | undefined>, fallbackFile = 'ktriage-store.sqlite'): StoreChoice {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new Error(`DATABASE_URL must be a postgres:// or postgresql:// URL (got "${redact(url)}"); unset it to use the SQLite file`);
    return { kind: 'postgres', url };
  }
  return { kind: 'sqlite', file: env.KTRIAGE_STORE_FILE?.trim() || fallbackFile };
}

/** Opens (and migrates) the store; a store that cannot be opened is an error naming it. */
export async function openDecisionStore(choice: StoreChoice): Promise<DecisionStore> {
  const where = choice.kind === 'postgres' ? redact(choice.url) : choice.file;
  try {
    return await createDecisionStore(choice.kind === 'postgres' ? createPostgresEngine(choice.url) : createSqliteEngine(choice.file));
  } catch (error) {
    throw new Error(`cannot open the decision store ${where}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
