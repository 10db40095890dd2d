/// <reference lib="dom" />
// Issue 15's "done when": the Bugzilla bot (the real poll loop, the real rules) runs over the public
// real reports (../shared/corpus/real-reports) on a fake Bugzilla, ten reports a day for five days;
// maintainers then answer each known-bug comment with `ktriage: correct` or `ktriage: wrong` (by
// the corpus's known fix) and the bot reads that feedback. `ktriage dashboard` is written from the
// bot's store and opened in chromium: verdict counts per day, per-rule fires and precision, the
// wrong-marked list and the unmatched clusters must each be present and equal what the store holds
// (SQL written here) and what the maintainers said.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { parse } from 'yaml';
import { buildBugReport, createBugzillaClient, createSqliteTriageStore, createTriageEngine, pollServer, silentLogger, type TriageStore } from '../../src/bugzilla/index.js';
import { runDashboard } from '../../src/cli/commands/dashboard.js';
import { openDecisionStore, type DecisionStore } from '../../src/store/index.js';
import { FakeBugzilla } from '../bugzilla/fake-bugzilla-server.js';
import { testHandling } from '../bugzilla/support.js';
import { describeChromium } from '../support/chromium.js';
import { describeShared } from '../support/shared-data.js';
import { checkPage, expectedNumbers, readPage, type PageNumbers } from './dashboard-page.js';

interface CorpusReport {
  file: string;
  title: string;
  body: string;
  fix: string | null;
}

function readCorpus(dir: string): CorpusReport[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yml'))
    .sort()
    .map((file) => {
      const doc = parse(readFileSync(resolve(dir, file), 'utf8')) as { title: string; body: string; expected: { fix: { sha: string } | null } };
      return { file, title: doc.title, body: doc.body, fix: doc.expected.fix?.sha ?? null };
    });
}

describeShared('dashboard of the Bugzilla bot run over the public real reports', ['corpus', 'real-reports'], (corpusDir) => {
  const said = { correct: 0, wrong: 0 };
  let dir: string;
  let site: string;
  let reports: CorpusReport[];
  let fake: FakeBugzilla;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ktriage-real-dashboard-'));
    reports = readCorpus(corpusDir);
    fake = new FakeBugzilla({ apiKeys: ['KEY'], keywords: ['triaged'], now: '2026-11-02T08:00:00Z' });
    await fake.start();
    const file = join(dir, 'bot.sqlite');
    const store: TriageStore = createSqliteTriageStore(file);
    const decisions: DecisionStore = await openDecisionStore({ kind: 'sqlite', file });
    const client = createBugzillaClient({ baseUrl: fake.url, apiKey: 'KEY', minBackoffMs: 1 });
    const engine = await createTriageEngine({ paths: [], bundled: true, logger: silentLogger });
    const ctx = { server: 'kernel', client, store, engine, buildReport: buildBugReport, options: testHandling(), logger: silentLogger, decisions };
    const poll = { watch: [{ product: 'IO/Storage', components: ['LVM2/DM'] }], pageSize: 50, startFrom: '2026-11-01T00:00:00Z', initialLookbackMs: 0, maxAttempts: 5 };
    const bugOf = new Map<number, CorpusReport>();
    // Ten reports a day for five days, a poll cycle after each batch.
    for (let start = 0; start < reports.length; start += 10) {
      for (const report of reports.slice(start, start + 10)) bugOf.set(fake.addBug({ product: 'IO/Storage', component: 'LVM2/DM', summary: report.title, description: report.body }), report);
      fake.tick(60);
      await pollServer(ctx, poll);
      fake.tick(86_400);
    }
    // Maintainers judge each known-bug comment by the corpus's fix; the next cycle reads the feedback.
    for (const [bugId, report] of bugOf) {
      const posted = fake.commentsContaining(bugId, '-- ktriage (known-bug').at(-1);
      if (!posted) continue;
      const fix = /^Fix: ([0-9a-f]{12,40})/m.exec(posted.text)?.[1] ?? null;
      const right = report.fix !== null && fix !== null && (report.fix.startsWith(fix) || fix.startsWith(report.fix));
      fake.comment(bugId, right ? 'ktriage: correct' : 'ktriage: wrong - not this bug', 'maintainer@example.test');
      said[right ? 'correct' : 'wrong'] += 1;
    }
    fake.tick(60);
    await pollServer(ctx, poll);
    await decisions.close();
    await store.close();
    site = join(dir, 'site');
    const out: string[] = [];
    const code = await runDashboard({ store: file, out: site, now: () => new Date('2026-11-08T00:00:00Z') }, { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => out.push(s) }, env: {}, cwd: dir });
    if (code !== 0) throw new Error(`ktriage dashboard failed: ${out.join('')}`);
  }, 300_000);
  afterAll(async () => {
    await fake?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('records one report per corpus file and the feedback the maintainers gave', async () => {
    const db = new Database(join(dir, 'bot.sqlite'), { readonly: true });
    const reportsSeen = db.prepare('SELECT COUNT(DISTINCT report) AS n FROM triage_decisions').get() as { n: number };
    const feedback = db.prepare("SELECT kind, COUNT(*) AS n FROM triage_feedback GROUP BY kind ORDER BY kind").all() as { kind: string; n: number }[];
    db.close();
    expect(reportsSeen.n).toBe(reports.length);
    expect(said.correct + said.wrong).toBeGreaterThan(10);
    expect(feedback).toEqual([...(said.correct ? [{ kind: 'correct', n: said.correct }] : []), ...(said.wrong ? [{ kind: 'wrong', n: said.wrong }] : [])]);
  });

  describeChromium('in chromium', (context) => {
    let shown: PageNumbers;
    let errors: string[];
    beforeAll(async () => {
      const page = await context().newPage();
      errors = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(pathToFileURL(join(site, 'index.html')).href);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
      shown = await readPage(page);
      await page.close();
    }, 60_000);

    it('shows verdicts per day, rule fires and precision, the wrong-marked reports and the unmatched clusters as the store holds them', () => {
      const db = new Database(join(dir, 'bot.sqlite'), { readonly: true });
      const expected = expectedNumbers((sql) => db.prepare(sql).all() as never[], 0.5);
      db.close();
      checkPage(shown, expected);
      // each section present, and the five days of reports (plus the feedback day's re-triage, if any)
      expect(new Set(shown.days.map((d) => d.day)).size).toBeGreaterThanOrEqual(5);
      expect(shown.rules.length).toBeGreaterThan(5);
      expect(shown.review.length).toBeGreaterThan(0);
      expect(shown.clusters.length).toBeGreaterThan(0);
      expect(errors).toEqual([]);
      console.log(`real reports dashboard: ${expected.counts.decisions} decisions on ${expected.counts.reports} reports over ${new Set(shown.days.map((d) => d.day)).size} days, ${shown.rules.length} rules fired (${said.correct} marked correct, ${said.wrong} wrong), ${shown.review.length} to look at, ${shown.clusters.length} unmatched clusters of ${expected.unmatched} reports`);
    });

    it("matches what the maintainers said: every 'wrong' and 'correct' is on the rule it was about", () => {
      expect(shown.rules.reduce((sum, r) => sum + r.wrong, 0)).toBe(said.wrong);
      expect(shown.rules.reduce((sum, r) => sum + r.confirmed, 0)).toBe(said.correct);
      expect(shown.review.filter((r) => r.marks.startsWith('wrong: ')).length).toBe(said.wrong);
    });
  });
});
