import type { ConfigFact, FactValue } from '../model.js';
import type { WhenCondition } from '../rules/index.js';

/** How one `when` condition stands against the report's facts. */
export type ConditionState =
  /** The fact is known and agrees. */
  | 'satisfied'
  /** The fact is known and contradicts the condition: the rule does not apply. */
  | 'contradicted'
  /** The fact is unknown: keep the match, lower the confidence, ask. */
  | 'unknown'
  /** The report stated several values over time (with and without discards): not evidence either way. */
  | 'ambiguous'
  /** `any`: documents that the fact does not matter. */
  | 'irrelevant';

export interface ConditionResult {
  fact: string;
  condition: WhenCondition;
  state: ConditionState;
  /** The fact's (latest) value, when known. */
  value: FactValue | null;
}

export interface ConditionsOutcome {
  /** False when a known fact contradicts a condition. */
  applies: boolean;
  results: ConditionResult[];
}

/**
 * Evaluate a rule's (or playbook's) `when` against the report's configuration facts. A condition
 * fails only when the fact is known and contradicts it; an unknown fact keeps the match (the caller
 * lowers the confidence and asks); a fact whose history holds a value that satisfies the condition
 * and one that contradicts it is not evidence either way.
 *
 * @example
 * evaluateConditions({ thin_pool: true, discards: 'any' }, { thin_pool: { value: false, ... } }).applies // => false
 */
export function evaluateConditions(when: Readonly<Record<string, WhenCondition>>, config: Readonly<Record<string, ConfigFact>>): ConditionsOutcome {
  const results: ConditionResult[] = [];
  let applies = true;
  for (const fact of Object.keys(when).sort()) {
    const condition = when[fact]!;
    const known = Object.prototype.hasOwnProperty.call(config, fact) ? config[fact] : undefined;
    const state = judge(condition, known);
    if (state === 'contradicted') applies = false;
    results.push({ fact, condition, state, value: known === undefined ? null : known.value });
  }
  return { applies, results };
}

function judge(condition: WhenCondition, known: ConfigFact | undefined): ConditionState {
  if (condition === 'any') return 'irrelevant';
  if (known === undefined) return 'unknown';
  const history = known.history.length > 0 ? known.history.map((s) => s.value) : [known.value];
  const agreeing = history.filter((value) => accepts(condition, value)).length;
  if (agreeing === history.length) return 'satisfied';
  if (agreeing === 0) return 'contradicted';
  return 'ambiguous';
}

/** Does a stated value meet the condition? Strings compare case-insensitively ("XFS" is xfs). */
function accepts(condition: WhenCondition, value: FactValue): boolean {
  if (typeof condition === 'boolean') return value === condition;
  const wanted = Array.isArray(condition) ? condition : [condition];
  const stated = String(value).toLowerCase();
  return wanted.some((w) => w.toLowerCase() === stated);
}

/**
 * A condition in words, for reasons and explain.
 *
 * @example
 * describeCondition('filesystem', ['ext4', 'xfs']) // => 'filesystem in [ext4, xfs]'
 */
export function describeCondition(fact: string, condition: WhenCondition): string {
  if (Array.isArray(condition)) return `${fact} in [${condition.join(', ')}]`;
  return `${fact} = ${String(condition)}`;
}
