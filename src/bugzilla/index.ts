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
export { applyWhiteboardTag } from './apply-whiteboard-tag.js';
export { createSerialQueue, type SerialQueue } from './create-serial-queue.js';
export { createWebhookHandler, secretsEqual, type BugzillaWebhookPayload, type WebhookHandlerOptions } from './create-webhook-handler.js';
export { findPostedVerdicts, isKtriageComment, type PostedVerdict } from './find-posted-verdicts.js';
export { handleBug, showBugUrl, type BugHandlingContext, type BugHandlingOptions, type BugOutcome, type BugzillaBugData, type TriageEngine } from './handle-bug.js';
export { bugzillaTime, pollServer, type PollOptions, type PollSummary, type PollWatch } from './poll-server.js';
export { readFeedback } from './read-feedback.js';
export { decodeAttachmentText, selectAttachments, type AttachmentChoice } from './select-attachments.js';
