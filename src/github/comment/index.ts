/**
 * github/comment/: ktriage's own issue comment: its hidden state, its composition and the label diff
 * derived from it. Pure: no network, no I/O.
 */
export { closeFences } from './close-fences.js';
export { EMPTY_STATE, readCommentState, writeCommentState, type CommentState } from './comment-state.js';
export { COMMENT_LIMIT, composeIgnoredComment, composeTriageComment, isRetracted, worthPosting } from './compose-comment.js';
export { planLabelChanges, wantedLabels, type LabelChangeInput, type LabelChanges } from './plan-label-changes.js';
