/**
 * bugzilla/payload/: REST bug/comment/attachment JSON -> BugReport; the only place that knows them.
 */
export { buildBugReport } from './build-bug-report.js';
export { decodeAttachmentText, selectAttachments, type AttachmentChoice } from './select-attachments.js';
export { toBugReport, type BugzillaAttachmentText, type BugzillaBug, type BugzillaComment, type BugzillaToBugReportOptions } from './to-bug-report.js';
