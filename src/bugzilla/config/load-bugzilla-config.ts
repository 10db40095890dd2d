import { open } from 'node:fs/promises';
import path from 'node:path';
import { explainZodIssue, MAX_RULE_FILE_CHARS, readYamlRuleFile } from '../../rules/index.js';
import { bugzillaConfigSchema, type BugzillaConfig } from './config-schema.js';

/** A configuration problem at `file:line:col`, with the fix in the message. */
export class BugzillaConfigError extends Error {
  override name = 'BugzillaConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid Bugzilla configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

export interface LoadedBugzillaConfig {
  config: BugzillaConfig;
  /** The config file's folder: relative database and rule paths are resolved against it. */
  baseDir: string;
  /** The database path, resolved. */
  databasePath: string;
}

/**
 * Parses `bugzilla.yml` text: YAML errors and every schema problem at once, each as
 * `file:line:col: key: message`.
 *
 * @example
 * parseBugzillaConfig('servers: []', 'bugzilla.yml')
 * // throws BugzillaConfigError: "bugzilla.yml:1:10: servers: configure at least one server"
 */
export function parseBugzillaConfig(text: string, file: string): BugzillaConfig {
  // The rule files' safe reader: size cap, alias (YAML bomb) cap, depth cap, one document, no custom
  // tags; a hostile config is a one-line error per problem, never a stack trace or gigabytes of memory.
  const read = readYamlRuleFile(text, bugzillaConfigSchema);
  const { lineCounter, doc } = read;
  const where = (offset: number): string => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  const errors = read.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0 || doc === null) throw new BugzillaConfigError(errors.map((e) => `${where(e.offset)}: ${e.message}`));
  const raw = read.value;
  const result = bugzillaConfigSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  // The rules' explainer: unknown keys at the key with "did you mean", missing keys with what to
  // write, wrong types in words, each at its line.
  const context = { doc, lineCounter, prefix: [], schema: bugzillaConfigSchema, entryName: 'the Bugzilla configuration' };
  const explained = result.error.issues.flatMap((issue) => explainZodIssue(issue, context));
  // `wacth:` is both an unknown key and a missing `watch`: the "did you mean" says it all.
  const meant = new Set(explained.flatMap((e) => /^unknown key `[^`]+` in `([^`]+)` — did you mean `([^`]+)`\?$/.exec(e.message)?.slice(1, 3).join('.') ?? []));
  const problems = explained.filter((e) => !meant.has(/^missing required key `([^`]+)`/.exec(e.message)?.[1] ?? '')).map((e) => `${where(e.offset)}: ${e.message}`);
  throw new BugzillaConfigError(problems);
}

/** Config files above this are refused unread (the same cap as rule files). */
const MAX_CONFIG_BYTES = MAX_RULE_FILE_CHARS;

/** Reads and validates a config file; relative paths in it are relative to the file. */
export async function loadBugzillaConfig(file: string): Promise<LoadedBugzillaConfig> {
  let text: string;
  try {
    // Stat first: a config file is a few KB; never read a huge or endless one to refuse it.
    const handle = await open(file, 'r');
    try {
      const info = await handle.stat();
      if (info.isDirectory()) throw Object.assign(new Error('it is a directory'), { code: 'EISDIR' });
      if (!info.isFile() || info.size > MAX_CONFIG_BYTES) {
        throw new BugzillaConfigError([`${file}: not a config file of at most ${MAX_CONFIG_BYTES} bytes (${info.isFile() ? `${info.size} bytes` : 'not a regular file'})`]);
      }
      text = (await handle.readFile()).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof BugzillaConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new BugzillaConfigError([`${file}: cannot read the config file (${reason})`]);
  }
  // YAML never holds a NUL: a binary named by mistake is refused whole, not parsed and quoted back.
  if (text.includes('\0')) throw new BugzillaConfigError([`${file}: not a text file (it holds NUL bytes): a config file is YAML text; its content is not shown`]);
  const config = parseBugzillaConfig(text, file);
  const baseDir = path.dirname(path.resolve(file));
  const databasePath = config.database === ':memory:' ? ':memory:' : path.resolve(baseDir, config.database);
  return { config, baseDir, databasePath };
}
