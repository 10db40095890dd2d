import { words as stopwords } from 'natural/lib/natural/util/stopwords.js';
import { stem, tokenizeWords } from '../extract/index.js';

/*
 * Text similarity between a report's prose and known bugs' words (issue 10, item 5): TF-IDF over
 * ktriage's kernel-aware tokens (tokenizeWords: natural's Porter stems for English words, kernel
 * identifiers such as `btrfs_trim_fs` or `write_mostly` kept whole), cosine similarity of sparse
 * vectors. The weights are natural's TfIdf formula (raw term count times idf = 1 + ln(N / (1 + df))),
 * computed here rather than with natural's TfIdf class: its idf() scans every document per term and
 * tfidfs() scores every document per query, which at the 14,626 kernel CVE records is ~10^9 steps
 * to build and a full scan per report; an inverted index touches only documents sharing a word.
 * Pure: the index is data the caller passes in (see src/io for the packs' index file).
 */

/** One document of the index: its key (a rule id or a CVE id) and its heaviest terms with their counts. */
export interface DescriptionDocument {
  id: string;
  /** [term, count] pairs, heaviest (TF-IDF) first; at most the index's `keep` per document. */
  terms: ReadonlyArray<readonly [string, number]>;
}

/** Document frequencies and the documents' kept terms: what a pack ships (descriptions.tsv). */
export interface DescriptionIndex {
  /** How many documents the frequencies were counted over. */
  documents: number;
  /**
   * Document frequency (over the full texts) of every term kept in some document; a term absent
   * here counts as in no document (a shipped index leaves out the terms only one record has).
   */
  df: ReadonlyMap<string, number>;
  docs: readonly DescriptionDocument[];
}

/** A record of the pack's records.tsv: what a description hit on a record without a rule can say. */
export interface DescriptionRecord {
  id: string;
  sha: string;
  subject: string;
  introduced: string | null;
  fixedMainline: string | null;
  fixedStable: readonly string[];
}

/** The description index of a CVE pack and the records its documents are (by CVE id). */
export interface DescriptionPack {
  index: DescriptionIndex;
  records: ReadonlyMap<string, DescriptionRecord>;
  /**
   * Documents that stand in for the index's documents of the same id (scored with the index's idf):
   * a record's text other than the one the index was built from. The leave-one-out evaluation
   * (scripts/eval-cves) gives a record whose log it withholds its message without the log.
   */
  replaced?: readonly DescriptionDocument[];
}

/**
 * How the core gets the pack's description index: a loader it calls only for a report that needs
 * it, at most once per process (the adapter memoises). Null when the pack has no index.
 */
export type DescriptionSource = () => DescriptionPack | null;

/** A document that shares words with the query. */
export interface DescriptionHit {
  id: string;
  /** Cosine similarity of the TF-IDF vectors, 0..1. */
  similarity: number;
  /** The shared terms, heaviest contribution first. */
  shared: string[];
}

/** Terms kept per document in a shipped index: the rest weigh little and cost size. */
export const KEPT_TERMS = 32;

/** Words that say nothing about which bug: natural's English stop words plus words every kernel bug text uses. */
const NOISE_WORDS = new Set(
  [
    ...stopwords,
    'kernel', 'linux', 'bug', 'issue', 'problem', 'fix', 'fixes', 'fixed', 'patch', 'commit', 'commits', 'signed', 'off',
    'reported', 'tested', 'reviewed', 'acked', 'cc', 'https', 'http', 'www', 'org', 'com', 'html',
    'following', 'follow', 'see', 'seen', 'get', 'got', 'like', 'also', 'however', 'thus', 'therefore', 'hi', 'thanks', 'regards', 'please',
    'would', 'could', 'should', 'might', 'may', 'can', 'will', 'one', 'two', 'use', 'used', 'using', 'case', 'way', 'now', 'new', 'need', 'needs',
    'happen', 'happens', 'happened', 'time', 'times', 'make', 'makes', 'made', 'call', 'calls', 'called', 'check', 'checks',
    'rip', 'rsp', 'rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'rbp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'eflags', 'cr0', 'cr2', 'cr3', 'cr4', 'dr0', 'dr1', 'dr2', 'dr3', 'dr6', 'dr7',
    'fs', 'gs', 'cs', 'ds', 'es', 'ss', 'knlgs', 'orig_rax', 'task', 'cpu', 'pid', 'comm', 'tainted', 'hardware', 'name', 'bios', 'qemu', 'standard', 'pc',
    'trace', 'call_trace', 'task', 'code', 'modules', 'linked', 'end', 'do_syscall_64', 'entry_syscall_64_after_hwframe', 'dump_stack_lvl', 'dump_stack',
  ].map((word) => stem(word)),
);

/** A token that names nothing: a number, an address or hash, a single character, a contraction. */
const MEANINGLESS = /^(?:\d+|0x[0-9a-f]*|[0-9a-f]{8,}|.|[a-z]\d{0,2}|\d+[a-z]{0,2}|g[0-9a-f]{7,}|.*['’].*)$/;

/** Register dumps and build ids: a token with this many digits and no `_` is not a name (`r8169` is). */
const MAX_DIGITS = 5;

/**
 * The terms TF-IDF counts in a text: tokenizeWords' stems, stop words, numbers, addresses and
 * register names dropped. Kernel identifiers stay whole (`raid1_write_request`, `write_mostly`).
 *
 * @example
 * descriptionTerms('fstrim blocks suspend with raid1 write-mostly') // => ['fstrim', 'block', 'suspend', 'raid1', 'write', 'mostli']
 */
export function descriptionTerms(text: string): string[] {
  const terms: string[] = [];
  for (const token of tokenizeWords(text)) {
    const term = token.stem.replace(/['’]s?$/, '');
    if (term.length < 2 || term.length > 48 || MEANINGLESS.test(term) || NOISE_WORDS.has(term)) continue;
    if (!term.includes('_') && (term.match(/\d/g)?.length ?? 0) >= MAX_DIGITS) continue;
    terms.push(term);
  }
  return terms;
}

/** natural's TfIdf idf: 1 + ln(N / (1 + df)); a term no document has gets the largest value. */
export function inverseDocumentFrequency(index: Pick<DescriptionIndex, 'documents' | 'df'>, term: string): number {
  return Math.max(0, 1 + Math.log(Math.max(1, index.documents) / (1 + (index.df.get(term) ?? 0))));
}

/**
 * Build an index from whole texts: count every document's terms, the document frequency of each
 * term over all documents, and keep each document's `keep` heaviest terms (TF-IDF, ties by term).
 * Deterministic.
 *
 * @example
 * const index = buildDescriptionIndex([{ id: 'CVE-2024-1', text: 'md/raid1: fix write-mostly ...' }]);
 */
export function buildDescriptionIndex(texts: ReadonlyArray<{ id: string; text: string }>, keep: number = KEPT_TERMS): DescriptionIndex {
  const counted = texts.map(({ id, text }) => ({ id, counts: countTerms(descriptionTerms(text)) }));
  const allDf = new Map<string, number>();
  for (const doc of counted) for (const term of doc.counts.keys()) allDf.set(term, (allDf.get(term) ?? 0) + 1);
  const full = { documents: counted.length, df: allDf };
  const docs = counted.map(({ id, counts }) => ({ id, terms: heaviest(counts, full, keep) }));
  const df = new Map<string, number>();
  for (const doc of docs) for (const [term] of doc.terms) df.set(term, allDf.get(term)!);
  return { documents: counted.length, df, docs };
}

/** Term counts of a list of terms. */
export function countTerms(terms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

/**
 * One document as the index would keep it: the text's terms, its `keep` heaviest by the index's idf.
 *
 * @example
 * describeDocument('CVE-2024-50014', 'ext4: fix access to uninitialised lock in fc replay path', index).terms[0] // => ['uninitialis', 1]
 */
export function describeDocument(id: string, text: string, index: Pick<DescriptionIndex, 'documents' | 'df'>, keep: number = KEPT_TERMS): DescriptionDocument {
  return { id, terms: heaviest(countTerms(descriptionTerms(text)), index, keep) };
}

function heaviest(counts: ReadonlyMap<string, number>, index: Pick<DescriptionIndex, 'documents' | 'df'>, keep: number): Array<[string, number]> {
  return [...counts]
    .map(([term, count]) => ({ term, count, weight: count * inverseDocumentFrequency(index, term) }))
    .sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
    .slice(0, keep)
    .map(({ term, count }) => [term, count]);
}

/** An index prepared for search: unit-length document vectors in posting lists. */
export interface DescriptionSearcher {
  readonly index: DescriptionIndex;
  search(queryTerms: readonly string[], options?: SearchOptions): DescriptionHit[];
}

export interface SearchOptions {
  /** At most this many hits (default 10). */
  limit?: number;
  /** Hits below this similarity are left out (default 0). */
  minSimilarity?: number;
  /** Hits sharing fewer terms with the query are left out (default 1). */
  minShared?: number;
  /** When given, only documents sharing at least one of these terms (a trace's function names) are hits. */
  anyOf?: ReadonlySet<string>;
  /** Extra documents scored with the same idf (a maintainer's rules, which the shipped index does not hold). */
  extra?: readonly DescriptionDocument[];
  /** Documents of the index left out (by id): those an `extra` document stands in for. */
  exclude?: ReadonlySet<string>;
}

const searchers = new WeakMap<DescriptionIndex, DescriptionSearcher>();

/**
 * The searcher of an index (built once per index object: posting lists of unit-length vectors).
 *
 * @example
 * descriptionSearcher(index).search(descriptionTerms(report.body), { limit: 3 })[0]?.id // => 'CVE-2023-53380'
 */
export function descriptionSearcher(index: DescriptionIndex): DescriptionSearcher {
  let searcher = searchers.get(index);
  if (!searcher) {
    searcher = createSearcher(index);
    searchers.set(index, searcher);
  }
  return searcher;
}

/** Unit-length TF-IDF vectors of documents as posting lists: parallel number arrays per term (no object per posting). */
interface Postings {
  docs: Map<string, number[]>;
  weights: Map<string, number[]>;
}

function addDocument(index: DescriptionIndex, doc: DescriptionDocument, number: number, into: Postings): void {
  let norm = 0;
  const weights = doc.terms.map(([term, count]) => {
    const w = count * inverseDocumentFrequency(index, term);
    norm += w * w;
    return w;
  });
  norm = Math.sqrt(norm) || 1;
  doc.terms.forEach(([term], i) => {
    let docs = into.docs.get(term);
    let list = into.weights.get(term);
    if (docs === undefined || list === undefined) {
      into.docs.set(term, (docs = []));
      into.weights.set(term, (list = []));
    }
    docs.push(number);
    list.push(weights[i]! / norm);
  });
}

function createSearcher(index: DescriptionIndex): DescriptionSearcher {
  const postings: Postings = { docs: new Map(), weights: new Map() };
  index.docs.forEach((doc, i) => addDocument(index, doc, i, postings));
  return {
    index,
    search(queryTerms, options = {}) {
      const query = [...countTerms(queryTerms)].map(([term, count]) => [term, count * inverseDocumentFrequency(index, term)] as const);
      const norm = Math.sqrt(query.reduce((sum, [, w]) => sum + w * w, 0));
      if (norm === 0) return [];
      const extra = options.extra ?? [];
      const extraPostings: Postings = { docs: new Map(), weights: new Map() };
      extra.forEach((doc, i) => addDocument(index, doc, index.docs.length + i, extraPostings));
      const total = index.docs.length + extra.length;
      const scores = new Float64Array(total);
      const shared = new Uint16Array(total);
      const touched: number[] = [];
      for (const [term, w] of query) {
        for (const lists of [postings, extraPostings]) {
          const docs = lists.docs.get(term);
          const weights = lists.weights.get(term);
          if (docs === undefined || weights === undefined) continue;
          for (let k = 0; k < docs.length; k++) {
            const doc = docs[k]!;
            if (shared[doc] === 0) touched.push(doc);
            shared[doc]!++;
            scores[doc]! += (w / norm) * weights[k]!;
          }
        }
      }
      const minShared = options.minShared ?? 1;
      const minSimilarity = options.minSimilarity ?? 0;
      const docOf = (doc: number): DescriptionDocument => (doc < index.docs.length ? index.docs[doc]! : extra[doc - index.docs.length]!);
      const queryWeight = new Map(query);
      return touched
        .filter((doc) => shared[doc]! >= minShared && scores[doc]! >= minSimilarity)
        .filter((doc) => options.exclude === undefined || doc >= index.docs.length || !options.exclude.has(index.docs[doc]!.id))
        .filter((doc) => options.anyOf === undefined || docOf(doc).terms.some(([term]) => options.anyOf!.has(term)))
        .sort((a, b) => scores[b]! - scores[a]! || compareStrings(docOf(a).id, docOf(b).id))
        .slice(0, options.limit ?? 10)
        .map((doc) => {
          const { id, terms } = docOf(doc);
          // The shared words, heaviest query weight first (the order the reason quotes them in).
          const words = terms.map(([term]) => term).filter((term) => queryWeight.has(term));
          words.sort((a, b) => queryWeight.get(b)! - queryWeight.get(a)! || compareStrings(a, b));
          return { id, similarity: Math.round(scores[doc]! * 1000) / 1000, shared: words };
        });
    },
  };
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
