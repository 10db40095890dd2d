import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import type { FactDefinition } from '../model.js';
import { factDefinitionSchema } from '../rules/fact-definition-schema.js';

/** The vocabulary shipped with ktriage: rules/facts.yml at the package root (src/io or dist/io, two levels down). */
export function bundledFactsFile(): string {
  return fileURLToPath(new URL('../../rules/facts.yml', import.meta.url));
}

export class FactVocabularyError extends Error {
  override name = 'FactVocabularyError';
}

/**
 * Read a fact vocabulary (the `facts:` list of a rule file) from disk and validate every entry with
 * the fact schema. Entries that fail are reported together in one error naming the file and the
 * entry; a missing file is an error naming the path.
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
  return parseFactVocabulary(text, file);
}

/** Parse the YAML text of a file holding `facts:`; other top-level keys (bugs, playbooks) are ignored here. */
export function parseFactVocabulary(text: string, file: string): FactDefinition[] {
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    throw new FactVocabularyError(`${file}: ${document.errors.map((e) => e.message).join('; ')}`);
  }
  const data = document.toJS() as { facts?: unknown } | null;
  const entries = data?.facts;
  if (!Array.isArray(entries)) throw new FactVocabularyError(`${file}: no \`facts:\` list`);
  const problems: string[] = [];
  const facts: FactDefinition[] = [];
  entries.forEach((entry, i) => {
    const parsed = factDefinitionSchema.safeParse(entry);
    if (parsed.success) facts.push(parsed.data);
    else for (const issue of parsed.error.issues) problems.push(`facts[${i}]${issue.path.map((p) => `.${String(p)}`).join('')}: ${issue.message}`);
  });
  if (problems.length > 0) throw new FactVocabularyError(`${file}: invalid fact definitions:\n  ${problems.join('\n  ')}`);
  return facts;
}
