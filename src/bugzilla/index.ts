// The Bugzilla adapter's public door: one line per role folder (each folder's index.ts is its own door).
export { BUGZILLA_ERROR_CODES, BugzillaError, chooseAuthMode, createBotLoginResolver, createBugzillaClient, parseRetryAfter, redactSecret, type AuthMode, type BotLoginResolver, type BugUpdate, type BugzillaClient, type BugzillaClientOptions, type BugzillaErrorKind, type SearchQuery, type SearchResult } from './client/index.js';
export type { RestAttachment, RestBug, RestBugUpdate, RestComment, RestError, RestTime, RestUserDetail, RestWhoami } from './client/index.js';
export { createSqliteTriageStore, isLeaseOwnerAlive, leaseOwner, type BugRecord, type FailureRecord, type FeedbackKind, type FeedbackRecord, type ShadowRecord, type TriageStore } from './store/index.js';
export { BugzillaConfigError, bugzillaConfigJsonSchema, bugzillaConfigSchema, loadBugzillaConfig, parseBugzillaConfig, type BugzillaConfig, type BugzillaServerConfig, type BugzillaWebhookConfig, type LoadedBugzillaConfig } from './config/index.js';
export { createTriageEngine, handleBug, RulePathError, showBugUrl, type BugHandlingContext, type BugHandlingOptions, type BugOutcome, type BugzillaBugData, type TriageEngine } from './bug/index.js';
export { findPostedVerdicts, fitComment, hasKtriageFooter, isKtriageComment, MAX_COMMENT_LENGTH, readFeedback, sameLogin, type PostedVerdict } from './comment/index.js';
export { buildBugReport, decodeAttachmentText, selectAttachments, type AttachmentChoice } from './payload/index.js';
export { blameFor, BREAKER_SERVER_FAILURES, decideFailure, DEFAULT_FAILURE_POLICY, mayBeServerDown, type FailureBlame, type FailurePolicy } from './service/index.js';
export { createLevelledLogger, type LevelledLoggerIo } from './service/index.js';
export { bugzillaTime, createRedactingLogger, createRuntimes, createWebhookHandler, formatSummary, isWatched, openStoreFor, pollServer, POLL_RESULTS_KEPT, runPoll, secretsEqual, silentLogger, startService, withLease, type BugzillaRunDeps, type BugzillaWebhookPayload, type Logger, type PollOptions, type PollSummary, type PollWatch, type RunningService, type ServerRuntime, type WebhookHandlerOptions } from './service/index.js';
