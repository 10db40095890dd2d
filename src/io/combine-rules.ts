import { parseRuleFiles, type RuleFileText, type RuleSet, type SourceLocation } from '../rules/index.js';
import type { BundledRules, CombinedRules, RuleSelection } from './load-rule-packs.js';

/**
 * The rule set a run uses: the bundled vocabulary always, the bundled packs the selection keeps, and
 * the user's files, parsed against the bundled vocabulary. A user's rule that reuses the id of a
 * bundled rule in use is an error on the user's rule (the bundled one stays, as ids are unique across
 * files); with the bundled bugs turned off, the user's rule is used. Pure.
 *
 * @example
 * const { ruleSet, problems } = combineRules(bundled, [{ path: 'my.yml', text }], { bundled: false });
 */
export function combineRules(bundled: BundledRules, userFiles: readonly RuleFileText[], selection: RuleSelection = {}): CombinedRules {
  const useCurated = selection.bundled ?? true;
  const useCves = selection.cves ?? true;
  const keep = (source: SourceLocation) => (bundled.originOf(source) === 'cve' ? useCves : useCurated);
  const base: RuleSet = {
    facts: bundled.ruleSet.facts,
    bugs: bundled.ruleSet.bugs.filter((bug) => keep(bug.source)),
    playbooks: bundled.ruleSet.playbooks.filter((playbook) => keep(playbook.source)),
  };
  const own = userFiles.length === 0 ? { ruleSet: { facts: [], bugs: [], playbooks: [] }, problems: [] } : parseRuleFiles(userFiles, { knownFacts: base.facts });
  const problems = [...own.problems];
  const sections = [
    ['fact', own.ruleSet.facts, base.facts],
    ['bug', own.ruleSet.bugs, base.bugs],
    ['playbook', own.ruleSet.playbooks, base.playbooks],
  ] as const;
  const clashes = new Set<object>();
  for (const [word, mine, theirs] of sections) {
    const byId = new Map<string, SourceLocation>(theirs.map((rule) => [rule.id, rule.source]));
    for (const rule of mine) {
      const other = byId.get(rule.id);
      if (!other) continue;
      clashes.add(rule);
      problems.push({
        ...rule.source,
        ruleId: rule.id,
        severity: 'error',
        message: `duplicate ${word} id \`${rule.id}\`: already defined at ${other.file}:${other.line}:${other.col} (bundled with ktriage); ids are unique across all rule files: pick another id`,
      });
    }
  }
  const excluded = new Set(selection.exclude ?? []);
  const ruleSet: RuleSet = {
    facts: [...base.facts, ...own.ruleSet.facts.filter((fact) => !clashes.has(fact))],
    bugs: [...base.bugs, ...own.ruleSet.bugs.filter((bug) => !clashes.has(bug))].filter((bug) => !excluded.has(bug.id)),
    playbooks: [...base.playbooks, ...own.ruleSet.playbooks.filter((playbook) => !clashes.has(playbook))],
  };
  return { ruleSet, problems };
}

