/**
 * bugzilla/client/: the Bugzilla 5.x REST client, its error kinds, auth modes and wire types.
 */
export { BUGZILLA_ERROR_CODES, BugzillaError, apiError, type BugzillaErrorKind } from './bugzilla-error.js';
export { chooseAuthMode, type AuthMode } from './choose-auth-mode.js';
export { createBotLoginResolver, type BotLoginResolver } from './create-bot-login-resolver.js';
export { createBugzillaClient, parseRetryAfter, type BugUpdate, type BugzillaClient, type BugzillaClientOptions, type SearchQuery, type SearchResult } from './create-bugzilla-client.js';
export { redactSecret } from './redact-secret.js';
export type { RestAttachment, RestBug, RestBugUpdate, RestComment, RestError, RestHistoryEntry, RestTime, RestUserDetail, RestWhoami } from './rest-types.js';
