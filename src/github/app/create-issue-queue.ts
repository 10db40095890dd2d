/**
 * Runs work for the same issue one at a time (in this process). GitHub often delivers `opened`
 * and a quick `edited` within milliseconds; run concurrently, both would find no ktriage comment
 * and both would create one. Serialised, the second finds the first's comment and edits it (or
 * writes nothing). Across replicas the marker lookup still dedupes all but a true photo finish.
 */
export type IssueQueue = <T>(key: string, work: () => Promise<T>) => Promise<T>;

export function createIssueQueue(): IssueQueue {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(work, work);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
