import { describe, expect, it } from '@jest/globals';
import { findTouchedKeywords } from '../../../src/bugzilla/bug/find-touched-keywords.js';
import type { RestHistoryEntry } from '../../../src/bugzilla/client/index.js';
import { loadRecord } from '../fake-bugzilla-server.js';

const BOT = 'ktriage-bot@example.test';
const entry = (who: string, added: string, removed = '', when = '2026-12-08T00:15:45Z'): RestHistoryEntry => ({ when, who, changes: [{ field_name: 'keywords', added, removed }] });

describe('findTouchedKeywords', () => {
  it.each<[string, RestHistoryEntry[], string[], string[]]>([
    ['only ktriage changed it', [entry(BOT, 'dm-thin, triaged')], ['dm-thin'], []],
    ['a maintainer removed it and put it back', [entry(BOT, 'dm-thin, triaged'), entry('maint@example.test', '', 'dm-thin'), entry('maint@example.test', 'dm-thin')], ['dm-thin'], ['dm-thin']],
    ['a maintainer removed it, ktriage added it again since', [entry(BOT, 'dm-thin'), entry('maint@example.test', '', 'dm-thin'), entry(BOT, 'dm-thin')], ['dm-thin'], []],
    ['a maintainer changed another keyword only', [entry(BOT, 'dm-thin'), entry('maint@example.test', 'regression')], ['dm-thin'], []],
    // Bugzilla merges one account's changes in the same second into one entry, with a trailing space (recorded on 5.2)
    ['a merged entry: "dm-thin, triaged " added and "dm-thin" removed by a person', [entry('maint@example.test', 'dm-thin, triaged ', 'dm-thin')], ['dm-thin', 'triaged'], ['dm-thin', 'triaged']],
    ['the history never names it: the record decides', [], ['dm-thin'], []],
    ['names and logins compare case-insensitively', [entry(BOT.toUpperCase(), 'DM-Thin')], ['dm-thin'], []],
    ['another field that mentions the name is not a keyword change', [{ when: 'x', who: 'maint@example.test', changes: [{ field_name: 'whiteboard', added: 'dm-thin', removed: '' }] }], ['dm-thin'], []],
  ])('%s', (_case, history, keywords, touched) => {
    expect(findTouchedKeywords(history, keywords, BOT)).toEqual(touched);
  });

  it('reads the recorded Bugzilla 5.2 history (one add, then ktriage\'s removal, by the admin account)', () => {
    const history = (loadRecord('history-keywords.json').response.bugs as { history: RestHistoryEntry[] }[])[0]!.history;
    expect(findTouchedKeywords(history, ['dm-thin', 'triaged'], 'admin@example.test')).toEqual([]);
    expect(findTouchedKeywords(history, ['dm-thin', 'triaged'], BOT)).toEqual(['dm-thin', 'triaged']);
  });
});
