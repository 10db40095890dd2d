import { parseKernelVersion } from '../extract/index.js';
import type { KernelVersion } from '../model.js';
import type { BugRule } from '../rules/index.js';
import { descriptionTerms, eachDescriptionTerm, inverseDocumentFrequency, type DescriptionSource } from './description-index.js';
import { compareMainline, mainlinePosition, type MainlinePosition } from './kernel-position.js';

/*
 * Evidence that does not come from a rule's signatures (RANKING.md "Corroboration"). A rule written
 * from a fix message gives the lines and frames it guesses low weights: alone they are shared by
 * other bugs. What a maintainer then looks at is whether the rest of the report agrees: the kernel
 * is one the fix was written for, and the reporter describes what the fix describes. Each of these
 * is weak too; together with a signature hit they are what makes the match worth naming.
 */

/** The report's own words (title and its authors' sentences) and how rare each word is. */
export interface ReporterWords {
  terms: ReadonlySet<string>;
  /** Inverse document frequency over the kernel CVE records' fix messages. */
  idf: (term: string) => number;
}

/** Read only when a weak match needs it: the pack's word frequencies are loaded on first use. */
export type ReporterWordsSource = () => ReporterWords | null;

/**
 * The words a match's "reporter's words" evidence is weighed with: the report's prose as terms,
 * and the CVE pack's document frequencies (14,000 fix messages: how rare a word is in kernel fix
 * descriptions). Lazy and memoised: the description index loads only when a weak match asks,
 * which is when plan/match-descriptions.ts would load it anyway (no confident match). Null
 * without prose or without a pack: that evidence is then absent, never guessed.
 *
 * @example
 * reporterWords(['More xfs corruption on s390x, big endian'], compiled.descriptions)()?.terms.has('endian') // => true
 */
export function reporterWords(prose: readonly string[], descriptions: DescriptionSource | null | undefined): ReporterWordsSource {
  let memo: ReporterWords | null | undefined;
  return () => {
    if (memo !== undefined) return memo;
    const pack = prose.length === 0 || !descriptions ? null : descriptions();
    memo = pack === null ? null : { terms: proseTerms(prose), idf: (term) => inverseDocumentFrequency(pack.index, term) };
    return memo;
  };
}

/** `new Set(descriptionTerms(prose.join('\n')))` without the joined prose or a list of its terms. */
function proseTerms(prose: readonly string[]): Set<string> {
  const terms = new Set<string>();
  for (const text of prose) eachDescriptionTerm(text, (term) => terms.add(term));
  return terms;
}

/**
 * Thresholds of the corroboration evidence (RANKING.md explains them). A word counts when it says
 * something (idf at least `minTermIdf`: not "error", "null", "read"); together the shared words
 * must reach `minSharedIdf`: one identifier no fix message uses twice (`cdrom_mrw_exit`, idf ≈ 10.6)
 * or a few rare words (`big endian log corrupt`), never a lone subsystem word (`raid1` on every
 * raid1 report: the subsystem's own words are left out).
 */
export const CORROBORATION = {
  minTermIdf: 3,
  minSharedIdf: 10,
} as const;

/**
 * The distinctive words the report's prose shares with the rule's title and fix subjects, rarest
 * first, or [] when together they weigh less than `minSharedIdf`. The rule's subsystem words
 * (`md/raid1` -> md, raid1) are not counted: every report of that subsystem says them.
 *
 * @example
 * sharedWords(rule, words) // => ['cdrom_mrw_exit']
 */
export function sharedWords(rule: Pick<BugRule, 'title' | 'fix' | 'subsystem'>, words: ReporterWords): string[] {
  const subsystem = new Set(descriptionTerms(rule.subsystem.replace(/[/_-]/g, ' ')));
  const ruleTerms = new Set(descriptionTerms([rule.title, ...rule.fix.map((fix) => fix.subject)].join('\n')));
  const shared = [...ruleTerms]
    .filter((term) => words.terms.has(term) && !subsystem.has(term))
    .map((term) => ({ term, idf: words.idf(term) }))
    .filter((w) => w.idf >= CORROBORATION.minTermIdf)
    .sort((a, b) => b.idf - a.idf || (a.term < b.term ? -1 : 1));
  const total = shared.reduce((sum, w) => sum + w.idf, 0);
  return total >= CORROBORATION.minSharedIdf ? shared.map((w) => w.term) : [];
}

/**
 * Whether the reporter's kernel lies just before the fix: its fix status is "lacks the fix" and
 * the fix's first mainline release is in the kernel's own release cycle or the next one (a
 * 6.4-rc1+ tree and a fix first in 6.5-rc1; 6.10 and 6.11-rc4). Reports on development trees are
 * fixed in the next weeks; a rule's fix landing exactly there is unlikely by chance when the known
 * bugs' fixes spread over twenty years of releases. A kernel far before the fix (6.6.76 and a fix
 * in 6.17) says nothing: old kernels lack most fixes. Null when the rule names no mainline release.
 *
 * @example
 * inFixWindow(parseKernelVersion('6.4.0-rc1+')!, '6.5-rc1') // => true
 * inFixWindow(parseKernelVersion('6.9.0+')!, '6.11-rc4')    // => false
 */
export function inFixWindow(kernel: KernelVersion, fixedMainline: string | null): boolean {
  const fixed = fixedMainline === null ? null : parseKernelVersion(fixedMainline);
  if (fixed === null) return false;
  const at = mainlinePosition(kernel);
  const fix = mainlinePosition(fixed);
  if (compareMainline(fix, at) <= 0) return false;
  return nextCycles(at).some((cycle) => cycle.major === fix.major && cycle.minor === fix.minor);
}

/**
 * The kernel's own cycle and the next: X.Y+1, or X+1.0 after the last release of a major (3.19 ->
 * 4.0, 4.20 -> 5.0, 5.19 -> 6.0, 6.19 -> 7.0: the major is bumped when the minor nears 20). A 6.6
 * kernel is not in the cycle before 7.0.
 */
function nextCycles(at: MainlinePosition): Array<{ major: number; minor: number }> {
  return [
    { major: at.major, minor: at.minor },
    { major: at.major, minor: at.minor + 1 },
    ...(at.minor >= LAST_MINORS_OF_A_MAJOR ? [{ major: at.major + 1, minor: 0 }] : []),
  ];
}

/** From this minor on a release may be its major's last (3.19, 4.20, 5.19, 6.19; 2.6.39 is 2.6's own scheme). */
const LAST_MINORS_OF_A_MAJOR = 19;
