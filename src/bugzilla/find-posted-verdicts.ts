import type { RestComment } from './rest-types.js';

/** A ktriage comment found on a bug. */
export interface PostedVerdict {
  commentId: number;
  verdict: string;
  fingerprint: string;
  text: string;
}

/**
 * The footer renderPlainText ends every Bugzilla comment with:
 * `-- ktriage (known-bug-fix-available, keywords: dm-thin; fingerprint 4f2c...)`. Bugzilla
 * comments cannot carry hidden markers (they are shown verbatim), so this visible line is the
 * marker. It must start a line: a reply quoting it (`> -- ktriage (...)`) is not a ktriage comment.
 */
const FOOTER = /^-- ktriage \(([a-z-]+)[^;\n]*; fingerprint ([A-Za-z0-9_+/=-]+)\)\s*$/m;

/** ktriage's own comments on a bug, oldest first (crash recovery reads the last one). */
export function findPostedVerdicts(comments: readonly RestComment[]): PostedVerdict[] {
  const found: PostedVerdict[] = [];
  for (const c of comments) {
    const m = FOOTER.exec(c.text);
    if (m) found.push({ commentId: c.id, verdict: m[1]!, fingerprint: m[2]!, text: c.text });
  }
  return found;
}

/** Whether a comment is one of ktriage's (its own comments are not statements of the reporter). */
export function isKtriageComment(text: string): boolean {
  return FOOTER.test(text);
}
