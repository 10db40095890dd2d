/**
 * A small CommonMark reader for the escaping tests: removes fenced code blocks and code spans, so a
 * test can check what GitHub would interpret (mentions, references, HTML) in the rest.
 */
export function stripCode(markdown: string): string {
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of markdown.split('\n')) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence !== null) {
      if (marker && marker[1]![0] === fence[0] && marker[1]!.length >= fence.length && line.trim() === marker[1]) fence = null;
      continue;
    }
    if (marker && !(marker[1]![0] === '`' && line.slice(marker[0].length).includes('`'))) {
      fence = marker[1]!;
      continue;
    }
    out.push(stripSpans(line));
  }
  return out.join('\n');
}

/**
 * Replace code spans by a space (a span ends any word before it: `@` + span is no mention): a
 * backtick run is closed by the next run of the same length. Outside spans a backslash escapes the
 * next character: backslash + backtick is a literal backtick, two backslashes are one literal backslash.
 */
export function stripSpans(line: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    if (line[i] === '\\' && i + 1 < line.length) {
      out += line.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (line[i] !== '`') {
      out += line[i];
      i++;
      continue;
    }
    let end = i;
    while (line[end] === '`') end++;
    const run = end - i;
    let close = -1;
    for (let j = end; j < line.length; ) {
      if (line[j] !== '`') {
        j++;
        continue;
      }
      let k = j;
      while (line[k] === '`') k++;
      if (k - j === run) {
        close = j;
        break;
      }
      j = k;
    }
    if (close < 0) {
      out += line.slice(i, end);
      i = end;
    } else {
      out += ' ';
      i = close + run;
    }
  }
  return out;
}

/** Every fenced code block's fence and content lines, to check none is closed early. */
export function fencedBlocks(markdown: string): Array<{ fence: string; lines: string[] }> {
  const blocks: Array<{ fence: string; lines: string[] }> = [];
  let current: { fence: string; lines: string[] } | null = null;
  for (const line of markdown.split('\n')) {
    const marker = /^ {0,3}(`{3,})\s*$/.exec(line);
    if (current !== null) {
      if (marker && marker[1]!.length >= current.fence.length) {
        blocks.push(current);
        current = null;
      } else current.lines.push(line);
      continue;
    }
    if (marker) current = { fence: marker[1]!, lines: [] };
  }
  if (current !== null) blocks.push(current);
  return blocks;
}
