import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createDecisionStore, createSqliteEngine, openDecisionStore, readStoreChoice } from '../../src/store/index.js';
import { decisionStoreContract } from './decision-store-contract.js';
import { decision, issue } from './decision-fixtures.js';

describe('decision store on SQLite', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ktriage-store-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  decisionStoreContract(() => createDecisionStore(createSqliteEngine(join(dir, `store-${(n += 1)}.sqlite`))));

  it('migrates once: reopening keeps the data and runs no migration again', async () => {
    const file = join(dir, 'reopen.sqlite');
    const first = await openDecisionStore({ kind: 'sqlite', file });
    await first.recordDecision(decision({ report: issue(1) }));
    await first.close();
    const second = await openDecisionStore({ kind: 'sqlite', file });
    expect(await second.counts()).toEqual({ decisions: 1, reports: 1, feedback: 0 });
    await second.close();
    const db = new Database(file);
    expect(db.prepare('SELECT version FROM ktriage_store_migrations').all()).toEqual([{ version: 1 }]);
    db.close();
  });

  it('refuses a database written by a newer ktriage instead of guessing its schema', async () => {
    const file = join(dir, 'newer.sqlite');
    (await openDecisionStore({ kind: 'sqlite', file })).close();
    const db = new Database(file);
    db.prepare('INSERT INTO ktriage_store_migrations (version) VALUES (99)').run();
    db.close();
    await expect(openDecisionStore({ kind: 'sqlite', file })).rejects.toThrow(/written by a newer ktriage \(schema version 99/);
  });

  it('shares a file with another store (the Bugzilla bot keeps its state tables beside these)', async () => {
    const file = join(dir, 'shared.sqlite');
    const db = new Database(file);
    db.exec('CREATE TABLE feedback (server TEXT, comment_id INTEGER)');
    db.close();
    const store = await openDecisionStore({ kind: 'sqlite', file });
    expect(await store.recordDecision(decision({ report: issue(1) }))).toBe(true);
    await store.close();
  });

  it('serialises concurrent writers of one process (no transaction inside another)', async () => {
    const store = await openDecisionStore({ kind: 'sqlite', file: join(dir, 'concurrent.sqlite') });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.recordDecision(decision({ report: issue(i % 25) }))));
    expect(results.filter(Boolean)).toHaveLength(25);
    expect(await store.counts()).toEqual({ decisions: 25, reports: 25, feedback: 0 });
    await store.close();
  });
});

describe('readStoreChoice', () => {
  it.each([
    // DATABASE_URL wins: replicas share one server database.
    [{ DATABASE_URL: 'postgres://k@db/ktriage', KTRIAGE_STORE_FILE: '/data/x.sqlite' }, { kind: 'postgres', url: 'postgres://k@db/ktriage' }],
    [{ DATABASE_URL: 'postgresql://k@db/ktriage' }, { kind: 'postgres', url: 'postgresql://k@db/ktriage' }],
    // Otherwise the SQLite file: configured, or the caller's default.
    [{ KTRIAGE_STORE_FILE: ' /data/store.sqlite ' }, { kind: 'sqlite', file: '/data/store.sqlite' }],
    [{}, { kind: 'sqlite', file: 'ktriage-store.sqlite' }],
    [{ DATABASE_URL: '  ' }, { kind: 'sqlite', file: 'ktriage-store.sqlite' }],
  ])('%j -> %j', (env, expected) => {
    expect(readStoreChoice(env)).toEqual(expected);
  });

  it('refuses a DATABASE_URL of another kind without printing its password', () => {
    expect(() => readStoreChoice({ DATABASE_URL: 'mysql://user:secret@db/x' })).toThrow('DATABASE_URL must be a postgres:// or postgresql:// URL (got "mysql://user:***@db/x")');
  });
});
