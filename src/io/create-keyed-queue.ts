/**
 * Runs work for the same key one at a time, in arrival order (in this process); different keys
 * run independently. The one in-memory serialiser of the adapters:
 * - GitHub, keyed by issue: `opened` and a quick `edited` arrive within milliseconds; run
 *   concurrently, both would find no ktriage comment and both would create one. Serialised, the
 *   second finds the first's comment. (A served App's durable queue orders deliveries across
 *   restarts and replicas; this covers `probot receive` and embedding without one.)
 * - Bugzilla, keyed by server: the poll loop and the webhook route share it, so two handlings of
 *   one bug cannot both miss each other's comment and post twice.
 * A failed task does not stop the ones queued behind it.
 *
 * @example
 * const queue = createKeyedQueue();
 * await queue.run('o/r#1', () => triage(issue)); // waits for earlier work on o/r#1 only
 */
export interface KeyedQueue {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
  /** Resolves when every task queued so far (any key) has finished. */
  idle(): Promise<void>;
}

export function createKeyedQueue(): KeyedQueue {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, work: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const run = previous.then(work, work);
      const tail = run.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return run;
    },
    async idle() {
      // Tasks queued while waiting are waited for too.
      while (tails.size > 0) await Promise.all([...tails.values()]);
    },
  };
}
