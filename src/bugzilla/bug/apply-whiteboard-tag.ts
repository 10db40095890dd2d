/**
 * Bugzilla's whiteboard is one free-text string shared by everyone, so ktriage owns only its own
 * bracketed token: `[ktriage: dm-sm-metadata-refcount-below-zero]`. Read-modify-write: the token is
 * replaced where it stands (or appended), every other character is kept.
 *
 * @example
 * applyWhiteboardTag('[regression] [ktriage: old-rule]', 'ktriage', 'new-rule') // => '[regression] [ktriage: new-rule]'
 */
export function applyWhiteboardTag(whiteboard: string, tag: string, value: string): string {
  const token = `[${tag}: ${value}]`;
  const escaped = tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const existing = new RegExp(`(\\s*)\\[${escaped}:[^\\]]*\\]`, 'g');
  let replaced = false;
  // The first token is replaced where it stands; later duplicates go, with the space before them.
  const out = whiteboard.replace(existing, (_match, space: string) => {
    if (replaced) return '';
    replaced = true;
    return `${space}${token}`;
  });
  if (replaced) return out;
  return whiteboard.trim() === '' ? token : `${whiteboard.trim()} ${token}`;
}
