/** Longest user text quoted in a message; ids and versions are far shorter. */
const MAX_QUOTED = 60;

/**
 * User text (a key, an id, a version) quoted as `code` in a problem message: backticks and line
 * breaks would break the one-line `file:line:col: message` format and Markdown check-run output.
 *
 * @example
 * quoteCode('3.12.x') // => '`3.12.x`'
 */
export function quoteCode(text: string): string {
  const flat = text.replace(/[`\r\n\t]/g, ' ');
  return `\`${flat.length > MAX_QUOTED ? `${flat.slice(0, MAX_QUOTED)}…` : flat}\``;
}
