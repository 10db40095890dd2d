/**
 * markdown/: escaping report text for comments. A leaf: match/ and plan/ word evidence with code spans,
 * render/ builds whole comments; all three import it, it imports nothing of the product.
 */
export { codeBlock, codeSpan, escapeMarkdownText, cleanPlainText, longestBacktickRun, ZWJ } from './escape-markdown.js';
