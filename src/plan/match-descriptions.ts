import { isGenericFrame, reliableFrames } from '../extract/index.js';
import { codeSpan } from '../markdown/index.js';
import {
  buildDescriptionIndex,
  countTerms,
  descriptionSearcher,
  packSearcher,
  descriptionTerms,
  errnoNames,
  withStorageSynonyms,
  fixStatus,
  type CompiledRules,
  type DescriptionDocument,
  type DescriptionHit,
  type DescriptionPack,
  type DescriptionRecord,
  type RankedMatch,
} from '../match/index.js';
import type { Facts, FixCommit, Match } from '../model.js';
import type { BugRule, FixedIn } from '../rules/index.js';
import { commitKey, sameCommit } from '../rules/light.js';

/*
 * Known bugs "possible, by description" (issue 10, item 5): when no rule matched the report
 * confidently (no log at all: "fstrim blocks suspend", "raid1 with write-mostly corrupts data"; or a
 * log that matched nothing), the report's prose — and the functions its traces name — is compared
 * with each known bug's words by TF-IDF (src/match/description-index.ts): a curated rule's title,
 * fix subjects and next steps; a CVE record's fix subject and message, for every record of the
 * pack, with a quoted log or not. At most three are offered, as possible matches of low
 * confidence, ranked after every signature match, never a known-bug verdict from prose alone.
 */

/** At most this many bugs are offered by description. */
export const MAX_DESCRIPTION_MATCHES = 3;

/**
 * How similar a report's words must be to a bug's, and how many distinct words they must share,
 * for the bug to be offered. Tuned on the tune half of the real-reports corpus (eval:reports) so
 * that a report whose fix has a record finds it while unrelated reports do not get noise.
 */
export const DESCRIPTION_THRESHOLDS = { minSimilarity: 0.12, minShared: 3 } as const;

/** Confidence of a by-description match: similarity scaled, and never above this (it is prose only). */
const MAX_CONFIDENCE = 0.3;

/** Frames per trace the query takes (innermost first): the functions a description would name. */
const FRAMES_PER_TRACE = 8;

/** Words of the report the comment quotes as shared. */
const SHOWN_WORDS = 8;

/**
 * The by-description matches for a report: none when a rule matched confidently, or when the report
 * has too few words to compare; otherwise up to three bugs (curated rules, generated rules, and
 * records without a rule) whose words resemble the report's, skipping rules already ranked by
 * signature. `prose` is the report's title and its authors' sentences (extractFactsAndLines).
 *
 * @example
 * matchDescriptions(facts, ['raid1 with write-mostly corrupts data'], compiled, [])[0]?.reasons[0]
 * // => 'by description only (similarity 0.31): ...'
 */
export function matchDescriptions(facts: Facts, prose: readonly string[], compiled: CompiledRules, ranked: readonly RankedMatch[]): DescribedMatch[] {
  if (ranked.some((r) => r.confident)) return [];
  const query = reportQuery(facts, prose);
  if (countTerms(query.terms).size < DESCRIPTION_THRESHOLDS.minShared || query.anyOf?.size === 0) return [];

  const pack = compiled.descriptions?.() ?? null;
  const curated = compiled.bugs.filter((bug) => bug.origin !== 'generated');
  const extra: DescriptionDocument[] = curated.map((bug) => ({ id: `${RULE_PREFIX}${bug.id}`, terms: [...countTerms(descriptionTerms(ruleWords(bug)))] }));
  const hits = searchAll(query, pack, curated, extra);

  const byId = new Map(compiled.bugs.map((bug) => [bug.id, bug]));
  const byRecord = new Map<string, BugRule>();
  // Curated rules by their fixes' commitKey, confirmed with sameCommit (one fix, one known bug).
  const bySha = new Map<string, { sha: string; bug: BugRule }[]>();
  for (const bug of compiled.bugs) {
    if (bug.provenance?.record) byRecord.set(bug.provenance.record, bug);
    if (bug.origin === 'generated') continue;
    for (const fix of bug.fix) if (fix.sha !== null) bySha.set(commitKey(fix.sha), [...(bySha.get(commitKey(fix.sha)) ?? []), { sha: fix.sha, bug }]);
  }
  const taken = new Set(ranked.map((r) => r.match.ruleId));
  const matches: DescribedMatch[] = [];
  for (const hit of hits) {
    if (matches.length >= MAX_DESCRIPTION_MATCHES) break;
    const found = resolveHit(hit.id, pack, byId, byRecord, bySha);
    if (found === null) continue;
    const id = found.rule?.id ?? found.record!.id.toLowerCase();
    if (taken.has(id)) continue;
    taken.add(id);
    matches.push(toMatch(hit, found, facts, evidenceOf(hit, facts)));
  }
  return matches;
}

/**
 * Whether an offer by description goes before a weak possible signature match (RANKING.md
 * "Possible, by description"): its bug's words name the function the report crashed in (the crash
 * title's function, whole). A weak possible match is one whose rule's own words (title, fix
 * subjects; its subsystem's words left out) share nothing with the report. Chosen on the tune half
 * of the leave-one-out description recall (`npm run eval:cves -- --descriptions`) against the
 * self-recall's right possible matches it must not displace: naming the crash function moved the
 * record's fix first in 21.0% -> 27.9% of cases and put an offer before a right possible match in
 * 2 of 1,718; adding "shares rare words weighing 30 (or 50, 70) idf" gained at most 0.6 points and
 * displaced 4-14.
 */
export function isStrongOffer(evidence: OfferEvidence): boolean {
  return evidence.namesCrash;
}

/**
 * The plan's matches in order: the signature matches and the bugs offered by description. Offers
 * go after every signature match, except strong offers (isStrongOffer), which go before the first
 * weak possible match (a possible match whose rule shares no word with the report) and everything
 * after it. They stay "possible, by description": low confidence, never a known-bug verdict (an
 * offer is made only when no signature match is confident). Used by planFromFacts and by the
 * evaluations, so both see one order.
 */
export function placeDescribed(ranked: readonly RankedMatch[], described: readonly DescribedMatch[], facts: Facts, prose: readonly string[]): Match[] {
  const strong = described.filter((d) => isStrongOffer(d.evidence));
  const lead = strong.length === 0 ? ranked.length : firstWeak(ranked, reportWords(facts, prose));
  const passed = ranked.slice(lead);
  const ahead = strong.map((d) =>
    passed.length === 0
      ? d.match
      : { ...d.match, reasons: [...d.match.reasons, `placed before the possible signature match${passed.length > 1 ? 'es' : ''} ${passed.slice(0, 2).map((r) => codeSpan(r.match.ruleId)).join(', ')}: ${passed.length > 1 ? 'their' : 'its'} title and fix subject share no word with this report, while this fix's words name the function the report crashed in`] },
  );
  return [...ranked.slice(0, lead).map((r) => r.match), ...ahead, ...passed.map((r) => r.match), ...described.filter((d) => !strong.includes(d)).map((d) => d.match)];
}

/** The index of the first weak possible match (ranked.length when none). */
function firstWeak(ranked: readonly RankedMatch[], words: ReadonlySet<string>): number {
  const at = ranked.findIndex((r) => !r.confident && !sharesWords(r.evaluation.rule, words));
  return at < 0 ? ranked.length : at;
}

/** Whether a rule's title or fix subjects share a word with the report's, its subsystem's words left out. */
function sharesWords(rule: Pick<BugRule, 'title' | 'fix' | 'subsystem'>, words: ReadonlySet<string>): boolean {
  const subsystem = new Set(descriptionTerms(rule.subsystem.replace(/[/_-]/g, ' ')));
  return descriptionTerms([rule.title, ...rule.fix.map((fix) => fix.subject)].join('\n')).some((term) => words.has(term) && !subsystem.has(term));
}

/** Every word of the report a rule's title could share: its prose and the words of its log's query. */
function reportWords(facts: Facts, prose: readonly string[]): Set<string> {
  return new Set([...descriptionTerms(prose.join('\n')), ...reportQuery(facts, prose).terms]);
}

/** A bug offered by description, with the releases that fix it (for the next step's wording). */
export interface DescribedMatch {
  match: Match;
  fixed: FixedIn;
  evidence: OfferEvidence;
}

/** What an offer by description rests on (placeDescribed weighs it against weak signature matches). */
export interface OfferEvidence {
  /** Cosine similarity of the report's and the bug's words. */
  similarity: number;
  /** The shared words, heaviest first. */
  shared: readonly string[];
  /** The bug's words name the function the report's crash title names. */
  namesCrash: boolean;
}

const RULE_PREFIX = 'rule:';

/** The words a curated rule is known by: its title, its fixes' subjects and its next steps. */
function ruleWords(bug: BugRule): string {
  return [bug.title, bug.title, ...bug.fix.map((fix) => fix.subject), ...bug.nextSteps].join('\n');
}

/**
 * The report's words. Without a log: all its prose. With a log that matched nothing confidently:
 * its title and what its log names, the way a fix message would name it:
 *   - the functions its crashes and traces name, whole (`bfq_dispatch_request`) and split into
 *     their words (`bfq`, `dispatch`, `request`: a message says "the bfq dispatch path"); the
 *     crash title's function counts twice, it is the one a fix message names first;
 *   - the kind of crash its titles name (`use-after-free`, `divide error`, `memory leak`);
 *   - the subsystem prefix of its key lines (`BTRFS`, `EXT4-fs`, `nfsd`) and the error codes they
 *     print, by name (`errno=-5` -> `EIO`: messages name codes, logs print numbers).
 * An offer must share one of the whole function names (`anyOf`): a fix message naming the function
 * the report crashed in. The rest of such a report's prose describes the setup ("btrfs on a new
 * SSD, scrub finds csum errors"), which many fixes share: offers by it alone were noise on the
 * real reports' negatives.
 */
function reportQuery(facts: Facts, prose: readonly string[]): { terms: string[]; anyOf?: ReadonlySet<string> } {
  const functions = new Set<string>();
  const crashFunctions: string[] = [];
  for (const crash of facts.crashes) {
    if (crash.frame === null || isGenericFrame(crash.frame)) continue;
    functions.add(crash.frame);
    crashFunctions.push(crash.frame);
  }
  for (const trace of facts.stacks) {
    for (const frame of reliableFrames(trace).filter((f) => !isGenericFrame(f.function)).slice(0, FRAMES_PER_TRACE)) functions.add(frame.function);
  }
  const hasLog = facts.signatures.length > 0 || facts.crashes.length > 0 || facts.stacks.length > 0;
  // Without a log the reporter's words are all there is, and they name storage things otherwise
  // than fix messages do (write-mostly / slow disk, fstrim / discard): storage-synonyms.ts.
  if (!hasLog) return { terms: withStorageSynonyms(descriptionTerms(prose.join('\n'))) };
  const functionTerms = new Set(descriptionTerms([...functions].join('\n')));
  const logWords = [
    ...[...functions].map((name) => name.replace(/_+/g, ' ')),
    ...facts.crashes.map((crash) => (crash.frame === null ? crash.title : crash.title.replace(` in ${crash.frame}`, ''))),
    ...facts.signatures.flatMap((signature) => [signature.subsystem ?? '', ...errnoNames(signature.text)]),
  ];
  const partTerms = descriptionTerms(logWords.join('\n')).filter((term) => !functionTerms.has(term));
  return {
    terms: [...descriptionTerms(prose.slice(0, 1).join('\n')), ...functionTerms, ...descriptionTerms(crashFunctions.join('\n')), ...new Set(partTerms)],
    anyOf: functionTerms,
  };
}

/** Search the pack's index with the curated rules beside it (same idf), or the curated rules alone. */
function searchAll(query: ReturnType<typeof reportQuery>, pack: DescriptionPack | null, curated: readonly BugRule[], extra: readonly DescriptionDocument[]): DescriptionHit[] {
  const options = { limit: MAX_DESCRIPTION_MATCHES * 4, ...DESCRIPTION_THRESHOLDS, ...(query.anyOf ? { anyOf: query.anyOf } : {}) };
  if (pack !== null) {
    const replaced = pack.replaced ?? [];
    const exclude = replaced.length === 0 ? {} : { exclude: new Set(replaced.map((doc) => doc.id)) };
    return packSearcher(pack).search(query.terms, { ...options, ...exclude, extra: [...replaced, ...extra] });
  }
  if (curated.length === 0) return [];
  return descriptionSearcher(curatedIndex(curated)).search(query.terms, options);
}

/** Without a pack, the curated rules are their own corpus (idf over them); built once per rule list. */
const curatedIndexes = new WeakMap<readonly BugRule[], ReturnType<typeof buildDescriptionIndex>>();
function curatedIndex(curated: readonly BugRule[]) {
  let index = curatedIndexes.get(curated);
  if (!index) {
    index = buildDescriptionIndex(curated.map((bug) => ({ id: `${RULE_PREFIX}${bug.id}`, text: ruleWords(bug) })));
    curatedIndexes.set(curated, index);
  }
  return index;
}

interface ResolvedHit {
  /** The rule the hit stands for (curated, or the record's generated rule); null for a record without one. */
  rule: BugRule | null;
  /** The record, for a record hit. */
  record: DescriptionRecord | null;
}

/**
 * A hit's bug: a curated rule; else a record whose fix a curated rule names (that rule, one known
 * bug per fix); else the record's generated rule when it has one; else the record itself.
 */
function resolveHit(
  id: string,
  pack: DescriptionPack | null,
  byId: ReadonlyMap<string, BugRule>,
  byRecord: ReadonlyMap<string, BugRule>,
  bySha: ReadonlyMap<string, readonly { sha: string; bug: BugRule }[]>,
): ResolvedHit | null {
  if (id.startsWith(RULE_PREFIX)) {
    const rule = byId.get(id.slice(RULE_PREFIX.length));
    return rule ? { rule, record: null } : null;
  }
  const record = pack?.records.get(id) ?? null;
  if (record === null) return null;
  const curated = bySha.get(commitKey(record.sha))?.find((c) => sameCommit(c.sha, record.sha))?.bug;
  if (curated) return { rule: curated, record };
  return { rule: byRecord.get(id) ?? null, record };
}

/** An offer's evidence: its similarity, shared words, and whether they name the crash's function. */
function evidenceOf(hit: DescriptionHit, facts: Facts): OfferEvidence {
  const crashTerms = new Set(descriptionTerms(facts.crashes.flatMap((crash) => (crash.frame === null || isGenericFrame(crash.frame) ? [] : [crash.frame])).join('\n')));
  return {
    similarity: hit.similarity,
    shared: hit.shared,
    namesCrash: hit.shared.some((term) => crashTerms.has(term)),
  };
}

function toMatch(hit: DescriptionHit, found: ResolvedHit, facts: Facts, evidence: OfferEvidence): DescribedMatch {
  const { rule, record } = found;
  const fixed: FixedIn = rule?.affected.fixed ?? { mainline: record!.fixedMainline, stable: [...record!.fixedStable], distro: {} };
  const fix: FixCommit[] = rule?.fix ?? [{ sha: record!.sha, subject: record!.subject, repo: null }];
  const running = facts.kernel.running?.version ?? null;
  const judged = running === null ? null : fixStatus(running, fixed);
  const source = rule === null || rule.origin === 'generated' ? `the fix message of ${record?.id ?? rule!.id}` : 'the rule\'s title, fix subject and next steps';
  const reasons = [
    `by description only (similarity ${hit.similarity}): the report's words ${hit.shared.slice(0, SHOWN_WORDS).map(codeSpan).join(', ')} also occur in ${source}`,
    'no log line of the report matched this bug: a kernel log from the failure would confirm or rule it out',
  ];
  if (judged !== null) reasons.push(`fix: ${judged.reason}`);
  const match: Match = {
    ruleId: rule?.id ?? record!.id.toLowerCase(),
    title: rule?.title ?? record!.subject,
    verdict: 'possible-match',
    // Below every signature match: a possible signature match scores from about 0.05 up.
    score: Math.round(hit.similarity * 10) / 1000,
    confidence: Math.round(Math.min(MAX_CONFIDENCE, hit.similarity * 0.5) * 1000) / 1000,
    fixStatus: judged?.status ?? 'unknown',
    fixReason: judged?.reason ?? 'the report does not say which kernel it runs',
    evidence: [],
    fix,
    reasons,
    origin: rule?.origin ?? 'generated',
    tiedWith: [],
    basis: 'description',
  };
  return { match, fixed, evidence };
}
