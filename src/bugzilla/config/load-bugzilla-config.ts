import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { explainZodIssue } from '../../rules/explain-zod-issue.js';
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
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const where = (offset: number): string => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  if (doc.errors.length > 0) {
    throw new BugzillaConfigError(doc.errors.map((e) => `${where(e.pos[0])}: ${e.message.split('\n')[0]}`));
  }
  const raw = doc.toJS({ maxAliasCount: 100 }) as unknown;
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

/** Reads and validates a config file; relative paths in it are relative to the file. */
export async function loadBugzillaConfig(file: string): Promise<LoadedBugzillaConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new BugzillaConfigError([`${file}: cannot read the config file (${(error as Error).message})`]);
  }
  const config = parseBugzillaConfig(text, file);
  const baseDir = path.dirname(path.resolve(file));
  const databasePath = config.database === ':memory:' ? ':memory:' : path.resolve(baseDir, config.database);
  return { config, baseDir, databasePath };
}
