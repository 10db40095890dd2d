/**
 * Output hygiene for the CLI, shared by every command that prints a report's text.
 *
 * A report is untrusted: its lines may hold terminal escape sequences (clear the screen, set the
 * window title, OSC 52 write the clipboard) and lines of any length. Human output drops control
 * characters; JSON output clips long strings, so one 50 MB log line is not copied into the output
 * once per place it is cited.
 */

/** JSON strings longer than this are clipped (evidence quotes mostly; Markdown clips at 5 KB too). */
export const MAX_JSON_STRING = 5000;

/** C0 controls except tab and line feed, DEL, and C1 controls (0x9B is a one-byte CSI on some terminals). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** Text safe to print on a terminal: control characters (ESC, BEL, CR, ...) removed, tabs and line feeds kept. */
export function printable(text: string): string {
  return text.replace(CONTROL, '');
}

/**
 * JSON.stringify with every string longer than MAX_JSON_STRING clipped to it, followed by a marker
 * that says how much was left out (docs/json-contract.md).
 */
export function toClippedJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'string' && item.length > MAX_JSON_STRING ? clip(item) : item), 2);
}

function clip(text: string): string {
  // Do not cut a surrogate pair in half.
  let end = MAX_JSON_STRING;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)} [... ${text.length - end} more characters]`;
}
