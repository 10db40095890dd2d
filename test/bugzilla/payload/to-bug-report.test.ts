import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toBugReport, type BugzillaBug, type BugzillaComment } from '../../../src/bugzilla/payload/to-bug-report.js';

const shared = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/bugzilla-5.2');
const bug = (JSON.parse(readFileSync(path.join(shared, 'bug-get.json'), 'utf8')) as { response: { bugs: BugzillaBug[] } }).response.bugs[0]!;
const comments = (JSON.parse(readFileSync(path.join(shared, 'comments-get.json'), 'utf8')) as { response: { bugs: Record<string, { comments: BugzillaComment[] }> } }).response.bugs['2']!.comments;

describe('bugzilla toBugReport', () => {
  it('converts the real Bugzilla 5.2 bug and comments: comment 0 is the body, the rest follow in order', () => {
    const report = toBugReport({ bug, comments }, { baseUrl: 'https://bugzilla.example.test/' });
    expect(report).toMatchObject({ source: 'bugzilla', id: '2', url: 'https://bugzilla.example.test/show_bug.cgi?id=2', title: bug.summary });
    expect(report.body).toBe(comments.find((c) => c.count === 0)!.text);
    expect(report.comments).toHaveLength(comments.length - 1);
    expect(report.comments.map((c) => c.text)).toEqual(comments.filter((c) => c.count !== 0).map((c) => c.text));
    // every comment of the recording was written by the bug's creator
    expect(report.comments.every((c) => c.isReporter && !c.isBot)).toBe(true);
    expect(report.comments[0]!.time).toBe(comments[1]!.creation_time);
    // '---' and empty values are not fields; custom cf_ fields and keywords are
    expect(report.fields).toEqual(expect.objectContaining({ product: 'IO/Storage', component: 'LVM2/DM', status: 'CONFIRMED', severity: 'normal' }));
    expect(report.fields.priority).toBeUndefined();
    expect(report.fields.resolution).toBeUndefined();
  });

  it('leaves out private comments, sorts by count and copies cf_ fields', () => {
    const report = toBugReport(
      {
        bug: { id: 9, summary: 's', creator: 'r@x', cf_kernel_version: '6.1.0-13-amd64', keywords: ['regression'] },
        comments: [
          { count: 2, text: 'second', creator: 'dev@x' },
          { count: 1, text: 'secret', creator: 'dev@x', is_private: true },
          { count: 0, text: 'desc', creator: 'r@x' },
        ],
        attachments: [{ file_name: 'dmesg.txt', content_type: 'text/plain', text: 'log' }],
      },
      { botLogins: ['dev@x'] },
    );
    expect(report.body).toBe('desc');
    expect(report.comments).toEqual([{ author: 'dev@x', time: null, text: 'second', isBot: true, isReporter: false }]);
    expect(report.fields).toEqual({ creator: 'r@x', cf_kernel_version: '6.1.0-13-amd64', keywords: 'regression' });
    expect(report.attachments).toEqual([{ name: 'dmesg.txt', contentType: 'text/plain', text: 'log' }]);
    expect(report.url).toBeNull();
  });
});

/**
 * `ktriage triage bug.json` hands this converter JSON from disk, which may be hand-edited or
 * produced by another tool: wrong types give a usable report, never a TypeError in extraction.
 */
describe('bugzilla toBugReport on JSON that does not keep to Bugzilla\'s types', () => {
  const untyped = (value: unknown) => value as never;
  it('reads non-string summary, text, creator and times as empty, and the rest as usual', () => {
    const report = toBugReport({
      bug: untyped({ id: 7, summary: ['not', 'a', 'string'], creator: 5 }),
      comments: untyped([
        { count: 0, text: { oops: true }, creator: 'alice@example.org' },
        { count: 1, text: 42, creator: null, creation_time: 5 },
        { count: 2, text: 'kernel 6.1.0 here', creator: 'alice@example.org', time: '2026-01-01T00:00:00Z' },
      ]),
    });
    expect(report.title).toBe('');
    expect(report.body).toBe('');
    expect(report.comments).toEqual([
      { author: 'unknown', time: null, text: '', isBot: false, isReporter: false },
      { author: 'alice@example.org', time: '2026-01-01T00:00:00Z', text: 'kernel 6.1.0 here', isBot: false, isReporter: true },
    ]);
  });

  it('removes terminal colour codes from the summary, comments and attached logs (`dmesg --color=always > dmesg.txt`)', () => {
    const coloured = '\u001b[32m[ 1.0] \u001b[0m\u001b[33mdevice-mapper: thin: \u001b[0mswitching pool to read-only mode';
    const plain = '[ 1.0] device-mapper: thin: switching pool to read-only mode';
    const report = toBugReport({
      bug: { id: 9, summary: '\u001b[1mpool\u001b[0m read-only', creator: 'r@x' },
      comments: [
        { count: 0, text: coloured, creator: 'r@x' },
        { count: 1, text: coloured, creator: 'r@x' },
      ],
      attachments: [
        { file_name: 'dmesg.txt', content_type: 'text/plain', text: coloured },
        { file_name: 'core', content_type: 'application/octet-stream', text: null },
      ],
    });
    expect([report.title, report.body, report.comments[0]?.text]).toEqual(['pool read-only', plain, plain]);
    expect(report.attachments.map((a) => a.text)).toEqual([plain, null]);
  });
});
