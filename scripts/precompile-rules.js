// `npm run build`, after tsc: the bundled rule packs (rules/*.yml and rules/kernel-cves/) parsed,
// checked and merged once, written to dist/bundled-rules.json with the digest of their sources.
// At run time the loader uses it only when the sources still have that digest (src/io/load-rule-packs.ts).
import { writeFile } from 'node:fs/promises';
import { bundledPrecompiledFile, precompileBundledRules, readBundledRules } from '../dist/io/load-rule-packs.js';
import { compileRules, signatureTables } from '../dist/match/index.js';

const bundled = await readBundledRules({ precompiledFile: null });
// The same rules folder without the CVE pack: what `--no-cves` runs on, stored as its difference.
const curated = await readBundledRules({ precompiledFile: null, cvePack: false });
const errors = bundled.problems.filter((problem) => problem.severity === 'error');
if (bundled.unreadable.length > 0 || errors.length > 0) {
  console.error(`precompile: the bundled rules have ${errors.length} errors and ${bundled.unreadable.length} unreadable paths: run \`ktriage lint rules/ rules/kernel-cves/\``);
  process.exitCode = 1;
} else {
  // The fuzzy index of the whole set, built once here rather than on every run's first search, and
  // the signature index, so a run reads no rule's signatures to compile the set.
  const fuzzy = compileRules(bundled.ruleSet).fuzzy.tables();
  await writeFile(bundledPrecompiledFile(), precompileBundledRules(bundled, undefined, curated, fuzzy, signatureTables(bundled.ruleSet.bugs)));
  console.log(`precompile: ${bundled.ruleSet.bugs.length} bugs, ${bundled.ruleSet.playbooks.length} playbooks, ${bundled.ruleSet.facts.length} facts -> ${bundledPrecompiledFile()}`);
}
