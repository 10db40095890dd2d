import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
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
  const problems = result.error.issues.map((issue) => {
    const keyPath = issue.path.map(String);
    let node = doc.getIn(issue.path as (string | number)[], true) as Node | undefined;
    if (issue.code === 'unrecognized_keys') {
      // Point at the unknown key itself.
      const parent = doc.getIn(issue.path as (string | number)[], true);
      const pair = isMap(parent) ? parent.items.find((p) => isPair(p) && isScalar(p.key) && issue.keys.includes(String(p.key.value))) : undefined;
      if (pair && isScalar(pair.key)) node = pair.key as Node;
    }
    // A missing key: the nearest existing ancestor.
    for (let depth = issue.path.length - 1; !node && depth >= 0; depth -= 1) {
      node = doc.getIn(issue.path.slice(0, depth) as (string | number)[], true) as Node | undefined;
    }
    const offset = node?.range?.[0] ?? 0;
    const label = keyPath.length > 0 ? `${keyPath.join('.')}: ` : '';
    return `${where(offset)}: ${label}${issue.message}`;
  });
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
