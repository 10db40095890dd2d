/**
 * github/comment/: ktriage's own issue comment: its hidden state and its text. Pure: no network, no I/O.
 */
export { EMPTY_STATE, nextCommentState, readCommentState, writeCommentState, type CommentState } from './comment-state.js';
export { COMMENT_LIMIT, composeIgnoredComment, composeTriageComment } from './compose-comment.js';
export { composeDraftRuleComment, draftMarker, isDraftFor } from './compose-draft-rule.js';
