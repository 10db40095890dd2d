import type { BugReport, Verdict } from '../model.js';
import type { DecisionStore, ReportRow, RuleSource } from '../store/index.js';
import { clusterUnmatched, type ClusterKind } from './cluster-unmatched.js';

/** Everything the dashboard shows, computed from the store when the site is written (or served). */
export interface DashboardData {
  generatedAt: string;
  store: string;
  counts: { decisions: number; reports: number; feedback: number };
  /** Reports triaged per day, by verdict (each verdict present every day, 0 when none). */
  days: { day: string; counts: Record<Verdict, number> }[];
  verdicts: Verdict[];
  /** Each rule that fired: fires, feedback, precision = (fires - wrong) / fires. Most fires first. */
  rules: { ruleId: string; source: RuleSource | null; fires: number; wrong: number; confirmed: number; resolved: number; precision: number }[];
  /** The threshold below which a report is listed for review. */
  minConfidence: number;
  /** Marked wrong first, then lowest confidence; at most reviewLimit of reviewTotal. */
  review: DashboardReport[];
  reviewTotal: number;
  /** How many reports the store holds that matched nothing, and how many of them were clustered. */
  unmatched: { total: number; clustered: number };
  clusters: DashboardCluster[];
}

/** A report as the page lists it: the store's row, without what the page does not show. */
export type DashboardReport = Pick<ReportRow, 'report' | 'reportId' | 'title' | 'decidedAt' | 'verdict' | 'ruleId' | 'confidence' | 'wrongRules'> & { feedback: string[] };

export interface DashboardCluster {
  kind: ClusterKind;
  label: string;
  size: number;
  crashTitle: string | null;
  keyLines: string[];
  frames: string[];
  reports: DashboardReport[];
  /** A rule file to copy (drafted from the cluster's newest report), or null when none could be drafted. */
  draft: string | null;
  /** Why there is no draft, or what the draft still needs. */
  draftNote: string;
}

/** Drafts a rule from a report (the suggest-rule drafter); answers the YAML or why there is none. */
export type DraftRuleFor = (report: BugReport) => { yaml: string; note: string } | { refused: string };

export interface DashboardOptions {
  /** The clock of whoever writes the site (the CLI, the App). */
  now: Date;
  /** Reports whose best match is below this confidence are listed for review (default 0.5). */
  minConfidence?: number;
  /** At most this many reports to review are listed (default 500: the wrong-marked first, then the lowest confidence). */
  reviewLimit?: number;
  /** The newest this-many unmatched reports are clustered (default 2000). */
  unmatchedLimit?: number;
  /** At most this many clusters get a draft (default 50: drafting reads the whole log). */
  draftLimit?: number;
  draftRule?: DraftRuleFor;
}

/** A cluster lists its newest reports; the page stays small however large the cluster. */
export const REPORTS_PER_CLUSTER = 10;

const VERDICT_ORDER: readonly Verdict[] = ['known-bug-fix-available', 'known-bug-fix-present', 'known-bug-version-unknown', 'possible-match', 'no-match'];

/**
 * Reads what the dashboard shows from the store. Counting happens in SQL (the store's queries,
 * the same on SQLite and PostgreSQL); only the unmatched reports are read row by row, to cluster them.
 */
export async function readDashboardData(store: DecisionStore, options: DashboardOptions): Promise<DashboardData> {
  const minConfidence = options.minConfidence ?? 0.5;
  const [counts, byDay, tallies, review, reviewTotal, unmatched, unmatchedTotal] = await Promise.all([
    store.counts(),
    store.verdictsByDay(),
    store.ruleTallies(),
    store.reportsToReview(minConfidence, options.reviewLimit ?? 500),
    store.countToReview(minConfidence),
    store.unmatchedReports(options.unmatchedLimit ?? 2000),
    store.countUnmatched(),
  ]);
  const seen = new Set(byDay.map((row) => row.verdict));
  const verdicts = [...VERDICT_ORDER.filter((verdict) => seen.has(verdict)), ...[...seen].filter((verdict) => !VERDICT_ORDER.includes(verdict)).sort()];
  const days = new Map<string, Record<Verdict, number>>();
  for (const row of byDay) {
    const counts = days.get(row.day) ?? (Object.fromEntries(verdicts.map((verdict) => [verdict, 0])) as Record<Verdict, number>);
    counts[row.verdict] += row.count;
    days.set(row.day, counts);
  }
  const clusters = clusterUnmatched(unmatched);
  const draftLimit = options.draftLimit ?? 50;
  return {
    generatedAt: options.now.toISOString(),
    store: store.description,
    counts,
    days: [...days.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, counts]) => ({ day, counts })),
    verdicts,
    rules: tallies.map((tally) => ({ ...tally, precision: tally.fires === 0 ? 0 : (tally.fires - Math.min(tally.wrong, tally.fires)) / tally.fires })),
    minConfidence,
    review: review.map(toDashboardReport),
    reviewTotal,
    unmatched: { total: unmatchedTotal, clustered: unmatched.length },
    clusters: clusters.map((cluster, index) => {
      const newest = cluster.reports[0]!;
      const drafted = index < draftLimit && options.draftRule ? options.draftRule(toBugReport(newest)) : null;
      return {
        kind: cluster.kind,
        label: cluster.label,
        size: cluster.reports.length,
        crashTitle: newest.crashTitle,
        keyLines: newest.keyLines,
        frames: newest.frames,
        reports: cluster.reports.slice(0, REPORTS_PER_CLUSTER).map(toDashboardReport),
        draft: drafted !== null && 'yaml' in drafted ? drafted.yaml : null,
        draftNote: drafted === null ? (options.draftRule ? `only the ${draftLimit} largest clusters get a draft` : 'no drafter configured') : 'yaml' in drafted ? drafted.note : drafted.refused,
      };
    }),
  };
}

function toDashboardReport(row: ReportRow): DashboardReport {
  return { report: row.report, reportId: row.reportId, title: row.title, decidedAt: row.decidedAt, verdict: row.verdict, ruleId: row.ruleId, confidence: row.confidence, feedback: row.feedback, wrongRules: row.wrongRules };
}

/** The stored text as a report: what the drafter reads (title and text; the tracker fields are not kept). */
function toBugReport(row: ReportRow): BugReport {
  const source = row.tracker === 'bugzilla' ? 'bugzilla' : 'github';
  return { source, id: row.reportId, url: row.report, title: row.title, body: row.excerpt.startsWith(row.title) ? row.excerpt.slice(row.title.length).trimStart() : row.excerpt, comments: [], attachments: [], fields: {} };
}
