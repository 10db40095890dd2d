import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FactDefinition } from '../model.js';
import { formatProblem, parseRuleFiles } from '../rules/index.js';

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
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new FactVocabularyError(`cannot read the fact vocabulary ${file}: ${(error as Error).message}`);
  }
  const { ruleSet, problems } = parseRuleFiles([{ path: file, text }]);
  const errors = problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) throw new FactVocabularyError(`invalid fact vocabulary:\n  ${errors.map(formatProblem).join('\n  ')}`);
  if (ruleSet.facts.length === 0) throw new FactVocabularyError(`${file}: no \`facts:\` list`);
  // Extractors take plain definitions: drop the rule-file bookkeeping (`source`).
  return ruleSet.facts.map(({ id, description, type, values, patterns, question }) => ({ id, description, type, values, patterns, question }));
}
