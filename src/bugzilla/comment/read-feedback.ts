import { isKtriageComment } from './find-posted-verdicts.js';
import type { RestComment } from '../client/index.js';
import type { FeedbackKind } from '../store/index.js';

/** Words a maintainer may use after `ktriage:` at the start of a line, and what they mean. */
const FEEDBACK_WORDS: Record<string, FeedbackKind> = {
  correct: 'correct',
  right: 'correct',
  confirmed: 'correct',
  wrong: 'wrong',
  incorrect: 'wrong',
  'false-positive': 'wrong',
};

const LINE = /^ktriage:\s*(correct|right|confirmed|wrong|incorrect|false-positive)\b[\s:,.-]*(.*)$/im;

/**
 * Maintainer feedback in comments: a line `ktriage: wrong - this is the cache target bug` (or
 * correct/right/incorrect/false-positive). Quoted lines (`> ktriage: ...`) and ktriage's own
 * comments (by its login when known, else by the footer: see isKtriageComment) are not feedback.
 *
 * @example
 * readFeedback([{ id: 9, text: 'ktriage: wrong, different bug', creator: 'mike@x', ... }])
 * // => [{ commentId: 9, author: 'mike@x', kind: 'wrong', note: 'different bug', time: ... }]
 */
export function readFeedback(comments: readonly RestComment[], botLogin: string | null = null): { commentId: number; author: string; kind: FeedbackKind; note: string; time: string }[] {
  const out: { commentId: number; author: string; kind: FeedbackKind; note: string; time: string }[] = [];
  for (const c of comments) {
    if (c.is_private || isKtriageComment(c, botLogin)) continue;
    const m = LINE.exec(c.text);
    if (!m) continue;
    out.push({ commentId: c.id, author: c.creator, kind: FEEDBACK_WORDS[m[1]!.toLowerCase()]!, note: m[2]!.trim().slice(0, 500), time: c.creation_time });
  }
  return out;
}
