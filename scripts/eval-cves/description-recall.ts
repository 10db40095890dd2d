// Leave-one-out description recall of the kernel CVE pack (issue 10, item 5; `npm run eval:cves --
// --descriptions`). Most of the kernel's fixed bugs have a record that quotes no log: such a record
// gives no rule, only a "possible, by description" offer. The 14 public reports whose fix has a CVE
// are far too few to tune that offer on, and inventing a user's prose for a log-less record would
// measure the inventor. So each record that DOES quote a log is made to look like one that does not:
//   - the report is built as the self-recall builds it (the record's log, carried by one transport,
//     a reporter's kernel from the affected range, a sentence of prose);
//   - the record's rule is withheld (its evaluation is dropped before ranking, so no signature of
//     its own can name it);
//   - its document in the description index is replaced by its message without the quoted log
//     (the fix subject and the prose around the log: the rule's `no_match` example), as the importer
//     would have indexed a record that quoted nothing.
// Scored: is the record's fix named first at any confidence (the plan's first match, signature or
// description), among the first three, offered by description at all; and what came first instead.
// A known-bug verdict on another rule is counted apart: prose never gives one, so those are the
// signature matches that hide a log-less record for good. Halves by the record's rule id, as the
// self-recall splits them.
//
// The index's document frequencies still count the withheld log's words (a term of that log and of
// one other record has df 2, not 1): a word's idf is at most a little lower than it would be, so the
// measure can only understate.
import type { Match } from '../../src/model.js';
import { extractFactsAndLines } from '../../src/extract/index.js';
import { describeDocument, evaluateRules, rankMatches, reporterWords, reportLines, type CompiledRules, type DescriptionPack } from '../../src/match/index.js';
import { matchDescriptions, placeDescribed } from '../../src/plan/index.js';
import type { BugRule } from '../../src/rules/index.js';
import { recallCases, type Half, type RecallCase } from './self-recall.js';

/** What the plan put first when it was not the withheld record's fix. */
export type InsteadKind =
  /** Another rule matched confidently: a known-bug verdict, and no offer by description is made. */
  | 'confident signature match'
  /** Another rule's possible signature match. */
  | 'possible signature match'
  /** Another bug offered by description. */
  | 'other description offer'
  /** Nothing at all (no match, no offer). */
  | 'nothing';

export const INSTEAD_KINDS: readonly InsteadKind[] = ['confident signature match', 'possible signature match', 'other description offer', 'nothing'];

export interface DescriptionCase {
  recall: RecallCase;
  /** The record the rule was generated from (`CVE-2024-50014`). */
  record: string;
  /** The record's message without its quoted log: the document that stands in for it. */
  text: string;
}

export interface DescriptionResult {
  case: DescriptionCase;
  /** The plan's first match carries the record's fix (any confidence). */
  first: boolean;
  /** One of the plan's first three matches carries it. */
  top3: boolean;
  /** It is among the bugs offered by description. */
  offered: boolean;
  instead: InsteadKind | null;
  /** The first match when it is another bug (rule or record id). */
  winner: string | null;
}

/**
 * The leave-one-out cases: for every generated rule with a record, its carried recall case (not the
 * clean one: reports carry logs) and its message without the log (subject and prose).
 */
export function descriptionCases(bugs: readonly BugRule[]): DescriptionCase[] {
  const byId = new Map(bugs.map((bug) => [bug.id, bug]));
  const cases: DescriptionCase[] = [];
  for (const recall of recallCases(bugs)) {
    if (recall.transport === 'clean') continue;
    const bug = byId.get(recall.ruleId)!;
    const record = bug.provenance?.record;
    if (!record) continue;
    const subject = bug.fix[0]?.subject ?? bug.title;
    // The importer indexes `subject\nmessage`, and the message starts with the subject again.
    cases.push({ recall, record, text: `${subject}\n${bug.examples.noMatch[0] ?? subject}` });
  }
  return cases;
}

/**
 * Triage each case with its rule withheld and its record's document replaced, and score it. The
 * order of the plan's matches is the plan's own (placeDescribed).
 */
export function scoreDescriptionRecall(cases: readonly DescriptionCase[], compiled: CompiledRules): DescriptionResult[] {
  const pack = compiled.descriptions?.() ?? null;
  if (pack === null) throw new Error('description recall needs the CVE pack\'s description index (descriptions.tsv)');
  return cases.map((c) => {
    const replaced: DescriptionPack = { ...pack, replaced: [describeDocument(c.record, c.text, pack.index)] };
    const withheld: CompiledRules = { ...compiled, descriptions: () => replaced };
    const report = { source: 'file' as const, id: c.recall.ruleId, url: null, title: c.recall.report.title, body: c.recall.report.body, comments: [], attachments: [], fields: {} };
    const { facts, lines, prose } = extractFactsAndLines(report, compiled.ruleSet.facts);
    const evaluations = evaluateRules(facts, withheld, reportLines(facts, lines)).filter((e) => e.rule.id !== c.recall.ruleId);
    const ranked = rankMatches(evaluations, facts, { words: reporterWords(prose, withheld.descriptions), rules: compiled.bugs });
    const described = matchDescriptions(facts, prose, withheld, ranked);
    const matches = placeDescribed(ranked, described, facts, prose);
    const carries = (m: Match) => m.fix.some((f) => f.sha !== null && f.sha.toLowerCase() === c.recall.fixSha.toLowerCase());
    const top = matches[0];
    const first = top !== undefined && carries(top);
    let instead: InsteadKind | null = null;
    if (!first) {
      if (top === undefined) instead = 'nothing';
      else if (top.basis === 'description') instead = 'other description offer';
      else instead = top.verdict === 'possible-match' ? 'possible signature match' : 'confident signature match';
    }
    return {
      case: c,
      first,
      top3: matches.slice(0, 3).some(carries),
      offered: described.some((d) => carries(d.match)),
      instead,
      winner: first || top === undefined ? null : top.ruleId,
    };
  });
}

export interface DescriptionSummary {
  cases: number;
  first: number;
  top3: number;
  offered: number;
  instead: Record<InsteadKind, number>;
}

export function summarizeDescriptionRecall(results: readonly DescriptionResult[]): DescriptionSummary {
  const instead = Object.fromEntries(INSTEAD_KINDS.map((kind) => [kind, 0])) as Record<InsteadKind, number>;
  for (const r of results) if (r.instead !== null) instead[r.instead]++;
  return {
    cases: results.length,
    first: results.filter((r) => r.first).length,
    top3: results.filter((r) => r.top3).length,
    offered: results.filter((r) => r.offered).length,
    instead,
  };
}

export type { Half };
