// `npm run build`, after tsc: the bundled rule packs (rules/*.yml and rules/kernel-cves/) parsed,
// checked and merged once, written to dist/bundled-rules.json with the digest of their sources.
// At run time the loader uses it only when the sources still have that digest (src/io/load-rule-packs.ts).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DESCRIPTION_INDEX_FILE, parseDescriptionIndex } from '../dist/import/description-file.js';
import { bundledCvePackDir, bundledDescriptionsFile, bundledPrecompiledFile, precompileBundledRules, readBundledRules } from '../dist/io/load-rule-packs.js';
import { stampOf } from '../dist/io/file-stamp.js';
import { encodeDescriptionPostings } from '../dist/io/precomputed-descriptions.js';
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

// The CVE pack's description index as posting lists (src/io/precomputed-descriptions.ts): read at
// run time instead of building them from descriptions.tsv, while that file is unchanged.
const descriptions = path.join(bundledCvePackDir(), DESCRIPTION_INDEX_FILE);
if (existsSync(descriptions)) {
  const bytes = readFileSync(descriptions);
  const index = parseDescriptionIndex(bytes.toString('utf8'));
  await writeFile(bundledDescriptionsFile(), encodeDescriptionPostings(index, stampOf(bytes, statSync(descriptions))));
  console.log(`precompile: description index of ${index.docs.length} records -> ${bundledDescriptionsFile()}`);
}
