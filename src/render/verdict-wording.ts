import type { Evidence, FixCommit, FixStatus, Verdict } from '../model.js';

/** The one-line headline of each verdict, shared by the Markdown and plain-text renderers. */
export const VERDICT_HEADLINES: Readonly<Record<Verdict, string>> = {
  'known-bug-fix-available': 'Known bug: your kernel lacks the fix',
  'known-bug-fix-present': 'Known bug signature, but your kernel already has the fix',
  'known-bug-version-unknown': 'Known bug: cannot tell yet whether your kernel has the fix',
  'no-match': 'No known bug matched',
  'possible-match': 'Possibly a known bug (not a confident match)',
};

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
