// natural ships no declaration for its stop-word list alone; its util/index.js (which has one) also
// loads the storage backends (Redis, PostgreSQL clients), which the core must not pay for.
declare module 'natural/lib/natural/util/stopwords.js' {
  /** natural's English stop words, lower case. */
  export const words: string[];
}
