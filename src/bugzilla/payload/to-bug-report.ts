import { removeTerminalEscapes } from '../../extract/index.js';
import type { BugReport, ReportAttachment, ReportComment } from '../../model.js';
import { hasKtriageFooter, sameLogin } from '../comment/index.js';

/** The parts of a Bugzilla 5 bug (`GET /rest/bug/N` -> bugs[0]) ktriage reads; servers add more. */
export interface BugzillaBug {
  id: number;
  summary?: string;
  creator?: string;
  [field: string]: unknown;
}

/** One entry of `GET /rest/bug/N/comment` -> bugs[N].comments. */
export interface BugzillaComment {
  /** 0 = the description. */
  count?: number;
  text?: string | null;
  creator?: string;
  creation_time?: string;
  time?: string;
  is_private?: boolean;
  [field: string]: unknown;
}

/** An attachment already decoded by the caller (Bugzilla sends base64 `data`). */
export interface BugzillaAttachmentText {
  file_name: string;
  content_type: string;
  /** The decoded, size-capped text; null for binary attachments. */
  text: string | null;
}

export interface BugzillaToBugReportOptions {
  /** The server's base URL ("https://bugzilla.kernel.org"), for the report's link. */
  baseUrl?: string | null;
  /**
   * Logins whose comments are the bot's own (ktriage's Bugzilla account). When given, authorship
   * alone decides: a footer line in someone else's comment does not make it the bot's.
   */
  botLogins?: readonly string[];
  /** The caller's own test (the poll loop's, which knows the login from /rest/whoami); wins over botLogins. */
  isBotComment?: (comment: BugzillaComment) => boolean;
}

/** Tracker fields copied into BugReport.fields (custom `cf_*` text fields are copied too). */
const FIELDS = ['product', 'component', 'version', 'status', 'resolution', 'severity', 'priority', 'platform', 'op_sys', 'whiteboard', 'creator', 'creation_time'] as const;

/**
 * A Bugzilla 5 bug and its comments as a BugReport. Comment count 0 is the description (the body);
 * private comments are left out (they must not leak into a public verdict); the bug's creator is
 * the reporter. Pure: the caller fetched everything.
 *
 * @example
 * toBugReport({ bug: bugGet.bugs[0], comments: commentGet.bugs['2'].comments }, { baseUrl: 'https://bugzilla.kernel.org' }).url
 * // => 'https://bugzilla.kernel.org/show_bug.cgi?id=2'
 */
export function toBugReport(
  input: { bug: BugzillaBug; comments: readonly BugzillaComment[]; attachments?: readonly BugzillaAttachmentText[] },
  options: BugzillaToBugReportOptions = {},
): BugReport {
  // A server keeps to these types; a JSON file the CLI reads from disk may not: every text is
  // read through text(), so a wrong type gives an empty value, never a TypeError further on.
  const { bug } = input;
  const visible = input.comments.filter((c) => c.is_private !== true);
  const ordered = [...visible].sort((a, b) => (a.count ?? 0) - (b.count ?? 0));
  const description = ordered.find((c) => c.count === 0) ?? null;
  const followUps = ordered.filter((c) => c !== description);
  const reporter = text(bug.creator) ?? text(description?.creator);
  const bots = options.botLogins ?? [];
  // Without a login, ktriage's own comments are known by their footer line.
  const isBot =
    options.isBotComment ?? (bots.length > 0 ? (c: BugzillaComment) => typeof c.creator === 'string' && bots.some((b) => sameLogin(b, c.creator!)) : (c: BugzillaComment) => hasKtriageFooter(text(c.text) ?? ''));
  const comments: ReportComment[] = followUps.map((c) => ({
    author: text(c.creator) ?? 'unknown',
    time: text(c.creation_time) ?? text(c.time),
    text: pasted(c.text),
    isBot: isBot(c),
    isReporter: reporter !== null && c.creator === reporter,
  }));
  const attachments: ReportAttachment[] = (input.attachments ?? []).map((a) => ({ name: a.file_name, contentType: a.content_type, text: a.text === null ? null : removeTerminalEscapes(a.text) }));
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(bug)) {
    if (!(FIELDS as readonly string[]).includes(key) && !key.startsWith('cf_')) continue;
    if (typeof value === 'string' && value !== '' && value !== '---') fields[key] = value;
    else if (typeof value === 'number') fields[key] = String(value);
  }
  if (Array.isArray(bug.keywords) && bug.keywords.length > 0) fields.keywords = bug.keywords.join(', ');
  const base = options.baseUrl ? options.baseUrl.replace(/\/+$/, '') : null;
  return {
    source: 'bugzilla',
    id: String(bug.id),
    url: base ? `${base}/show_bug.cgi?id=${bug.id}` : null,
    title: pasted(bug.summary),
    body: pasted(description?.text),
    comments,
    attachments,
    fields,
  };
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** What a person wrote or attached: a terminal's colour codes removed (a log saved with `--color=always`). */
function pasted(value: unknown): string {
  return removeTerminalEscapes(text(value) ?? '');
}
