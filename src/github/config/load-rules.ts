import { createHash } from 'node:crypto';
import type { ProbotOctokit } from 'probot';
import { combineRules } from '../../io/combine-rules.js';
import type { BundledRules } from '../../io/load-rule-packs.js';
import type { RuleProblem, RuleSet } from '../../rules/index.js';
import { compileRules, type CompiledRules } from '../../match/index.js';
import type { KtriageConfig } from './config-schema.js';
import type { ReadRepoFiles, RepoFileProblem } from '../client/index.js';

type Octokit = InstanceType<typeof ProbotOctokit>;

export interface LoadedRules {
  ruleSet: RuleSet;
  compiled: CompiledRules;
  /** Problems in the rule files (the rules with errors are left out; the rest work). */
  problems: RuleProblem[];
  /** Configured paths that could not be read. */
  fileProblems: RepoFileProblem[];
}

export interface LoadRulesParams {
  owner: string;
  repo: string;
  /** The default branch: repository rules are what is merged, not what a PR proposes. */
  ref: string;
  config: KtriageConfig;
  /** Rule ids not to use (marked wrong on this issue). */
  exclude?: readonly string[];
}

const COMPILED = new Map<string, LoadedRules>();

export type LoadRules = (octokit: Octokit, params: LoadRulesParams) => Promise<LoadedRules>;

/**
 * The rules for one repository: the bundled packs (curated unless `rules.bundled: false`, the CVE pack
 * unless `rules.cves: false`; the fact vocabulary always) plus the repository's own (`rules.paths`,
 * read with conditional requests), combined by the one rule loader (src/io/load-rule-packs.ts) and
 * compiled. Compiling is cached by the digest of the texts, so an unchanged rule set (the common
 * case: every file answered 304) is compiled once per process, not per webhook.
 */
export function createRulesLoader({ bundled, readRepoFiles, maxCached = 50 }: { bundled: BundledRules; readRepoFiles: ReadRepoFiles; maxCached?: number }): LoadRules {
  // Keyed by a digest of everything that goes in, so it is safe to share by every loader of the
  // process (several app instances, tests): same texts, same compiled rules.
  const cache = COMPILED;

  return async function loadRules(octokit, { owner, repo, ref, config, exclude = [] }) {
    const { files, problems: fileProblems } =
      config.rules.paths.length === 0 ? { files: [], problems: [] } : await readRepoFiles(octokit, { owner, repo, ref, paths: config.rules.paths, repositories: config.rules.repositories });
    const texts = files.map((file) => ({ path: file.path, text: file.text }));
    const hash = createHash('sha256');
    hash.update(`${bundled.digest}\0`);
    for (const file of texts) hash.update(`${file.path}\0${file.text}\0`);
    hash.update(`${config.rules.bundled}\0${config.rules.cves}\0${[...exclude].sort().join(',')}`);
    const key = hash.digest('hex');
    const cached = cache.get(key);
    if (cached) return { ...cached, fileProblems };

    const { ruleSet, problems } = combineRules(bundled, texts, { bundled: config.rules.bundled, cves: config.rules.cves, exclude });
    const loaded: LoadedRules = { ruleSet, compiled: compileRules(ruleSet, { descriptions: config.rules.cves ? bundled.descriptions : null, fuzzyTables: bundled.fuzzyTables && { bugs: bundled.ruleSet.bugs, tables: bundled.fuzzyTables }, signatureTables: bundled.signatureTables && { bugs: bundled.ruleSet.bugs, tables: bundled.signatureTables } }), problems, fileProblems };
    cache.set(key, loaded);
    if (cache.size > maxCached) cache.delete(cache.keys().next().value!);
    return loaded;
  };
}
