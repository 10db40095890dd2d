/**
 * A bounded memo of a pure function of a text: the result for a text read before is returned
 * again instead of computed again. Reports repeat themselves (a sentence pasted a thousand times, a
 * log's repeated lines read as prose, a version list): reading each distinct text once keeps such
 * a report's cost per character near that of ordinary prose (issue 12). The memo holds at most
 * `maxChars` characters of keys (longer keys are not kept) and starts afresh when full, so it costs
 * a bounded amount of memory whatever the input. Keys and results may be views into a report's
 * text: the reader that owns a memo clears it when it is done with the report, so no report is
 * kept alive by it after its triage. Callers share the results: a memoised function's results must
 * not be changed by its callers.
 *
 * @example
 * const words = new TextMemo<string[]>(1 << 16);
 * words.get('a b', (s) => s.split(' ')) === words.get('a b', (s) => s.split(' ')) // => true
 */
export class TextMemo<T> {
  private readonly results = new Map<string, T>();
  private chars = 0;

  constructor(private readonly maxChars: number) {}

  /** Forget every text (the report read is done). */
  clear(): void {
    this.results.clear();
    this.chars = 0;
  }

  get(text: string, compute: (text: string) => T): T {
    const known = this.results.get(text);
    if (known !== undefined) return known;
    const result = compute(text);
    if (text.length <= this.maxChars / 16) {
      if (this.chars + text.length > this.maxChars) {
        this.results.clear();
        this.chars = 0;
      }
      this.results.set(text, result);
      this.chars += text.length;
    }
    return result;
  }
}
