import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { ownCopy } from './own-copy.js';

/** A word of a sentence: its Porter stem (lower case) and its offsets in the sentence. */
export interface WordToken {
  stem: string;
  start: number;
  end: number;
  /** A clause boundary (`,` `;` `:` `but` ...) came right before this word. */
  afterBoundary: boolean;
  /** The conjunction that opened the clause right before this word ("although" in "(although not with thinp)"). */
  boundaryWord: string | null;
}

/**
 * Words that carry no meaning for fact phrases: dropped before phrase matching so that
 * "resized the metadata device" matches the phrase "resize metadata".
 */
const STOP_WORDS = new Set([
  'a', 'an', 'the', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'it', 'its', 'of', 'any', 'some',
  'our', 'my', 'your', 'their', 'his', 'her', 'this', 'these', 'those', 'also', 'still', 'just', 'all',
]);

/** Words after which a negation no longer reaches ("we never resized it, but discards are on"). */
const BOUNDARY_WORDS = new Set(['but', 'however', 'although', 'though', 'yet', 'whereas', 'while']);

/** A hyphen joins words, it does not make one: "thin-provisioned" is "thin provisioned", "non-thin" is "non thin". */
const WORD = /[A-Za-z0-9][A-Za-z0-9_'’]*/g;

/**
 * Split a sentence into stemmed words (natural's Porter stemmer), stop words dropped, clause
 * boundaries marked. Linear; words are cut at 64 characters.
 *
 * @example
 * tokenizeWords('No, we never resized it').map((t) => t.stem)
 * // => ['no', 'we', 'never', 'resiz']
 */
export function tokenizeWords(sentence: string): WordToken[] {
  const tokens: WordToken[] = [];
  let boundary = false;
  let boundaryWord: string | null = null;
  let last = 0;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(sentence); m; m = WORD.exec(sentence)) {
    // Read in place: a slice, a lower-cased copy and a replace per word were most of the cost.
    if (hasBoundaryMark(sentence, last, m.index)) boundary = true;
    last = m.index + m[0].length;
    const lowered = (m[0].length > 64 ? m[0].slice(0, 64) : m[0]).toLowerCase();
    const word = lowered.includes('’') ? lowered.replace(/’/g, "'") : lowered;
    if (BOUNDARY_WORDS.has(word)) {
      boundary = true;
      boundaryWord = word;
      continue;
    }
    if (STOP_WORDS.has(word)) continue;
    tokens.push({ stem: stem(word), start: m.index, end: last, afterBoundary: boundary, boundaryWord });
    boundary = false;
    boundaryWord = null;
  }
  return tokens;
}

/** Whether `s[from, to)` holds a clause mark: `,` `;` `:` `(` `)`. */
function hasBoundaryMark(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 44 || c === 59 || c === 58 || c === 40 || c === 41) return true;
  }
  return false;
}

/** Stem one word; negations keep their shape so NEGATIONS can find them. */
export function stem(word: string): string {
  const lower = word.toLowerCase();
  const known = STEMS.get(lower);
  if (known !== undefined) return known;
  if (STEMS.size >= MAX_STEMS) return stemOf(lower);
  // Reports repeat their words; the Porter stemmer is the costly part of tokenising. The cache
  // outlives the report: key and stem must not be views into the report's text (own-copy.ts).
  const key = ownCopy(lower);
  const stemmed = stemOf(key);
  STEMS.set(key, stemmed);
  return stemmed;
}

function stemOf(lower: string): string {
  return NEGATIONS.has(lower) || /n't$/.test(lower) || !/^[a-z]+$/.test(lower) ? lower : PorterStemmer.stem(lower);
}

const STEMS = new Map<string, string>();
const MAX_STEMS = 50_000;

/** Words that deny what follows them. */
export const NEGATIONS = new Set([
  'no', 'not', 'never', 'without', 'nor', 'neither', 'none', 'nothing', 'cannot', 'nobody', 'nowhere', 'non',
  // Verbs that undo what follows: "stopped fstrim", "disabled discard", "removed the discard option".
  'stopped', 'disabled', 'removed', 'dropped', 'unset', 'masked',
]);

/** Is this token a negation word ("never", "didn't", "without")? */
export function isNegation(token: WordToken): boolean {
  return NEGATIONS.has(token.stem) || token.stem.endsWith("n't");
}

/**
 * Words that may stand between a negation and what it denies: "not with thinp", "don't use
 * discard", "never had discards enabled". Any other word ends the negation's reach, so "did not
 * recreate the thin pool" does not deny the thin pool.
 */
const NEGATION_FILLERS = new Set(['with', 'use', 'us', 'using', 'have', 'ha', 'had', 'enabl', 'run', 'do', 'did', 'doe', 'on', 'in', 'there', 'we', 'i', 'ever', 'even', 'actual', 'realli', 'onli', 'anymor', 'longer', 'more', 'time']);

/** How many filler words may separate a negation from the phrase it denies. */
const NEGATION_WINDOW = 3;

/**
 * The index of the negation word that negates the word at `index`, or -1: a negation word, then
 * at most NEGATION_WINDOW filler words, and no clause boundary in between. A negation reaches
 * every item of an "or" list ("don't use LVM or encryption", "no RAID, thin pool or encryption"):
 * an item after "or" (or after a comma of such a list) is negated when the item before it, one or
 * two words long, is.
 */
export function findNegation(tokens: readonly WordToken[], index: number): number {
  return findNegationIn(tokens, index, 0);
}

function findNegationIn(tokens: readonly WordToken[], index: number, listDepth: number): number {
  for (let k = index - 1; k >= 0 && k >= index - 1 - NEGATION_WINDOW; k--) {
    // `index` may be tokens.length: a regex hit after the last word ("dſ": no word token at all).
    const next = tokens[k + 1];
    if (next?.afterBoundary) return listDepth > 0 && next.boundaryWord === null ? findListNegation(tokens, k + 1, listDepth) : -1;
    const token = tokens[k]!;
    if (isNegation(token)) return k;
    if (token.stem === 'or') return findListNegation(tokens, k, listDepth);
    if (!NEGATION_FILLERS.has(token.stem)) return -1;
  }
  return -1;
}

/** At most this many earlier items of an "or" list are looked past. */
const MAX_LIST_ITEMS = 4;

/** The negation of the list item (one or two words) that ends right before `separator` ("or", or the word after a comma). */
function findListNegation(tokens: readonly WordToken[], separator: number, listDepth: number): number {
  if (listDepth >= MAX_LIST_ITEMS) return -1;
  for (let first = separator - 1; first >= 0 && first >= separator - 2; first--) {
    if (first < separator - 1 && tokens[first + 1]!.afterBoundary) break; // a two-word item lies in one clause
    const negation = findNegationIn(tokens, first, listDepth + 1);
    if (negation !== -1) return negation;
  }
  return -1;
}
