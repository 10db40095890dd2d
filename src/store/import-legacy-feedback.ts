import { readFile } from 'node:fs/promises';
import type { DecisionStore, FeedbackRecord } from './decision-store.js';

/**
 * Reads the JSON-lines feedback file earlier versions of the App wrote (KTRIAGE_FEEDBACK_FILE:
 * `{"kind":"wrong","repository":"o/r","issue":12,"ruleId":...,"by":...,"at":...,"deliveryId":...}`)
 * into the store. Idempotent (each line has a stable source key), so it can run at every start;
 * the file is left as it is. A line that is not such an entry is counted, never fatal.
 */
export async function importLegacyFeedback(file: string, store: Pick<DecisionStore, 'recordFeedback'>, now: Date): Promise<{ added: number; known: number; skipped: number }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { added: 0, known: 0, skipped: 0 };
    throw new Error(`cannot read KTRIAGE_FEEDBACK_FILE ${file}: ${(error as Error).message}`, { cause: error });
  }
  const result = { added: 0, known: 0, skipped: 0 };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const record = toRecord(line, now);
    if (record === null) {
      result.skipped += 1;
      continue;
    }
    if (await store.recordFeedback(record)) result.added += 1;
    else result.known += 1;
  }
  return result;
}

function toRecord(line: string, now: Date): FeedbackRecord | null {
  let entry: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed !== 'object' || parsed === null) return null;
    entry = parsed as Record<string, unknown>;
  } catch {
    return null;
  }
  const { repository, issue, ruleId, by, at, deliveryId } = entry;
  if (entry.kind !== 'wrong' || typeof repository !== 'string' || !/^[^/\s]+\/[^/\s]+$/.test(repository) || typeof issue !== 'number' || typeof ruleId !== 'string') return null;
  const ms = typeof at === 'string' ? Date.parse(at) : Number.NaN;
  return {
    tracker: 'github',
    // The file kept no host: github.com is assumed (a GitHub Enterprise install's links differ).
    report: `https://github.com/${repository}/issues/${issue}`,
    sourceKey: `legacy:${typeof deliveryId === 'string' ? deliveryId : line}:wrong:${ruleId}`,
    kind: 'wrong',
    ruleId,
    by: typeof by === 'string' ? by : 'unknown',
    at: (Number.isNaN(ms) ? now : new Date(ms)).toISOString(),
    note: 'imported from KTRIAGE_FEEDBACK_FILE',
  };
}
