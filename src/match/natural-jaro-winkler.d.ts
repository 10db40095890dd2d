// natural's Jaro-Winkler module on its own: `natural/lib/natural/distance/index.js` also loads the
// Levenshtein, Dice and Hamming modules (a few ms of every cold triage); the fuzzy index needs only this one.
declare module 'natural/lib/natural/distance/jaro-winkler_distance.js' {
  import type { JaroWinklerDistance } from 'natural/lib/natural/distance/index.js';

  const distance: typeof JaroWinklerDistance;
  export default distance;
}
