/**
 * github/config/: `.github/ktriage.yml` (schema, loading, line-accurate problem reports) and the
 * repository rule files it names.
 */
export { DEFAULT_CONFIG, formatConfigProblem, ktriageConfigSchema, parseConfig, type ConfigProblem, type ConfigResult, type KtriageConfig, type KtriageConfigInput } from './config-schema.js';
export { CONFIG_FILE, createConfigLoader, type ConfigSource, type LoadRepoConfig, type LoadedConfig } from './load-repo-config.js';
export { createRulesLoader, type LoadRules, type LoadRulesParams, type LoadedRules } from './load-rules.js';
export { readRepoConfig, type ConfigRequester, type RepoConfigFile, type RepoConfigResult } from './read-repo-config.js';
export { locateConfigProblem, locateYamlPath, yamlSyntaxError, type YamlLocation } from './locate-yaml-path.js';
export { CONFIG_CHECK_NAME, CONFIG_PATH, reportConfigProblems } from './report-config-problems.js';
