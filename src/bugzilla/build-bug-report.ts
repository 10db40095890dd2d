import type { BugReport } from '../model.js';
import type { BugzillaBugData } from './handle-bug.js';
import { toBugReport, type BugzillaComment } from './to-bug-report.js';

/**
 * The poll loop's REST data -> BugReport: the pure converter (to-bug-report.ts, which also knows
 * ktriage's own comments by their footer) plus what only a live fetch knows — the show_bug URL and
 * the caller's bot test (`isBotComment`), so earlier verdicts never count as the reporter's words.
 */
export function buildBugReport(data: BugzillaBugData): BugReport {
  const comments = data.comments as unknown as BugzillaComment[];
  const botTexts = new Set(data.comments.filter((c) => data.isBotComment(c)).map((c) => c.text));
  const report = toBugReport(
    {
      bug: data.bug,
      comments,
      attachments: data.attachments.map((a) => ({ file_name: a.attachment.file_name, content_type: a.attachment.content_type, text: a.text })),
    },
    {},
  );
  return {
    ...report,
    url: data.url,
    comments: report.comments.map((c) => (botTexts.has(c.text) ? { ...c, isBot: true } : c)),
  };
}
