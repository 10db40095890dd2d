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

/** The most terms a phrase of TERM_GROUPS has. */
const LONGEST_PHRASE = Math.max(1, ...TERM_GROUPS.flatMap((group) => group.map((phrase) => phrase.length)));

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
  const phrases = new StoragePhrases();
  for (const term of terms) phrases.see(term);
  return [...terms, ...phrases.additions(new Set(terms))];
}

/**
 * withStorageSynonyms read term by term, for a query whose terms are counted as they are read and
 * never listed (a 1 MB report's prose is about 150,000 terms): `see` each term in order, then
 * `additions` are the terms withStorageSynonyms would append.
 *
 * @example
 * const phrases = new StoragePhrases();
 * for (const term of ['write', 'mostli']) phrases.see(term);
 * phrases.additions(new Set(['write', 'mostli'])) // => ['slow', 'disk']
 */
export class StoragePhrases {
  /** The last terms seen, at most the longest phrase's length less one, latest last. */
  private readonly recent: string[] = [];
  /** Which groups have a phrase among the terms seen. */
  private readonly found = new Set<number>();

  see(term: string): void {
    // Loops, not closures per term: a 1 MB report's query is 150,000 terms (issue 12).
    for (let g = 0; g < TERM_GROUPS.length; g++) {
      if (this.found.has(g)) continue;
      for (const phrase of TERM_GROUPS[g]!) {
        if (this.endsWith(phrase, term)) {
          this.found.add(g);
          break;
        }
      }
    }
    this.recent.push(term);
    if (this.recent.length > LONGEST_PHRASE - 1) this.recent.shift();
  }

  /** The terms of the groups found that are not `present`, each once, in group and phrase order. */
  additions(present: { has(term: string): boolean }): string[] {
    const added: string[] = [];
    const taken = new Set<string>();
    TERM_GROUPS.forEach((group, g) => {
      if (!this.found.has(g)) return;
      for (const phrase of group) {
        for (const term of phrase) {
          if (present.has(term) || taken.has(term)) continue;
          taken.add(term);
          added.push(term);
        }
      }
    });
    return added;
  }

  /** Whether the phrase ends with `term` and the terms seen before it are the rest of the phrase. */
  private endsWith(phrase: readonly string[], term: string): boolean {
    if (phrase.length === 0 || phrase[phrase.length - 1] !== term || phrase.length - 1 > this.recent.length) return false;
    for (let k = 0; k < phrase.length - 1; k++) if (this.recent[this.recent.length - (phrase.length - 1) + k] !== phrase[k]) return false;
    return true;
  }
}
