import type { Evidence, FixCommit, FixStatus, Verdict } from '../model.js';

/** The one-line headline of each verdict, shared by the Markdown and plain-text renderers. */
export const VERDICT_HEADLINES: Readonly<Record<Verdict, string>> = {
  'known-bug-fix-available': 'Known bug: your kernel lacks the fix',
  'known-bug-fix-present': 'Known bug signature, but your kernel already has the fix',
  'known-bug-version-unknown': 'Known bug: cannot tell yet whether your kernel has the fix',
  'no-match': 'No known bug matched',
  'possible-match': 'Possibly a known bug (not a confident match)',
};

/**
 * The headline when the best match rests on the report's words only (Match.basis `description`)
 * and no known bug matched a line of the report: the reader must not take it for a signature match.
 */
export const BY_DESCRIPTION_HEADLINE = 'Possibly a known bug, by description only (no log line matched)';

/**
 * The headline when an offer by description was placed before possible signature matches
 * (placeDescribed, RANKING.md "Where an offer goes"): lines of the report did match other known
 * bugs, not confidently, so "no log line matched" would be false.
 */
export const BY_DESCRIPTION_AHEAD_HEADLINE = "Possibly a known bug, by description (other known bugs matched the report's lines, not confidently)";

/** Said beside a bug offered by description, in both renderers. */
export const BY_DESCRIPTION_WORDS =
  'Possible, by description: no log line of this report matched this bug; the report\'s words resemble its description. A lead to check, not a diagnosis.';

/**
 * What leads a plan, for its headline: nothing matched; a signature match (confident or possible);
 * an offer by description with no signature match in the plan; or an offer placed before
 * signature matches (a known bug is never behind an offer: offers are made only when no signature
 * match is confident, and a known-bug verdict is a confident one).
 */
export type PlanLead = 'by-description-ahead' | 'by-description-only' | 'nothing' | 'signatures';

type HeadlinePlan = { verdict: Verdict; matches: ReadonlyArray<{ basis?: 'description' | 'signatures' }> };

/** What leads `plan` (PlanLead). */
export function planLead(plan: Pick<HeadlinePlan, 'matches'>): PlanLead {
  const [best] = plan.matches;
  if (best === undefined) return 'nothing';
  if (best.basis !== 'description') return 'signatures';
  return plan.matches.some((m) => m.basis !== 'description') ? 'by-description-ahead' : 'by-description-only';
}

const LEAD_HEADLINES: Readonly<Record<PlanLead, (verdict: Verdict) => string>> = {
  'by-description-ahead': () => BY_DESCRIPTION_AHEAD_HEADLINE,
  'by-description-only': () => BY_DESCRIPTION_HEADLINE,
  nothing: (verdict) => VERDICT_HEADLINES[verdict],
  signatures: (verdict) => VERDICT_HEADLINES[verdict],
};

/**
 * The headline of a plan, shared by the GitHub comment, the Bugzilla comment and the CLI's JSON:
 * the verdict's, or a by-description one when the best match rests on words only, which says
 * whether lines of the report matched other known bugs (PlanLead).
 *
 * @example
 * planHeadline({ verdict: 'possible-match', matches: [{ basis: 'description' }, { basis: 'signatures' }] })
 * // => "Possibly a known bug, by description (other known bugs matched the report's lines, not confidently)"
 */
export function planHeadline(plan: HeadlinePlan): string {
  return LEAD_HEADLINES[planLead(plan)](plan.verdict);
}

/** A candidate's kind in lists: its verdict, with "by description" for matches on words only. */
export function candidateKind(match: { verdict: Verdict; basis?: 'description' | 'signatures' }): string {
  return match.basis === 'description' ? `${match.verdict} (by description)` : match.verdict;
}

export const FIX_STATUS_WORDS: Readonly<Record<FixStatus, string>> = {
  'has-fix': 'has the fix',
  'lacks-fix': 'lacks the fix',
  unknown: 'fix status unknown',
};

const PART_NAMES: Readonly<Record<Evidence['part'], (index: number) => string>> = {
  attachment: (i) => `attachment ${i + 1}`,
  body: () => 'the description',
  comment: (i) => `follow-up comment ${i + 1}`,
  title: () => 'the title',
};

/**
 * Where a quote came from, 1-based for people.
 *
 * @example
 * describeEvidenceLocation({ part: 'comment', index: 10, line: 3, start: 0, end: 1, quote: '' }) // => 'follow-up comment 11, line 4'
 */
export function describeEvidenceLocation(evidence: Evidence): string {
  const part = PART_NAMES[evidence.part](evidence.index);
  return evidence.part === 'title' ? part : `${part}, line ${evidence.line + 1}`;
}

const TORVALDS = 'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git';

/**
 * Where a fix commit can be read: cgit on git.kernel.org (torvalds/linux.git unless the rule names
 * another repository), `/commit/<sha>` on GitHub and GitLab.
 *
 * @example
 * commitUrl({ sha: 'cebc2de44d3b', subject: '', repo: null })
 * // => 'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=cebc2de44d3b'
 */
export function commitUrl(fix: FixCommit): string {
  const repo = (fix.repo ?? TORVALDS).replace(/\/+$/, '');
  // A fix known by subject only: cgit's log search by subject finds it once it is merged.
  if (fix.sha === null) {
    if (/^https?:\/\/(?:github\.com|gitlab\.com)\//.test(repo)) return `${repo.replace(/\.git$/, '')}/commits?q=${encodeURIComponent(fix.subject)}`;
    return `${repo}/log/?qt=grep&q=${encodeURIComponent(fix.subject)}`;
  }
  if (/^https?:\/\/(?:github\.com|gitlab\.com)\//.test(repo)) return `${repo.replace(/\.git$/, '')}/commit/${fix.sha}`;
  return `${repo}/commit/?id=${fix.sha}`;
}

/**
 * The 12-digit abbreviation kernel developers quote ("Fixes: cebc2de44d3b").
 *
 * @example
 * shortSha('cebc2de44d3bce53e46476e774126c298ca2c8a9') // => 'cebc2de44d3b'
 */
export function shortSha(sha: string): string {
  return sha.slice(0, 12);
}

/** What the comment says when rules tie (RANKING.md, "Rules sharing a crash title"). */
export const TIE_WORDS =
  'the report fits these known bugs exactly as well as this one (the same crash title or line, conditions and fix status), so it cannot tell them apart; check each fix below';

/** What a fix's sha reads as in a comment: the 12-digit abbreviation, or that it is not yet known. */
export const UNKNOWN_SHA_WORDS = 'sha not yet known';
