// The Bugzilla adapter's public door.
export { BUGZILLA_ERROR_CODES, BugzillaError, type BugzillaErrorKind } from './bugzilla-error.js';
export { chooseAuthMode, type AuthMode } from './choose-auth-mode.js';
export { createBugzillaClient, type BugUpdate, type BugzillaClient, type BugzillaClientOptions, type SearchQuery, type SearchResult } from './create-bugzilla-client.js';
export { createRedactingLogger, silentLogger, type Logger } from './logger.js';
export { redactSecret } from './redact-secret.js';
export type * from './rest-types.js';
export { createSqliteTriageStore } from './create-sqlite-triage-store.js';
export type { BugRecord, FailureRecord, FeedbackKind, FeedbackRecord, ShadowRecord, TriageStore } from './triage-store.js';
export { bugzillaConfigSchema, type BugzillaConfig, type BugzillaServerConfig, type BugzillaWebhookConfig } from './config-schema.js';
export { BugzillaConfigError, loadBugzillaConfig, parseBugzillaConfig, type LoadedBugzillaConfig } from './load-bugzilla-config.js';
