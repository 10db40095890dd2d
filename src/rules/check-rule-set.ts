import type { FactDefinition } from '../model.js';
import { suggestKey } from './key-aliases.js';
import type { RuleFileSection, RuleProblem, SourceLocation, WhenCondition } from './rule-schema.js';
import { FACT_TEMPLATE_PREFIX, findTemplates } from './rule-templates.js';

/** One entry of one file on its way into the rule set. */
export interface RuleCandidate {
  section: RuleFileSection;
  /** The entry's `id` when it is a string (also for entries that failed validation). */
  id: string | null;
  source: SourceLocation;
  /** The validated value; undefined when validation failed. */
  value: unknown;
  /** The entry as written (JS value of the YAML). */
  raw: unknown;
  /** Set when the entry has an error: it is left out of the rule set. */
  disabled: boolean;
  /** Position of a path inside the entry (`['when', 'discards']`). */
  locate: (path: ReadonlyArray<PropertyKey>) => { line: number; col: number };
}

interface ConditionsAndQuestions {
  when: Record<string, WhenCondition>;
  ask: Array<{ fact: string }>;
  nextSteps: string[];
}

const SECTION_WORDS: Record<RuleFileSection, string> = { bugs: 'bug', facts: 'fact', playbooks: 'playbook' };

/**
 * The checks that need every file at once: ids unique per section across files (the first one
 * wins), and every fact a rule names in `when`, `ask` or `{{fact.<id>}}` defined in some file's
 * `facts:` with a value of the right kind. Marks offending candidates disabled.
 */
export function checkRuleSet(candidates: RuleCandidate[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const fail = (candidate: RuleCandidate, path: ReadonlyArray<PropertyKey>, message: string) => {
    candidate.disabled = true;
    problems.push({ file: candidate.source.file, ...candidate.locate(path), message, ruleId: candidate.id, severity: 'error' });
  };

  // Unique ids, per section; entries that failed validation still claim their id.
  const firstById = new Map<string, RuleCandidate>();
  for (const candidate of candidates) {
    if (candidate.id === null) continue;
    const key = `${candidate.section}\u0000${candidate.id}`;
    const first = firstById.get(key);
    if (!first) {
      firstById.set(key, candidate);
      continue;
    }
    const where = `${first.source.file}:${first.source.line}:${first.source.col}`;
    fail(candidate, ['id'], `duplicate ${SECTION_WORDS[candidate.section]} id \`${candidate.id}\`: already defined at ${where}; ids are unique across all rule files`);
  }

  // The fact vocabulary: every fact entry's id, valid or not (a broken fact is reported once, where it is).
  const factIds = new Set<string>();
  const factsById = new Map<string, FactDefinition>();
  for (const candidate of candidates) {
    if (candidate.section !== 'facts' || candidate.id === null) continue;
    factIds.add(candidate.id);
    if (candidate.value !== undefined && !factsById.has(candidate.id)) factsById.set(candidate.id, candidate.value as FactDefinition);
  }
  const known = [...factIds].sort();
  const unknownFact = (id: string) => {
    const suggestion = suggestKey(id, known);
    if (suggestion) return `unknown fact \`${id}\` — did you mean \`${suggestion}\`?`;
    return known.length > 0 ? `unknown fact \`${id}\`: define it under \`facts:\` (known facts: ${known.join(', ')})` : `unknown fact \`${id}\`: no rule file defines \`facts:\`; define it there`;
  };

  for (const candidate of candidates) {
    if (candidate.section === 'facts' || candidate.value === undefined) continue;
    const rule = candidate.value as ConditionsAndQuestions;
    for (const [factId, condition] of Object.entries(rule.when)) {
      if (!factIds.has(factId)) {
        fail(candidate, ['when', factId], `\`when\`: ${unknownFact(factId)}`);
        continue;
      }
      const fact = factsById.get(factId);
      const problem = fact ? conditionProblem(fact, condition) : null;
      if (problem) fail(candidate, ['when', factId], `\`when.${factId}\`: ${problem}`);
    }
    rule.ask.forEach((question, i) => {
      if (!factIds.has(question.fact)) fail(candidate, ['ask', i, 'fact'], `\`ask[${i}].fact\`: ${unknownFact(question.fact)}`);
    });
    rule.nextSteps.forEach((step, i) => {
      for (const use of findTemplates(step).uses) {
        if (!use.name.startsWith(FACT_TEMPLATE_PREFIX)) continue;
        const factId = use.name.slice(FACT_TEMPLATE_PREFIX.length);
        if (!factIds.has(factId)) fail(candidate, ['next_steps', i], `\`next_steps[${i}]\` \`{{${use.name}}}\`: ${unknownFact(factId)}`);
      }
    });
  }
  return problems;
}

/** Why a `when` condition cannot hold for this fact, or null. */
function conditionProblem(fact: FactDefinition, condition: WhenCondition): string | null {
  if (condition === 'any') return null;
  if (fact.type === 'boolean') {
    return typeof condition === 'boolean' ? null : `\`${fact.id}\` is a yes/no fact: write true, false or any, not ${JSON.stringify(condition)}`;
  }
  if (typeof condition === 'boolean') {
    return `\`${fact.id}\` takes one of its values (${fact.values.join(', ')}), not ${String(condition)}: write a value, a list of values, or any`;
  }
  const values = Array.isArray(condition) ? condition : [condition];
  const bad = values.filter((v) => !fact.values.includes(v));
  if (bad.length === 0) return null;
  return `${bad.map((v) => `\`${v}\``).join(', ')} ${bad.length === 1 ? 'is not a value' : 'are not values'} of \`${fact.id}\`: use ${fact.values.join(', ')}`;
}
