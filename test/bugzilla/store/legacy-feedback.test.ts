import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createSqliteTriageStore, openDecisionsFor, silentLogger } from '../../../src/bugzilla/index.js';
import { parseBugzillaConfig } from '../../../src/bugzilla/config/load-bugzilla-config.js';

describe('the bot opening its decision store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ktriage-bz-legacy-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the feedback earlier versions kept in its own table into the decision store, once, with the bug's rule", async () => {
    const file = join(dir, 'state.sqlite');
    const store = createSqliteTriageStore(file);
    await store.putBug({ server: 'kernel', bugId: 7, fingerprint: 'fp', verdict: 'known-bug-fix-available', ruleId: 'dm-thin-x', commentId: 3, rulesVersion: 'v', triagedAt: '2026-11-01T00:00:00Z', lastChangeTime: null, lastCommentId: 3, tagsApplied: true, notes: [], keywords: null });
    const db = new Database(file);
    db.prepare('INSERT INTO feedback (server, bug_id, comment_id, author, kind, note, fingerprint, time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run('kernel', 7, 40, 'mike@example.test', 'wrong', 'other bug', 'fp', '2026-11-02T10:00:00Z');
    db.close();
    const config = parseBugzillaConfig('servers:\n  - name: kernel\n    url: https://bugzilla.example.org/\n    api_key_env: BZ_KEY\n    watch:\n      - product: IO/Storage\n        components: [LVM2/DM]\n', 'bugzilla.yml');
    const loaded = { config, baseDir: dir, databasePath: file };
    for (let round = 0; round < 2; round += 1) {
      const decisions = await openDecisionsFor(loaded, store, { env: {}, logger: silentLogger });
      expect(await decisions.listFeedback(10)).toEqual([
        { tracker: 'bugzilla', report: 'https://bugzilla.example.org/show_bug.cgi?id=7', sourceKey: 'comment:40', kind: 'wrong', ruleId: 'dm-thin-x', by: 'mike@example.test', at: '2026-11-02T10:00:00.000Z', note: 'other bug' },
      ]);
      await decisions.close();
    }
    await store.close();
  });
});
