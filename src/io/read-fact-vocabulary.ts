import { fileURLToPath } from 'node:url';
import type { FactDefinition } from '../model.js';
import { formatProblem, parseRuleFiles } from '../rules/index.js';
import { readRuleFiles } from './read-rule-files.js';

/** The vocabulary shipped with ktriage: rules/facts.yml at the package root (src/io or dist/io, two levels down). */
export function bundledFactsFile(): string {
  return fileURLToPath(new URL('../../rules/facts.yml', import.meta.url));
}

export class FactVocabularyError extends Error {
  override name = 'FactVocabularyError';
}

/**
 * Read a fact vocabulary (the `facts:` list of a rule file) from disk. The file is checked exactly as
 * `ktriage lint` checks it (parseRuleFiles: hostile-YAML limits, unknown keys, RE2, duplicate ids), and
 * its errors are reported together in one error, one `file:line:col: message` a line; a missing
 * file or one without `facts:` is an error naming the path.
 *
 * @example
 * const vocabulary = await readFactVocabulary(); // rules/facts.yml
 */
export async function readFactVocabulary(file: string = bundledFactsFile()): Promise<FactDefinition[]> {
  // Read as rule files are (size cap, errors in words: "no such file or folder", not raw errno text).
  const read = await readRuleFiles([file]);
  const failure = read.unreadable[0];
  if (failure) throw new FactVocabularyError(`cannot read the fact vocabulary ${file}: ${failure.message}`);
  if (read.problems.length > 0) throw new FactVocabularyError(`invalid fact vocabulary:\n  ${read.problems.map(formatProblem).join('\n  ')}`);
  const { ruleSet, problems } = parseRuleFiles(read.files);
  const errors = problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) throw new FactVocabularyError(`invalid fact vocabulary:\n  ${errors.map(formatProblem).join('\n  ')}`);
  if (ruleSet.facts.length === 0) throw new FactVocabularyError(`${file}: no \`facts:\` list`);
  // Extractors take plain definitions: drop the rule-file bookkeeping (`source`).
  return ruleSet.facts.map(({ id, description, type, values, patterns, question }) => ({ id, description, type, values, patterns, question }));
}
