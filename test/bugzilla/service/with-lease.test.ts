import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSqliteTriageStore, LEASE_RENEW_MS, LEASE_TTL_MS, silentLogger, withLease, type TriageStore } from '../../../src/bugzilla/index.js';

// The polling lease runs on the bot's injected clock (deps.now), like its failure backoff: times
// here are far from the wall clock, so a lease read by Date.now() would be long expired.
let dir: string;
let store: TriageStore;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ktriage-lease-'));
  store = createSqliteTriageStore(path.join(dir, 'state.sqlite'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const T0 = 1_000_000;
const alive = () => true;
const deps = (clock: { ms: number }) => ({ env: {}, logger: silentLogger, leaseOwner: 'this-host:1', isLeaseOwnerAlive: alive, now: () => clock.ms });

describe('withLease', () => {
  it('is refused while another owner holds the lease by the injected clock, and takes it once expired', async () => {
    expect(await store.acquireLease('kernel', 'other-host:2', T0, LEASE_TTL_MS, alive)).toBe(true);
    const clock = { ms: T0 + LEASE_TTL_MS - 1 };
    let ran = 0;
    expect(await withLease(store, 'kernel', deps(clock), silentLogger, async () => ++ran)).toBeNull();
    expect(ran).toBe(0);
    clock.ms = T0 + LEASE_TTL_MS + 1;
    expect(await withLease(store, 'kernel', deps(clock), silentLogger, async () => ++ran)).toBe(1);
  });

  it('renews by the injected clock: at most once per renew period, each renewal extending the lease from that time', async () => {
    const clock = { ms: T0 };
    await withLease(store, 'kernel', deps(clock), silentLogger, async (renew) => {
      // not yet due: the lease still ends at T0 + TTL, so another owner gets it just after
      clock.ms = T0 + LEASE_RENEW_MS - 1;
      await renew();
      expect(await store.acquireLease('kernel', 'other-host:2', T0 + LEASE_TTL_MS + 1, LEASE_TTL_MS, alive)).toBe(true);
      // the other owner's lease is ours again only by taking it over: give it back and renew when due
      await store.releaseLease('kernel', 'other-host:2');
      clock.ms = T0 + LEASE_RENEW_MS;
      await renew();
      expect(await store.acquireLease('kernel', 'other-host:2', T0 + LEASE_TTL_MS + 1, LEASE_TTL_MS, alive)).toBe(false);
      expect(await store.acquireLease('kernel', 'other-host:2', T0 + LEASE_RENEW_MS + LEASE_TTL_MS + 1, LEASE_TTL_MS, alive)).toBe(true);
    });
  });
});
