import type { RestHistoryEntry } from '../client/index.js';

/**
 * Which of `keywords` a person changed last, by the bug's history (`GET /rest/bug/N/history`,
 * oldest first): the last change that names the keyword, added or removed, is by another login
 * than ktriage's. ktriage removes a keyword it owns only when it was the last to touch it: one a
 * maintainer removed and put back by hand (between two of ktriage's reads, so its record still
 * says owned) is the maintainer's now. A keyword the history never names (a history that does not
 * reach back, or an add not logged) is not counted as touched: the bot's record says whose it is.
 * Names and logins compare case-insensitively, as Bugzilla does.
 *
 * @example
 * findTouchedKeywords([{ when: '2026-11-23T19:25:13Z', who: 'maint@x', changes: [{ field_name: 'keywords', added: 'regression, triaged', removed: '' }] }], ['triaged'], 'bot@x')
 * // => ['triaged']
 */
export function findTouchedKeywords(history: readonly RestHistoryEntry[], keywords: readonly string[], botLogin: string): string[] {
  const lastBy = new Map<string, string>();
  for (const entry of history) {
    for (const change of entry.changes) {
      if (change.field_name !== 'keywords') continue;
      for (const name of [...splitKeywords(change.added), ...splitKeywords(change.removed)]) lastBy.set(name.toLowerCase(), entry.who.toLowerCase());
    }
  }
  const bot = botLogin.toLowerCase();
  return keywords.filter((keyword) => {
    const who = lastBy.get(keyword.toLowerCase());
    return who !== undefined && who !== bot;
  });
}

/** A history change's keyword list: Bugzilla joins names with ", ". */
function splitKeywords(list: string): string[] {
  return list
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}
