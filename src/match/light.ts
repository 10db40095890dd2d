/**
 * match/'s light door: what a loader needs on every run's start-up path without the rest of the
 * matcher (the tokenizer, the stemmer, the rule compiler): the description index's search over
 * posting lists (src/io/precomputed-descriptions.ts builds one from the build's precomputed form).
 */
export { buildPostingLists, postingSearcher, type DescriptionSearcher, type DescriptionStats, type PostingLists, type SearchOptions } from './posting-lists.js';
export type { DescriptionDocument, DescriptionHit, DescriptionIndex } from './description-index.js';
