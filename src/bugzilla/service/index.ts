/**
 * bugzilla/service/: the long-running bot: polling, the webhook endpoint, serial per-bug work, leases
 * and the logger.
 */
export { createWebhookHandler, isWatched, secretsEqual, type BugzillaWebhookPayload, type WebhookHandlerOptions } from './create-webhook-handler.js';
export { createRedactingLogger } from './logger.js';
export { silentLogger, type Logger } from '../../log/index.js';
export { blameFor, decideFailure, DEFAULT_FAILURE_POLICY, mayBeServerDown, type FailureBlame, type FailurePolicy } from './decide-failure.js';
export { BREAKER_SERVER_FAILURES, bugzillaTime, pollServer, type PollOptions, type PollSummary, type PollWatch } from './poll-server.js';
export { LEASE_RENEW_MS, LEASE_TTL_MS, POLL_RESULTS_KEPT, createRuntimes, formatSummary, openDecisionsFor, openStoreFor, runPoll, startService, withLease, type BugzillaRunDeps, type RunningService, type ServerRuntime } from './run-bugzilla.js';
