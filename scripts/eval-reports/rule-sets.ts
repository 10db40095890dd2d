// The rule sets the real-reports evaluation scores: the bundled curated rules, the blind rules
// (test/fixtures/blind-rules, written from fix commit messages only), the kernel CVE pack when it is
// installed, and what ships (curated + CVE pack). Each with the bundled fact vocabulary.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { combineRules } from '../../src/io/combine-rules.js';
import { bundledCvePackDir, readBundledRules } from '../../src/io/load-rule-packs.js';
import { compileRules, type CompiledRules } from '../../src/match/index.js';

export interface NamedRuleSet {
  name: string;
  compiled: CompiledRules;
  /** Only reports whose fix one of these rules names are scored as positives (the CVE pack: fixes with a CVE). */
  positivesLimitedToOwnFixes: boolean;
  problems: number;
}

export const BLIND_RULES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'fixtures', 'blind-rules');

/** Every rule set available in this checkout, in report order. */
export async function loadRuleSets(): Promise<NamedRuleSet[]> {
  const withPack = existsSync(bundledCvePackDir());
  const bundled = await readBundledRules({ cvePack: withPack });
  const sets: NamedRuleSet[] = [];
  const add = (name: string, files: Array<{ path: string; text: string }>, selection: { bundled: boolean; cves: boolean }, positivesLimitedToOwnFixes = false) => {
    const combined = combineRules(bundled, files, selection);
    sets.push({ name, compiled: compileRules(combined.ruleSet), positivesLimitedToOwnFixes, problems: combined.problems.filter((p) => p.severity === 'error').length });
  };
  add('curated (rules/*.yml)', [], { bundled: true, cves: false });
  if (existsSync(BLIND_RULES_DIR)) {
    const files = readdirSync(BLIND_RULES_DIR)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => ({ path: join(BLIND_RULES_DIR, name), text: readFileSync(join(BLIND_RULES_DIR, name), 'utf8') }));
    add('blind (test/fixtures/blind-rules)', files, { bundled: false, cves: false });
  }
  if (withPack) {
    add('CVE pack alone (reports whose fix has a CVE)', [], { bundled: false, cves: true }, true);
    add('shipped (curated + CVE pack)', [], { bundled: true, cves: true });
  }
  return sets;
}
