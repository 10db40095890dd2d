import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDashboardData } from '../../src/dashboard/index.js';
import { createDecisionStore, createPostgresEngine, openDecisionStore } from '../../src/store/index.js';
import { seedSyntheticStore } from '../dashboard/seed-synthetic-store.js';
import { describePostgres } from '../support/postgres-server.js';
import { decisionStoreContract } from './decision-store-contract.js';
import { decision, issue } from './decision-fixtures.js';

describePostgres('decision store on PostgreSQL', (server) => {
  let n = 0;
  // Each case gets its own database, so the cases cannot see each other's rows.
  decisionStoreContract(async () => {
    n += 1;
    const admin = createPostgresEngine(server().url);
    await admin.run(`CREATE DATABASE case_${n}`);
    await admin.close();
    return createDecisionStore(createPostgresEngine(server().url.replace(/\/postgres$/, `/case_${n}`)));
  });

  it('migrates once when two replicas open the same database at the same moment', async () => {
    const admin = createPostgresEngine(server().url);
    await admin.run('CREATE DATABASE replicas');
    await admin.close();
    const url = server().url.replace(/\/postgres$/, '/replicas');
    const [a, b] = await Promise.all([openDecisionStore({ kind: 'postgres', url }), openDecisionStore({ kind: 'postgres', url })]);
    const [first, second] = await Promise.all([a.recordDecision(decision({ report: issue(1) })), b.recordDecision(decision({ report: issue(1) }))]);
    expect([first, second].sort()).toEqual([false, true]);
    const engine = createPostgresEngine(url);
    expect(await engine.all('SELECT version FROM ktriage_store_migrations')).toEqual([{ version: 1 }]);
    await engine.close();
    await a.close();
    await b.close();
  });

  it('answers the dashboard exactly as SQLite does for the same decisions (same SQL on both engines)', async () => {
    const admin = createPostgresEngine(server().url);
    await admin.run('CREATE DATABASE same_answers');
    await admin.close();
    const pg = await openDecisionStore({ kind: 'postgres', url: server().url.replace(/\/postgres$/, '/same_answers') });
    const dir = mkdtempSync(join(tmpdir(), 'ktriage-same-'));
    const sqlite = await openDecisionStore({ kind: 'sqlite', file: join(dir, 'store.sqlite') });
    try {
      await seedSyntheticStore(pg, 400);
      await seedSyntheticStore(sqlite, 400);
      const now = new Date('2026-12-01T00:00:00Z');
      const [a, b] = await Promise.all([readDashboardData(pg, { now }), readDashboardData(sqlite, { now })]);
      expect({ ...a, store: '' }).toEqual({ ...b, store: '' });
      expect(a.counts.decisions).toBe(400);
    } finally {
      await pg.close();
      await sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('names the database it cannot open', async () => {
    await expect(openDecisionStore({ kind: 'postgres', url: server().url.replace(/\/postgres$/, '/missing_db').replace('ktriage@', 'ktriage:pw@') })).rejects.toThrow(/cannot open the decision store postgres:\/\/ktriage:\*\*\*@127\.0\.0\.1:\d+\/missing_db: .*missing_db/);
  });
});
