import { isGenericFrame, reliableFrames } from '../extract/index.js';
import { codeSpan } from '../markdown/index.js';
import {
  buildDescriptionIndex,
  countDescriptionTerms,
  countTerms,
  StoragePhrases,
  descriptionSearcher,
  packSearcher,
  descriptionTerms,
  errnoNames,
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
  if (query.counts.size < DESCRIPTION_THRESHOLDS.minShared || query.anyOf?.size === 0) return [];

  const pack = compiled.descriptions?.() ?? null;
  const curated = compiled.bugs.filter((bug) => bug.origin !== 'generated');
  const extra: DescriptionDocument[] = curated.map((bug) => ({ id: `${RULE_PREFIX}${bug.id}`, terms: [...countTerms(descriptionTerms(ruleWords(bug)))] }));
  const places = pack === null ? null : placeIndex(pack);
  const where = reportPlaces(facts);
  const admit = places === null ? new Set<string>() : places.touching(where, PLACE_THRESHOLDS.admit);
  const hits = rerank(searchAll(query, pack, curated, extra, admit), pack, places, where, facts);

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
 * An offer whose fix touches a place of the report this rare (a module such as `[null_blk]`, 0.81;
 * a file few fixes touch) is strong too. Measured on the tune half: leave-one-out first 28.7% ->
 * 29.8% (top 3 43.0 -> 44.4); the self-recall's right possible matches an offer displaced 3 -> 23
 * of 3,416 (rarity 0.8: 29.4% first, 0.6 with a similarity of 0.25 or more: 29.3%).
 */
const STRONG_PLACE = 0.6;

/**
 * Whether an offer by description goes before a weak possible signature match (RANKING.md
 * "Possible, by description"): its bug's words name the function the report crashed in (the crash
 * title's function, whole), or its fix touches a rare place the report's trace runs in
 * (STRONG_PLACE). A weak possible match is one whose rule's own words (title, fix
 * subjects; its subsystem's words left out) share nothing with the report. Chosen on the tune half
 * of the leave-one-out description recall (`npm run eval:cves -- --descriptions`) against the
 * self-recall's right possible matches it must not displace: naming the crash function moved the
 * record's fix first in 21.0% -> 27.9% of cases and put an offer before a right possible match in
 * 2 of 1,718; adding "shares rare words weighing 30 (or 50, 70) idf" gained at most 0.6 points and
 * displaced 4-14.
 */
export function isStrongOffer(evidence: OfferEvidence): boolean {
  return evidence.namesCrash || (evidence.place !== null && evidence.place.rarity >= STRONG_PLACE);
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
      : { ...d.match, reasons: [...d.match.reasons, `placed before the possible signature match${passed.length > 1 ? 'es' : ''} ${passed.slice(0, 2).map((r) => codeSpan(r.match.ruleId)).join(', ')}: ${passed.length > 1 ? 'their' : 'its'} title and fix subject share no word with this report, while ${d.evidence.namesCrash ? "this fix's words name the function the report crashed in" : `this fix changes ${d.evidence.place!.kind === 'file' ? codeSpan(d.evidence.place!.place) : `a file of ${codeSpan(d.evidence.place!.place)}`}, where the report's trace runs`}`] },
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
  const words = new Set(countDescriptionTerms(prose).keys());
  for (const term of reportQuery(facts, prose).counts.keys()) words.add(term);
  return words;
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
  /** The report place (module or file) the bug's fix touches, the rarest one; null when none. */
  place: PlaceFit | null;
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
function reportQuery(facts: Facts, prose: readonly string[]): ReportQuery {
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
  if (!hasLog) return { counts: proseCounts(prose) };
  const functionTerms = new Set(descriptionTerms([...functions].join('\n')));
  const logWords = [
    ...[...functions].map((name) => name.replace(/_+/g, ' ')),
    ...facts.crashes.map((crash) => (crash.frame === null ? crash.title : crash.title.replace(` in ${crash.frame}`, ''))),
    ...facts.signatures.flatMap((signature) => [signature.subsystem ?? '', ...errnoNames(signature.text)]),
  ];
  const partTerms = descriptionTerms(logWords.join('\n')).filter((term) => !functionTerms.has(term));
  // The modules the traces run in, by name: a fix message is titled for its module (`null_blk:`
  // for a crash in `[null_blk]`).
  const moduleTerms = descriptionTerms([...reportPlaces(facts).modules].join('\n')).filter((term) => !functionTerms.has(term));
  return {
    counts: countTerms([...descriptionTerms(prose.slice(0, 1).join('\n')), ...functionTerms, ...descriptionTerms(crashFunctions.join('\n')), ...new Set([...partTerms, ...moduleTerms])]),
    anyOf: functionTerms,
  };
}

/** The report's query: its terms counted, each once in the order it first occurs (countTerms). */
interface ReportQuery {
  counts: ReadonlyMap<string, number>;
  /** Hits must share one of these terms (the functions the report's log names). */
  anyOf?: ReadonlySet<string>;
}

/**
 * `countTerms(withStorageSynonyms(descriptionTerms(prose.join('\n'))))`, counted as the prose is
 * read: neither the joined prose nor a list of its terms is made (issue 12: for 1 MB of prose
 * those were a 2 MB string and two arrays of 150,000 terms).
 */
function proseCounts(prose: readonly string[]): Map<string, number> {
  const phrases = new StoragePhrases();
  const counts = countDescriptionTerms(prose, (term) => phrases.see(term));
  for (const term of phrases.additions(counts)) counts.set(term, 1);
  return counts;
}

/** Search the pack's index with the curated rules beside it (same idf), or the curated rules alone. */
function searchAll(query: ReportQuery, pack: DescriptionPack | null, curated: readonly BugRule[], extra: readonly DescriptionDocument[], admit: ReadonlySet<string>): DescriptionHit[] {
  const options = { limit: SEARCHED, ...DESCRIPTION_THRESHOLDS, ...(query.anyOf ? { anyOf: query.anyOf, admit } : {}) };
  if (pack !== null) {
    const replaced = pack.replaced ?? [];
    const exclude = replaced.length === 0 ? {} : { exclude: new Set(replaced.map((doc) => doc.id)) };
    return packSearcher(pack).search(query.counts, { ...options, ...exclude, extra: [...replaced, ...extra] });
  }
  if (curated.length === 0) return [];
  return descriptionSearcher(curatedIndex(curated)).search(query.counts, options);
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

/** Hits the search returns for the re-ranking below (place and fix-status fit) to order. */
const SEARCHED = 40;

/**
 * Where a report's traces run, and how much a record touching it says (issue 10: evidence that is
 * not a log line but is specific). A symbolized frame's file (`fs/ext4/mballoc.c`) or a frame's
 * module (`[null_blk]`) among a trace's top frames is where the bug showed; a record whose fix
 * touches that file, or a file of that module, is about that code. How much that says depends on
 * how many records touch it: `[null_blk]` narrows 14,626 records to a few dozen, `[btrfs]` to a
 * thousand. Weighed by rarity, ln(N / records touching) / ln(N): 1 for a file one record touches,
 * 0 for one every record touches.
 *   - admit: a record touching a place at least this rare is searched even when its message names
 *     none of the report's functions (a fix message names the configfs writer, the report shows the
 *     reader's crash in the same driver);
 *   - weight: how much the rarity adds to the similarity when the offers are ordered.
 */
export const PLACE_THRESHOLDS = { admit: 0.5, weight: 0.3 } as const;

/**
 * How much a record whose fix the reporter's kernel already carries loses when offers are ordered
 * (issue 10 item 3: rank by how well fix status and facts fit): it can still be the bug (a bad
 * backport, a fix that did not hold), but the record the kernel lacks is the likelier one.
 */
export const HAS_FIX_PENALTY = 0.1;

/** The modules and source files of the report's traces' top frames (where its bug showed). */
export interface ReportPlaces {
  files: ReadonlySet<string>;
  modules: ReadonlySet<string>;
}

export function reportPlaces(facts: Facts): ReportPlaces {
  const files = new Set<string>();
  const modules = new Set<string>();
  for (const trace of facts.stacks) {
    for (const frame of trace.frames.filter((f) => !isGenericFrame(f.function)).slice(0, FRAMES_PER_TRACE)) {
      if (frame.module !== null) modules.add(moduleKey(frame.module));
      const file = frame.source === null ? null : SOURCE_FILE.exec(frame.source)?.[1];
      if (file) files.add(file);
    }
  }
  return { files, modules };
}

/** A symbolized frame's file without its line (`fs/ext4/mballoc.c:835` -> `fs/ext4/mballoc.c`). */
const SOURCE_FILE = /^([\w.+-]+(?:\/[\w.+-]+)+\.[chS])\b/;

/** Module names compared as the kernel loads them: `null-blk` and `null_blk` are one module. */
const moduleKey = (name: string): string => name.replace(/^\[|\]$/g, '').replace(/-/g, '_').toLowerCase();

/**
 * The module names a file of the kernel tree can be part of: its directories below the top one and
 * its base name (`drivers/block/null_blk/main.c`: `block`, `null_blk`, `main`; `drivers/block/ublk_drv.c`:
 * `ublk_drv`), and a directory joined to the base name (`drivers/nvme/host/core.c`: `nvme_core`).
 * Names that no module has (`main`, `host`) cost nothing: a report never shows them.
 */
export function modulesOfFile(file: string): string[] {
  const parts = file.toLowerCase().replace(/-/g, '_').split('/');
  const base = parts.pop()!.replace(/\.[a-z]+$/, '');
  const dirs = parts.slice(1);
  return [...new Set([...dirs, base, ...dirs.map((dir) => `${dir}_${base}`)])];
}

interface PlaceIndex {
  /** Records (by id) touching a report place at least `rarity` rare. */
  touching(where: ReportPlaces, rarity: number): Set<string>;
  /** The rarest report place a record touches, or null. */
  best(record: DescriptionRecord, where: ReportPlaces): { place: string; kind: 'file' | 'module'; rarity: number } | null;
}

/** Per pack (built on first use): how many records touch each file and each module name. */
const placeIndexes = new WeakMap<ReadonlyMap<string, DescriptionRecord>, PlaceIndex>();
function placeIndex(pack: DescriptionPack): PlaceIndex | null {
  let index = placeIndexes.get(pack.records);
  if (index) return index;
  const byFile = new Map<string, string[]>();
  const byModule = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, id: string) => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [id]);
    else if (list[list.length - 1] !== id) list.push(id);
  };
  for (const record of pack.records.values()) {
    for (const file of record.files) {
      add(byFile, file, record.id);
      for (const name of modulesOfFile(file)) add(byModule, name, record.id);
    }
  }
  if (byFile.size === 0) return null;
  const total = Math.max(2, pack.records.size);
  const rarity = (n: number) => Math.max(0, Math.log(total / n) / Math.log(total));
  const places = (where: ReportPlaces) => [
    ...[...where.files].map((place) => ({ place, kind: 'file' as const, ids: byFile.get(place) ?? [] })),
    ...[...where.modules].map((place) => ({ place, kind: 'module' as const, ids: byModule.get(place) ?? [] })),
  ];
  index = {
    touching(where, min) {
      const ids = new Set<string>();
      for (const { ids: list } of places(where)) if (list.length > 0 && rarity(list.length) >= min) for (const id of list) ids.add(id);
      return ids;
    },
    best(record, where) {
      let best: { place: string; kind: 'file' | 'module'; rarity: number } | null = null;
      for (const { place, kind, ids } of places(where)) {
        if (ids.length === 0 || !ids.includes(record.id)) continue;
        const r = rarity(ids.length);
        if (best === null || r > best.rarity) best = { place, kind, rarity: r };
      }
      return best;
    },
  };
  placeIndexes.set(pack.records, index);
  return index;
}

/** A hit with what re-ranked it: the place of the report its record's fix touches. */
type RankedHit = DescriptionHit & { place: PlaceFit | null };

export interface PlaceFit {
  place: string;
  kind: 'file' | 'module';
  rarity: number;
}

/**
 * The hits in offer order: similarity, plus the rarity of a report place the record's fix touches
 * (PLACE_THRESHOLDS.weight), minus HAS_FIX_PENALTY when the reporter's kernel carries the record's
 * fix. Curated rules' hits (no record) keep their similarity.
 */
function rerank(hits: readonly DescriptionHit[], pack: DescriptionPack | null, places: PlaceIndex | null, where: ReportPlaces, facts: Facts): RankedHit[] {
  const running = facts.kernel.running?.version ?? null;
  const scored = hits.map((hit) => {
    const record = pack?.records.get(hit.id) ?? null;
    const place = record === null || places === null ? null : places.best(record, where);
    const hasFix = record !== null && running !== null && fixStatus(running, { mainline: record.fixedMainline, stable: [...record.fixedStable], distro: {} }).status === 'has-fix';
    return { hit: { ...hit, place }, key: hit.similarity + (place === null ? 0 : PLACE_THRESHOLDS.weight * place.rarity) - (hasFix ? HAS_FIX_PENALTY : 0) };
  });
  return scored.sort((a, b) => b.key - a.key || (a.hit.id < b.hit.id ? -1 : a.hit.id > b.hit.id ? 1 : 0)).map((s) => s.hit);
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
function evidenceOf(hit: RankedHit, facts: Facts): OfferEvidence {
  const crashTerms = new Set(descriptionTerms(facts.crashes.flatMap((crash) => (crash.frame === null || isGenericFrame(crash.frame) ? [] : [crash.frame])).join('\n')));
  return {
    similarity: hit.similarity,
    shared: hit.shared,
    namesCrash: hit.shared.some((term) => crashTerms.has(term)),
    place: hit.place,
  };
}

function toMatch(hit: DescriptionHit, found: ResolvedHit, facts: Facts, evidence: OfferEvidence): DescribedMatch {
  const place = evidence.place;
  const { rule, record } = found;
  const fixed: FixedIn = rule?.affected.fixed ?? { mainline: record!.fixedMainline, stable: [...record!.fixedStable], distro: {} };
  const fix: FixCommit[] = rule?.fix ?? [{ sha: record!.sha, subject: record!.subject, repo: null }];
  const running = facts.kernel.running?.version ?? null;
  const judged = running === null ? null : fixStatus(running, fixed);
  const source = rule === null || rule.origin === 'generated' ? `the fix message of ${record?.id ?? rule!.id}` : 'the rule\'s title, fix subject and next steps';
  const reasons = [
    `by description only (similarity ${hit.similarity}): the report's words ${hit.shared.slice(0, SHOWN_WORDS).map(codeSpan).join(', ')} also occur in ${source}`,
    ...(place === null ? [] : [`the fix changes ${place.kind === 'file' ? codeSpan(place.place) : `a file of ${codeSpan(place.place)}`}, where the report's trace runs`]),
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
