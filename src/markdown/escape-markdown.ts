/*
 * Escaping for text that reaches a GitHub comment. Report text is attacker-controlled: it must not
 * ping people (`@user`), cross-reference issues (`#123`, `owner/repo#123`), inject HTML, or break
 * out of the code block that quotes it. Report text is only ever placed in code spans and code
 * blocks (where GitHub links nothing and renders no HTML); the rest of the comment is rule text,
 * which is still passed through escapeMarkdownText so a careless rule cannot ping anyone either.
 */

/** U+200D ZERO WIDTH JOINER: invisible, but `@\u200Dname` is no mention and `#\u200D12` no reference. */
export const ZWJ = '\u200D';

/** Characters that have no business in a comment: C0 controls (tab and newline aside), DEL, bidi overrides. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g;

/**
 * The longest run of backticks in a text (0 when none).
 *
 * @example
 * longestBacktickRun('a ``` b ` c') // => 3
 */
export function longestBacktickRun(text: string): number {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 96) {
      run++;
      if (run > longest) longest = run;
    } else {
      run = 0;
    }
  }
  return longest;
}

/**
 * A Markdown code span holding any one-line text literally: the delimiter is one backtick longer
 * than the longest run inside, with a space of padding when the text starts or ends with a backtick
 * (CommonMark strips one space on each side). Line breaks become spaces.
 *
 * @example
 * codeSpan('a `b` c') // => '``a `b` c``'
 */
export function codeSpan(text: string): string {
  const oneLine = text.replace(CONTROL, '').replace(/\r?\n|\r/g, ' ');
  const content = oneLine.length === 0 ? ' ' : oneLine;
  const fence = '`'.repeat(longestBacktickRun(content) + 1);
  const pad = content.startsWith('`') || content.endsWith('`') || /^ .* $/.test(content) ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/**
 * A fenced code block holding any text literally: the fence is longer than any backtick run in the
 * text (at least three), so no line of the text can close it early.
 *
 * @example
 * codeBlock('x\n```\ny') // => '````\nx\n```\ny\n````'
 */
export function codeBlock(text: string): string {
  const body = text.replace(CONTROL, '').replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(body) + 1));
  return `${fence}\n${body}\n${fence}`;
}

/**
 * Make one line of Markdown safe to post, keeping its Markdown: code spans stay as written; outside
 * them `@name` and `#123` get a zero-width joiner, `<`/`>` become entities (no HTML), backticks
 * that open no code span and runs of tildes are escaped (so no code fence can start), and line
 * breaks become spaces.
 * URLs (`https://...`) are left alone: GitHub links nothing inside them.
 *
 * @example
 * escapeMarkdownText('ask @maintainer about #12, run `dmesg | grep @x`')
 * // => 'ask @\u200Dmaintainer about #\u200D12, run `dmesg | grep @x`'
 */
export function escapeMarkdownText(text: string): string {
  const line = text.replace(CONTROL, '').replace(/\r?\n|\r/g, ' ');
  let out = '';
  let i = 0;
  while (i < line.length) {
    const tick = line.indexOf('`', i);
    if (tick < 0) {
      out += escapeProse(line.slice(i));
      break;
    }
    out += escapeProse(line.slice(i, tick));
    if (isEscaped(line, tick)) {
      // `\`` is a literal backtick in Markdown and opens nothing; the rest of its run still may.
      out += '`';
      i = tick + 1;
      continue;
    }
    let runEnd = tick;
    while (runEnd < line.length && line[runEnd] === '`') runEnd++;
    const run = runEnd - tick;
    const close = findClosingRun(line, runEnd, run);
    if (close < 0) {
      // An unmatched run is literal text: escape each backtick so it can open nothing.
      out += '\\`'.repeat(run);
      i = runEnd;
    } else {
      out += line.slice(tick, close + run);
      i = close + run;
    }
  }
  return out;
}

/** Whether the character at `at` follows an odd number of backslashes (a Markdown escape). */
function isEscaped(line: string, at: number): boolean {
  let backslashes = 0;
  while (at - backslashes - 1 >= 0 && line[at - backslashes - 1] === '\\') backslashes++;
  return backslashes % 2 === 1;
}

/** Offset of the next backtick run of exactly `length` at or after `from`, or -1 (CommonMark code spans). */
function findClosingRun(line: string, from: number, length: number): number {
  let i = from;
  while (i < line.length) {
    const tick = line.indexOf('`', i);
    if (tick < 0) return -1;
    let end = tick;
    while (end < line.length && line[end] === '`') end++;
    if (end - tick === length) return tick;
    i = end;
  }
  return -1;
}

/**
 * Prose outside code spans: no mention, no reference, no HTML. URLs pass unchanged; a backslash ends
 * one, since Markdown may read `\@` as an escape and end the link there.
 */
function escapeProse(prose: string): string {
  return prose
    .split(/(\bhttps?:\/\/[^\s<>`\\]+)/)
    .map((part, index) => (index % 2 === 1 ? part : neutralize(part)))
    .join('');
}

function neutralize(prose: string): string {
  return prose
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(?=[A-Za-z0-9_-])/g, `@${ZWJ}`)
    .replace(/#(?=\d)/g, `#${ZWJ}`)
    // A tilde run can open a code fence at the start of a list item; escaped tildes open nothing.
    .replace(/~{3,}/g, (run) => '\\~'.repeat(run.length))
    .replace(/\b(GH-)(?=\d)/gi, `$1${ZWJ}`);
}

/**
 * Plain text for Bugzilla: no Markdown is rendered there and no HTML is interpreted, so only control
 * characters go and line breaks are normalised.
 *
 * @example
 * cleanPlainText('a\u0000b\r\n') // => 'ab\n'
 */
export function cleanPlainText(text: string): string {
  return text.replace(CONTROL, '').replace(/\r\n?/g, '\n');
}
