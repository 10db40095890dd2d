/**
 * bugzilla/config/: `bugzilla.yml`: schema and loading with line-accurate errors.
 */
export { bugzillaConfigJsonSchema, bugzillaConfigSchema, type BugzillaConfig, type BugzillaServerConfig, type BugzillaWebhookConfig } from './config-schema.js';
export { BugzillaConfigError, loadBugzillaConfig, parseBugzillaConfig, type LoadedBugzillaConfig } from './load-bugzilla-config.js';
