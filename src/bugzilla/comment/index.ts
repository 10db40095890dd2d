/**
 * bugzilla/comment/: ktriage's comments on a bug: finding earlier verdicts, reading feedback on them,
 * fitting a comment into Bugzilla's length limit.
 */
export { findPostedVerdicts, hasKtriageFooter, isKtriageComment, sameLogin, type PostedVerdict } from './find-posted-verdicts.js';
export { MAX_COMMENT_LENGTH, fitComment } from './fit-comment.js';
export { readFeedback } from './read-feedback.js';
