import type { BugReport } from '../../model.js';
import type { BugzillaBugData } from '../bug/index.js';
import type { RestComment } from '../client/index.js';
import { toBugReport, type BugzillaComment } from './to-bug-report.js';

/**
 * The poll loop's REST data -> BugReport: the pure converter (to-bug-report.ts) plus what only a
 * live fetch knows — the show_bug URL and the caller's bot test (`isBotComment`, by ktriage's login
 * when known), so earlier verdicts never count as the reporter's words and a pasted footer does
 * not silence a reporter.
 */
export function buildBugReport(data: BugzillaBugData): BugReport {
  const report = toBugReport(
    {
      bug: data.bug,
      comments: data.comments as unknown as BugzillaComment[],
      attachments: data.attachments.map((a) => ({ file_name: a.attachment.file_name, content_type: a.attachment.content_type, text: a.text })),
    },
    { isBotComment: (c) => data.isBotComment(c as unknown as RestComment) },
  );
  return { ...report, url: data.url };
}
