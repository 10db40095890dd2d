import type { RestAttachment } from '../client/index.js';

/** Content types whose attachments are read as text (kernel logs, dmesg, configs). */
const TEXT_CONTENT_TYPES: readonly RegExp[] = [/^text\//i, /^application\/(json|xml|x-log|x-yaml|yaml|x-shellscript|x-sh)\b/i, /^message\//i];
/** Names that are text whatever the browser labelled them (dmesg uploaded as application/octet-stream). */
const TEXT_FILE_NAMES: readonly RegExp[] = [/\.(txt|log|dmesg|out|conf|cfg|ini|yml|yaml|json)$/i, /^dmesg/i, /^(syslog|messages|kern\.log)(\.\d+)?$/i];

export interface AttachmentChoice {
  attachment: RestAttachment;
  /** Download and read it as text. */
  read: boolean;
  /** Why not, for the operator log. */
  reason: string | null;
}

/**
 * Which attachments to download: text-like, not obsolete, not private (its text must never reach a
 * public comment), not a patch, no larger than `maxBytes`; at most `maxCount`, newest first.
 * Flags are 0/1 integers on attachments (truthiness also accepts booleans from other servers).
 */
export function selectAttachments(list: readonly RestAttachment[], maxBytes: number, maxCount: number): AttachmentChoice[] {
  let budget = maxCount;
  const newestFirst = [...list].sort((a, b) => b.id - a.id);
  const chosen = new Map<number, AttachmentChoice>();
  for (const a of newestFirst) {
    let reason: string | null = null;
    if (a.is_private) reason = 'private';
    else if (a.is_obsolete) reason = 'obsolete';
    else if (a.is_patch) reason = 'a patch';
    else if (!isTextLike(a)) reason = `not text (${a.content_type})`;
    else if (a.size > maxBytes) reason = `larger than ${maxBytes} bytes (${a.size})`;
    else if (budget <= 0) reason = `more than ${maxCount} text attachments`;
    if (reason === null) budget -= 1;
    chosen.set(a.id, { attachment: a, read: reason === null, reason });
  }
  return list.map((a) => chosen.get(a.id)!);
}

function isTextLike(a: RestAttachment): boolean {
  return TEXT_CONTENT_TYPES.some((re) => re.test(a.content_type)) || TEXT_FILE_NAMES.some((re) => re.test(a.file_name));
}

/** Base64 attachment data as text; null when it is binary (NUL bytes) or not valid base64. */
export function decodeAttachmentText(data: string | undefined, maxBytes: number): string | null {
  if (typeof data !== 'string') return null;
  const bytes = Buffer.from(data, 'base64');
  if (bytes.includes(0)) return null;
  return bytes.subarray(0, maxBytes).toString('utf8');
}
