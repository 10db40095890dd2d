/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Reads what the dashboard page shows, in the browser, as plain numbers the tests compare with
// the store. Every list is expanded first ("show all"), so hidden rows are counted too.
import type { Page } from 'playwright-core';

export interface PageNumbers {
  days: { day: string; verdict: string; count: number }[];
  rules: { ruleId: string; source: string; fires: number; wrong: number; confirmed: number; resolved: number; precision: number }[];
  review: { report: string; confidence: string; marks: string }[];
  clusters: { size: number; kind: string; hasDraftBox: boolean }[];
  summary: { decisions: number; reports: number; feedback: number };
  clustersIntro: string;
}

export async function readPage(page: Page): Promise<PageNumbers> {
  for (;;) {
    const more = page.locator('button.more').first();
    if ((await more.count()) === 0) break;
    await more.click();
  }
  return page.evaluate(() => {
    const num = (text: string | null | undefined) => Number(text ?? 'NaN');
    const days = [...document.querySelectorAll('#verdict-table tbody tr')].flatMap((tr) =>
      [...tr.querySelectorAll('td[data-verdict]')].map((td) => ({ day: tr.getAttribute('data-day')!, verdict: td.getAttribute('data-verdict')!, count: num(td.textContent) })),
    );
    const rules = [...document.querySelectorAll('#rule-table tbody tr')].map((tr) => ({
      ruleId: tr.getAttribute('data-rule')!,
      source: tr.children[1]!.textContent!,
      fires: num(tr.querySelector('.fires')?.textContent),
      wrong: num(tr.querySelector('.wrong')?.textContent),
      confirmed: num(tr.querySelector('.confirmed')?.textContent),
      resolved: num(tr.querySelector('.resolved')?.textContent),
      precision: num(tr.querySelector('.precision')?.getAttribute('data-value')),
    }));
    const review = [...document.querySelectorAll('#review-table tbody tr')].map((tr) => ({ report: tr.getAttribute('data-report')!, confidence: tr.querySelector('.confidence')!.textContent!, marks: tr.querySelector('.marks')!.textContent! }));
    const clusters = [...document.querySelectorAll('#cluster-list > li.cluster')].map((li) => ({ size: num(li.getAttribute('data-size')), kind: li.getAttribute('data-kind')!, hasDraftBox: li.querySelector('.draft-box pre.draft') !== null }));
    const summary = { decisions: num(document.getElementById('count-decisions')?.textContent), reports: num(document.getElementById('count-reports')?.textContent), feedback: num(document.getElementById('count-feedback')?.textContent) };
    const clustersIntro = document.querySelector('#clusters .intro')?.textContent ?? '';
    return { days, rules, review, clusters, summary, clustersIntro };
  });
}

/** What the store says, by SQL written here (not the store's own queries), for an independent check. */
export const EXPECTED_SQL = {
  days: 'SELECT day, verdict, COUNT(*) AS count FROM triage_decisions GROUP BY day, verdict ORDER BY day, verdict',
  fires: 'SELECT rule_id AS ruleId, COUNT(DISTINCT report) AS fires FROM triage_decisions WHERE rule_id IS NOT NULL GROUP BY rule_id',
  judged: `SELECT f.rule_id AS ruleId, f.kind AS kind, COUNT(DISTINCT f.report) AS n FROM triage_feedback f
           WHERE f.kind IN ('wrong', 'correct', 'duplicate', 'resolution') AND EXISTS (SELECT 1 FROM triage_decisions d WHERE d.report = f.report AND d.rule_id = f.rule_id) GROUP BY f.rule_id, f.kind`,
  latest: `SELECT d.report AS report, d.verdict AS verdict, d.confidence AS confidence FROM triage_decisions d
           WHERE d.decided_at = (SELECT MAX(e.decided_at) FROM triage_decisions e WHERE e.report = d.report)`,
  wrongReports: "SELECT DISTINCT report FROM triage_feedback WHERE kind = 'wrong'",
  counts: 'SELECT (SELECT COUNT(*) FROM triage_decisions) AS decisions, (SELECT COUNT(DISTINCT report) FROM triage_decisions) AS reports, (SELECT COUNT(*) FROM triage_feedback) AS feedback',
};

export interface ExpectedNumbers {
  days: { day: string; verdict: string; count: number }[];
  rules: Map<string, { fires: number; wrong: number; confirmed: number; resolved: number; precision: number }>;
  /** Reports whose latest decision is below `minConfidence` or that were marked wrong. */
  review: Set<string>;
  wrongReports: Set<string>;
  unmatched: number;
  counts: { decisions: number; reports: number; feedback: number };
}

/** The numbers a dashboard of this SQLite store must show (`all` runs one query and answers its rows). */
export function expectedNumbers(all: <T>(sql: string) => T[], minConfidence: number): ExpectedNumbers {
  const rules = new Map<string, { fires: number; wrong: number; confirmed: number; resolved: number; precision: number }>();
  for (const row of all<{ ruleId: string; fires: number }>(EXPECTED_SQL.fires)) rules.set(row.ruleId, { fires: Number(row.fires), wrong: 0, confirmed: 0, resolved: 0, precision: 1 });
  for (const row of all<{ ruleId: string; kind: string; n: number }>(EXPECTED_SQL.judged)) {
    const rule = rules.get(row.ruleId)!;
    if (row.kind === 'wrong') rule.wrong += Number(row.n);
    else if (row.kind === 'resolution') rule.resolved += Number(row.n);
    else rule.confirmed += Number(row.n);
  }
  for (const rule of rules.values()) rule.precision = (rule.fires - rule.wrong) / rule.fires;
  const latest = all<{ report: string; verdict: string; confidence: number | null }>(EXPECTED_SQL.latest);
  const wrongReports = new Set(all<{ report: string }>(EXPECTED_SQL.wrongReports).map((row) => row.report));
  const review = new Set(latest.filter((row) => (row.confidence !== null && row.confidence < minConfidence) || wrongReports.has(row.report)).map((row) => row.report));
  const [counts] = all<{ decisions: number; reports: number; feedback: number }>(EXPECTED_SQL.counts);
  return {
    days: all<{ day: string; verdict: string; count: number }>(EXPECTED_SQL.days).map((row) => ({ ...row, count: Number(row.count) })),
    rules,
    review,
    wrongReports,
    unmatched: latest.filter((row) => row.verdict === 'no-match').length,
    counts: { decisions: Number(counts!.decisions), reports: Number(counts!.reports), feedback: Number(counts!.feedback) },
  };
}

/** The page's numbers against the store's: each section present and numerically right. */
export function checkPage(shown: PageNumbers, expected: ExpectedNumbers, { reviewLimit = 500, unmatchedLimit = 2000 } = {}): void {
  expect(shown.summary).toEqual(expected.counts);
  expect(shown.days.filter((d) => d.count > 0).sort((a, b) => (a.day + a.verdict < b.day + b.verdict ? -1 : 1))).toEqual(expected.days);
  expect(shown.rules.length).toBe(expected.rules.size);
  for (const rule of shown.rules) {
    const want = expected.rules.get(rule.ruleId)!;
    expect({ id: rule.ruleId, fires: rule.fires, wrong: rule.wrong, confirmed: rule.confirmed, resolved: rule.resolved }).toEqual({ id: rule.ruleId, fires: want.fires, wrong: want.wrong, confirmed: want.confirmed, resolved: want.resolved });
    expect(rule.precision).toBeCloseTo(want.precision, 9);
  }
  // most fires first
  expect(shown.rules.map((r) => r.fires)).toEqual([...shown.rules.map((r) => r.fires)].sort((a, b) => b - a));
  // Every wrong-marked report is listed (first), then the lowest confidences up to the page's limit.
  const listed = new Set(shown.review.map((r) => r.report));
  expect(shown.review.length).toBe(Math.min(expected.review.size, reviewLimit));
  for (const report of listed) expect(expected.review.has(report)).toBe(true);
  if (expected.wrongReports.size <= reviewLimit) for (const report of expected.wrongReports) expect(listed.has(report)).toBe(true);
  else for (const report of listed) expect(expected.wrongReports.has(report)).toBe(true);
  for (const row of shown.review) if (expected.wrongReports.has(row.report)) expect(row.marks).toMatch(/^wrong: /);
  // The newest unmatched reports are clustered, up to the page's limit; the intro says how many there are.
  expect(shown.clusters.reduce((sum, c) => sum + c.size, 0)).toBe(Math.min(expected.unmatched, unmatchedLimit));
  expect(shown.clustersIntro).toContain(`${expected.unmatched} reports matched no rule`);
  expect(shown.clusters.map((c) => c.size)).toEqual([...shown.clusters.map((c) => c.size)].sort((a, b) => b - a));
  expect(shown.clusters.every((c) => c.hasDraftBox)).toBe(true);
}
