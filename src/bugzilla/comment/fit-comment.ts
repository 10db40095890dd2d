/** Bugzilla refuses comments longer than this (Bugzilla::Constants::MAX_COMMENT_LENGTH). */
export const MAX_COMMENT_LENGTH = 65_535;

/**
 * Shortens a comment to Bugzilla's limit, keeping its last line: ktriage's footer, which is how
 * later runs recognise the comment (see findPostedVerdicts).
 *
 * @example
 * fitComment('a'.repeat(70_000) + '\n-- ktriage (no-match; fingerprint 1)').length <= 65_535 // => true
 */
export function fitComment(text: string, max = MAX_COMMENT_LENGTH): string {
  if (text.length <= max) return text;
  const body = text.replace(/\s+$/, '');
  const cut = body.lastIndexOf('\n');
  const footer = cut >= 0 ? body.slice(cut + 1) : '';
  const note = '\n\n[... shortened to fit Bugzilla\'s comment limit ...]\n\n';
  const room = Math.max(0, max - footer.length - note.length - 1);
  return `${body.slice(0, room)}${note}${footer}\n`;
}
