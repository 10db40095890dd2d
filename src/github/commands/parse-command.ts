/**
 * Maintainer commands in issue comments: `/ktriage explain|rerun|ignore|wrong <rule-id>` and
 * `/ktriage suggest-rule <sha> [--fixed-in <version>] [<subject>]`.
 *
 * Pure on purpose (rust-lang/triagebot's `parser` crate): this module imports nothing that can
 * reach the network, so every way a comment can be written is a table test, and who may run a
 * command is decided elsewhere (check-permission.ts).
 */

/** The closed set of command names, sorted. */
export type CommandName = 'explain' | 'ignore' | 'rerun' | 'suggest-rule' | 'wrong';

export type Command =
  | { name: 'explain' }
  | { name: 'ignore' }
  | { name: 'rerun' }
  /** Draft a rule from this report, fixed by `sha` (posted as a comment, once per sha). */
  | { name: 'suggest-rule'; sha: string; subject: string | null; fixedIn: string | null }
  | { name: 'wrong'; ruleId: string };

/** A line that addressed ktriage but could not be understood; answered with `message`. */
export interface CommandError {
  line: number;
  text: string;
  message: string;
}

export interface ParsedCommands {
  commands: Command[];
  errors: CommandError[];
}

const COMMAND_NAMES: readonly CommandName[] = ['explain', 'ignore', 'rerun', 'suggest-rule', 'wrong'];
/** A fix commit as rules name it: 12 to 40 hex digits. */
const SHA = /^[0-9a-f]{12,40}$/i;
/** A kernel release as `--fixed-in` takes it (checked fully by the drafter). */
const RELEASE = /^v?\d+\.\d+(?:\.\d+)?(?:-rc\d+)?$/;
/** Same shape as a rule id (rules/README.md): `[a-z0-9][a-z0-9-]*`. */
const RULE_ID = /^[a-z0-9][a-z0-9-]*$/;
/** `/ktriage` at the start of a line (after optional spaces), then the rest of the line. */
const INVOCATION = /^[ \t]{0,3}\/ktriage(?=$|[ \t])(.*)$/;
/** A fenced code block opener/closer: ``` or ~~~ (CommonMark), at least three of them. */
const FENCE = /^[ \t]{0,3}(`{3,}|~{3,})/;

/**
 * Finds every `/ktriage ...` command in a comment body. Commands inside fenced code blocks,
 * indented code and quotes (`> /ktriage ...`, a reply quoting someone else) are not commands.
 * Never throws; unknown or malformed invocations come back in `errors`.
 *
 * @example
 * parseCommands('Thanks!\n/ktriage wrong dm-sm-metadata-refcount-below-zero')
 * // => { commands: [{ name: 'wrong', ruleId: 'dm-sm-metadata-refcount-below-zero' }], errors: [] }
 */
export function parseCommands(body: string): ParsedCommands {
  const commands: Command[] = [];
  const errors: CommandError[] = [];
  let fence: string | null = null;
  const lines = body.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const fenceMatch = FENCE.exec(raw);
    if (fenceMatch) {
      const marker = fenceMatch[1]!;
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      return;
    }
    if (fence !== null) return;
    const match = INVOCATION.exec(raw);
    if (!match) return;
    const words = match[1]!.trim().split(/[ \t]+/).filter((word) => word !== '');
    const result = parseWords(words);
    if ('message' in result) errors.push({ line: index + 1, text: raw.trim(), message: result.message });
    else commands.push(result);
  });
  return { commands, errors };
}

function parseWords(words: string[]): Command | { message: string } {
  const [name, ...args] = words;
  const usage = 'Usage: `/ktriage explain`, `/ktriage rerun`, `/ktriage ignore`, `/ktriage wrong <rule-id>` or `/ktriage suggest-rule <fix-sha>`.';
  if (name === undefined) return { message: `No command given. ${usage}` };
  const lower = name.toLowerCase();
  if (!isCommandName(lower)) return { message: `Unknown command \`${truncate(name)}\`. ${usage}` };
  if (lower === 'wrong') {
    const [ruleId, ...rest] = args;
    if (ruleId === undefined) return { message: 'Say which rule was wrong: `/ktriage wrong <rule-id>` (the id is shown in the triage comment).' };
    if (!RULE_ID.test(ruleId)) return { message: `\`${truncate(ruleId)}\` is not a rule id (lower-case letters, digits and dashes).` };
    if (rest.length > 0) return { message: '`/ktriage wrong` takes exactly one rule id; write one command per line for several rules.' };
    return { name: 'wrong', ruleId };
  }
  if (lower === 'suggest-rule') return parseSuggestRule(args);
  if (args.length > 0) return { message: `\`/ktriage ${lower}\` takes no arguments.` };
  return { name: lower };
}

/** `<sha> [--fixed-in <version>] [<subject words>]`: the subject is the rest of the line, quotes optional. */
function parseSuggestRule(args: string[]): Command | { message: string } {
  const [sha, ...rest] = args;
  const usage = '`/ktriage suggest-rule <fix-sha> [--fixed-in <version>] [<fix subject>]`';
  if (sha === undefined) return { message: `Name the commit that fixed this issue: ${usage}.` };
  if (!SHA.test(sha)) return { message: `\`${truncate(sha)}\` is not a fix commit: give 12 to 40 hex digits of its sha (${usage}).` };
  let fixedIn: string | null = null;
  const words: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!;
    if (word === '--fixed-in') {
      const value = rest[i + 1];
      if (value === undefined || !RELEASE.test(value)) return { message: `\`--fixed-in\` takes a kernel release such as \`6.3-rc2\` or \`6.1.20\` (${usage}).` };
      fixedIn = value;
      i++;
    } else words.push(word);
  }
  const subject = words.join(' ').replace(/^(["'])(.*)\1$/, '$2').trim();
  return { name: 'suggest-rule', sha: sha.toLowerCase(), subject: subject === '' ? null : subject, fixedIn };
}

function isCommandName(word: string): word is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(word);
}

/** Echoed user text stays short and cannot break out of the inline code span. */
function truncate(text: string): string {
  const clean = text.replace(/`/g, "'");
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}
