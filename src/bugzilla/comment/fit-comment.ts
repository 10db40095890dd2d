import { cutComment } from '../../render/index.js';

/** Bugzilla refuses comments longer than this (Bugzilla::Constants::MAX_COMMENT_LENGTH). */
export const MAX_COMMENT_LENGTH = 65_535;

/**
 * Shortens a comment to Bugzilla's limit with the one cutter (src/render/cut-comment.ts), keeping
 * its last line: ktriage's footer, which is how later runs recognise the comment (findPostedVerdicts).
 *
 * @example
 * fitComment('a'.repeat(70_000) + '\n-- ktriage (no-match; fingerprint 1)').length <= 65_535 // => true
 */
export function fitComment(text: string, max = MAX_COMMENT_LENGTH): string {
  return cutComment(text, max, { note: "[... shortened to fit Bugzilla's comment limit ...]", keepLastLine: true });
}
