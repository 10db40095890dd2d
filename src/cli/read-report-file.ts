import { open } from 'node:fs/promises';
import path from 'node:path';
import { toBugReport as bugzillaToBugReport, type BugzillaAttachmentText, type BugzillaBug, type BugzillaComment } from '../bugzilla/payload/index.js';
import { toBugReport as githubToBugReport, type GithubComment, type GithubIssue } from '../github/payload/index.js';
import { readAtMost } from '../io/read-at-most.js';
import { removeTerminalEscapes } from '../extract/index.js';
import type { BugReport } from '../model.js';

/** A report file that cannot be read or understood; the message names the file and the fix. */
export class ReportFileError extends Error {
  override name = 'ReportFileError';
}

/** Files larger than this are refused: no bug report is 64 MB, a mistaken path may be. */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024;
/** Attachment text kept per attachment in a Bugzilla file. */
const MAX_ATTACHMENT_CHARS = 2 * 1024 * 1024;

export type ReportFormat = 'bugzilla-json' | 'github-json' | 'text';

/**
 * Read a report from a file (or stdin for `-`) and detect its format: a Bugzilla REST bug JSON
 * (`{"bugs":[...], "comments": {...}}`), a GitHub `issues` webhook payload or REST issue JSON
 * (optionally with a `comments` array), or plain text / Markdown. Throws ReportFileError with a
 * clear message when the file cannot be read.
 */
export async function readReportFile(file: string, io: { stdin: NodeJS.ReadableStream; cwd: string }): Promise<{ report: BugReport; format: ReportFormat }> {
  if (file === '-') return parseReportText(textOf(await readStream(io.stdin), 'stdin'), 'stdin');
  if (file.trim() === '') throw new ReportFileError('no report file named: the path is empty (name a file, or - for stdin)');
  const buffer = await readBoundedFile(path.resolve(io.cwd, file), file, MAX_REPORT_BYTES);
  return parseReportText(textOf(buffer, file), path.basename(file));
}

function textOf(bytes: Buffer, shown: string): string {
  const text = decodeReportBytes(bytes);
  assertReportIsText(text, shown);
  return text;
}

/** Why a file cannot be opened or read, in words (never a raw errno message). */
function readFailure(file: string, error: unknown): ReportFileError {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file',
    ENOTDIR: 'a part of the path is not a directory',
    EISDIR: 'it is a directory, name a report file',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ELOOP: 'too many symbolic links',
    ENAMETOOLONG: 'the path is too long',
    EIO: 'input/output error from the device',
  };
  return new ReportFileError(`cannot read ${file}: ${(code && reasons[code]) ?? (error as Error).message}`);
}

/**
 * Read at most `limit` bytes of a file, refusing it as soon as it proves larger: a regular file by
 * its size before anything is read, anything else (a FIFO, /dev/zero, a growing file) once more
 * than `limit` bytes have arrived. Memory never exceeds the limit plus one read.
 */
export async function readBoundedFile(full: string, shown: string, limit: number): Promise<Buffer> {
  let handle;
  try {
    handle = await open(full, 'r');
  } catch (error) {
    throw readFailure(shown, error);
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new ReportFileError(`cannot read ${shown}: it is a directory, name a report file`);
    const tooBig = (what: string) => new ReportFileError(`cannot read ${shown}: ${what} more than the ${limit}-byte limit for a report`);
    if (stat.isFile() && stat.size > limit) throw tooBig(`${stat.size} bytes is`);
    const bytes = await readAtMost(handle, limit);
    if (bytes === null) throw tooBig('it holds');
    return bytes;
  } catch (error) {
    if (error instanceof ReportFileError) throw error;
    throw readFailure(shown, error);
  } finally {
    await handle.close();
  }
}

/**
 * Bytes to text. A byte-order mark decides the encoding (UTF-16 LE/BE as Windows tools save logs,
 * else UTF-8 with or without its BOM); UTF-16 without a mark is recognised by its NUL bytes. Lone
 * carriage returns (old Mac line ends, some serial consoles) become line feeds, CRLF stays; a
 * terminal's colour codes (a log saved with `dmesg --color=always`) are removed. Every offset the
 * facts carry points into this text.
 */
export function decodeReportBytes(bytes: Buffer): string {
  let text: string;
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) text = bytes.subarray(2).toString('utf16le');
  else if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) text = utf16be(bytes.subarray(2));
  else {
    const unmarked = unmarkedUtf16(bytes);
    if (unmarked === 'le') text = bytes.toString('utf16le');
    else if (unmarked === 'be') text = utf16be(bytes);
    else text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  }
  return removeTerminalEscapes(text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text);
}

function utf16be(bytes: Buffer): string {
  const swapped = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
  swapped.swap16();
  return swapped.toString('utf16le');
}

/** How much of a file the encoding and binary checks look at. */
const SNIFF_BYTES = 4096;

/**
 * UTF-16 saved without a byte-order mark (PowerShell's `Out-File` on older Windows, some serial
 * console tools): text in the ASCII range has a NUL in every other byte, on the odd positions for
 * little endian and the even ones for big endian. Decided on the first SNIFF_BYTES: at least 3 in 4
 * code units look like that and none the other way round.
 */
function unmarkedUtf16(bytes: Buffer): 'le' | 'be' | null {
  const units = Math.min(bytes.length, SNIFF_BYTES) >> 1;
  if (units < 2) return null;
  let oddNul = 0;
  let evenNul = 0;
  for (let i = 0; i < units; i++) {
    const even = bytes[2 * i]!;
    const odd = bytes[2 * i + 1]!;
    if (odd === 0 && even !== 0) oddNul++;
    else if (even === 0 && odd !== 0) evenNul++;
  }
  if (oddNul * 4 >= units * 3 && evenNul === 0) return 'le';
  if (evenNul * 4 >= units * 3 && oddNul === 0) return 'be';
  return null;
}

/**
 * A decoded report that holds NUL characters is not text: a binary named by mistake (`triage
 * /bin/ls`), a core dump, a compressed log. Refused with a clear error rather than triaged into a
 * guess. Only the start is looked at: a text log does not turn binary halfway.
 */
export function assertReportIsText(text: string, shown: string): void {
  const nul = text.slice(0, SNIFF_BYTES).indexOf('\u0000');
  if (nul >= 0) throw new ReportFileError(`cannot read ${shown}: it is not a text file (a NUL byte at character ${nul + 1}); name a text or JSON report, or decompress it first`);
}

/**
 * Turn a file's text into a BugReport, detecting the format. Pure.
 *
 * @example
 * parseReportText('Summary: pool goes read-only\n\n[ 1.0] device-mapper: thin: ...', 'r.txt').report.title
 * // => 'pool goes read-only'
 */
export function parseReportText(text: string, name: string): { report: BugReport; format: ReportFormat } {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('{')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (error) {
      throw new ReportFileError(`${name} looks like JSON but does not parse: ${(error as Error).message}`);
    }
    return fromJson(unwrapRecording(data), name);
  }
  // A pasted dmesg starts with "[" too; only text that parses as a whole JSON array is one.
  if (trimmed.startsWith('[') && trimmed.trimEnd().endsWith(']') && parsesAsJsonArray(trimmed)) {
    throw new ReportFileError(`${name}: a JSON array, not one report; give one Bugzilla bug or GitHub issue per file (e.g. jq '.[0]')`);
  }
  return { report: fromText(text, name), format: 'text' };
}

/** The recorded exchanges in ../shared/bugzilla-5.2 wrap the server's answer as `{request, response}`. */
function unwrapRecording(data: unknown): unknown {
  if (isObject(data) && isObject(data.request) && 'response' in data) return data.response;
  return data;
}

function parsesAsJsonArray(text: string): boolean {
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}

/** A GitHub issue number: a positive integer (a null or string one would be shown as "#null"). */
function checkIssueNumber(issue: Record<string, unknown>, name: string, where: string): void {
  if (!Number.isSafeInteger(issue.number) || (issue.number as number) < 1) {
    throw new ReportFileError(`${name}: ${where}"number" must be a positive integer, not ${JSON.stringify(issue.number) ?? 'missing'}`);
  }
}

function fromJson(data: unknown, name: string): { report: BugReport; format: ReportFormat } {
  if (!isObject(data)) throw new ReportFileError(`${name}: a JSON report must be an object, not ${Array.isArray(data) ? 'an array' : typeof data}`);
  if (Array.isArray(data.bugs)) {
    const bug = data.bugs[0];
    if (!isObject(bug) || typeof bug.id !== 'number') throw new ReportFileError(`${name}: "bugs" holds no bug with a numeric id (expected GET /rest/bug/N's answer)`);
    const comments = findBugzillaComments(data.comments, bug.id);
    const attachments = findBugzillaAttachments(data.attachments, bug.id);
    const baseUrl = typeof data.base_url === 'string' ? data.base_url : null;
    return { report: bugzillaToBugReport({ bug: bug as BugzillaBug, comments, attachments }, { baseUrl }), format: 'bugzilla-json' };
  }
  if (isObject(data.issue)) {
    checkIssueNumber(data.issue, name, 'issue.');
    const issue = data.issue as GithubIssue;
    const comments = Array.isArray(data.comments) ? (data.comments as GithubComment[]) : undefined;
    return { report: githubToBugReport({ issue, repository: isObject(data.repository) ? data.repository : null, comments }), format: 'github-json' };
  }
  if ('number' in data && typeof data.title === 'string') {
    checkIssueNumber(data, name, '');
    return { report: githubToBugReport({ issue: data as GithubIssue }), format: 'github-json' };
  }
  throw new ReportFileError(
    `${name}: unknown JSON report shape; expected a Bugzilla bug ({"bugs":[...],"comments":{...}}), a GitHub issues webhook payload ({"issue":{...}}) or a GitHub REST issue ({"number":..,"title":..})`,
  );
}

/**
 * Comments in the shapes a merged Bugzilla file may hold: `GET /rest/bug/N/comment`'s whole answer
 * (`{"bugs":{"N":{"comments":[...]}}}`), its `bugs` member (`{"N":{"comments":[...]}}`), or a list.
 */
function findBugzillaComments(value: unknown, id: number): BugzillaComment[] {
  if (Array.isArray(value)) return value.filter(isObject) as BugzillaComment[];
  if (!isObject(value)) return [];
  const holder = isObject(value.bugs) ? value.bugs : value;
  const entry = holder[String(id)];
  if (isObject(entry) && Array.isArray(entry.comments)) return entry.comments.filter(isObject) as BugzillaComment[];
  return [];
}

/** `GET /rest/bug/N/attachment`'s `bugs` member or a list; text attachments are decoded from base64. */
function findBugzillaAttachments(value: unknown, id: number): BugzillaAttachmentText[] {
  let list: unknown[] = [];
  if (Array.isArray(value)) list = value;
  else if (isObject(value)) {
    const holder = isObject(value.bugs) ? value.bugs : value;
    const entry = holder[String(id)];
    if (Array.isArray(entry)) list = entry;
  }
  return list.filter(isObject).map((a) => {
    const contentType = typeof a.content_type === 'string' ? a.content_type : 'application/octet-stream';
    const isText = /^text\/|json|xml|x-log/.test(contentType);
    const data = typeof a.data === 'string' ? a.data : null;
    const text = isText && data ? Buffer.from(data, 'base64').toString('utf8').slice(0, MAX_ATTACHMENT_CHARS) : null;
    return { file_name: typeof a.file_name === 'string' ? a.file_name : 'attachment', content_type: contentType, text };
  });
}

/** Plain text / Markdown: the whole file is the body; a `Subject:`/`Summary:` line or a `#` heading at the top is the title. */
function fromText(text: string, name: string): BugReport {
  const head = text.slice(0, 4000).split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, 5);
  let title = '';
  for (const line of head) {
    const m = /^\s*(?:Subject|Summary|Title):\s*(.+)$/i.exec(line) ?? /^#{1,6}\s+(.+?)\s*#*$/.exec(line);
    if (m) {
      title = m[1]!.trim();
      break;
    }
  }
  return { source: 'file', id: name, url: null, title, body: text, comments: [], attachments: [], fields: {} };
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_REPORT_BYTES) throw new ReportFileError(`cannot read stdin: more than the ${MAX_REPORT_BYTES}-byte limit for a report`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
