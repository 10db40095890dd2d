import { isGenericFrame } from '../extract/index.js';

/**
 * What many unrelated bugs share, so a rule written by a machine (origin: generated) may not rest
 * on it alone (RANKING.md, "Generated rules"). A curated rule's author chose the signature knowing
 * this; an importer cannot.
 */

/** Rules carrying the same log line or crash title from which it counts as a line many bugs print. */
export const MANY_RULES = 3;

/**
 * A crash title that does not name one bug: the parser lost the frame (`... in corrupted`), the
 * title has no place at all (a bare `Oops`, `general protection fault`), or the place is a
 * reporting or helper frame every report of its kind passes (`WARNING in warn_slowpath_fmt`,
 * `KASAN: slab-out-of-bounds Read in memcpy`).
 *
 * @example
 * isGenericCrashTitle('general protection fault in corrupted') // => true
 * isGenericCrashTitle('WARNING in __warn_printk') // => true
 * isGenericCrashTitle('kernel BUG at fs/ext4/inode.c:LINE!') // => false (a source line is specific)
 * isGenericCrashTitle('KASAN: use-after-free Read in bfq_setup_cooperator') // => false
 */
export function isGenericCrashTitle(title: string): boolean {
  if (/\bcorrupted\b/.test(title)) return true;
  const at = title.lastIndexOf(' in ');
  if (at < 0) return !/[\w-]+\/[\w./-]+\.[ch]\b/.test(title);
  const frame = title.slice(at + 4).trim();
  // "WARNING in f (2)" style suffixes and "f/g" pairs name the first function.
  const name = frame.split(/[\s/]/)[0] ?? '';
  return name === '' || isGenericFrame(name);
}
