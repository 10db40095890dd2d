import type { TriagePlan } from '../../model.js';
import { COMMENT_MARKER, renderMarkdown } from '../../render/index.js';
import { writeCommentState, type CommentState } from './comment-state.js';

/** GitHub rejects comment bodies over 65,536 characters; stay a little below. */
export const COMMENT_LIMIT = 65_000;

/**
 * ktriage's one comment: the rendered plan, what maintainers told ktriage about this issue, and
 * the hidden state (fingerprint, applied labels, ignore/wrong memory). Always within GitHub's
 * limit: the rendering is asked to fit the room left after the notes and the state.
 */
export function composeTriageComment(plan: TriagePlan, state: CommentState): string {
  const notes: string[] = [];
  if (state.retracted) {
    notes.push('_Updated: after the latest changes to this issue (or to the rules), the known bug suggested earlier no longer matches._');
  }
  if (state.wrong.length > 0) {
    const ids = state.wrong.map((w) => `\`${w.ruleId}\``).join(', ');
    notes.push(`_Maintainers marked ${state.wrong.length === 1 ? 'this rule' : 'these rules'} as wrong for this issue; ${state.wrong.length === 1 ? 'it is' : 'they are'} not suggested here: ${ids}._`);
  }
  const tail = [notes.join('\n\n'), writeCommentState(state)].filter((part) => part !== '').join('\n\n');
  const rendered = renderMarkdown(plan, { maxLength: COMMENT_LIMIT - tail.length - 4 });
  return withMarker(`${rendered.trimEnd()}\n\n${tail}\n`);
}

/** The comment while a maintainer has told ktriage to leave the issue alone. */
export function composeIgnoredComment(state: CommentState): string {
  const by = state.ignored ? ` by a maintainer (${state.ignored.by.replace(/[^A-Za-z0-9-]/g, '')})` : '';
  return withMarker(
    `${COMMENT_MARKER}\n### ktriage: not triaging this issue\n\nktriage was asked to ignore this issue${by}. ` +
      'A maintainer can resume with `/ktriage rerun`.\n\n' +
      `${writeCommentState(state)}\n`,
  );
}

function withMarker(body: string): string {
  return body.includes(COMMENT_MARKER) ? body : `${COMMENT_MARKER}\n${body}`;
}
