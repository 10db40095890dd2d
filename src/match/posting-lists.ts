import type { DescriptionDocument, DescriptionHit, DescriptionIndex } from './description-index.js';

/*
 * Search over posting lists of unit-length TF-IDF document vectors (description-index.ts says what
 * the vectors are). Its own module, importing nothing at run time, so the loader of a pack's
 * precomputed postings (src/io/precomputed-descriptions.ts) can build a searcher without loading
 * the tokenizer and the stemmer on every run's start-up path.
 */

/** Term counts of a list of terms. */
export function countTerms(terms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

/** natural's TfIdf idf: 1 + ln(N / (1 + df)); a term no document has gets the largest value. */
export function inverseDocumentFrequency(index: Pick<DescriptionIndex, 'documents' | 'df'>, term: string): number {
  return Math.max(0, 1 + Math.log(Math.max(1, index.documents) / (1 + (index.df.get(term) ?? 0))));
}

/** An index prepared for search: unit-length document vectors in posting lists. */
export interface DescriptionSearcher {
  /** The document count and frequencies the query's idf is computed with. */
  readonly index: DescriptionStats;
  /** The query is its terms, or its terms already counted (countTerms: each term once, in the order it first occurs). */
  search(queryTerms: readonly string[] | ReadonlyMap<string, number>, options?: SearchOptions): DescriptionHit[];
}

/** What idf needs: the document count and the document frequencies. */
export type DescriptionStats = Pick<DescriptionIndex, 'documents' | 'df'>;

export interface SearchOptions {
  /** At most this many hits (default 10). */
  limit?: number;
  /** Hits below this similarity are left out (default 0). */
  minSimilarity?: number;
  /** Hits sharing fewer terms with the query are left out (default 1). */
  minShared?: number;
  /**
   * When given, only documents sharing at least one of these terms with the query (a trace's
   * function names, which the query holds) are hits.
   */
  anyOf?: ReadonlySet<string>;
  /** Documents (by id) that are hits without sharing an `anyOf` term: those other evidence names. */
  admit?: ReadonlySet<string>;
  /** Extra documents scored with the same idf (a maintainer's rules, which the shipped index does not hold). */
  extra?: readonly DescriptionDocument[];
  /** Documents of the index left out (by id): those an `extra` document stands in for. */
  exclude?: ReadonlySet<string>;
}

/**
 * Unit-length TF-IDF document vectors by term: for each term, the documents that keep it and the
 * term's weight in each (already divided by the document's norm). Built from an index at run time
 * (descriptionSearcher), or read from the precomputed form `npm run build` writes (src/io).
 */
export interface PostingLists {
  /** How many documents there are (numbered 0..size-1). */
  readonly size: number;
  /** A document's id. */
  id(doc: number): string;
  /** The postings of a term, or undefined when no document keeps it. */
  list(term: string): { docs: ArrayLike<number>; weights: ArrayLike<number> } | undefined;
}

/**
 * The posting lists of documents, weighed with `stats` (the index's idf): what a searcher reads,
 * and what the precomputed form stores.
 */
export function buildPostingLists(stats: DescriptionStats, docs: readonly DescriptionDocument[], first = 0): PostingLists & { terms(): IterableIterator<string> } {
  const byTerm = new Map<string, { docs: number[]; weights: number[] }>();
  docs.forEach((doc, i) => {
    let norm = 0;
    const weights = doc.terms.map(([term, count]) => {
      const w = count * inverseDocumentFrequency(stats, term);
      norm += w * w;
      return w;
    });
    norm = Math.sqrt(norm) || 1;
    doc.terms.forEach(([term], k) => {
      let list = byTerm.get(term);
      if (list === undefined) byTerm.set(term, (list = { docs: [], weights: [] }));
      list.docs.push(first + i);
      list.weights.push(weights[k]! / norm);
    });
  });
  return { size: docs.length, id: (doc) => docs[doc - first]!.id, list: (term) => byTerm.get(term), terms: () => byTerm.keys() };
}

/** A searcher over posting lists, the query weighed with `stats`. */
export function postingSearcher(stats: DescriptionStats, postings: PostingLists): DescriptionSearcher {
  return {
    index: stats,
    search(queryTerms, options = {}) {
      const counts = Array.isArray(queryTerms) ? countTerms(queryTerms as readonly string[]) : (queryTerms as ReadonlyMap<string, number>);
      const query = [...counts].map(([term, count]) => [term, count * inverseDocumentFrequency(stats, term)] as const);
      const norm = Math.sqrt(query.reduce((sum, [, w]) => sum + w * w, 0));
      if (norm === 0) return [];
      const extra = options.extra ?? [];
      const extraPostings = buildPostingLists(stats, extra, postings.size);
      const total = postings.size + extra.length;
      // Per document, typed arrays rather than a list of shared terms each (issue 12: a report's
      // prose touches most of the 14,000 documents): its score, how many query terms it shares,
      // whether one of them is an `anyOf` term. The shared terms are listed for the hits alone.
      const scores = new Float64Array(total);
      const sharedCount = new Uint32Array(total);
      const sharesAnyOf = new Uint8Array(options.anyOf === undefined ? 0 : total);
      for (const [term, w] of query) {
        const required = options.anyOf?.has(term) ?? false;
        for (const lists of [postings, extraPostings]) {
          const list = lists.list(term);
          if (list === undefined) continue;
          const { docs, weights } = list;
          for (let k = 0; k < docs.length; k++) {
            const doc = docs[k]!;
            sharedCount[doc]!++;
            if (required) sharesAnyOf[doc] = 1;
            scores[doc]! += (w / norm) * weights[k]!;
          }
        }
      }
      const minShared = Math.max(1, options.minShared ?? 1);
      const minSimilarity = options.minSimilarity ?? 0;
      const idOf = (doc: number): string => (doc < postings.size ? postings.id(doc) : extraPostings.id(doc));
      const candidates: number[] = [];
      for (let doc = 0; doc < total; doc++) {
        if (sharedCount[doc]! < minShared || scores[doc]! < minSimilarity) continue;
        if (options.exclude !== undefined && doc < postings.size && options.exclude.has(postings.id(doc))) continue;
        if (options.anyOf !== undefined && sharesAnyOf[doc] === 0 && !(options.admit?.has(idOf(doc)) ?? false)) continue;
        candidates.push(doc);
      }
      const hits = candidates.sort((a, b) => scores[b]! - scores[a]! || compareStrings(idOf(a), idOf(b))).slice(0, options.limit ?? 10);
      const sharedTerms = new Map(hits.map((doc) => [doc, [] as string[]]));
      for (const [term] of query) {
        for (const lists of [postings, extraPostings]) {
          const docs = lists.list(term)?.docs;
          if (docs !== undefined) for (let k = 0; k < docs.length; k++) sharedTerms.get(docs[k]!)?.push(term);
        }
      }
      const queryWeight = new Map(query);
      return hits.map((doc) => {
        // The shared words, heaviest query weight first (the order the reason quotes them in).
        const words = sharedTerms.get(doc)!.sort((a, b) => queryWeight.get(b)! - queryWeight.get(a)! || compareStrings(a, b));
        return { id: idOf(doc), similarity: Math.round(scores[doc]! * 1000) / 1000, shared: words };
      });
    },
  };
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
