/**
 * One physical line of a report part, with its offsets into the part's text and its Markdown
 * context (quote depth, inside a code fence). Everything in extract/ that quotes evidence starts
 * from these offsets, so evidence ranges are exact.
 */
export interface TextLine {
  /** 0-based line number within the part's text. */
  line: number;
  /** Offset of the line's first character. */
  start: number;
  /** Offset just past the line's last character (newline and a trailing \r excluded). */
  end: number;
  /** Offset where the content starts: after `>` quote markers and the indentation that follows them. */
  contentStart: number;
  /** The line without quote markers (indentation after them removed). */
  content: string;
  /** Number of `>` quote markers (0 = the author's own text). */
  quoteDepth: number;
  /** Inside a Markdown code fence (the fence lines themselves included). */
  inFence: boolean;
  /** The line opens or closes a code fence. */
  isFence: boolean;
}

/** Lines longer than this are not scanned for structure past this point (a 10 MB line is junk). */
export const MAX_SCAN = 8192;

/**
 * Split a part's text into lines with offsets, quote depth and code-fence state. Linear in the text
 * length; never throws. An unclosed fence runs to the end of the text (as GitHub renders it).
 *
 * @example
 * splitLines('hi\n> quoted\n```\n[1.0] x\n```')[1]
 * // => { line: 1, start: 3, end: 11, contentStart: 5, content: 'quoted', quoteDepth: 1, inFence: false, isFence: false }
 */
export function splitLines(text: string): TextLine[] {
  const lines: TextLine[] = [];
  let offset = 0;
  let fence: { char: string; length: number; depth: number } | null = null;
  for (let n = 0; offset <= text.length; n++) {
    const newline = text.indexOf('\n', offset);
    const lineEnd = newline === -1 ? text.length : newline;
    const end = lineEnd > offset && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    const { depth, contentStart } = readQuoteMarkers(text, offset, end);
    const content = text.slice(contentStart, end);
    const marker = FENCE.exec(content.length > MAX_SCAN ? content.slice(0, MAX_SCAN) : content);
    let isFence = false;
    if (fence) {
      if (marker && marker[1]![0] === fence.char && marker[1]!.length >= fence.length && marker[2]!.trim() === '' && depth === fence.depth) {
        isFence = true;
        lines.push({ line: n, start: offset, end, contentStart, content, quoteDepth: depth, inFence: true, isFence });
        fence = null;
      } else {
        lines.push({ line: n, start: offset, end, contentStart, content, quoteDepth: depth, inFence: true, isFence: false });
      }
    } else if (marker) {
      fence = { char: marker[1]![0]!, length: marker[1]!.length, depth };
      lines.push({ line: n, start: offset, end, contentStart, content, quoteDepth: depth, inFence: true, isFence: true });
    } else {
      lines.push({ line: n, start: offset, end, contentStart, content, quoteDepth: depth, inFence: false, isFence });
    }
    if (newline === -1) break;
    offset = newline + 1;
  }
  return lines;
}

/** A fence opener/closer: three or more backticks or tildes, up to three spaces of indentation. */
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/** Count `>` markers (each optionally followed by one space) and skip the indentation after them. */
function readQuoteMarkers(text: string, start: number, end: number): { depth: number; contentStart: number } {
  let i = start;
  let depth = 0;
  // Up to three spaces may precede the first marker (Markdown); more is an indented code block.
  let indent = 0;
  while (i < end && text.charCodeAt(i) === 32 && indent < 3) {
    i++;
    indent++;
  }
  if (i < end && text.charCodeAt(i) === 62) {
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c === 62) {
        depth++;
        i++;
      } else if (c === 32 || c === 9) {
        i++;
      } else break;
    }
    return { depth, contentStart: i };
  }
  return { depth: 0, contentStart: start };
}
