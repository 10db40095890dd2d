/**
 * A copy of `text` that shares no memory with the string it was cut from. V8 represents a slice
 * (`text.slice`, `substring`, a regex match, `trim`) of 13 characters or more as a view into its
 * parent, and keeps the whole parent alive as long as the view lives: a version string or a word
 * kept in a module-level cache would keep the report it was read from (up to the 64 MB size
 * limit, two bytes a character for non-Latin-1 text) alive until the cache forgets it, report after
 * report in a long-running bot. Prepending a character and cutting it off again makes V8 flatten
 * the pair into a new string; the result points into that, not the report. Costs one copy of
 * `text`: call it only where a string outlives the triage that read it.
 *
 * @example
 * cache.set(ownCopy(versionSlicedFromReport), parsed) // the report can be collected
 */
export function ownCopy(text: string): string {
  return ` ${text}`.slice(1);
}
