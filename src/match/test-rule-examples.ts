import { extractFactsAndLines } from '../extract/index.js';
import type { BugReport, FactDefinition, Facts } from '../model.js';
import type { BugRule, SourceLocation } from '../rules/index.js';
import type { CompiledRules } from './compile-rules.js';
import { evaluateRules } from './evaluate-rules.js';
import { canBeConfident, rankMatches, RANKING, writtenWeight, type RankedMatch } from './rank-matches.js';
import { reportLines } from './read-report-lines.js';

/**
 * What of a rule a finding is about: `examples.match[index]`, `examples.no_match[index]`, or
 * `signatures[index]` (a signature no example exercises, a crash title the extractor never gives).
 */
export interface ExampleRef {
  kind: 'match' | 'no_match' | 'signature';
  /** 0-based index into the list. */
  index: number;
}

/** One finding of the example runner. Failures fail `ktriage test` and the pull-request check; notes are information. */
export interface ExampleFinding {
  ruleId: string;
  /** Where the rule starts in its file (adapters point at it: `file:line:col`, a check annotation). */
  source: SourceLocation;
  example: ExampleRef;
  kind: 'failure' | 'note';
  /** What went wrong, without the location (adapters add theirs). */
  message: string;
}

export interface TestRuleExamplesOptions {
  /** The fact vocabulary extraction reads the examples with (default: the compiled rule set's facts). */
  vocabulary?: readonly FactDefinition[];
  /** Which rules' examples to run (default: every rule); each example still meets the whole rule set. */
  select?: (bug: BugRule) => boolean;
}

/** Other rules that also match one example, named one by one; the rest are counted in one finding. */
export const MAX_NAMED_OTHERS = 20;

/**
 * Run rules' examples against the whole compiled rule set, as a report holding only the snippet
 * would be triaged. Each `examples.match` snippet must match its rule confidently (any verdict but
 * `possible-match`: a weak signature or a near miss is not enough, see RANKING.md) and rank it
 * first — or, for a rule that no report can match confidently (`canBeConfident`: weak signatures
 * and no condition, a possible-only rule by design), match it at least possibly and rank it first; each `examples.no_match` snippet must give its rule neither a confident nor a possible
 * match. Another rule matching a positive example by a signature is a failure when it ranks above
 * the example's own rule, a note when it ranks below (the intended overlap of a shared,
 * lower-weight consequence line).
 * Pure: findings come back in rule order, then example order. `ktriage test` and the GitHub
 * pull-request check both call this.
 *
 * @example
 * testRuleExamples(compileRules(ruleSet)).filter((f) => f.kind === 'failure')
 * // => [{ ruleId: 'refcount', example: { kind: 'no_match', index: 0 }, kind: 'failure',
 * //       message: 'matches the rule: signature: ...', source: { file: 'rules.yml', line: 2, col: 5 } }]
 */
export function testRuleExamples(compiled: CompiledRules, options: TestRuleExamplesOptions = {}): ExampleFinding[] {
  const vocabulary = options.vocabulary ?? compiled.ruleSet.facts;
  const findings: ExampleFinding[] = [];
  for (const bug of compiled.bugs) {
    if (options.select !== undefined && !options.select(bug)) continue;
    const found = (example: ExampleRef, kind: ExampleFinding['kind'], message: string) => findings.push({ ruleId: bug.id, source: bug.source, example, kind, message });
    const possibleOnly = !canBeConfident(bug);
    if (possibleOnly && bug.examples.match.length > 0) {
      const total = writtenWeight(bug);
      found({ kind: 'match', index: 0 }, 'note', `possible-only rule: its written signatures weigh ${Number(total.toFixed(3))} < ${RANKING.minConfidentWeight} together and it has no \`when\` condition, so no report can match it confidently; its match examples were checked for a possible match (raise a weight or add a condition if that is not intended)`);
    }
    // Once a match example fails, that failure is the news; unexercised signatures follow from it.
    let matchFailed = false;
    const exercised = new Set<number>();
    const titlesSeen: Array<{ title: string; example: number }> = [];
    bug.examples.match.forEach((snippet, index) => {
      const example: ExampleRef = { kind: 'match', index };
      const { ranked, facts } = rankSnippetWithFacts(snippet, bug.id, compiled, vocabulary);
      for (const hit of ranked.find((r) => r.match.ruleId === bug.id)?.evaluation.exact ?? []) exercised.add(hit.signature);
      for (const crash of facts.crashes) titlesSeen.push({ title: crash.title, example: index });
      const own = ranked.findIndex((r) => r.match.ruleId === bug.id && (r.confident || (possibleOnly && r.evaluation.exact.length > 0)));
      if (own < 0) {
        matchFailed = true;
        found(example, 'failure', `does not match the rule${describeMiss(ranked, bug)}`);
        return;
      }
      // Each other rule is named up to MAX_NAMED_OTHERS; beyond that one summary says how many more
      // (a pack of a thousand rules sharing one signature would otherwise list a million pairs).
      let named = 0;
      let moreAbove = 0;
      let moreBelow = 0;
      ranked.forEach((other, position) => {
        if (other.match.ruleId === bug.id || other.evaluation.exact.length === 0) return;
        if (named >= MAX_NAMED_OTHERS) {
          if (position < own) moreAbove++;
          else moreBelow++;
          return;
        }
        named++;
        if (position < own) {
          matchFailed = true;
          found(example, 'failure', `rule ${other.match.ruleId} matches it too and ranks above this rule (score ${other.match.score} vs ${ranked[own]!.match.score})`);
        } else if (other.confident) found(example, 'note', `rule ${other.match.ruleId} matches it too, ranked below this rule`);
        else found(example, 'note', `rule ${other.match.ruleId} possibly matches it too (${other.match.reasons[0] ?? 'weak signatures'}), ranked below this rule`);
      });
      if (moreAbove > 0) {
        matchFailed = true;
        found(example, 'failure', `${moreAbove} more rules match it too and rank above this rule (${moreBelow} more below)`);
      } else if (moreBelow > 0) found(example, 'note', `${moreBelow} more rules match it too, ranked below this rule`);
    });
    bug.signatures.forEach((signature, index) => {
      if (matchFailed || signature.implied || exercised.has(index)) return;
      const ref: ExampleRef = { kind: 'signature', index };
      // A crash title the extractor never gives for the rule's own crash is dead: say what it gives.
      // Titles another crash signature of the rule names are that signature's crash, not this one's.
      const other = signature.kind === 'crash' ? titlesSeen.find((seen) => !bug.signatures.some((s) => s.kind === 'crash' && s.pattern === seen.title)) : undefined;
      if (other !== undefined && /\bcorrupted\b/.test(other.title)) {
        found(ref, 'note', `the crash signature ${quote(signature.pattern)} is not checked: match example ${other.example + 1}'s crash comes out as ${quote(other.title)} (its trace is cut or unreadable); paste the whole oops, with the RIP/pc line and the call trace`);
        return;
      }
      if (other !== undefined) {
        found(ref, 'failure', `the crash signature ${quote(signature.pattern)} can never match: ktriage titles the crash of match example ${other.example + 1} ${quote(other.title)}; write that title (\`ktriage extract\` shows the title of any log)`);
        return;
      }
      found(ref, 'note', `the ${signature.kind} signature ${quote(signature.text)} is exercised by no match example: add an example that shows it, or remove it`);
    });
    bug.examples.noMatch.forEach((snippet, index) => {
      const own = rankSnippet(snippet, bug.id, compiled, vocabulary).find((r) => r.match.ruleId === bug.id);
      if (own === undefined) return;
      const how = own.confident ? 'matches the rule' : 'possibly matches the rule';
      found({ kind: 'no_match', index }, 'failure', `${how} (${own.match.reasons[0] ?? 'a signature'}): make a signature or a \`when\` condition more specific`);
    });
  }
  return findings;
}

/** The snippet triaged as a report of its own, ranked against every rule. */
function rankSnippet(snippet: string, ruleId: string, compiled: CompiledRules, vocabulary: readonly FactDefinition[]): RankedMatch[] {
  return rankSnippetWithFacts(snippet, ruleId, compiled, vocabulary).ranked;
}

function rankSnippetWithFacts(snippet: string, ruleId: string, compiled: CompiledRules, vocabulary: readonly FactDefinition[]): { ranked: RankedMatch[]; facts: Facts } {
  const report: BugReport = { source: 'file', id: `${ruleId} example`, url: null, title: '', body: snippet, comments: [], attachments: [], fields: {} };
  const { facts, lines } = extractFactsAndLines(report, vocabulary);
  return { ranked: rankMatches(evaluateRules(facts, compiled, reportLines(facts, lines)), facts), facts };
}

/** A signature or title in a finding, in backticks (the CLI prints it, the check run renders it). */
function quote(text: string): string {
  return `\`${text.length > 160 ? `${text.slice(0, 160)}…` : text}\``;
}

/** Why a positive example gives no confident match of its rule. */
function describeMiss(ranked: readonly RankedMatch[], bug: BugRule): string {
  const own = ranked.find((r) => r.match.ruleId === bug.id);
  if (own !== undefined) {
    const predates = own.introduced?.status === 'predates-bug' ? `the example's kernel predates the bug (${own.introduced.reason}); ` : '';
    return ` confidently, only as a possible match: ${predates}${own.match.reasons[0] ?? ''}`;
  }
  const best = ranked[0];
  const hint = 'no signature of the rule appears in it: are its lines kernel log lines as dmesg or journalctl prints them?';
  return best ? ` (${hint} The best match is ${best.match.ruleId}.)` : ` (${hint})`;
}
