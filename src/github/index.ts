/**
 * github/: the GitHub App adapter. Webhook payloads in, one comment + managed labels + rule
 * checks out. `createKtriageApp` is the Probot application function; src/index.ts wires it.
 */
export { createKtriageApp, type KtriageAppOptions } from './create-app.js';
export { readAppOptions, type AppEnvOptions } from './read-app-options.js';
export { ktriageConfigSchema, parseConfig, DEFAULT_CONFIG, type KtriageConfig } from './config-schema.js';
export { parseCommands, type Command } from './parse-command.js';
export type { FeedbackEntry } from './triage-issue.js';
