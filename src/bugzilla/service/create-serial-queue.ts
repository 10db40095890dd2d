/**
 * Runs tasks one at a time, in order. The poll loop and the webhook route share one queue per
 * server: two concurrent handlings of the same bug could both miss each other's comment and post
 * twice.
 */
export interface SerialQueue {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Resolves when every task queued so far has finished. */
  idle(): Promise<void>;
}

export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run(task) {
      const next = tail.then(task, task);
      tail = next.catch(() => undefined);
      return next;
    },
    idle() {
      return tail.then(() => undefined);
    },
  };
}
