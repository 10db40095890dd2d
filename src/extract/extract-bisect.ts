/**
 * Bisect results a report states: git's own output (`<sha> is the first bad commit`, the bisect
 * log's `# first bad commit: [sha] subject`, syzbot's `The bug was bisected to:` block) and prose
 * ("I bisected it to commit abcdef123456", "bisected to 1234abcd (\"md: fix ...\")"), and the commit
 * a reporter blames in prose ("caused by commit abcdef123456", "commit abcdef123456 must be
 * reverted", "reverting abcdef123456 fixes it").
 */
import type { BisectFact } from '../model.js';
import type { ReportText, Sentence } from './segment-report.js';

/** git's output lines: a sha and, when the same line holds it, the subject. */
const OUTPUT_LINES: ReadonlyArray<{ re: RegExp; subjectBelow: boolean }> = [
  // `git bisect` when it is done: "<sha> is the first bad commit", the commit header below it.
  { re: /^\s*([0-9a-f]{40}) is the first bad commit\b/, subjectBelow: true },
  // `git bisect log` and syzbot's bisection log: "# first bad commit: [sha] subject".
  { re: /^\s*#?\s*first bad commit:\s*\[([0-9a-f]{7,40})\]\s*(.*)$/, subjectBelow: false },
];
/** syzbot's mail: "The bug was bisected to:" and, a blank line later, "commit <sha>". */
const BISECTED_TO_BLOCK = /^\s*(?:The (?:bug|issue|regression) was )?bisected to:\s*$/i;
const COMMIT_LINE = /^\s*commit ([0-9a-f]{7,40})\b/;
/** A commit header's subject: the first indented line after `Date:`. */
const DATE_LINE = /^\s*(?:Author|AuthorDate|Commit|CommitDate|Date|Merge):/;

/**
 * Prose: a bisect word, then within the sentence the verb that names the result and the sha.
 * Good/bad endpoints ("bisected between v6.1 and abc1234", "git bisect good abc1234") are not results.
 */
const PROSE =
  /\b(?:bisect(?:ed|ing|ion)?|first bad commit|culprit)\b[^.?!]{0,80}?(?:\b(?:to|is|was|commit|blames|identified|found|points? (?:to|at)|lands? (?:on|at))|:)\s+(?:the\s+)?(?:commit\s+)?\[?([0-9a-f]{7,40})\b\]?/i;
/**
 * Prose that names the commit which broke things without the word "bisect": a reporter who found
 * it by a revert, by reading the log, or by knowing the code states it as a cause ("a regression
 * caused by commit X", "flood due to 5.9 commit X", "commit X must be reverted", "reverting X fixes
 * it"). It is the same fact as a bisect result (the first bad commit), and a rule's `Fixes:`
 * commit (`affected.introduced.commit`) matches it the same way. Each pattern names the commit as
 * the cause; "commit X fixes it" or "after commit X" (a fix, a point in time) are not.
 */
const BLAMED: readonly RegExp[] = [
  // "caused by / introduced by / broken by / triggered by [the] [5.9] commit X"
  /\b(?:caused|introduced|broken|triggered|started)\s+(?:by|with)\s+(?:the\s+)?(?:(?:upstream|mainline|v?\d+\.\d+(?:-rc\d+)?)\s+)?commit\s+\[?([0-9a-f]{7,40})\b/i,
  // "due to [the] [5.9] commit X", "regression from / since / of commit X"
  /\b(?:due to|regression (?:from|since|of|in))\s+(?:the\s+)?(?:(?:upstream|mainline|v?\d+\.\d+(?:-rc\d+)?)\s+)?commit\s+\[?([0-9a-f]{7,40})\b/i,
  // "commit X (...) must / should / needs to be reverted"
  /\bcommit\s+\[?([0-9a-f]{7,40})\b[^.?!]{0,160}?\b(?:must|should|needs? to|has to)\s+be\s+reverted\b/i,
  // "reverting [commit] X fixes / solves / resolves / cures it"
  /\breverting\s+(?:the\s+)?(?:commit\s+)?\[?([0-9a-f]{7,40})\b[^.?!]{0,120}?\b(?:fixes|fixed|solves|solved|resolves|resolved|cures|cured)\b/i,
];
/** A hedge makes a blame a guess ("I suspect it might be caused by commit X"), not a finding. */
const HEDGED = /\b(?:suspect|might|maybe|perhaps|possibly|probably|not sure|wonder|guess)\b/i;
/** The subject after the sha: `("subject")`, `(subject)`, `"subject"`, `: subject`. */
const SUBJECT_AFTER = /^\s*(?:\(\s*["“]([^"”]+)["”]\s*\)|\(([^()]+)\)|["“]([^"”]+)["”]|[:-]\s+["“]?([^"”]+?)["”]?\s*$)/;
/** A question, a condition or a suggestion is nobody's bisect result ("Could you check if it bisects to abc1234?"). */
const NOT_A_RESULT = /^(?:if|unless|whether|when|could|can|would|will|should|please|try|maybe|perhaps|does|did|is|are)\b/i;

/**
 * Every bisect result stated in the report, in report order, each commit once (an abbreviated sha
 * and its full form are one commit; a later statement may add the subject).
 *
 * @example
 * extractBisect(segmentReport(makeReport('I bisected it to commit 3c6bd1b4e0d5 ("md: fix raid10 hang").')))
 * // => [{ commit: '3c6bd1b4e0d5', subject: 'md: fix raid10 hang', evidence: { part: 'body', ... } }]
 */
export function extractBisect(texts: readonly ReportText[]): BisectFact[] {
  const facts: BisectFact[] = [];
  const add = (fact: BisectFact): void => {
    const same = facts.find((known) => known.commit.startsWith(fact.commit) || fact.commit.startsWith(known.commit));
    if (!same) facts.push(fact);
    else if (!same.subject && fact.subject) same.subject = fact.subject;
  };
  for (const text of texts) {
    if (text.part === 'title') continue;
    const found = [...fromOutput(text), ...fromProse(text)].sort((a, b) => a.evidence.start - b.evidence.start);
    for (const fact of found) add(fact);
  }
  return facts;
}

/** Every OUTPUT_LINES row and BISECTED_TO_BLOCK holds one of these: a text without any is not read line by line. */
const OUTPUT_WORDS = /first bad commit|bisected to:/i;

function fromOutput(text: ReportText): BisectFact[] {
  const facts: BisectFact[] = [];
  if (!OUTPUT_WORDS.test(text.text)) return facts;
  const lines = text.lines;
  for (let i = 0; i < lines.length; i++) {
    if (lines.contentLength(i) > 400 || lines.isBlank(i)) continue;
    const content = lines.content(i);
    for (const { re, subjectBelow } of OUTPUT_LINES) {
      const match = re.exec(content);
      if (!match) continue;
      const subject = subjectBelow ? subjectOfHeader(text, i + 1) : clean(match[2]);
      facts.push(fact(text, i, match[1]!, subject));
    }
    if (BISECTED_TO_BLOCK.test(content)) {
      // The commit line follows within a few lines (syzbot leaves one blank line).
      for (let j = i + 1; j < Math.min(lines.length, i + 4); j++) {
        const commit = COMMIT_LINE.exec(lines.content(j));
        if (commit) {
          facts.push(fact(text, i, commit[1]!, subjectOfHeader(text, j + 1)));
          break;
        }
      }
    }
  }
  return facts;
}

/** The subject of a `git show`-style commit header starting at line `from`. */
function subjectOfHeader(text: ReportText, from: number): string | null {
  let sawDate = false;
  for (let j = from; j < Math.min(text.lines.length, from + 10); j++) {
    const content = text.lines.content(j);
    if (DATE_LINE.test(content) || COMMIT_LINE.test(content)) {
      sawDate = true;
      continue;
    }
    if (!sawDate) return null;
    if (content.trim() === '') continue;
    return /^\s/.test(content) ? clean(content) : null;
  }
  return null;
}

function fromProse(text: ReportText): BisectFact[] {
  const facts: BisectFact[] = [];
  for (const sentence of text.sentences) {
    if (sentence.isQuestion || NOT_A_RESULT.test(sentence.text)) continue;
    const bisected = PROSE.exec(sentence.text);
    const match = bisected ?? blamed(sentence.text);
    if (!match || !isSha(match[1]!, match[0])) continue;
    // The subject follows the sha, which ends a bisect phrase but sits inside a blame ("commit X
    // (\"subject\") must be reverted").
    const rest = sentence.text.slice(match.index + match[0].toLowerCase().lastIndexOf(match[1]!.toLowerCase()) + match[1]!.length).replace(/^\]/, '');
    // A blame's ": ..." goes on about the bug ("regression since commit X: every resync stalls"):
    // only a quoted or bracketed subject is one there.
    const found = SUBJECT_AFTER.exec(rest);
    const after = found && (bisected || found[4] === undefined) ? found : null;
    // "first bad commit: [sha] subject": the bisect log's form, written inline.
    const subject = after ? clean(after[1] ?? after[2] ?? after[3] ?? after[4]) : match[0].endsWith(']') ? clean(rest) : null;
    facts.push(sentenceFact(text, sentence, match[1]!, subject));
  }
  return facts;
}

/** The first blame pattern that matches an unhedged sentence, its sha as group 1. */
function blamed(sentence: string): RegExpExecArray | null {
  if (HEDGED.test(sentence)) return null;
  for (const re of BLAMED) {
    const match = re.exec(sentence);
    if (match) return match;
  }
  return null;
}

/**
 * A hex word is a sha when it has a letter and a digit (7 digits alone are a number), or when the
 * word "commit" names it.
 */
function isSha(word: string, context: string): boolean {
  return (/[a-f]/.test(word) && /[0-9]/.test(word)) || /commit\s+\[?[0-9a-f]+\]?$/i.test(context);
}

function clean(subject: string | undefined): string | null {
  const trimmed = subject?.trim().replace(/\s+/g, ' ').replace(/[.,;]$/, '');
  return trimmed ? trimmed.slice(0, 200) : null;
}

function fact(text: ReportText, lineIndex: number, commit: string, subject: string | null): BisectFact {
  const start = text.lines.start(lineIndex);
  const end = text.lines.end(lineIndex);
  return {
    commit: commit.toLowerCase(),
    subject,
    evidence: { part: text.part, index: text.index, line: lineIndex, start, end, quote: text.text.slice(start, end) },
  };
}

function sentenceFact(text: ReportText, sentence: Sentence, commit: string, subject: string | null): BisectFact {
  return {
    commit: commit.toLowerCase(),
    subject,
    evidence: { part: text.part, index: text.index, line: sentence.line, start: sentence.start, end: sentence.end, quote: sentence.text },
  };
}
