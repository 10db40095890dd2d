import type { RestComment } from '../client/index.js';

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

/** Whether a text carries ktriage's footer line (anyone can type it: see isKtriageComment). */
export function hasKtriageFooter(text: string): boolean {
  return FOOTER.test(text);
}

/** Bugzilla compares login names case-insensitively (they are e-mail addresses on most servers). */
export function sameLogin(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * Whether a comment is one of ktriage's own. When ktriage's login is known (`/rest/whoami`, or
 * `login` in the config), authorship decides: every comment by that account is ktriage's, and a
 * footer typed or pasted by anyone else is not (a reporter pasting ktriage's comment from another
 * bug must not make it skip this one). Without a known login the footer is all there is.
 */
export function isKtriageComment(comment: Pick<RestComment, 'creator' | 'text'>, botLogin: string | null = null): boolean {
  if (botLogin !== null) return typeof comment.creator === 'string' && sameLogin(comment.creator, botLogin);
  return hasKtriageFooter(comment.text);
}

/**
 * ktriage's own verdicts on a bug, oldest first (crash recovery reads the last one): comments with
 * the footer line, written by ktriage's account when its login is known.
 */
export function findPostedVerdicts(comments: readonly RestComment[], botLogin: string | null = null): PostedVerdict[] {
  const found: PostedVerdict[] = [];
  for (const c of comments) {
    if (botLogin !== null && !isKtriageComment(c, botLogin)) continue;
    const m = FOOTER.exec(c.text);
    if (m) found.push({ commentId: c.id, verdict: m[1]!, fingerprint: m[2]!, text: c.text });
  }
  return found;
}
