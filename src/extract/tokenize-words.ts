import { PorterStemmer } from 'natural/lib/natural/stemmers/index.js';

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

const WORD = /[A-Za-z0-9][A-Za-z0-9_'’-]*/g;

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
    const between = sentence.slice(last, m.index);
    if (/[,;:()]/.test(between)) boundary = true;
    last = m.index + m[0].length;
    const word = m[0].slice(0, 64).toLowerCase().replace(/’/g, "'");
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

/** Stem one word; negations keep their shape so NEGATIONS can find them. */
export function stem(word: string): string {
  const lower = word.toLowerCase();
  const known = STEMS.get(lower);
  if (known !== undefined) return known;
  const stemmed = NEGATIONS.has(lower) || /n't$/.test(lower) || !/^[a-z]+$/.test(lower) ? lower : PorterStemmer.stem(lower);
  // Reports repeat their words; the Porter stemmer is the costly part of tokenising.
  if (STEMS.size < MAX_STEMS) STEMS.set(lower, stemmed);
  return stemmed;
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
export const NEGATION_WINDOW = 3;

/**
 * Whether the words before `index` negate the word at `index`: a negation word, then at most
 * NEGATION_WINDOW filler words, and no clause boundary in between.
 */
export function isNegatedAt(tokens: readonly WordToken[], index: number): boolean {
  return findNegation(tokens, index) !== -1;
}

/** The index of the negation word that negates the word at `index` (see isNegatedAt), or -1. */
export function findNegation(tokens: readonly WordToken[], index: number): number {
  for (let k = index - 1; k >= 0 && k >= index - 1 - NEGATION_WINDOW; k--) {
    if (tokens[k + 1]!.afterBoundary) return -1;
    const token = tokens[k]!;
    if (isNegation(token)) return k;
    if (!NEGATION_FILLERS.has(token.stem)) return -1;
  }
  return -1;
}
