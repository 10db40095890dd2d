import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// rules/' light door: every run reads its rule files through here, and a triage on the
// precompiled packs parses no YAML (the parsing door, index.ts, loads the YAML parser and zod).
import { MAX_RULE_FILE_CHARS, type RuleFileText, type RuleProblem } from '../rules/light.js';
import { readAtMost } from './read-at-most.js';


/** A path that could not be read at all (missing, permission denied, a folder without rule files). */
export interface UnreadablePath {
  path: string;
  message: string;
}

export interface ReadRuleFilesResult {
  /** Every rule file found, in a stable order (arguments in order, a folder's files by name). */
  files: RuleFileText[];
  /** Files refused before parsing (too large to read); lint reports them like other problems. */
  problems: RuleProblem[];
  unreadable: UnreadablePath[];
}

const RULE_FILE = /\.ya?ml$/i;
/** Bytes read at most from one file: UTF-8 can take up to 4 bytes per character. */
const MAX_RULE_FILE_BYTES = MAX_RULE_FILE_CHARS * 4;

/**
 * The folder of rules shipped with ktriage (`rules/` at the package root). Resolved from this
 * module's location, which is `src/io/` under tsx/jest and `dist/io/` when built: both two levels down.
 */
export function bundledRulesDir(): string {
  return fileURLToPath(new URL('../../rules/', import.meta.url));
}

/**
 * Read rule files: each path is a file, or a folder whose `*.yml`/`*.yaml` files are read (not its
 * subfolders). Relative paths are resolved against `cwd` (default: the process's) and reported as
 * typed. A file named twice is read once. Never throws: failures come back as `unreadable`.
 *
 * @example
 * const { files, unreadable } = await readRuleFiles(['rules/', 'my-rules.yml']);
 */
export async function readRuleFiles(paths: readonly string[], { cwd = '.' }: { cwd?: string } = {}): Promise<ReadRuleFilesResult> {
  const result: ReadRuleFilesResult = { files: [], problems: [], unreadable: [] };
  const seen = new Set<string>();
  for (const given of paths) {
    let targets: string[];
    try {
      targets = await expandPath(given, cwd);
    } catch (error) {
      result.unreadable.push({ path: given, message: describeFsError(error) });
      continue;
    }
    if (targets.length === 0) {
      result.unreadable.push({ path: given, message: 'the folder holds no *.yml or *.yaml files' });
      continue;
    }
    for (const file of targets) {
      const resolved = path.resolve(cwd, file);
      if (seen.has(resolved)) continue;
      seen.add(resolved);
      try {
        const text = await readCapped(resolved);
        if (text === null) {
          result.problems.push(wholeFileError(file, `the file is larger than ${MAX_RULE_FILE_BYTES} bytes; rule files are limited to ${MAX_RULE_FILE_CHARS} characters: split it into several files`));
        } else if (isBinary(text)) {
          result.problems.push(wholeFileError(file, 'not a text file (it holds NUL bytes): rule files are YAML text; its content is not shown'));
        } else {
          result.files.push({ path: file, text });
        }
      } catch (error) {
        result.unreadable.push({ path: file, message: describeFsError(error) });
      }
    }
  }
  return result;
}

/** The files a path names, each as typed (relative paths stay relative, for messages). */
async function expandPath(given: string, cwd: string): Promise<string[]> {
  const full = path.resolve(cwd, given);
  const info = await stat(full);
  if (!info.isDirectory()) return [given];
  const entries = await readdir(full, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && RULE_FILE.test(entry.name))
    .map((entry) => entry.name)
    .sort()
    .map((name) => path.join(given, name));
}

/**
 * The file's text, or null when it is larger than any rule file may be (not read into memory). A
 * FIFO (`--rules <(...)`) or a device is read up to the limit too: its size says nothing.
 */
async function readCapped(file: string): Promise<string | null> {
  const handle = await open(file, 'r');
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    const bytes = await readAtMost(handle, MAX_RULE_FILE_BYTES);
    return bytes === null ? null : bytes.toString('utf8');
  } finally {
    await handle.close();
  }
}

/** A problem with the file as a whole (its size, its kind), pointed at its first line. */
function wholeFileError(file: string, message: string): RuleProblem {
  return { file, line: 1, col: 1, ruleId: null, severity: 'error', message };
}

/**
 * YAML text never holds a NUL character: a file that does is a binary (an executable, an image, a
 * database) named by mistake, and its bytes must not be parsed and quoted back in dozens of syntax
 * errors (`ktriage lint /bin/ls` printed 94).
 */
function isBinary(text: string): boolean {
  return text.includes('\0');
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
