// natural's Porter stemmer module on its own: `natural/lib/natural/stemmers/index.js` loads every
// stemmer natural ships (a dozen languages, ~50 ms of start-up), the triage path needs only this one.
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  import type { Stemmer } from 'natural/lib/natural/stemmers/index.js';

  const PorterStemmer: Stemmer;
  export default PorterStemmer;
}
