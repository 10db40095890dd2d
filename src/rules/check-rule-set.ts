import type { FactDefinition } from '../model.js';
import { suggestKey } from './key-aliases.js';
import type { RuleFileSection, RuleProblem, SourceLocation, WhenCondition } from './rule-schema.js';
import { FACT_TEMPLATE_PREFIX, findTemplates } from './rule-templates.js';
import { quoteCode } from './quote-code.js';

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
  /** Position of the key `key` of the mapping at `path` (falls back to the mapping). */
  locateKey: (path: ReadonlyArray<PropertyKey>, key: string) => { line: number; col: number };
}

/**
 * The fact references of an entry as written (snake_case keys, aliases already renamed). Read from
 * the raw entry, so an entry with other errors still gets its unknown facts reported in the same run.
 */
function factReferences(raw: unknown): { when: Array<[string, WhenCondition]>; ask: Array<[number, string]>; nextSteps: Array<[number, string]> } {
  const entry = isRecord(raw) ? raw : {};
  const when = isRecord(entry.when)
    ? Object.entries(entry.when).flatMap(([id, value]): Array<[string, WhenCondition]> => {
        if (typeof value === 'boolean') return [[id, value]];
        if (typeof value === 'string' || typeof value === 'number') return [[id, String(value)]];
        if (Array.isArray(value)) return [[id, value.map(String)]];
        return [];
      })
    : [];
  const ask = Array.isArray(entry.ask)
    ? entry.ask.flatMap((q, i): Array<[number, string]> => (isRecord(q) && typeof q.fact === 'string' ? [[i, q.fact]] : []))
    : [];
  const nextSteps = Array.isArray(entry.next_steps)
    ? entry.next_steps.flatMap((step, i): Array<[number, string]> => (typeof step === 'string' ? [[i, step]] : []))
    : [];
  return { when, ask, nextSteps };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const SECTION_WORDS: Record<RuleFileSection, string> = { bugs: 'bug', facts: 'fact', playbooks: 'playbook' };

/**
 * The checks that need every file at once: ids unique per section across files (the first one
 * wins), and every fact a rule names in `when`, `ask` or `{{fact.<id>}}` defined in some file's
 * `facts:` with a value of the right kind. Marks offending candidates disabled.
 */
export function checkRuleSet(candidates: RuleCandidate[], knownFacts: readonly FactDefinition[] = []): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const fail = (candidate: RuleCandidate, path: ReadonlyArray<PropertyKey>, message: string, at = candidate.locate(path)) => {
    candidate.disabled = true;
    problems.push({ file: candidate.source.file, ...at, message, ruleId: candidate.id, severity: 'error' });
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
    fail(candidate, ['id'], `duplicate ${SECTION_WORDS[candidate.section]} id ${quoteCode(candidate.id)}: already defined at ${where}; ids are unique across all rule files`);
  }

  // The fact vocabulary: every fact entry's id, valid or not (a broken fact is reported once, where it is).
  const factIds = new Set<string>();
  const factsById = new Map<string, FactDefinition>();
  for (const candidate of candidates) {
    if (candidate.section !== 'facts' || candidate.id === null) continue;
    factIds.add(candidate.id);
    if (candidate.value !== undefined && !factsById.has(candidate.id)) factsById.set(candidate.id, candidate.value as FactDefinition);
  }
  for (const fact of knownFacts) {
    if (factIds.has(fact.id)) continue; // The files' own definition wins.
    factIds.add(fact.id);
    factsById.set(fact.id, fact);
  }
  // Malformed ids of broken facts stay in the vocabulary (no cascade of errors) but are not offered.
  const known = [...factIds].filter((id) => /^[a-z][a-z0-9_]*$/.test(id)).sort();
  const unknownFact = (id: string) => {
    const suggestion = suggestKey(id, known);
    if (suggestion) return `unknown fact ${quoteCode(id)} — did you mean \`${suggestion}\`?`;
    return known.length > 0 ? `unknown fact ${quoteCode(id)}: define it under \`facts:\` (known facts: ${known.join(', ')})` : `unknown fact ${quoteCode(id)}: no rule file defines \`facts:\`; define it there`;
  };

  for (const candidate of candidates) {
    if (candidate.section === 'facts') continue;
    const rule = factReferences(candidate.raw);
    for (const [factId, condition] of rule.when) {
      if (!factIds.has(factId)) {
        fail(candidate, ['when', factId], `\`when\`: ${unknownFact(factId)}`, candidate.locateKey(['when'], factId));
        continue;
      }
      const fact = factsById.get(factId);
      const problem = fact ? conditionProblem(fact, condition) : null;
      if (problem) fail(candidate, ['when', factId], `\`when.${factId}\`: ${problem}`);
    }
    for (const [i, fact] of rule.ask) {
      if (!factIds.has(fact)) fail(candidate, ['ask', i, 'fact'], `\`ask[${i}].fact\`: ${unknownFact(fact)}`);
    }
    for (const [i, step] of rule.nextSteps) {
      for (const use of findTemplates(step).uses) {
        if (!use.name.startsWith(FACT_TEMPLATE_PREFIX)) continue;
        const factId = use.name.slice(FACT_TEMPLATE_PREFIX.length);
        if (!factIds.has(factId)) fail(candidate, ['next_steps', i], `\`next_steps[${i}]\` \`{{${use.name}}}\`: ${unknownFact(factId)}`);
      }
    }
  }
  return problems;
}

/** Why a `when` condition cannot hold for this fact, or null. */
function conditionProblem(fact: FactDefinition, condition: WhenCondition): string | null {
  if (condition === 'any') return null;
  if (fact.type === 'boolean') {
    return typeof condition === 'boolean' ? null : `\`${fact.id}\` is a yes/no fact: write true, false or any, not ${quoteCode(typeof condition === 'string' ? condition : JSON.stringify(condition))}`;
  }
  if (typeof condition === 'boolean') {
    return `\`${fact.id}\` takes one of its values (${fact.values.join(', ')}), not ${String(condition)}: write a value, a list of values, or any`;
  }
  const values = Array.isArray(condition) ? condition : [condition];
  const bad = values.filter((v) => !fact.values.includes(v));
  if (bad.length === 0) return null;
  return `${bad.map((v) => quoteCode(v)).join(', ')} ${bad.length === 1 ? 'is not a value' : 'are not values'} of \`${fact.id}\`: use ${fact.values.join(', ')}`;
}
