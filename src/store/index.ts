// The decision store's door: adapters record through it, the dashboard reads through it.
export type { DecisionRecord, DecisionStore, FeedbackKind, FeedbackRecord, ReportRow, RuleSource, RuleTally, Tracker, VerdictDay } from './decision-store.js';
export { createDecisionStore } from './create-decision-store.js';
export { createPostgresEngine } from './create-postgres-engine.js';
export { createSqliteEngine } from './create-sqlite-engine.js';
export { openDecisionStore, readStoreChoice, type StoreChoice } from './open-decision-store.js';
export type { SqlEngine, SqlRunner } from './sql-engine.js';
export { EXCERPT_LIMIT, reportText, toDecisionRecord } from './to-decision-record.js';
export { importLegacyFeedback } from './import-legacy-feedback.js';
