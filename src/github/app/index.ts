/**
 * github/app/: the Probot application: webhook routing, the per-issue queue, the issue pipeline
 * (read, triage, write) and the service's options and health endpoint.
 */
export { createKtriageApp, type KtriageAppOptions } from './create-app.js';
export { DEFAULT_HEALTH_PATH, createHealthHandler } from './create-health-handler.js';
export { readAppOptions, type AppEnvOptions } from './read-app-options.js';
export { triageIssue, type CommandRequest, type DecisionRecorder, type IssueEvent, type PipelineDeps, type Reply, type TriageOptions, type TriageOutcome } from './triage-issue.js';
export { createDurableDispatch, deliveryKey, type DurableDispatch, type QueuedDelivery } from './create-durable-dispatch.js';
