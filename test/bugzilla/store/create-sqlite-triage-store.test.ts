import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { hostname } from 'node:os';
import { createSqliteTriageStore, isLeaseOwnerAlive, leaseOwner, type BugRecord, type TriageStore } from '../../../src/bugzilla/index.js';

const dirs: string[] = [];
const stores: TriageStore[] = [];
function tempDb(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ktriage-store-'));
  dirs.push(dir);
  return path.join(dir, 'state.sqlite');
}
function open(file: string): TriageStore {
  const s = createSqliteTriageStore(file);
  stores.push(s);
  return s;
}
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const record: BugRecord = {
  server: 'kernel',
  bugId: 2,
  fingerprint: 'fp-1',
  verdict: 'known-bug-fix-available',
  ruleId: 'dm-sm-metadata-refcount-below-zero',
  commentId: 23,
  rulesVersion: 'rv-1',
  triagedAt: '2026-11-23T19:25:13Z',
  lastChangeTime: '2026-11-23T19:25:14Z',
  lastCommentId: 22,
  tagsApplied: false,
  notes: ["keyword 'dm-thin' does not exist on the server"],
  keywords: { owned: ['triaged'], pending: ['dm-thin'], declined: ['regression'] },
};

describe('createSqliteTriageStore', () => {
  it('keeps cursors, bug records, failures, shadow records and feedback across reopen', async () => {
    const file = tempDb();
    const a = open(file);
    expect(await a.getCursor('kernel')).toBeNull();
    await a.setCursor('kernel', '2026-11-23T19:25:10Z');
    await a.setCursor('kernel', '2026-11-23T19:26:00Z');
    await a.setCursor('other', '2020-01-01T00:00:00Z');
    await a.putBug(record);
    await a.putBug({ ...record, tagsApplied: true, notes: [] });
    const failure = { server: 'kernel', bugId: 7, attempts: 2, serverErrors: 3, lastError: 'GET /rest/bug/7: server error (HTTP 500)', nextAttemptAt: 1_700_000_000_000, givenUp: false };
    await a.putFailure({ ...failure, attempts: 1 });
    await a.putFailure(failure);
    await a.putFailure({ ...failure, bugId: 9, givenUp: true });
    const shadow = { server: 'kernel', bugId: 2, fingerprint: 'fp-1', verdict: 'no-match', ruleId: null, comment: 'would post', whiteboard: '[ktriage: no-match]', keywords: ['triaged'], recordedAt: '2026-11-23T19:25:13Z' };
    expect(await a.addShadow(shadow)).toBe(true);
    expect(await a.addShadow(shadow)).toBe(false); // a re-run of the dry run records nothing new
    const fb = { server: 'kernel', bugId: 2, commentId: 40, author: 'snitzer@redhat.com', kind: 'wrong' as const, note: 'this is a different bug', fingerprint: 'fp-1', time: '2026-11-24T00:00:00Z' };
    // Feedback rows of earlier versions (now recorded in the decision store): still readable here.
    new Database(file).prepare('INSERT INTO feedback (server, bug_id, comment_id, author, kind, note, fingerprint, time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run('kernel', 2, 40, fb.author, fb.kind, fb.note, fb.fingerprint, fb.time);
    await a.close();

    const b = open(file);
    expect(await b.getCursor('kernel')).toBe('2026-11-23T19:26:00Z');
    expect(await b.getCursor('other')).toBe('2020-01-01T00:00:00Z');
    expect(await b.getBug('kernel', 2)).toEqual({ ...record, tagsApplied: true, notes: [] });
    expect(await b.getBug('other', 2)).toBeNull();
    expect(await b.listBugs('kernel')).toHaveLength(1);
    expect(await b.listFailures('kernel')).toEqual([failure, { ...failure, bugId: 9, givenUp: true }]);
    expect(await b.getFailure('kernel', 7)).toEqual(failure);
    // `ktriage bugzilla retry 9 404`: only failing bugs are requeued, with a fresh count, due now
    expect(await b.requeueFailures('kernel', [9, 404])).toEqual([9]);
    expect(await b.getFailure('kernel', 9)).toEqual({ ...failure, bugId: 9, attempts: 0, nextAttemptAt: 0, givenUp: false });
    expect(await b.requeueFailures('kernel', null)).toEqual([7, 9]);
    await b.clearFailure('kernel', 7);
    await b.clearFailure('kernel', 9);
    expect(await b.listFailures('kernel')).toEqual([]);
    expect(await b.listShadow('kernel')).toEqual([shadow]);
    // a bug's last dry-run record (a later verdict is a second record), none for another bug or server
    expect(await b.lastShadow('kernel', shadow.bugId)).toEqual(shadow);
    const later = { ...shadow, fingerprint: 'fp-2', verdict: 'known-bug', ruleId: 'dm-sm-metadata-refcount-below-zero' };
    expect(await b.addShadow(later)).toBe(true);
    expect(await b.lastShadow('kernel', shadow.bugId)).toEqual(later);
    expect(await b.lastShadow('kernel', shadow.bugId + 1)).toBeNull();
    expect(await b.lastShadow('other', shadow.bugId)).toBeNull();
    expect(await b.listFeedback('kernel')).toEqual([fb]);
  });

  it('a database written before keyword ownership was kept is upgraded: its records say the ownership is unknown (null)', async () => {
    const file = tempDb();
    // Schema 3, as the previous release left it: today's tables without the keyword memory column.
    const older = open(file);
    await older.putBug({ ...record, tagsApplied: true });
    await older.close();
    const db = new Database(file);
    db.exec('ALTER TABLE bugs DROP COLUMN keyword_memory');
    db.pragma('user_version = 3');
    db.close();
    const store = open(file);
    expect(await store.getBug('kernel', 2)).toMatchObject({ bugId: 2, tagsApplied: true, keywords: null });
    await store.putBug({ ...record, keywords: { owned: ['triaged'], pending: [], declined: [] } });
    expect((await store.getBug('kernel', 2))?.keywords).toEqual({ owned: ['triaged'], pending: [], declined: [] });
  });

  it('refuses a database written by a newer schema, with the fix in the message', () => {
    const file = tempDb();
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    expect(() => createSqliteTriageStore(file)).toThrow(/newer ktriage \(schema 99.*upgrade ktriage/);
  });

  it('works in memory', async () => {
    const s = open(':memory:');
    await s.putBug(record);
    expect((await s.getBug('kernel', 2))?.commentId).toBe(23);
  });
});

describe('leases', () => {
  it('one owner at a time; expired or dead owners are taken over; release frees it', async () => {
    const file = tempDb();
    const a = open(file);
    const b = open(file); // a second process on the same database
    const alive = new Set(['host:1', 'host:2']);
    const isAlive = (o: string) => alive.has(o);
    expect(await a.acquireLease('kernel', 'host:1', 1000, 500, isAlive)).toBe(true);
    expect(await b.acquireLease('kernel', 'host:2', 1100, 500, isAlive)).toBe(false); // held
    expect(await b.acquireLease('other', 'host:2', 1100, 500, isAlive)).toBe(true); // per server
    expect(await a.acquireLease('kernel', 'host:1', 1200, 500, isAlive)).toBe(true); // renewal
    expect(await b.acquireLease('kernel', 'host:2', 1600, 500, isAlive)).toBe(false); // renewed until 1700
    expect(await b.acquireLease('kernel', 'host:2', 1701, 500, isAlive)).toBe(true); // expired
    alive.delete('host:2');
    expect(await a.acquireLease('kernel', 'host:1', 1800, 500, isAlive)).toBe(true); // holder died
    await a.releaseLease('kernel', 'host:2'); // not the holder: no effect
    expect(await b.acquireLease('kernel', 'host:3', 1900, 500, () => true)).toBe(false);
    await a.releaseLease('kernel', 'host:1');
    expect(await b.acquireLease('kernel', 'host:3', 1900, 500, () => true)).toBe(true);
  });

  it('knows whether a local owner still runs', () => {
    expect(isLeaseOwnerAlive(leaseOwner())).toBe(true);
    expect(isLeaseOwnerAlive(`${hostname()}:4194303`)).toBe(false); // above any pid_max: no such process
    expect(isLeaseOwnerAlive('another-host:1')).toBe(true); // trusted until it expires
  });
});
