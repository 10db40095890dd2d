import { DEFAULT_CONFIG, type KtriageConfig } from '../../../src/github/config/config-schema.js';
import type { ReadRepoFiles } from '../../../src/github/client/create-repo-file-reader.js';
import { createRulesLoader } from '../../../src/github/config/load-rules.js';
import { bundledPacks as bundledRules } from '../support/scenario.js';
import { createTestOctokit } from '../support/create-test-octokit.js';

const LOCAL = `bugs:
  - id: local-thin-thing
    title: "local thin thing"
    subsystem: device-mapper/thin
    links: [https://example.com/1]
    signatures:
      - log: "device-mapper: thin: something very specific happened here"
    when:
      thin_pool: true
    fix:
      - commit: 0123456789ab
        subject: "fix it"
    examples:
      match: ["device-mapper: thin: something very specific happened here"]
      no_match: ["nothing"]
`;

const reader = (calls: string[]): ReadRepoFiles => async (_octokit, params) => {
  calls.push(`${params.ref}:${params.paths.join(',')}`);
  return { files: [{ path: '.github/ktriage/local.yml', repoPath: '.github/ktriage/local.yml', text: LOCAL }], problems: [] };
};
const config = (rules: Partial<KtriageConfig['rules']>): KtriageConfig => ({ ...DEFAULT_CONFIG, rules: { ...DEFAULT_CONFIG.rules, ...rules } });

describe('createRulesLoader', () => {
  it('keeps the bundled fact vocabulary when the bundled rules are off', async () => {
    const bundled = await bundledRules();
    const load = createRulesLoader({ bundled, readRepoFiles: reader([]) });
    const loaded = await load(createTestOctokit(), { owner: 'o', repo: 'r', ref: 'main', config: config({ bundled: false, cves: false, paths: ['.github/ktriage/'] }) });
    expect(loaded.problems).toEqual([]);
    expect(loaded.ruleSet.bugs.map((b) => b.id)).toEqual(['local-thin-thing']);
    expect(loaded.ruleSet.playbooks).toEqual([]);
    expect(loaded.ruleSet.facts.map((f) => f.id)).toContain('thin_pool');
  });

  it('adds repository rules to the bundled ones, leaves out excluded ids, and caches the compile', async () => {
    const bundled = await bundledRules();
    const calls: string[] = [];
    const load = createRulesLoader({ bundled, readRepoFiles: reader(calls) });
    const params = { owner: 'o', repo: 'r', ref: 'main', config: config({ paths: ['.github/ktriage/'] }) };
    const first = await load(createTestOctokit(), params);
    expect(first.ruleSet.bugs.map((b) => b.id)).toEqual(expect.arrayContaining(['local-thin-thing', 'dm-sm-metadata-refcount-below-zero']));
    const again = await load(createTestOctokit(), params);
    expect(again.compiled).toBe(first.compiled);
    const without = await load(createTestOctokit(), { ...params, exclude: ['dm-sm-metadata-refcount-below-zero'] });
    expect(without.ruleSet.bugs.map((b) => b.id)).not.toContain('dm-sm-metadata-refcount-below-zero');
    expect(calls).toEqual(['main:.github/ktriage/', 'main:.github/ktriage/', 'main:.github/ktriage/']);
  });

  it('reads nothing from the repository when no paths are configured', async () => {
    const calls: string[] = [];
    const load = createRulesLoader({ bundled: await bundledRules(), readRepoFiles: reader(calls) });
    await load(createTestOctokit(), { owner: 'o', repo: 'r', ref: 'main', config: DEFAULT_CONFIG });
    expect(calls).toEqual([]);
  });
});
