// A BugReport for unit tests: a body and optional follow-up comments.
import type { BugReport, ReportComment } from '../../src/model.js';

export function makeReport(body: string, comments: Array<Partial<ReportComment> & { text: string }> = [], extra: Partial<BugReport> = {}): BugReport {
  return {
    source: 'file',
    id: 'test',
    url: null,
    title: '',
    body,
    comments: comments.map((c) => ({ author: 'reporter', time: null, isBot: false, isReporter: true, ...c })),
    attachments: [],
    fields: {},
    ...extra,
  };
}
