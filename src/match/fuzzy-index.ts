import JaroWinklerDistance from 'natural/lib/natural/distance/jaro-winkler_distance.js';

/*
 * Near-miss search for "possible match" verdicts: a report line of the same subsystem with a word
 * changed (`increment` for `decrement`, another errno), or a crash title with another access kind
 * in the same function. Never a confident verdict. See RANKING.md.
 *
 * Similarity of a rule signature S to a report line L (both canonical): the idf-weighted share of
 * S's words that occur in L ("coverage"; signatures match as substrings, so L may hold more words
 * than S, and words every rule uses weigh little). When S and L have comparable lengths, natural's
 * Jaro-Winkler on the whole strings must also agree that the wording is close, and the similarity
 * is the mean of the two. Candidates come from an inverted index on the line's rarest words;
 * posting lists longer than MAX_POSTINGS are skipped, so the cost per line stays bounded whatever
 * the number of rules.
 */

/** Similarity at or above this is a possible match. */
export const MIN_SIMILARITY = 0.75;
/** Coverage at or above this (one changed word of eight, once common words weigh less). */
const MIN_COVERAGE = 0.75;
/** Jaro-Winkler of the whole strings at or above this, when their lengths are comparable. */
const MIN_JARO_WINKLER = 0.85;
/** Lengths within this ratio are "comparable". */
const COMPARABLE_LENGTH = 0.7;
/** At most this many of the signature's words may be missing from the line. */
const MAX_MISSING_WORDS = 2;
/** Posting lists longer than this are not scanned (a word most rules share identifies nothing). */
const MAX_POSTINGS = 64;
/** Words of the query used for retrieval, rarest first. */
const PROBE_WORDS = 3;
/** Candidates verified per query, most shared words first. */
const MAX_VERIFIED = 16;

export interface FuzzyEntry<T> {
  /** Canonical text of the rule's signature. */
  text: string;
  /** Only entries of the same group are compared (log subsystem, or "crash"). */
  group: string;
  value: T;
}

export interface FuzzyHit<T> {
  value: T;
  text: string;
  /** 0..1; at least MIN_SIMILARITY. */
  similarity: number;
}

export interface FuzzyIndex<T> {
  /** Entries similar to `text` in `group`, best first. `exclude` drops entries already matched exactly. */
  search(text: string, group: string, exclude?: (value: T) => boolean): FuzzyHit<T>[];
  /** The index's tables (built now if not yet): what a precompiled rule set stores (see FuzzyTables). */
  tables(): FuzzyTables;
}

/**
 * The index of a list of entries as plain data (JSON): the bundled packs store it precompiled, so a
 * run never groups and splits thousands of signatures (a findSubsystem and a word split each) and
 * fills the posting maps: ~80 ms of a cold triage. Entries are numbered in list order. A search
 * reads one group, so each group carries all it needs, and a reader can decode only those searched.
 */
export interface FuzzyTables {
  /** The number of entries (idf's N). */
  total: number;
  groups: Record<string, FuzzyGroupTable>;
}

/** One group of the tables. */
export interface FuzzyGroupTable {
  /** Word -> the group's entries with that word, ascending. */
  postings: Record<string, number[]>;
  /**
   * Word -> the entries with that word in ALL groups (idf's document frequency), for the words of
   * this group's entries: the only words a search in the group weighs.
   */
  documentFrequency: Record<string, number>;
}

/** Tables read a group at a time (the precompiled form decodes only the groups searched). */
export interface FuzzyTableReader {
  total: number;
  /** Every group's name. */
  names: readonly string[];
  /** A group's table; undefined for a group no entry has. */
  group(name: string): FuzzyGroupTable | undefined;
}

/**
 * Tables built elsewhere for the same entries (the precompiled packs): `list` gives the entries'
 * text and value in the order the tables number them; `tables` null builds the index from the entries.
 */
export interface PrebuiltFuzzyTables<T> {
  list: () => ReadonlyArray<{ text: string; value: T }>;
  tables: () => FuzzyTableReader | null;
}

/**
 * A reader over whole tables (a test, or tables just built).
 *
 * @example
 * readFuzzyTables(index.tables()).group('log:device-mapper: thin')?.postings['failed'] // => [1]
 */
export function readFuzzyTables(tables: FuzzyTables): FuzzyTableReader {
  return { total: tables.total, names: Object.keys(tables.groups), group: (name) => (Object.hasOwn(tables.groups, name) ? tables.groups[name] : undefined) };
}

/**
 * Words of a canonical line, lower case: placeholders and punctuation carry no identity.
 *
 * @example
 * fuzzyWords('device-mapper: thin: <DEV>: failed: error = -22') // => ['device-mapper', 'thin', 'failed', 'error', '-22']
 */
export function fuzzyWords(text: string): string[] {
  // A loop over character codes rather than split + replace + two tests per word: the fuzzy index
  // runs this on every log signature and crash title of the rule set (thousands) when first searched.
  // Same words as `text.split(/[\s:,;()[\]{}"'=]+/)`, each stripped of leading and trailing `.!?`.
  const words = new Set<string>();
  const length = text.length;
  let i = 0;
  while (i < length) {
    while (i < length && isSeparator(text.charCodeAt(i))) i++;
    let start = i;
    while (i < length && !isSeparator(text.charCodeAt(i))) i++;
    let end = i;
    while (start < end && isSentenceMark(text.charCodeAt(start))) start++;
    while (end > start && isSentenceMark(text.charCodeAt(end - 1))) end--;
    if (end === start || isPlaceholder(text, start, end) || !hasAlphanumeric(text, start, end)) continue;
    words.add(text.slice(start, end).toLowerCase());
  }
  return [...words];
}

/** `\s` (JavaScript's white space and line terminators) and `:,;()[]{}"'=`. */
function isSeparator(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0x7f) return code === 0x3a || code === 0x2c || code === 0x3b || code === 0x28 || code === 0x29 || code === 0x5b || code === 0x5d || code === 0x7b || code === 0x7d || code === 0x22 || code === 0x27 || code === 0x3d;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

function isSentenceMark(code: number): boolean {
  return code === 0x2e || code === 0x21 || code === 0x3f;
}

/** `<N>`, `<DEV>`: a canonical placeholder (upper-case letters in angle brackets). */
function isPlaceholder(text: string, start: number, end: number): boolean {
  if (end - start < 3 || text.charCodeAt(start) !== 0x3c || text.charCodeAt(end - 1) !== 0x3e) return false;
  for (let k = start + 1; k < end - 1; k++) {
    const code = text.charCodeAt(k);
    if (code < 0x41 || code > 0x5a) return false;
  }
  return true;
}

function hasAlphanumeric(text: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const code = text.charCodeAt(k);
    if ((code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) return true;
  }
  return false;
}

/**
 * Build the index once per rule set. The work is done on the first search (a report without error
 * lines or crashes never needs it), and `entries` may be a function that lists them then: the
 * callers' own per-entry work (a log line's subsystem) waits too.
 *
 * @example
 * const index = buildFuzzyIndex([{ text: 'dm: unable to decrement a reference count below <N>', group: 'dm', value: 1 }]);
 * index.search('dm: unable to increment a reference count below <N>', 'dm')[0]?.value // => 1
 */
export function buildFuzzyIndex<T>(entries: ReadonlyArray<FuzzyEntry<T>> | (() => ReadonlyArray<FuzzyEntry<T>>), prebuilt?: PrebuiltFuzzyTables<T>): FuzzyIndex<T> {
  let built: IndexedEntries<T> | undefined;
  const fresh = () => indexEntries(typeof entries === 'function' ? entries() : entries);
  const build = (): IndexedEntries<T> => {
    const tables = prebuilt?.tables() ?? null;
    return tables === null ? fresh() : fromTables(prebuilt!.list(), tables);
  };
  return {
    search(text, group, exclude) {
      const query = fuzzyWords(text);
      if (query.length === 0) return [];
      built ??= build();
      const { list, wordsOf, postingsIn, idfIn } = built;
      // The rarest words of the line in this group, each with a short enough posting list.
      const probes: number[][] = [];
      const inGroup = postingsIn(group);
      if (inGroup === undefined) return [];
      const idf = idfIn(group);
      for (const word of query) {
        const posting = inGroup(word);
        if (posting !== undefined && posting.length <= MAX_POSTINGS) probes.push(posting);
      }
      if (probes.length === 0) return [];
      probes.sort((a, b) => a.length - b.length);
      const shared = new Map<number, number>();
      for (const posting of probes.slice(0, PROBE_WORDS)) for (const id of posting) shared.set(id, (shared.get(id) ?? 0) + 1);
      const candidates = [...shared.keys()]
        .filter((id) => !(exclude?.(list[id]!.value) ?? false))
        .sort((a, b) => shared.get(b)! - shared.get(a)! || a - b)
        .slice(0, MAX_VERIFIED);

      const querySet = new Set(query);
      const hits: FuzzyHit<T>[] = [];
      for (const id of candidates) {
        const entry = list[id]!;
        const similarity = similarityOf(entry.text, wordsOf(id), text, querySet, idf);
        if (similarity >= MIN_SIMILARITY) hits.push({ value: entry.value, text: entry.text, similarity });
      }
      return hits.sort((a, b) => b.similarity - a.similarity || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
    },
    tables() {
      built ??= build();
      return built.tables();
    },
  };
}

interface IndexedEntries<T> {
  list: ReadonlyArray<{ text: string; value: T }>;
  /** The words of entry `id` (fuzzyWords of its text). */
  wordsOf: (id: number) => readonly string[];
  /** The posting lists of a group, by word: retrieval never leaves the group. */
  postingsIn: (group: string) => ((word: string) => number[] | undefined) | undefined;
  /** idf over all entries, of the words of a group's entries. */
  idfIn: (group: string) => (word: string) => number;
  tables: () => FuzzyTables;
}

/** idf of a word over `total` entries, of which `frequency` have it (never 0: a word the query alone has). */
function inverseFrequency(total: number, frequency: number | undefined): number {
  return Math.log(1 + Math.max(1, total) / (frequency ?? 1));
}

/**
 * The index from precomputed tables: a group is read on its first search, and an entry's words are
 * split only when it is a candidate. Same numbers as indexEntries.
 */
function fromTables<T>(list: ReadonlyArray<{ text: string; value: T }>, reader: FuzzyTableReader): IndexedEntries<T> {
  const words = new Map<number, string[]>();
  // Own keys only: a JSON object also answers `constructor` and `toString`.
  const own = <V>(table: Record<string, V>, key: string): V | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);
  return {
    list,
    wordsOf: (id) => {
      let found = words.get(id);
      if (found === undefined) words.set(id, (found = fuzzyWords(list[id]!.text)));
      return found;
    },
    postingsIn: (group) => {
      const table = reader.group(group);
      return table === undefined ? undefined : (word) => own(table.postings, word);
    },
    idfIn: (group) => {
      const frequency = reader.group(group)?.documentFrequency ?? {};
      return (word) => inverseFrequency(reader.total, own(frequency, word));
    },
    tables: () => ({ total: reader.total, groups: Object.fromEntries(reader.names.map((name) => [name, reader.group(name)!])) }),
  };
}

function indexEntries<T>(list: ReadonlyArray<FuzzyEntry<T>>): IndexedEntries<T> {
  const words = list.map((entry) => fuzzyWords(entry.text));
  const postings = new Map<string, Map<string, number[]>>();
  const documentFrequency = new Map<string, number>();
  words.forEach((wordsOfEntry, id) => {
    const group = list[id]!.group;
    let inGroup = postings.get(group);
    if (inGroup === undefined) postings.set(group, (inGroup = new Map()));
    for (const word of wordsOfEntry) {
      const posting = inGroup.get(word);
      if (posting) posting.push(id);
      else inGroup.set(word, [id]);
      documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
    }
  });
  return {
    list,
    wordsOf: (id) => words[id]!,
    postingsIn: (group) => {
      const inGroup = postings.get(group);
      return inGroup === undefined ? undefined : (word) => inGroup.get(word);
    },
    idfIn: () => (word) => inverseFrequency(list.length, documentFrequency.get(word)),
    tables: () => ({
      total: list.length,
      groups: Object.fromEntries(
        [...postings].map(([group, byWord]) => [group, { postings: Object.fromEntries(byWord), documentFrequency: Object.fromEntries([...byWord.keys()].map((word) => [word, documentFrequency.get(word)!])) }]),
      ),
    }),
  };
}

function similarityOf(
  signature: string,
  signatureWords: readonly string[],
  line: string,
  lineWords: ReadonlySet<string>,
  idf: (word: string) => number,
): number {
  let present = 0;
  let all = 0;
  let missing = 0;
  let shared = 0;
  for (const word of signatureWords) {
    const weight = idf(word);
    all += weight;
    if (lineWords.has(word)) {
      present += weight;
      shared++;
    } else missing++;
  }
  if (all === 0 || shared < 2 || missing > MAX_MISSING_WORDS) return 0;
  const coverage = present / all;
  if (coverage < MIN_COVERAGE) return 0;
  const ratio = Math.min(signature.length, line.length) / Math.max(signature.length, line.length);
  if (ratio < COMPARABLE_LENGTH) return coverage;
  const jw = JaroWinklerDistance(signature, line);
  return jw < MIN_JARO_WINKLER ? 0 : (coverage + jw) / 2;
}
