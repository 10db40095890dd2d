/**
 * github/: the GitHub App adapter. Webhook payloads in, one comment + managed labels + rule
 * checks out. `createKtriageApp` is the Probot application function; src/index.ts wires it.
 */
export { createKtriageApp, readAppOptions, type QueuedDelivery, type AppEnvOptions, type DecisionRecorder, type KtriageAppOptions } from './app/index.js';
export { ktriageConfigSchema, parseConfig, DEFAULT_CONFIG, type KtriageConfig } from './config/index.js';
export { parseCommands, type Command } from './commands/index.js';
