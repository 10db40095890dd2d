import { DEFAULT_CONFIG, parseConfig, type ConfigProblem, type KtriageConfig } from './config-schema.js';

/** The part of Probot's Context the loader needs (so tests and `probot receive` can pass their own). */
export interface ConfigSource {
  config: (fileName: string) => Promise<unknown>;
  repo: () => { owner: string; repo: string };
}

export interface LoadedConfig {
  config: KtriageConfig;
  /** Problems of the repository's config; empty when it parsed (or does not exist). */
  problems: ConfigProblem[];
  /** Which config is in force: the file, the defaults (no file), or the last good one (broken file). */
  source: 'defaults' | 'file' | 'last-good';
}

export const CONFIG_FILE = 'ktriage.yml';

export type LoadRepoConfig = (context: ConfigSource) => Promise<LoadedConfig>;

/**
 * Reads `.github/ktriage.yml` through Probot's `context.config` (so `_extends: org/repo` and the
 * organisation's `.github` repository work) and validates it with the strict schema.
 *
 * A broken config must neither silence ktriage nor crash it: the problems are returned for the
 * caller to report once, and the last config that parsed for this repository (remembered in this
 * process) stays in force — the defaults when none ever did. Invalid YAML and bad `_extends`
 * values (thrown by @probot/octokit-plugin-config) are config problems; HTTP errors other than 404
 * are not (a GitHub outage is no reason to fall back) and are rethrown so the delivery fails and
 * GitHub can redeliver it.
 */
export function createConfigLoader({ maxRepos = 5000 }: { maxRepos?: number } = {}): LoadRepoConfig {
  const lastGood = new Map<string, KtriageConfig>();

  return async function loadRepoConfig(context) {
    const { owner, repo } = context.repo();
    const key = `${owner}/${repo}`.toLowerCase();
    let raw: unknown;
    try {
      raw = await context.config(CONFIG_FILE);
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      if (typeof status === 'number' && status !== 404) throw error;
      const message = error instanceof Error ? error.message.replace(/^\[@probot\/octokit-plugin-config\] /, '') : String(error);
      return fallback(key, [{ path: [], message }]);
    }
    // The plugin already consumed `_extends`; anything else unknown is the user's typo.
    const result = parseConfig(raw);
    if (!result.ok) return fallback(key, result.problems);
    if (raw !== null && raw !== undefined) {
      lastGood.delete(key);
      lastGood.set(key, result.config);
      if (lastGood.size > maxRepos) lastGood.delete(lastGood.keys().next().value!);
      return { config: result.config, problems: [], source: 'file' };
    }
    lastGood.delete(key);
    return { config: result.config, problems: [], source: 'defaults' };
  };

  function fallback(key: string, problems: ConfigProblem[]): LoadedConfig {
    const previous = lastGood.get(key);
    return previous ? { config: previous, problems, source: 'last-good' } : { config: DEFAULT_CONFIG, problems, source: 'defaults' };
  }
}
