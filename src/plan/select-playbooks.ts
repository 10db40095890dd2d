import type { Facts } from '../model.js';
import type { Playbook } from '../rules/index.js';
import { evaluateConditions } from '../match/index.js';

/** At most this many playbooks contribute steps: the comment stays readable. */
export const MAX_PLAYBOOKS = 2;

export interface SelectedPlaybook {
  playbook: Playbook;
  /** Why it was chosen, in words. */
  reason: string;
}

/**
 * Choose the playbooks for a report no bug rule matched confidently. A playbook is chosen when one
 * of the report's error lines or crashes starts with one of its `signature_prefixes`, when a
 * possibly matching rule's subsystem is one of its `subsystems`, or when its `when` facts are all
 * known and hold. Earlier report lines win (root cause first), then prefix over subsystem over
 * facts, then file order. A generic playbook of a subsystem family gives way to a chosen specific
 * one (`device-mapper` to `device-mapper/thin`).
 *
 * @example
 * selectPlaybooks(facts, ruleSet.playbooks, ['device-mapper/thin'])[0]?.playbook.id // => 'dm-thin'
 */
export function selectPlaybooks(facts: Facts, playbooks: readonly Playbook[], subsystems: readonly string[]): SelectedPlaybook[] {
  const lines = [
    ...facts.signatures.map((s) => [s.text, s.canonical]),
    ...facts.crashes.map((c) => [c.title, c.evidence.quote.trim()]),
  ];
  const chosen: Array<SelectedPlaybook & { rank: number; order: number }> = [];
  playbooks.forEach((playbook, order) => {
    const at = lines.findIndex((texts) => playbook.signaturePrefixes.some((prefix) => texts.some((text) => text.startsWith(prefix))));
    if (at >= 0) {
      const prefix = playbook.signaturePrefixes.find((p) => lines[at]!.some((text) => text.startsWith(p)))!;
      chosen.push({ playbook, reason: `a report line starts with "${prefix}"`, rank: at, order });
      return;
    }
    const subsystem = subsystems.find((s) => playbook.subsystems.includes(s));
    if (subsystem !== undefined) {
      chosen.push({ playbook, reason: `a possibly matching known bug is in ${subsystem}`, rank: lines.length, order });
      return;
    }
    const conditions = evaluateConditions(playbook.when, facts.config);
    const relevant = conditions.results.filter((r) => r.state !== 'irrelevant');
    if (relevant.length > 0 && relevant.every((r) => r.state === 'satisfied')) {
      chosen.push({ playbook, reason: `the report states ${relevant.map((r) => `${r.fact} = ${String(r.value)}`).join(', ')}`, rank: lines.length + 1, order });
    }
  });
  // A family's generic playbook ("device-mapper", any target) repeats what its specific one
  // ("device-mapper/thin") already asks for, in other words: when both are chosen, the specific
  // one speaks for the family (issue 13: `dmsetup table` was asked for twice or three times).
  const generic = (candidate: Playbook) =>
    chosen.some(({ playbook }) => playbook !== candidate && candidate.subsystems.length > 0 && candidate.subsystems.every((parent) => playbook.subsystems.some((child) => child.startsWith(`${parent}/`))));
  return chosen
    .filter(({ playbook }) => !generic(playbook))
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .slice(0, MAX_PLAYBOOKS)
    .map(({ playbook, reason }) => ({ playbook, reason }));
}
