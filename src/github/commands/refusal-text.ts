import { REPLY_MARKER } from '../client/index.js';
import type { CommandError } from './parse-command.js';

/**
 * User-facing replies to commands, kept apart from internal errors (triagebot): they say what
 * happened and what to do, never a stack trace.
 */
export function refusalReply(): string {
  return (
    `${REPLY_MARKER}\n` +
    'Thanks for the suggestion! `/ktriage` commands are reserved for people with write access to this repository, ' +
    'so ktriage did not act on it. A maintainer can run it for you; your comment itself has been taken into account.\n'
  );
}

export function commandErrorsReply(errors: readonly CommandError[]): string {
  const lines = errors.slice(0, 10).map((error) => `- line ${error.line}: ${error.message}`);
  return `${REPLY_MARKER}\nktriage could not understand ${errors.length === 1 ? 'a command' : 'some commands'}:\n\n${lines.join('\n')}\n`;
}
