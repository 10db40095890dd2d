import merge from 'deepmerge';
import { readYamlRuleFile } from '../../rules/index.js';
import { DEFAULT_CONFIG, formatConfigProblem, ktriageConfigSchema, parseConfig, type KtriageConfig } from './config-schema.js';
import { locateConfigProblem } from './locate-yaml-path.js';
import { CONFIG_PATH } from './report-config-problems.js';

/** The one call the reader makes: octokit's `request` (any Octokit fits). */
export interface ConfigRequester {
  request: (route: string, params: Record<string, unknown>) => Promise<{ data: unknown; headers: Record<string, unknown> }>;
}

/** One file the configuration was read from, as `owner/repo:.github/ktriage.yml`. */
export interface RepoConfigFile {
  name: string;
  text: string;
}

export type RepoConfigResult =
  | { ok: true; config: KtriageConfig; source: 'defaults' | 'file'; files: string[] }
  | { ok: false; problems: string[] };

/** `_extends` chains longer than this are refused (Probot stops only at a repeat). */
const MAX_EXTENDS = 10;
/** Probot's `_extends` value: `repo`, `owner/repo`, either with `:path/to/file.yml`. */
const EXTENDS = /^(?:([a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})\/)?([-_.\w\d]+)(?::([-_./\w\d]+\.ya?ml))?$/i;

/**
 * `.github/ktriage.yml` the way the App gets it from Probot's `context.config('ktriage.yml')`
 * (@probot/octokit-plugin-config): the repository's file on its default branch, else the owner's
 * `.github` repository's, then the `_extends` chain of the last one read; merged with deepmerge as
 * Probot merges (the repository's own values win, lists are joined) and validated with the App's
 * schema. For a command line with no webhook context (`ktriage github scan`), read-only.
 *
 * Unlike the App (which keeps its last good config and reports problems in a check run), a broken
 * file is an error here: every problem as `owner/repo:.github/ktriage.yml:line:col: message`. Each
 * file goes through the rule files' safe YAML reader (size, alias and depth caps). HTTP errors
 * other than 404 are thrown for the caller to describe.
 *
 * @example
 * await readRepoConfig(octokit, { owner: 'octo-org', repo: 'storage' })
 * // => { ok: true, config: { labels: { prefix: 'triage/', ... }, ... }, source: 'file', files: ['octo-org/storage:.github/ktriage.yml'] }
 */
export async function readRepoConfig(octokit: ConfigRequester, { owner, repo }: { owner: string; repo: string }): Promise<RepoConfigResult> {
  const files: RepoConfigFile[] = [];
  const values: Array<Record<string, unknown>> = [];
  const problems: string[] = [];

  const read = async (target: { owner: string; repo: string; path: string }): Promise<Record<string, unknown> | null> => {
    const name = `${target.owner}/${target.repo}:${target.path}`;
    const text = await fetchText(octokit, target);
    if (text === null) return null;
    if (typeof text !== 'string') {
      problems.push(`${name}: ${text.problem}`);
      return {};
    }
    files.push({ name, text });
    const parsed = readYamlRuleFile(text, ktriageConfigSchema);
    const errors = parsed.problems.filter((p) => p.severity === 'error');
    for (const error of errors) {
      const { line, col } = parsed.lineCounter.linePos(error.offset);
      problems.push(`${name}:${line}:${col}: ${error.message}`);
    }
    if (errors.length > 0) return {};
    const value = parsed.value ?? {};
    if (typeof value !== 'object' || Array.isArray(value) || value === null) {
      problems.push(`${name}:1:1: the configuration is a mapping of keys (rules:, labels:, ...), not ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}`);
      return {};
    }
    return value as Record<string, unknown>;
  };

  let last = await read({ owner, repo, path: CONFIG_PATH });
  if (last === null && repo !== '.github') last = await read({ owner, repo: '.github', path: CONFIG_PATH });
  if (last === null) return problems.length > 0 ? { ok: false, problems } : { ok: true, config: DEFAULT_CONFIG, source: 'defaults', files: [] };
  values.push(last);
  const seen = new Set([files[files.length - 1]!.name.toLowerCase()]);
  for (let depth = 0; last !== null && '_extends' in last; depth++) {
    const from = files[files.length - 1]!.name;
    const value = last._extends;
    delete last._extends;
    const m = typeof value === 'string' ? EXTENDS.exec(value) : null;
    if (!m) {
      problems.push(`${from}: _extends: ${JSON.stringify(value)} is not "repo", "owner/repo" or "owner/repo:path/file.yml"`);
      break;
    }
    const target = { owner: m[1] ?? owner, repo: m[2]!, path: m[3] ?? CONFIG_PATH };
    const name = `${target.owner}/${target.repo}:${target.path}`;
    if (seen.has(name.toLowerCase()) || depth >= MAX_EXTENDS) {
      problems.push(`${from}: _extends: ${name} ${depth >= MAX_EXTENDS ? `is more than ${MAX_EXTENDS} files deep` : 'was already read (a loop)'}`);
      break;
    }
    seen.add(name.toLowerCase());
    last = await read(target);
    // Probot reads a missing base as nothing to merge, silently; here it is named.
    if (last === null) problems.push(`${from}: _extends: ${name} does not exist`);
    else values.push(last);
  }
  if (problems.length > 0) return { ok: false, problems };

  // Probot: deepmerge.all([defaults, ...configs]) with configs in reverse reading order, so the
  // repository's own file is merged last and wins.
  const raw = merge.all([{}, ...[...values].reverse()]) as Record<string, unknown>;
  const result = parseConfig(raw);
  if (result.ok) return { ok: true, config: result.config, source: 'file', files: files.map((f) => f.name) };
  return {
    ok: false,
    problems: result.problems.map((problem) => {
      // Said where the key is written: the first file (in precedence order) that has it.
      const file = files.find((f) => hasPath(f.text, problem.path)) ?? files[0]!;
      const { line, column } = locateConfigProblem(file.text, problem);
      return `${file.name}:${line}:${column}: ${formatConfigProblem(problem)}`;
    }),
  };
}

/** The file's text; null on 404; a problem for a folder at that path (Probot refuses it too). */
async function fetchText(octokit: ConfigRequester, target: { owner: string; repo: string; path: string }): Promise<string | null | { problem: string }> {
  try {
    const { data, headers } = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', { ...target, mediaType: { format: 'raw' } });
    // A folder or submodule answers with JSON, not the raw file.
    if (String(headers['content-type'] ?? '').startsWith('application/json')) return { problem: 'is a folder or a submodule, not a file: the App ignores it and uses its defaults' };
    // octokit answers a raw file as text, or as bytes when GitHub names no charset.
    if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
    return typeof data === 'string' ? data : { problem: 'GitHub answered without the file\'s text' };
  } catch (error) {
    if ((error as { status?: unknown }).status === 404) return null;
    throw error;
  }
}

function hasPath(text: string, path: readonly (number | string)[]): boolean {
  const parsed = readYamlRuleFile(text, ktriageConfigSchema);
  let node: unknown = parsed.value;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !(key in node)) return false;
    node = (node as Record<string | number, unknown>)[key];
  }
  return true;
}
