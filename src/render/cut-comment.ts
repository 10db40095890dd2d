/**
 * The one comment cutter both trackers use (GitHub refuses bodies over 65,536 characters,
 * Bugzilla over 65,535). Cuts `text` to at most `max` characters and says so with `note`:
 * - `keepLastLine`: the last line survives the cut (Bugzilla's footer is how ktriage finds its own
 *   comments later: src/bugzilla/comment/find-posted-verdicts.ts);
 * - `markdown`: a fenced block the cut left open is closed, or it would swallow the note and
 *   everything after it.
 *
 * @example
 * cutComment('```\n' + 'x'.repeat(100), 40, { note: '(cut)', markdown: true }) // => '```\nxxxxxxxxxxxxxxxxxxxxxxxx\n```\n\n(cut)\n'
 */
export function cutComment(text: string, max: number, { note, keepLastLine = false, markdown = false }: { note: string; keepLastLine?: boolean; markdown?: boolean }): string {
  if (text.length <= max) return text;
  const body = text.replace(/\s+$/, '');
  const cut = keepLastLine ? body.lastIndexOf('\n') : -1;
  const footer = cut >= 0 ? `${body.slice(cut + 1)}\n` : '';
  const tail = `\n\n${note}\n${footer}`;
  let room = Math.max(0, max - tail.length);
  let kept = body.slice(0, room);
  if (markdown) {
    for (;;) {
      const closed = closeFences(kept);
      if (closed.length + tail.length <= max || room === 0) {
        kept = closed;
        break;
      }
      room = Math.max(0, room - (closed.length - kept.length));
      kept = body.slice(0, room);
    }
  }
  return `${kept.replace(/\s+$/, '')}${tail}`;
}

/**
 * A Markdown text with every fenced block closed: a cut inside one would swallow the rest.
 *
 * @example
 * closeFences('```\ncode') // => '```\ncode\n```'
 */
export function closeFences(markdown: string): string {
  let open: string | null = null;
  for (const line of markdown.split('\n')) {
    const fence = /^[ \t]{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (!fence) continue;
    if (open === null) open = fence;
    else if (fence[0] === open[0] && fence.length >= open.length) open = null;
  }
  return open === null ? markdown : `${markdown}\n${open}`;
}
