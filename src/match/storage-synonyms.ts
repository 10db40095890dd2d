import { descriptionTerms } from './description-index.js';

/*
 * Words a reporter and a fix author use for one storage thing. A report says "write-mostly", the
 * fix says "slow disk"; a report says "fstrim", the fix says "discard". Word matching cannot see
 * that, so a report's query (never the index: the pack's files stay the importer's output) gets
 * the other phrases of a group whose phrase it contains. Written from the tools' and the kernel's
 * documentation, not from reports:
 *   - mdadm(8) `--write-mostly`: "the md driver will avoid reading from these devices if at all
 *     possible ... useful if mirroring over a slow link"; raid1's read balancing calls such
 *     members slow disks (choose_slow_rdev);
 *   - fstrim(8) discards unused blocks; the block layer calls it discard (Documentation/ABI
 *     queue/discard_*), SCSI UNMAP, ATA TRIM;
 *   - md's sync_action (Documentation/admin-guide/md.rst): resync and recover are the two ways md
 *     rebuilds redundancy, and reports name one where the fix names the other.
 */
const GROUPS: ReadonlyArray<readonly string[]> = [
  ['write-mostly', 'slow disk'],
  ['discard', 'trim', 'fstrim', 'unmap'],
  ['resync', 'recovery'],
];

/** Each group's phrases as description terms (stems), computed once. */
const TERM_GROUPS: ReadonlyArray<ReadonlyArray<readonly string[]>> = GROUPS.map((group) => group.map((phrase) => descriptionTerms(phrase)));

/**
 * The query's terms plus the terms of every other phrase of a group one of whose phrases the
 * query contains (its terms in a row: "slow writes, mostly at night" is not write-mostly), each
 * added once.
 *
 * @example
 * withStorageSynonyms(descriptionTerms('raid1 write-mostly member corrupts data'))
 * // => [...the terms, 'slow', 'disk']
 */
export function withStorageSynonyms(terms: readonly string[]): string[] {
  const present = new Set(terms);
  const added: string[] = [];
  for (const group of TERM_GROUPS) {
    if (!group.some((phrase) => containsPhrase(terms, phrase))) continue;
    for (const phrase of group) {
      for (const term of phrase) {
        if (present.has(term)) continue;
        present.add(term);
        added.push(term);
      }
    }
  }
  return [...terms, ...added];
}

/** Whether `phrase` occurs in `terms` as consecutive terms. */
function containsPhrase(terms: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0) return false;
  // Loops, not phrase.every with a closure per position: a 1 MB report's query is 150,000 terms (issue 12).
  for (let i = 0; i + phrase.length <= terms.length; i++) {
    let k = 0;
    while (k < phrase.length && terms[i + k] === phrase[k]) k++;
    if (k === phrase.length) return true;
  }
  return false;
}
