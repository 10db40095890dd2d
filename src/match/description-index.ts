import { words as stopwords } from 'natural/lib/natural/util/stopwords.js';
import { stem, tokenizeWords } from '../extract/index.js';
import { buildPostingLists, countTerms, inverseDocumentFrequency, postingSearcher, type DescriptionSearcher, type DescriptionStats } from './posting-lists.js';

export { buildPostingLists, countTerms, inverseDocumentFrequency, postingSearcher, type DescriptionSearcher, type DescriptionStats, type PostingLists, type SearchOptions } from './posting-lists.js';

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
  /** The files the fix touches (the record's `programFiles`); empty when unknown. */
  files: readonly string[];
}

/**
 * The description index of a CVE pack and the records its documents are (by CVE id): the index as
 * built or parsed (searched through descriptionSearcher), or its idf statistics and a searcher over
 * precomputed posting lists (src/io/precomputed-descriptions.ts).
 */
export type DescriptionPack = DescriptionPackParts & ({ index: DescriptionIndex; searcher?: undefined } | { index: DescriptionStats; searcher: DescriptionSearcher });

interface DescriptionPackParts {
  records: ReadonlyMap<string, DescriptionRecord>;
  /**
   * Documents that stand in for the index's documents of the same id (scored with the index's idf):
   * a record's text other than the one the index was built from. The leave-one-out evaluation
   * (scripts/eval-cves) gives a record whose log it withholds its message without the log.
   */
  replaced?: readonly DescriptionDocument[];
}

/** The searcher of a pack: its precomputed one, else the one built from its index. */
export function packSearcher(pack: DescriptionPack): DescriptionSearcher {
  return pack.searcher === undefined ? descriptionSearcher(pack.index) : pack.searcher;
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
  eachDescriptionTerm(text, (term) => terms.push(term));
  return terms;
}

/**
 * descriptionTerms' terms of a text, in order, one call each, without a list of them: a 1 MB
 * report's prose has about 150,000 (issue 12: its query held them all, in an array and in copies).
 *
 * @example
 * eachDescriptionTerm('fstrim blocks suspend', (term) => counts.set(term, (counts.get(term) ?? 0) + 1));
 */
export function eachDescriptionTerm(text: string, visit: (term: string) => void): void {
  // Tokenised a piece at a time: the word tokens of a whole 1 MB report at once were about 12 MB
  // held together (issue 12). The pieces end where no word can (wordPieceEnd), so the words and
  // their order are the same as from the whole text.
  for (let start = 0; start < text.length; ) {
    const end = wordPieceEnd(text, start + TOKENIZED_PIECE);
    for (const token of tokenizeWords(end - start === text.length ? text : text.slice(start, end))) {
      const term = token.stem.replace(/['’]s?$/, '');
      if (term.length < 2 || term.length > 48 || MEANINGLESS.test(term) || NOISE_WORDS.has(term)) continue;
      if (!term.includes('_') && digitCount(term) >= MAX_DIGITS) continue;
      visit(term);
    }
    start = end;
  }
}

/**
 * The terms of texts joined by line breaks (`descriptionTerms(texts.join('\n'))`) counted, in the
 * order each first occurs, without the joined text or a list of the terms: no word spans a line
 * break, so each text's terms are the joined text's in turn.
 *
 * @example
 * [...countDescriptionTerms(['fstrim blocks', 'fstrim hangs'])] // => [['fstrim', 2], ['block', 1], ['hang', 1]]
 */
export function countDescriptionTerms(texts: readonly string[], visit?: (term: string) => void): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    eachDescriptionTerm(text, (term) => {
      counts.set(term, (counts.get(term) ?? 0) + 1);
      visit?.(term);
    });
  }
  return counts;
}

/** Characters of text tokenised at once by descriptionTerms. */
const TOKENIZED_PIECE = 16_384;

/** The first index from `from` on whose character no word holds (tokenizeWords' words: letters, digits, `_`, `'`, `’`), or the text's end. */
function wordPieceEnd(text: string, from: number): number {
  let i = Math.min(from, text.length);
  while (i < text.length && WORD_CHARACTER.test(text[i]!)) i++;
  return i;
}

const WORD_CHARACTER = /[A-Za-z0-9_'’]/;

function digitCount(term: string): number {
  let digits = 0;
  for (let i = 0; i < term.length; i++) {
    const c = term.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  return digits;
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
    searcher = postingSearcher(index, buildPostingLists(index, index.docs));
    searchers.set(index, searcher);
  }
  return searcher;
}

