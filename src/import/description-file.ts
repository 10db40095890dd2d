import type { DescriptionIndex } from '../match/index.js';

/*
 * descriptions.tsv in a CVE pack: the TF-IDF description index of EVERY record (with a quoted log
 * or not), written by the importer from the records' fix messages, read lazily by the loader only
 * for reports that need it (no log, or a log that matched nothing confidently). Text, sorted, one
 * record a line, so a refresh is a readable diff:
 *   # comments
 *   =documents<TAB>14626
 *   =df<TAB>term<TAB>document frequency            (every term two or more records have and some keeps)
 *   CVE-2024-50014<TAB>term term*2 ...              (the record's heaviest terms, heaviest first)
 */

/** The pack file holding the description index. */
export const DESCRIPTION_INDEX_FILE = 'descriptions.tsv';

/** The description index as the pack file's text. Deterministic for the same index. */
export function formatDescriptionIndex(index: DescriptionIndex, snapshot: string | null): string {
  const lines = [
    `# TF-IDF description index of every kernel CNA record${snapshot ? ` (snapshot ${snapshot})` : ''}: each record's heaviest word stems, written by \`ktriage import kernel-cves\`; do not edit.`,
    '# Used to offer known bugs "possible, by description" to reports without a log that matches (src/match/description-index.ts).',
    `=documents\t${index.documents}`,
  ];
  // Terms of one record only are left out (most of the vocabulary: function names, which then weigh
  // as words no record has, the most distinctive): the file stays small.
  for (const term of [...index.df.keys()].sort()) if (index.df.get(term)! > 1) lines.push(`=df\t${term}\t${index.df.get(term)}`);
  for (const doc of index.docs) lines.push(`${doc.id}\t${doc.terms.map(([term, count]) => (count === 1 ? term : `${term}*${count}`)).join(' ')}`);
  return `${lines.join('\n')}\n`;
}

/** Thrown for a file that is not a description index (the loader reports it and runs without one). */
export class DescriptionIndexError extends Error {}

/**
 * Parse descriptions.tsv. Lines that do not have the shape are skipped; a file without the
 * `=documents` line is not an index and throws DescriptionIndexError.
 */
export function parseDescriptionIndex(text: string): DescriptionIndex {
  let documents: number | null = null;
  const df = new Map<string, number>();
  const docs: Array<{ id: string; terms: Array<[string, number]> }> = [];
  // One string per distinct term (a term recurs in up to thousands of records): a fraction of the memory.
  const interned = new Map<string, string>();
  const intern = (term: string): string => {
    const known = interned.get(term);
    if (known !== undefined) return known;
    const own = term.slice(0);
    interned.set(own, own);
    return own;
  };
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const cells = line.split('\t');
    if (cells[0] === '=documents') {
      documents = Number(cells[1]);
      continue;
    }
    if (cells[0] === '=df') {
      const count = Number(cells[2]);
      if (cells[1] && Number.isInteger(count) && count > 0) df.set(intern(cells[1]), count);
      continue;
    }
    if (cells.length !== 2 || !cells[0] || !cells[1]) continue;
    const terms: Array<[string, number]> = [];
    for (const item of cells[1].split(' ')) {
      const star = item.lastIndexOf('*');
      const count = star > 0 ? Number(item.slice(star + 1)) : 1;
      const term = star > 0 ? item.slice(0, star) : item;
      if (term !== '' && Number.isInteger(count) && count > 0) terms.push([intern(term), count]);
    }
    docs.push({ id: cells[0], terms });
  }
  if (documents === null || !Number.isInteger(documents) || documents <= 0) throw new DescriptionIndexError('not a description index: no `=documents` line');
  return { documents, df, docs };
}
