// The rule sets the real-reports evaluation scores: the bundled curated rules, the blind rules
// (test/fixtures/blind-rules, written from fix commit messages only), the kernel CVE pack alone when
// it is installed, and what ships (curated + CVE pack). Each with the bundled fact vocabulary.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { combineRules } from '../../src/io/combine-rules.js';
import { bundledCvePackDir, descriptionSource, readBundledRules, readCveRecordIndex } from '../../src/io/load-rule-packs.js';
import { bundledRulesDir, readRuleFiles } from '../../src/io/read-rule-files.js';
import { compileRules, type CompiledRules } from '../../src/match/index.js';
import { parseRuleFiles } from '../../src/rules/index.js';

export interface NamedRuleSet {
  /** Short name for `--sets` (curated, blind, cve, shipped). */
  key: RuleSetKey;
  name: string;
  compiled: CompiledRules;
  /**
   * Only reports whose fix is one of these shas are scored as positives (the CVE pack: fixes that
   * have a CVE record, with a log or not); null scores every report with a known fix.
   */
  positiveFixes: readonly string[] | null;
  problems: number;
}

export type RuleSetKey = 'blind' | 'curated' | 'cve' | 'shipped';
export const RULE_SET_KEYS: readonly RuleSetKey[] = ['curated', 'blind', 'cve', 'shipped'];

export const BLIND_RULES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'fixtures', 'blind-rules');

/** Every rule set available in this checkout (or the ones `only` names), in report order. */
export async function loadRuleSets(only: readonly RuleSetKey[] = RULE_SET_KEYS): Promise<NamedRuleSet[]> {
  const withPack = existsSync(bundledCvePackDir());
  const wants = (key: RuleSetKey) => only.includes(key);
  const bundled = await readBundledRules({ cvePack: withPack && wants('shipped') });
  const sets: NamedRuleSet[] = [];
  const add = (key: RuleSetKey, name: string, files: Array<{ path: string; text: string }>, selection: { bundled: boolean; cves: boolean }) => {
    const combined = combineRules(bundled, files, selection);
    // Every set gets the pack's description index when the pack is installed: the curated and blind
    // rules are searched beside the records by description, as an installation with the pack does.
    sets.push({ key, name, compiled: compileRules(combined.ruleSet, { descriptions: withPack ? descriptionSource(bundledCvePackDir()) : null }), positiveFixes: null, problems: combined.problems.filter((p) => p.severity === 'error').length });
  };
  if (wants('curated')) add('curated', 'curated (rules/*.yml)', [], { bundled: true, cves: false });
  if (wants('blind') && existsSync(BLIND_RULES_DIR)) {
    const files = readdirSync(BLIND_RULES_DIR)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => ({ path: join(BLIND_RULES_DIR, name), text: readFileSync(join(BLIND_RULES_DIR, name), 'utf8') }));
    add('blind', 'blind (test/fixtures/blind-rules)', files, { bundled: false, cves: false });
  }
  if (withPack && wants('cve')) sets.push(await cvePackAlone());
  if (withPack && wants('shipped')) add('shipped', 'shipped (curated + CVE pack)', [], { bundled: true, cves: true });
  return sets;
}

/**
 * The CVE pack on its own, as an operator with no curated rules would run it: every generated rule,
 * including those the shipped set drops because a curated rule names the same fix (readBundledRules
 * supersedes them, which would hide exactly the reports a curated rule already explains). Scored on
 * the reports whose fix has a CVE record (records.tsv: with a quoted log or not, so records that
 * yield no rule count as misses), with the bundled fact vocabulary.
 */
export async function cvePackAlone(): Promise<NamedRuleSet> {
  const curated = await readRuleFiles([bundledRulesDir()]);
  const pack = await readRuleFiles([bundledCvePackDir()]);
  const packFiles = new Set(pack.files.map((file) => resolve(file.path)));
  const parsed = parseRuleFiles([...curated.files, ...pack.files]);
  const bugs = parsed.ruleSet.bugs.filter((bug) => packFiles.has(resolve(bug.source.file)));
  const records = await readCveRecordIndex(true);
  return {
    key: 'cve',
    name: 'CVE pack alone (reports whose fix has a CVE record; no curated rules)',
    compiled: compileRules({ facts: parsed.ruleSet.facts, bugs, playbooks: [] }, { descriptions: descriptionSource(bundledCvePackDir()) }),
    positiveFixes: records.map((record) => record.sha),
    problems: parsed.problems.filter((p) => p.severity === 'error' && packFiles.has(resolve(p.file))).length,
  };
}
