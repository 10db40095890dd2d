/**
 * Volatile parts of a crash title, replaced so the same bug always gets the same title: executor
 * PIDs, addresses, IPs, source line numbers, frame offsets, CPU numbers and other numbers (after
 * syzkaller's dynamicTitleReplacement). Each rule is applied until the title stops changing, because
 * matches can overlap ("0,1,2").
 */
const TITLE_REPLACEMENTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/syz-executor\.?[0-9]+((\/|:)[0-9]+)?/g, 'syz-executor'],
  [/syzkaller[0-9]+((\/|:)[0-9]+)?/g, 'syzkaller'],
  // Anything that looks like an address; a title can never use one.
  [/([^a-zA-Z0-9])(?:0x)?[0-9a-f]{6,}/g, '$1ADDR'],
  [/([0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3})/g, 'IP'],
  [/(\.\w+)(:[0-9]+)+/g, '$1:LINE'],
  // "ip6_fragment+0x1052/0x2d80" -> "ip6_fragment": offsets change with every build.
  [/([a-zA-Z][a-zA-Z0-9_.]+)\+0x[0-9a-z]+\/0x[0-9a-z]+/g, '$1'],
  [/CPU#[0-9]+/g, 'CPU'],
  [/(\W)(\d+)(\W|$)/g, '$1NUM$3'],
  // Digits inside names stay (cfg80211, nl802154); a run this long is a number glued to a word.
  [/(\d+){7,}/g, 'NUM'],
];

const MAX_TITLE_LENGTH = 120;

/**
 * The title with volatile values replaced by `ADDR`, `IP`, `LINE`, `NUM`, `CPU`, control characters
 * dropped, runs of spaces collapsed and the length capped.
 *
 * @example
 * sanitizeTitle('kernel BUG at fs/ext4/inode.c:2718!') // => 'kernel BUG at fs/ext4/inode.c:LINE!'
 */
export function sanitizeTitle(raw: string): string {
  let title = raw.length > 4 * MAX_TITLE_LENGTH ? raw.slice(0, 4 * MAX_TITLE_LENGTH) : raw;
  for (const [pattern, replacement] of TITLE_REPLACEMENTS) {
    for (let round = 0; round < 8; round++) {
      const next = title.replace(pattern, replacement);
      if (next === title) break;
      title = next;
    }
  }
  let out = '';
  let prev = ' ';
  for (let i = 0; i < title.length && i < MAX_TITLE_LENGTH; i++) {
    let ch = title[i]!;
    const code = ch.charCodeAt(0);
    if (ch === '\t') ch = ' ';
    else if (code < 0x20 || code >= 0x7f) continue;
    if (ch === ' ' && prev === ' ') continue;
    out += ch;
    prev = ch;
  }
  return out.trim();
}
