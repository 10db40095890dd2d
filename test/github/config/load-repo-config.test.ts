import { createConfigLoader, type ConfigSource } from '../../../src/github/config/load-repo-config.js';
import { DEFAULT_CONFIG } from '../../../src/github/config/config-schema.js';

function source(result: () => unknown, repo = 'r'): ConfigSource {
  return { config: async () => result(), repo: () => ({ owner: 'o', repo }) };
}

describe('createConfigLoader', () => {
  it('uses the defaults when the repository has no config', async () => {
    const load = createConfigLoader();
    expect(await load(source(() => null))).toEqual({ config: DEFAULT_CONFIG, problems: [], source: 'defaults' });
  });

  it('keeps the last good config while the file is broken, and reports the problems', async () => {
    const load = createConfigLoader();
    let raw: unknown = { dry_run: true };
    const ctx = source(() => raw);
    expect((await load(ctx)).config.dry_run).toBe(true);
    raw = { dry_run: 'maybe' };
    const broken = await load(ctx);
    expect(broken.source).toBe('last-good');
    expect(broken.config.dry_run).toBe(true);
    expect(broken.problems).toEqual([{ path: ['dry_run'], message: 'Invalid input: expected boolean, received string' }]);
    // another repository does not inherit it
    expect((await load(source(() => ({ dry_run: 'maybe' }), 'other'))).config).toEqual(DEFAULT_CONFIG);
  });

  it('turns the config plugin\'s parse errors (invalid YAML, bad _extends) into problems', async () => {
    const load = createConfigLoader();
    const loaded = await load(source(() => {
      throw new Error('[@probot/octokit-plugin-config] Configuration could not be parsed from https://x/ktriage.yml (invalid YAML)');
    }));
    expect(loaded.source).toBe('defaults');
    expect(loaded.problems).toEqual([{ path: [], message: 'Configuration could not be parsed from https://x/ktriage.yml (invalid YAML)' }]);
  });

  it('rethrows HTTP failures instead of silently falling back', async () => {
    const load = createConfigLoader();
    await expect(load(source(() => {
      throw Object.assign(new Error('Server Error'), { status: 500 });
    }))).rejects.toThrow('Server Error');
  });
});
