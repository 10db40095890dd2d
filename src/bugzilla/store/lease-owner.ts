import { hostname } from 'node:os';

/** This process as a lease owner: `host:pid`. */
export function leaseOwner(): string {
  return `${hostname()}:${process.pid}`;
}

/**
 * Whether a lease owner still runs. A process of this host is checked with signal 0 (a crashed
 * poller's lease is taken over at once, not after its time runs out); another host's is trusted
 * until the lease expires.
 */
export function isLeaseOwnerAlive(owner: string): boolean {
  const cut = owner.lastIndexOf(':');
  const host = owner.slice(0, cut);
  const pid = Number(owner.slice(cut + 1));
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
