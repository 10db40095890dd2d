/** Rules, commands and records name a commit by 12 to 40 hex digits; fewer could name several. */
export const MIN_COMMIT_DIGITS = 12;

/**
 * Whether two shas name the same commit: one is a prefix of the other (case aside), and the shorter
 * has at least 12 digits. `e2f2a39452c4` and `e2f2a39452c43b64ea3191642a2661cb8d03827a` are one fix;
 * comparing them as strings made them two (two drafts posted for one fix).
 *
 * @example
 * sameCommit('e2f2a39452c4', 'E2F2A39452C43B64EA3191642A2661CB8D03827A') // => true
 * sameCommit('e2f2a39452c4', 'e2f2a39452c5') // => false
 * sameCommit('e2f2a39', 'e2f2a39452c4') // => false (too short to name one commit)
 */
export function sameCommit(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  return n >= MIN_COMMIT_DIGITS && a.slice(0, n).toLowerCase() === b.slice(0, n).toLowerCase();
}

/**
 * The key under which shas that are sameCommit meet in a Map: their first 12 digits, lower case.
 * A bucket may still hold different commits that share those digits: confirm with sameCommit.
 *
 * @example
 * commitKey('E2F2A39452C43B64EA3191642A2661CB8D03827A') // => 'e2f2a39452c4'
 */
export function commitKey(sha: string): string {
  return sha.slice(0, MIN_COMMIT_DIGITS).toLowerCase();
}
