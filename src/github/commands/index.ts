/**
 * github/commands/: `/ktriage ...` comment commands: the pure parser and the texts of refusals.
 */
export { parseCommands, type Command, type CommandError, type CommandName, type ParsedCommands } from './parse-command.js';
export { commandErrorsReply, refusalReply } from './refusal-text.js';
