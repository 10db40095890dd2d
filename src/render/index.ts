/**
 * render/: TriagePlan -> a comment. Markdown for GitHub (with the hidden marker), plain text for
 * Bugzilla, and the `/ktriage explain` reply. Report text only ever reaches a comment escaped.
 */
export { COMMENT_MARKER, GITHUB_COMMENT_LIMIT, renderMarkdown, type MarkdownOptions } from './render-markdown.js';
export { renderPlainText } from './render-plain-text.js';
export { closeFences, cutComment } from './cut-comment.js';
export { EXPLAIN_MARKER, renderExplain } from './render-explain.js';
export { codeBlock, codeSpan, escapeMarkdownText, longestBacktickRun, ZWJ } from '../markdown/index.js';
export { VERDICT_HEADLINES, commitUrl, planHeadline, planLead, type PlanLead } from './verdict-wording.js';
