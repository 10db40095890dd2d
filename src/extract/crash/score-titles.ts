/**
 * Scores crash titles against syzkaller-style expectation files: a header block (`TITLE:`, `ALT:`,
 * `TYPE:`, `CORRUPTED:`, `FRAME:`, ...), one blank line, then the raw log. A file without a header
 * block (or with an empty TITLE) expects no crash. Pure: the caller reads the files.
 */
import { extractCrashes } from './index.js';

export interface ExpectedCrash {
  title: string;
  alt: string[];
  type: string | null;
  frame: string | null;
  corrupted: boolean;
}

export interface CorpusCase {
  name: string;
  /** null when the file expects no crash. */
  expected: ExpectedCrash | null;
  log: string;
}

export interface Mismatch {
  name: string;
  field: 'alt' | 'corrupted' | 'frame' | 'title' | 'type';
  expected: string;
  got: string;
}

export interface TitleScores {
  files: number;
  /** Exact title matches among files expecting a non-corrupted crash. */
  cleanMatched: number;
  cleanTotal: number;
  corruptedMatched: number;
  corruptedTotal: number;
  /** Header-less files where no crash was found. */
  noCrashMatched: number;
  noCrashTotal: number;
  /** Files expecting a crash whose corrupted flag agrees. */
  corruptedFlagAgreed: number;
  typeAgreed: number;
  /** Files with a FRAME header whose guilty frame agrees. */
  frameAgreed: number;
  frameTotal: number;
  /** Files expecting a crash whose alternative titles agree (as sets). */
  altAgreed: number;
  crashTotal: number;
  mismatches: Mismatch[];
}

/**
 * @example
 * parseCorpusFile('a', 'TITLE: WARNING in foo\nTYPE: WARNING\n\n[ 1.0] WARNING: ...').expected?.title
 * // => 'WARNING in foo'
 */
export function parseCorpusFile(name: string, content: string): CorpusCase {
  const text = content.replace(/\r\n/g, '\n');
  const blank = text.indexOf('\n\n');
  const headerText = text.startsWith('\n') || blank === -1 ? '' : text.slice(0, blank);
  const log = text.startsWith('\n') ? text.slice(1) : blank === -1 ? text : text.slice(blank + 2);
  const expected: ExpectedCrash = { title: '', alt: [], type: null, frame: null, corrupted: false };
  for (const line of headerText.split('\n')) {
    const match = /^([A-Z]+): ?(.*)$/.exec(line);
    if (!match) continue;
    const [, key, value] = match as unknown as [string, string, string];
    if (key === 'TITLE') expected.title = value.trim();
    else if (key === 'ALT') expected.alt.push(value.trim());
    else if (key === 'TYPE') expected.type = value.trim();
    else if (key === 'FRAME') expected.frame = value.trim();
    else if (key === 'CORRUPTED') expected.corrupted = value.trim() === 'Y';
  }
  return { name, expected: expected.title ? expected : null, log };
}

export function scoreTitles(cases: CorpusCase[]): TitleScores {
  const scores: TitleScores = {
    files: cases.length,
    cleanMatched: 0,
    cleanTotal: 0,
    corruptedMatched: 0,
    corruptedTotal: 0,
    noCrashMatched: 0,
    noCrashTotal: 0,
    corruptedFlagAgreed: 0,
    typeAgreed: 0,
    frameAgreed: 0,
    frameTotal: 0,
    altAgreed: 0,
    crashTotal: 0,
    mismatches: [],
  };
  for (const item of cases) {
    const got = extractCrashes(item.log)[0] ?? null;
    const expected = item.expected;
    if (!expected) {
      scores.noCrashTotal++;
      if (!got) scores.noCrashMatched++;
      else scores.mismatches.push({ name: item.name, field: 'title', expected: '(no crash)', got: got.title });
      continue;
    }
    scores.crashTotal++;
    const titleOk = got?.title === expected.title;
    if (expected.corrupted) {
      scores.corruptedTotal++;
      if (titleOk) scores.corruptedMatched++;
    } else {
      scores.cleanTotal++;
      if (titleOk) scores.cleanMatched++;
    }
    if (!titleOk) scores.mismatches.push({ name: item.name, field: 'title', expected: expected.title, got: got?.title ?? '(no crash)' });
    if (got && got.corrupted === expected.corrupted) scores.corruptedFlagAgreed++;
    else if (got) {
      scores.mismatches.push({ name: item.name, field: 'corrupted', expected: String(expected.corrupted), got: `${got.corrupted} (${got.corruptedReason ?? ''})` });
    }
    const expectedAlt = [...new Set(expected.alt)].sort().join('\n');
    const gotAlt = [...new Set(got?.alt ?? [])].sort().join('\n');
    if (expectedAlt === gotAlt) scores.altAgreed++;
    else scores.mismatches.push({ name: item.name, field: 'alt', expected: expected.alt.join(' | '), got: (got?.alt ?? []).join(' | ') });
    if (expected.frame !== null) {
      scores.frameTotal++;
      if (got?.frame === expected.frame) scores.frameAgreed++;
      else scores.mismatches.push({ name: item.name, field: 'frame', expected: expected.frame, got: got?.frame ?? '(none)' });
    }
    if (expected.type === null || got?.type === expected.type) scores.typeAgreed++;
    else scores.mismatches.push({ name: item.name, field: 'type', expected: expected.type, got: got?.type ?? '(no crash)' });
  }
  return scores;
}

/** Percentages rounded to one decimal, the figures the floor records. */
export function summarizeScores(scores: TitleScores): Record<'alt' | 'clean' | 'corrupted' | 'noCrash' | 'corruptedFlag' | 'type' | 'frame', number> {
  const pct = (n: number, d: number): number => (d === 0 ? 100 : Math.floor((1000 * n) / d) / 10);
  return {
    clean: pct(scores.cleanMatched, scores.cleanTotal),
    corrupted: pct(scores.corruptedMatched, scores.corruptedTotal),
    noCrash: pct(scores.noCrashMatched, scores.noCrashTotal),
    corruptedFlag: pct(scores.corruptedFlagAgreed, scores.crashTotal),
    type: pct(scores.typeAgreed, scores.crashTotal),
    frame: pct(scores.frameAgreed, scores.frameTotal),
    alt: pct(scores.altAgreed, scores.crashTotal),
  };
}
