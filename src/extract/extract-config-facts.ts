import { RE2JS, RE2Set } from 're2js';
import type { Automaton } from './aho-corasick.js';
import { LiteralIndex } from './literal-index.js';
import type { ConfigFact, Confidence, Evidence, FactDefinition, FactStatement, FactValue } from '../model.js';
import { canonicalizeLogLine } from './canonicalize-log-line.js';
import { eachLvsTable } from './read-lvs-table.js';
import { readMountLines } from './read-mount-lines.js';
import { readSetupLines } from './read-setup-lines.js';
import { requiredLiterals } from './required-literal.js';
import type { ReportText, Sentence } from './segment-report.js';
import { findNegation, isNegation, tokenizeWords, type WordToken } from './tokenize-words.js';
import { TextMemo } from './text-memo.js';

/** A statement about one fact, before history is built. */
interface Claim extends FactStatement {
  factId: string;
  /** Report order: text index, then offset. */
  order: number;
  offset: number;
  /** What the machine itself printed (an lvs row, a mount line, a kernel log line), not what someone wrote. */
  shown?: boolean;
}

/** How sure each kind of statement is. */
const CONFIDENCE = {
  structural: 1, // read off lvs / mount output
  code: 0.8, // a regex hit in pasted command output or a kernel log line
  prose: 0.6, // a phrase in the reporter's prose
  answer: 0.7, // "No" to a quoted question
  negatedProse: 0.55,
} as const satisfies Record<string, Confidence>;

/**
 * Kernel log lines are matched against fact regexes once per distinct canonical message, and only
 * the first ones: RE2 is linear but slow in JS (a few MB/s), and the facts a log shows (filesystem,
 * raid level, dm-crypt) appear in its first distinct lines.
 */
const MAX_LOG_LINES_FOR_FACTS = 200;
/** Kernel log lines looked at for facts, per report: the first few thousand show the setup. */
const MAX_LOG_LINES_SCANNED = 3000;
/** Total characters of a report run through RE2 (prose, code lines, log lines); the rest is skipped. */
const REGEX_BUDGET = 1_000_000;
/** Structural statements (lvs rows, mount lines) kept per text. */
const MAX_STRUCTURAL_CLAIMS = 64;
/** A single statement longer than this is cut for regex matching. */
const MAX_STATEMENT = 2000;

/**
 * The configuration facts a report states, driven by the vocabulary (rules/facts.yml): phrases
 * (stemmed, negation flips booleans) and RE2 regexes on the reporter's sentences, regexes on pasted
 * command output and kernel log lines, structural readers (lvs tables, mount lines), and answers to
 * quoted questions. The latest statement wins; the history keeps every change of value in report
 * order. Others' comments are not statements about the reporter's system and are not read here.
 *
 * @example
 * extractConfigFacts(segmentReport(report), vocabulary).discards
 * // => { value: false, history: [{ value: true, ... }, { value: false, ... }], ... }
 */
export function extractConfigFacts(texts: readonly ReportText[], vocabulary: readonly FactDefinition[]): Record<string, ConfigFact> {
  try {
    return readConfigFacts(texts, vocabulary);
  } finally {
    // The memos hold views into this report's text: forgotten with the report.
    READ_WITH_REGEXES.clear();
    READ_WITHOUT_REGEXES.clear();
  }
}

function readConfigFacts(texts: readonly ReportText[], vocabulary: readonly FactDefinition[]): Record<string, ConfigFact> {
  const compiled = compileVocabulary(vocabulary);
  const claims: Claim[] = [];
  const budget = { left: REGEX_BUDGET };
  const seenLogMessages = new Set<string>();
  const seenRaw = new Set<string>();
  let logLinesRead = 0;
  texts.forEach((text, order) => {
    if (!text.byReporter) return;
    for (const sentence of text.sentences) if (text.byReporterAt(sentence.line)) append(claims, readSentence(text, order, sentence, compiled, budget));
    // Listings (module lists, lsmod) say what is loaded, not what the setup is: they assert nothing.
    for (const line of text.codeLines) {
      if (text.byReporterAt(line) && !text.listingLines.has(line)) append(claims, readCodeLine(text, order, line, compiled, budget));
    }
    for (const log of text.logLines) {
      if (logLinesRead >= MAX_LOG_LINES_SCANNED || seenLogMessages.size >= MAX_LOG_LINES_FOR_FACTS) break;
      logLinesRead++;
      if (log.quoteDepth > 0 || !text.byReporterAt(log.line) || text.listingLines.has(log.line) || seenRaw.has(log.message)) continue;
      seenRaw.add(log.message);
      const canonical = canonicalizeLogLine(log.message);
      if (seenLogMessages.has(canonical)) continue;
      seenLogMessages.add(canonical);
      for (const hit of matchRegexes(compiled, log.message, budget)) {
        const shown = claim(hit.factId, hit.value, text, order, { line: log.line, start: log.start, end: log.end, quote: log.quote }, CONFIDENCE.code);
        shown.shown = true;
        claims.push(shown);
      }
    }
    append(claims, readStructures(text, order, compiled.ids));
  });
  return buildFacts(claims, compiled);
}

// ---------------------------------------------------------------------------------------------
// The compiled vocabulary
// ---------------------------------------------------------------------------------------------

interface CompiledPhrase {
  factId: string;
  value: FactValue;
  stems: string[];
  /** The phrase itself contains a negation ("without discards"): never flipped again. */
  negative: boolean;
}

interface CompiledVocabulary {
  ids: Map<string, FactDefinition>;
  /** First stem -> phrases starting with it. */
  phrases: Map<string, CompiledPhrase[]>;
  /**
   * Every regex of the vocabulary, in vocabulary order (a hit's index). Each is compiled the first
   * time a text could match it: compiling all of them and running them as one RE2 set cost more
   * than the rest of a triage (RE2 builds its programs and DFA states in JS), while a report names
   * only a few of the facts.
   */
  patterns: VocabularyPattern[];
  /**
   * The lower-case literals of which every match of a pattern contains one (one for most patterns;
   * one per branch of an alternation, one per member of a small class), in one automaton (see foldCase).
   */
  literals: Automaton;
  /** literalPatterns[literal] = the patterns that require it (or it among others). */
  literalPatterns: number[][];
  /**
   * Patterns without such literals (a short word, an alternation with a bare branch): tried on
   * every text, in one RE2 set pass per text. The bundled vocabulary has none: a set pass on every
   * sentence, code line and log line cost a cold triage ~25 ms for four patterns (issue 10, item 4).
   */
  always: number[];
  /**
   * The `always` patterns in one RE2 set (one linear pass per text finds which of them match),
   * built on first use; null when there are none or RE2 refuses the set.
   */
  alwaysSet?: { set: RE2Set; patterns: number[] } | null;
}

interface VocabularyPattern {
  factId: string;
  value: FactValue;
  source: string;
  /** undefined until first needed; null when RE2 refuses it (the schema reports those). */
  regex?: RE2JS | null;
}

/**
 * A literal this short still rules out nearly every line ("xfs", "kvm"); the automaton makes the
 * number of literals free, so short ones are worth it here (compile-rules uses MIN_LITERAL).
 */
const MIN_VOCABULARY_LITERAL = 3;

const cache = new WeakMap<readonly FactDefinition[], CompiledVocabulary>();

function compileVocabulary(vocabulary: readonly FactDefinition[]): CompiledVocabulary {
  const cached = cache.get(vocabulary);
  if (cached) return cached;
  const ids = new Map(vocabulary.map((f) => [f.id, f]));
  const phrases = new Map<string, CompiledPhrase[]>();
  const patterns: VocabularyPattern[] = [];
  const literalIndex = new LiteralIndex<number>();
  const always: number[] = [];
  for (const fact of vocabulary) {
    for (const pattern of fact.patterns) {
      for (const phrase of pattern.phrases) {
        const tokens = tokenizeWords(phrase);
        if (tokens.length === 0) continue;
        const entry = { factId: fact.id, value: pattern.value, stems: tokens.map((t) => t.stem), negative: tokens.some(isNegation) };
        const list = phrases.get(entry.stems[0]!) ?? [];
        list.push(entry);
        phrases.set(entry.stems[0]!, list);
      }
      for (const source of pattern.regexes) {
        const index = patterns.length;
        patterns.push({ factId: fact.id, value: pattern.value, source });
        const literals = caseFoldedLiterals(source);
        if (literals === null) {
          always.push(index);
          continue;
        }
        literalIndex.file(literals, index);
      }
    }
  }
  const { automaton, items } = literalIndex.build();
  const result = { ids, phrases, patterns, literals: automaton, literalPatterns: items, always };
  cache.set(vocabulary, result);
  return result;
}

/**
 * The required literals of a vocabulary regex (matched case-insensitively: one of them is in every
 * match), folded with foldCase; null when it has none or one holds a non-ASCII character (Unicode
 * case folding is not one-to-one: the pattern is then tried on every text rather than risk a
 * missed match).
 */
function caseFoldedLiterals(source: string): string[] | null {
  const literals = requiredLiterals(source, MIN_VOCABULARY_LITERAL);
  if (literals === null || literals.some((literal) => /[^ -~]/.test(literal))) return null;
  return [...new Set(literals.map((literal) => literal.toLowerCase()))];
}

/**
 * A text folded so that it contains a pattern's folded literal whenever RE2's case-insensitive match
 * could find the pattern: ASCII letters lower-cased, and the two non-ASCII letters RE2 folds onto
 * ASCII ones (U+017F long s, U+212A Kelvin sign). Only a prefilter: a false candidate costs a regex
 * run, never a wrong answer.
 */
function foldCase(text: string): string {
  const lower = text.toLowerCase();
  return lower.includes('\u017f') ? lower.replaceAll('\u017f', 's') : lower;
}

/** The vocabulary regex, compiled on first use (case-insensitive, as the vocabulary is written). */
function regexOf(pattern: VocabularyPattern): RE2JS | null {
  if (pattern.regex === undefined) {
    try {
      pattern.regex = RE2JS.compile(pattern.source, RE2JS.CASE_INSENSITIVE);
    } catch {
      // Patterns that do not compile are reported by the schema; here they never match.
      pattern.regex = null;
    }
  }
  return pattern.regex;
}

/** The patterns whose literal occurs in the text, in vocabulary order. */
function literalCandidates(compiled: CompiledVocabulary, text: string): number[] {
  const found: number[] = [];
  compiled.literals.search(foldCase(text), (literal) => {
    for (const index of compiled.literalPatterns[literal]!) if (!found.includes(index)) found.push(index);
  });
  return found.sort((a, b) => a - b);
}

/** The patterns without a literal that match the text, in vocabulary order (one RE2 set pass). */
function alwaysMatches(compiled: CompiledVocabulary, text: string): number[] {
  if (compiled.always.length === 0) return [];
  if (compiled.alwaysSet === undefined) {
    const set = new RE2Set(RE2Set.UNANCHORED, RE2JS.CASE_INSENSITIVE);
    const patterns: number[] = [];
    for (const index of compiled.always) {
      try {
        set.add(compiled.patterns[index]!.source);
        patterns.push(index);
      } catch {
        // Reported by the schema; never matches here.
      }
    }
    try {
      set.compile();
      compiled.alwaysSet = patterns.length === 0 ? null : { set, patterns };
    } catch {
      compiled.alwaysSet = null;
    }
  }
  if (compiled.alwaysSet === null) return compiled.always.filter((index) => regexOf(compiled.patterns[index]!)?.test(text) ?? false);
  const { set, patterns } = compiled.alwaysSet;
  return set
    .match(text)
    .map((i) => patterns[i]!)
    .sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------------------------

interface Hit {
  factId: string;
  value: FactValue;
  /** Offset of the match within the matched string. */
  at: number;
}

/**
 * The facts a text's regexes assert, in vocabulary order: only the patterns whose literal the text
 * contains run; when the caller needs to know where (prose, for negation), the match is located,
 * else only tested. At most MAX_STATEMENT characters of the text are read.
 */
function matchRegexes(compiled: CompiledVocabulary, input: string, budget: { left: number }, locate = false): Hit[] {
  if (compiled.patterns.length === 0 || budget.left <= 0) return [];
  const text = input.length > MAX_STATEMENT ? input.slice(0, MAX_STATEMENT) : input;
  budget.left -= text.length;
  const matched = new Set(alwaysMatches(compiled, text));
  const candidates = literalCandidates(compiled, text);
  const order = matched.size === 0 ? candidates : [...candidates, ...matched].sort((a, b) => a - b);
  const hits: Hit[] = [];
  for (const index of order) {
    const pattern = compiled.patterns[index]!;
    let at = 0;
    if (locate || !matched.has(index)) {
      const regex = regexOf(pattern);
      if (regex === null) continue;
      if (locate) {
        const matcher = regex.matcher(text);
        if (!matcher.find()) continue;
        budget.left -= text.length;
        at = matcher.start();
      } else if (!regex.test(text)) continue;
    }
    hits.push({ factId: pattern.factId, value: pattern.value, at });
  }
  return hits;
}

function matchPhrases(compiled: CompiledVocabulary, tokens: readonly WordToken[]): Array<{ phrase: CompiledPhrase; index: number }> {
  const hits: Array<{ phrase: CompiledPhrase; index: number }> = [];
  for (let index = 0; index < tokens.length; index++) {
    const starting = compiled.phrases.get(tokens[index]!.stem);
    if (starting === undefined) continue;
    for (const phrase of starting) if (phraseAt(tokens, index, phrase.stems)) hits.push({ phrase, index });
  }
  return hits;
}

/** Whether the tokens from `index` on are the phrase's stems. */
function phraseAt(tokens: readonly WordToken[], index: number, stems: readonly string[]): boolean {
  for (let k = 0; k < stems.length; k++) if (tokens[index + k]?.stem !== stems[k]) return false;
  return true;
}

/** Index of the first token at or after an offset. */
function tokenAt(tokens: readonly WordToken[], offset: number): number {
  const i = tokens.findIndex((t) => t.end > offset);
  return i === -1 ? tokens.length : i;
}

/**
 * What a sentence states, read from its words alone: the facts it names with their values (in the
 * order first named), where it names them, and the regex budget the reading spent. The claims, the
 * evidence and an answer to a quoted question are built from it per sentence.
 */
interface SentenceStatements {
  stated: ReadonlyArray<{ factId: string; value: FactValue; negated: boolean }>;
  /** Token indexes where the sentence speaks of a fact of its own (readAnswer's clauses). */
  mentionedAt: readonly number[];
  /** Characters matchRegexes took off the report's budget. */
  regexCost: number;
}

/**
 * Sentences read before (TextMemo), with the regexes and (the report's regex budget spent)
 * without: a sentence a report repeats is tokenised and matched once. Only the statements are
 * kept, never the sentence's word tokens: those die with the reading (issue 12: a memo of token
 * arrays kept about 12 MB of a 1 MB prose report's tokens alive past a scavenge).
 */
const READ_WITH_REGEXES = new TextMemo<SentenceStatements>(1 << 16);
const READ_WITHOUT_REGEXES = new TextMemo<SentenceStatements>(1 << 16);

function readSentence(text: ReportText, order: number, sentence: Sentence, compiled: CompiledVocabulary, budget: { left: number }): Claim[] {
  // A question asks; it asserts nothing (its answer may, below).
  if (sentence.isQuestion) return [];
  // matchRegexes reads nothing once the budget is spent: the reading then has no regex hits.
  const withRegexes = budget.left > 0;
  const reading = (withRegexes ? READ_WITH_REGEXES : READ_WITHOUT_REGEXES).get(sentence.text, (s) => readStatements(s, compiled, withRegexes));
  budget.left -= reading.regexCost;
  if (reading.stated.length === 0 && !sentence.answerTo) return [];
  const where = { line: sentence.line, start: sentence.start, end: sentence.end, quote: text.text.slice(sentence.start, sentence.end) };
  const claims = reading.stated.map((f) => claim(f.factId, f.value, text, order, where, f.negated ? CONFIDENCE.negatedProse : CONFIDENCE.prose));
  if (sentence.answerTo) {
    const { mentionedAt } = reading;
    const tokens = tokenizeWords(sentence.text);
    const answering = mentionedAt.length === 0 ? tokens : answeringTokens(tokens, mentionedAt);
    const answer = mentionedAt.length === 0 ? sentence.text : answering[0] ? sentence.text.slice(answering[0].start).replace(LEADING_CONJUNCTION, '') : '';
    append(claims, readAnswer(text, order, sentence.answerTo, answer, answering, compiled, budget, where, new Set(reading.stated.map((f) => f.factId))));
  }
  return claims;
}

/** Shared by every sentence that names no fact (callers never change a reading). */
const NONE: readonly never[] = [];

/** The facts a sentence states by its phrases and (withRegexes) its regexes, negation applied. */
function readStatements(s: string, compiled: CompiledVocabulary, withRegexes: boolean): SentenceStatements {
  const tokens = tokenizeWords(s);
  const found = new Map<string, { value: FactValue; negated: boolean; at: number }>();
  // Where the sentence speaks of a fact of its own: those clauses do not answer a quoted question.
  const mentionedAt: number[] = [];
  const record = (factId: string, value: FactValue, index: number, alreadyNegative: boolean): void => {
    const fact = compiled.ids.get(factId);
    if (!fact) return;
    mentionedAt.push(index);
    const negation = alreadyNegative ? -1 : findNegation(tokens, index);
    const negated = negation !== -1;
    // "... used in production for quite some time (although not with thinp)": the negation
    // qualifies earlier use, and says nothing about the setup that fails now.
    if (negated && isAboutEarlierUse(s, tokens[negation]!)) return;
    let stated: FactValue | null = value;
    if (negated) stated = typeof value === 'boolean' ? !value : null; // "not ext4" says nothing
    if (stated === null) return;
    const previous = found.get(factId);
    // Two matches saying the same ("without discards enabled" is "without discards" and a negated
    // "discards enabled"): the plain one is the surer reading.
    if (previous && previous.value === stated) {
      previous.negated &&= negated;
      return;
    }
    // Within one sentence the later mention wins ("with discards ... now without discards"). At
    // the same word the phrase, matched first, says more than a regex's bare word ("discard off").
    if (!previous || previous.at < index) found.set(factId, { value: stated, negated, at: index });
  };
  for (const { phrase, index } of matchPhrases(compiled, tokens)) record(phrase.factId, phrase.value, index, phrase.negative);
  // The report's budget is charged by the caller, with what this reading spent.
  const spent = { left: Number.MAX_SAFE_INTEGER };
  if (withRegexes) for (const hit of matchRegexes(compiled, s, spent, true)) record(hit.factId, hit.value, tokenAt(tokens, hit.at), false);
  const regexCost = Number.MAX_SAFE_INTEGER - spent.left;
  if (found.size === 0 && mentionedAt.length === 0) return { stated: NONE, mentionedAt: NONE, regexCost };
  return { stated: [...found].map(([factId, f]) => ({ factId, value: f.value, negated: f.negated })), mentionedAt, regexCost };
}

/** Conjunctions that open a concessive clause: "(although not with thinp)", "but not with discards". */
const CONCESSIVE = new Set(['although', 'though', 'but']);

/**
 * Words that put a clause in the past or in a stretch of earlier use: "has been known-good for quite
 * some time", "we used to run it", "in the past", "for years". Bare tense ("has been", "was") is not
 * enough: "it has been failing since Monday, but not with discards" is about now.
 */
const EARLIER_USE = /\b(?:for (?:quite |so )?(?:some|a long|a|many|several|a few|the last|the past|over a|over|two|three|\d+) ?(?:time|while|years?|months?|weeks?|ages|decades?)|in the past|previously|formerly|earlier|before(?:hand)?|back then|used to|years ago|months ago|until (?:now|recently|last)|known[- ]good|for years)\b/i;

/**
 * A negated phrase that opens a concessive clause ("although not", "but not") after a clause about
 * earlier use: it describes that earlier time, not the current setup.
 */
function isAboutEarlierUse(sentence: string, negation: WordToken): boolean {
  if (!negation.afterBoundary || negation.boundaryWord === null || !CONCESSIVE.has(negation.boundaryWord)) return false;
  const before = sentence.slice(Math.max(0, negation.start - 300), negation.start);
  return EARLIER_USE.test(before);
}

/**
 * The clauses of an answer that state no fact of their own: "We do have discards enabled, and no,
 * we never touched the metadata size" answers the discard question outright, so only "and no, we
 * never touched ..." is left to answer the others. Whole sentence when it states nothing.
 */
function answeringTokens(tokens: readonly WordToken[], mentionedAt: readonly number[]): WordToken[] {
  const kept: WordToken[] = [];
  let clause: WordToken[] = [];
  let states = false;
  const close = (): void => {
    if (!states) append(kept, clause);
    clause = [];
    states = false;
  };
  tokens.forEach((token, i) => {
    if (token.afterBoundary) close();
    clause.push(token);
    if (mentionedAt.includes(i)) states = true;
  });
  close();
  return kept;
}

/** "and no, ...": the conjunction that joins an answering clause to the one before it. */
const LEADING_CONJUNCTION = /^(?:and|but|so|also)\s+/i;

const YES = /^(?:yes|yep|yeah|yup|correct|right|indeed|sure|affirmative|we did|i did|we do|i do)\b/i;
const NO = /^(?:no|nope|nah|never|negative|not|we didn't|i didn't|we did not|i did not|we don't|i don't)\b/i;

/**
 * "> Did you resize the metadata device?" + "No, we never resized it." The question names the
 * fact, the answer gives the value: boolean facts asked about get the answer's polarity.
 */
function readAnswer(
  text: ReportText,
  order: number,
  question: string,
  answer: string,
  tokens: readonly WordToken[],
  compiled: CompiledVocabulary,
  budget: { left: number },
  where: Omit<Evidence, 'part' | 'index'>,
  alreadyStated: Set<string>,
): Claim[] {
  let polarity: boolean | null = null;
  if (NO.test(answer)) polarity = false;
  else if (YES.test(answer)) polarity = true;
  else if (tokens.slice(0, 6).some(isNegation)) polarity = false;
  if (polarity === null) return [];
  const asked = new Map<string, FactValue>();
  for (const { phrase } of matchPhrases(compiled, tokenizeWords(question))) asked.set(phrase.factId, phrase.value);
  for (const hit of matchRegexes(compiled, question, budget)) asked.set(hit.factId, hit.value);
  const claims: Claim[] = [];
  for (const [factId, value] of asked) {
    if (alreadyStated.has(factId) || typeof value !== 'boolean') continue;
    claims.push(claim(factId, polarity ? value : !value, text, order, where, CONFIDENCE.answer));
  }
  return claims;
}

function readCodeLine(text: ReportText, order: number, line: number, compiled: CompiledVocabulary, budget: { left: number }): Claim[] {
  const start = text.lines.contentStart(line);
  const end = text.lines.end(line);
  const content = text.text.slice(start, end);
  const where = { line, start, end, quote: content };
  const seen = new Set<string>();
  const claims: Claim[] = [];
  for (const hit of matchRegexes(compiled, content, budget)) {
    if (seen.has(hit.factId)) continue;
    seen.add(hit.factId);
    claims.push(claim(hit.factId, hit.value, text, order, where, CONFIDENCE.code));
  }
  return claims;
}

/**
 * Facts read off command output by structure rather than words. Each row names the fact id it
 * fills; a vocabulary without that id gets nothing from it.
 */
function readStructures(text: ReportText, order: number, ids: Map<string, FactDefinition>): Claim[] {
  const claims: Claim[] = [];
  const add = (factId: string, value: FactValue, line: { line: number; contentStart: number; end: number }, confidence: Confidence = CONFIDENCE.structural): void => {
    // Repeated tables and mount lines say the same thing; a few are plenty for the history.
    if (claims.length >= MAX_STRUCTURAL_CLAIMS) return;
    const fact = ids.get(factId);
    if (!fact) return;
    if (fact.type === 'enum' && (typeof value !== 'string' || !fact.values.includes(value))) return;
    if (fact.type === 'boolean' && typeof value !== 'boolean') return;
    const where = { line: line.line, start: line.contentStart, end: line.end, quote: text.text.slice(line.contentStart, line.end) };
    claims.push({ ...claim(factId, value, text, order, where, confidence), shown: confidence === CONFIDENCE.structural });
  };
  // Once the claims are full every add is a no-op: the readers below stop reading then (a paste of
  // ten thousand lvs tables is read up to its 64th claim, not to its end).
  const full = (): boolean => claims.length >= MAX_STRUCTURAL_CLAIMS;
  const own = (line: number): boolean => text.lines.quoteDepth(line) === 0 && text.byReporterAt(line);
  eachLvsTable(text.lines, own, (table) => {
    const thin = [...table.thinPools, ...table.thinVolumes].sort((a, b) => a.source.line - b.source.line)[0];
    if (thin) add('thin_pool', true, thin.source);
    const chain = table.snapshotsOfSnapshots[0];
    if (chain) add('snapshot_of_snapshot', true, chain.source);
    return !full();
  });
  if (full()) return claims;
  // The mount lines are read once, for their own facts and for the setup statements' mount options.
  const mounts = readMountLines(text.lines, own);
  for (const mount of mounts) {
    add('filesystem', mount.type, mount.source);
    if (mount.options.includes('discard')) add('discards', true, mount.source);
    else if (mount.options.includes('nodiscard')) add('discards', false, mount.source);
  }
  if (full()) return claims;
  // dm tables, mdstat, kernel config, mount options, module lists: a loaded module says less than a table row.
  for (const statement of readSetupLines(text.lines, own, mounts)) add(statement.factId, statement.value, statement.source, statement.kind === 'stated' ? CONFIDENCE.prose : CONFIDENCE.structural);
  return claims;
}

function claim(factId: string, value: FactValue, text: ReportText, order: number, where: Omit<Evidence, 'part' | 'index'>, confidence: Confidence): Claim {
  return { factId, value, confidence, evidence: { part: text.part, index: text.index, ...where }, order, offset: where.start };
}

// ---------------------------------------------------------------------------------------------
// Latest statement wins; history keeps each change
// ---------------------------------------------------------------------------------------------

function buildFacts(claims: Claim[], compiled: CompiledVocabulary): Record<string, ConfigFact> {
  const sorted = [...claims].sort((a, b) => a.order - b.order || a.offset - b.offset);
  const facts: Record<string, ConfigFact> = {};
  for (const fact of compiled.ids.values()) {
    let own = sorted.filter((c) => c.factId === fact.id);
    if (own.length === 0) continue;
    // What the machine shows (an lvs table with a thin pool, `device-mapper: thin` log lines) is
    // not undone by a negated phrase somewhere in the prose ("our other hosts don't use thinp"):
    // such statements are usually about another machine or another time. Plain statements stay.
    const shown = own.filter((c) => c.shown === true).map((c) => c.value);
    if (shown.length > 0) own = own.filter((c) => c.confidence !== CONFIDENCE.negatedProse || shown.includes(c.value));
    // Repeats of the same value (a phrase and the mount line below it) are one statement: the
    // history shows what changed, each entry with the evidence that first said it.
    const history: FactStatement[] = [];
    for (const c of own) {
      const last = history[history.length - 1];
      if (last && last.value === c.value) {
        last.confidence = Math.max(last.confidence, c.confidence);
        continue;
      }
      history.push({ value: c.value, evidence: c.evidence, confidence: c.confidence });
    }
    const latest = history[history.length - 1]!;
    facts[fact.id] = { value: latest.value, evidence: latest.evidence, confidence: latest.confidence, history };
  }
  return facts;
}

/** `target.push(...items)` without the spread: a hostile report can yield more items than the stack holds arguments. */
function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}
