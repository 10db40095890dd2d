/**
 * bugzilla/store/: what the bot remembers between runs (SQLite by default) and the lease owner id.
 */
export { createSqliteTriageStore } from './create-sqlite-triage-store.js';
export { isLeaseOwnerAlive, leaseOwner } from './lease-owner.js';
export type { BugRecord, FailureRecord, FeedbackKind, FeedbackRecord, ShadowRecord, TriageStore } from './triage-store.js';
