import { z } from 'zod';
import type { TriagePlan } from '../../model.js';
import type { WriteDecision } from '../../writes/index.js';

/**
 * What ktriage remembers about one issue, kept where GitHub keeps it: hidden HTML comments at the
 * end of ktriage's own issue comment. The app is stateless (a restart, a second replica or a
 * GitHub Actions run all see the same memory) and a maintainer can read it with "view source".
 *
 * ```
 * <!-- ktriage fingerprint=4f2c... -->
 * <!-- ktriage-state {"v":1,"fingerprint":"4f2c...","labels":["dm-thin"],...} -->
 * ```
 */
export interface CommentState {
  v: 1;
  /** TriagePlan.fingerprint of what the comment shows; null before the first triage. */
  fingerprint: string | null;
  /** The verdict the comment shows (so a later no-match knows it must retract it). */
  verdict: string | null;
  /** The comment once suggested a known bug that no longer matches; it keeps saying so. */
  retracted: boolean;
  /** Rule ids the comment suggests, best first (so feedback knows what was shown). */
  matched: string[];
  /** Labels ktriage itself added: the only ones (with `pending`) it may remove again. */
  labels: string[];
  /**
   * Labels ktriage announced before adding them (written here first, so an add that fails or
   * succeeds just before a crash is still known to be ktriage's). Empty once confirmed.
   */
  pending: string[];
  /**
   * Labels ktriage added that someone removed: never added again, whatever later verdicts want,
   * and never removed should a person put one back (src/writes/README.md).
   */
  declined: string[];
  /** Set by `/ktriage ignore`: ktriage no longer triages the issue. */
  ignored: { by: string; at: string | null } | null;
  /** Rules a maintainer marked wrong on this issue (`/ktriage wrong <rule-id>`): never suggested again here. */
  wrong: { ruleId: string; by: string; at: string | null }[];
}

export const EMPTY_STATE: CommentState = { v: 1, fingerprint: null, verdict: null, retracted: false, matched: [], labels: [], pending: [], declined: [], ignored: null, wrong: [] };

const stateSchema = z.object({
  v: z.literal(1),
  fingerprint: z.string().max(200).nullable().catch(null),
  verdict: z.string().max(100).nullable().catch(null),
  // Absent in states written before these fields existed: defaults, not a lost state.
  retracted: z.boolean().catch(false),
  matched: z.array(z.string().max(200)).max(20).catch([]),
  labels: z.array(z.string().max(100)).max(100).catch([]),
  pending: z.array(z.string().max(100)).max(100).catch([]),
  declined: z.array(z.string().max(100)).max(100).catch([]),
  ignored: z.object({ by: z.string().max(100), at: z.string().max(40).nullable() }).nullable().catch(null),
  wrong: z.array(z.object({ ruleId: z.string().max(200), by: z.string().max(100), at: z.string().max(40).nullable() })).max(200).catch([]),
});

/** A whole line; the LAST one counts (see readCommentState). */
const STATE_LINE = /^<!-- ktriage-state (\{.*\}) -->$/gm;

/**
 * Reads the state out of a comment body. A missing, truncated or hand-edited state line yields
 * EMPTY_STATE's fields rather than an error: losing memory must never stop triage.
 *
 * @example
 * readCommentState('hi\n<!-- ktriage-state {"v":1,"fingerprint":"ab","verdict":"no-match","labels":[],"ignored":null,"wrong":[]} -->')
 * // => { v: 1, fingerprint: 'ab', verdict: 'no-match', retracted: false, matched: [], labels: [], pending: [], declined: [], ignored: null, wrong: [] }
 */
export function readCommentState(body: string): CommentState {
  // The comment quotes report lines (evidence), and a reporter can paste a line that looks like a
  // state line. ktriage writes its own state as the comment's last line, so only the last
  // occurrence is trusted: a forged one cannot make ktriage remove a maintainer's labels.
  const match = [...body.matchAll(STATE_LINE)].at(-1);
  if (!match) return EMPTY_STATE;
  try {
    const parsed = stateSchema.safeParse(JSON.parse(match[1]!));
    return parsed.success ? parsed.data : EMPTY_STATE;
  } catch {
    return EMPTY_STATE;
  }
}

/**
 * The hidden lines that end ktriage's comment. `<`, `>` and `&` are escaped inside the JSON so no
 * value can close the HTML comment early (`-->`).
 */
export function writeCommentState(state: CommentState): string {
  const json = JSON.stringify(state).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const fingerprint = (state.fingerprint ?? 'none').replace(/[^A-Za-z0-9_.:-]/g, '');
  return `<!-- ktriage fingerprint=${fingerprint} -->\n<!-- ktriage-state ${json} -->`;
}

/**
 * The state the comment records after a triage: the plan's verdict and fingerprint, the write
 * policy's retraction and label memory (the labels about to be added are recorded as pending
 * before they are added, so an interruption leaves them known as ktriage's own). One function for
 * the App, which writes it, and `ktriage github scan`, which shows what the App would write.
 */
export function nextCommentState(previous: CommentState, plan: Pick<TriagePlan, 'fingerprint' | 'matches' | 'verdict'>, decision: Pick<WriteDecision, 'labels' | 'retract'>): CommentState {
  return {
    ...previous,
    fingerprint: plan.fingerprint,
    verdict: plan.verdict,
    retracted: decision.retract,
    matched: plan.matches.slice(0, 20).map((m) => m.ruleId),
    labels: decision.labels.record.owned,
    pending: decision.labels.record.pending,
    declined: decision.labels.record.declined,
  };
}
