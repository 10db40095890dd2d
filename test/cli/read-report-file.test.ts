import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseReportText, ReportFileError } from '../../src/cli/read-report-file.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const recording = (name: string): { response: Record<string, unknown> } => JSON.parse(readFileSync(path.resolve(repoRoot, 'test/fixtures/bugzilla-5.2', name), 'utf8'));

describe('parseReportText: format detection', () => {
  it.each([
    ['a Subject: line', 'Subject: Re: md raid5 stalls\n\nbody', 'Re: md raid5 stalls'],
    ['a Summary: line below a "Bug N" line (bugzilla text dump)', 'Bug 68801\n\nSummary: thin-pool: refcount below 0\nProduct: IO/Storage', 'thin-pool: refcount below 0'],
    ['a Markdown heading', '## btrfs: balance fails with -ENOSPC ##\n\ntext', 'btrfs: balance fails with -ENOSPC'],
    ['no title at all', 'just some text\nmore', ''],
  ])('plain text with %s', (_name, text, title) => {
    const { report, format } = parseReportText(text, 'r.txt');
    expect(format).toBe('text');
    expect(report).toEqual({ source: 'file', id: 'r.txt', url: null, title, body: text, comments: [], attachments: [], fields: {} });
  });

  it('merges the real Bugzilla 5.2 answers of GET /rest/bug/N and GET /rest/bug/N/comment', () => {
    const bug = recording('bug-get.json').response;
    const comments = recording('comments-get.json').response;
    const merged = JSON.stringify({ bugs: bug.bugs, comments: (comments as { bugs: unknown }).bugs });
    const { report, format } = parseReportText(merged, 'bug.json');
    expect(format).toBe('bugzilla-json');
    expect(report.source).toBe('bugzilla');
    expect(report.id).toBe('2');
    expect(report.title).toBe('thin-pool: space map common: unable to decrement a reference count below 0');
    expect(report.body).toMatch(/^Hi,\n\nWe are using a thin LV as a backing store for a MySQL database/);
    expect(report.comments).toHaveLength(17);
    expect(report.comments[0]!.text).toMatch(/^Created attachment 122541/);
    expect(report.fields).toEqual(expect.objectContaining({ product: 'IO/Storage', component: 'LVM2/DM', status: 'CONFIRMED' }));
  });

  it('accepts the whole comment answer and the recorded {request, response} wrapper too', () => {
    const bugRecording = recording('bug-get.json');
    const comments = recording('comments-get.json').response;
    const a = parseReportText(JSON.stringify({ bugs: bugRecording.response.bugs, comments }), 'a.json').report;
    expect(a.comments).toHaveLength(17);
    const b = parseReportText(JSON.stringify(bugRecording), 'b.json').report;
    expect(b.id).toBe('2');
    expect(b.comments).toEqual([]);
  });

  it('decodes text attachments of a merged Bugzilla file and keeps binary ones as null', () => {
    const file = {
      bugs: [{ id: 7, summary: 's', creator: 'r@x' }],
      comments: { '7': { comments: [{ count: 0, text: 'desc', creator: 'r@x' }] } },
      attachments: { '7': [
        { file_name: 'dmesg.txt', content_type: 'text/plain', data: Buffer.from('[ 1.0] EXT4-fs error (device sda1): x').toString('base64') },
        { file_name: 'core', content_type: 'application/octet-stream', data: 'AAAA' },
      ] },
    };
    const { report } = parseReportText(JSON.stringify(file), 'f.json');
    expect(report.attachments).toEqual([
      { name: 'dmesg.txt', contentType: 'text/plain', text: '[ 1.0] EXT4-fs error (device sda1): x' },
      { name: 'core', contentType: 'application/octet-stream', text: null },
    ]);
  });

  it('reads a GitHub REST issue with a comments list, and a webhook payload', () => {
    const issue = { number: 5, title: 't', body: 'b', html_url: 'https://github.com/o/r/issues/5', user: { login: 'u' }, comments: [{ body: 'c', user: { login: 'u' }, created_at: '2024-01-01T00:00:00Z' }] };
    const rest = parseReportText(JSON.stringify(issue), 'i.json');
    expect(rest.format).toBe('github-json');
    expect(rest.report).toMatchObject({ source: 'github', id: 'o/r#5', comments: [{ author: 'u', text: 'c', isReporter: true, isBot: false }] });
    const hook = parseReportText(JSON.stringify({ action: 'opened', issue: { ...issue, comments: 0 }, repository: { full_name: 'o/r' } }), 'h.json');
    expect(hook.report).toMatchObject({ id: 'o/r#5', comments: [] });
  });

  it.each([
    ['{"bugs": []}', /"bugs" holds no bug with a numeric id/],
    ['{"x": 1}', /unknown JSON report shape/],
    ['{ nope', /looks like JSON but does not parse/],
  ])('rejects %s with a ReportFileError', (text, message) => {
    expect(() => parseReportText(text, 'x.json')).toThrow(ReportFileError);
    expect(() => parseReportText(text, 'x.json')).toThrow(message);
  });

  it('reads text that merely starts with "[" (a pasted dmesg) as text', () => {
    expect(parseReportText('[  1.000000] md/raid1:md0: Disk failure on sdb1, disabling device.', 'x').format).toBe('text');
  });
});
