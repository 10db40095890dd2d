import { DEFAULT_CONFIG, formatConfigProblem, parseConfig } from '../../../src/github/config/config-schema.js';

describe('parseConfig', () => {
  it('gives the defaults when the repository has no config (null)', () => {
    expect(parseConfig(null)).toEqual({ ok: true, config: DEFAULT_CONFIG });
    expect(DEFAULT_CONFIG).toEqual({
      rules: { bundled: true, cves: true, paths: [], repositories: [] },
      labels: { enabled: true, prefix: '', needs_info: 'needs-info' },
      comment: { no_match: 'ask' },
      dry_run: false,
      min_confidence: 0,
    });
  });

  it('fills defaults inside partial sections', () => {
    const result = parseConfig({ labels: { prefix: 'triage/' }, rules: { paths: ['.github/ktriage/'] } });
    expect(result.ok && result.config.labels).toEqual({ enabled: true, prefix: 'triage/', needs_info: 'needs-info' });
    expect(result.ok && result.config.rules).toEqual({ bundled: true, cves: true, paths: ['.github/ktriage/'], repositories: [] });
  });

  it.each([
    // a typo is an error naming the known keys, not a silently ignored key
    [{ lables: {} }, '(document): unknown key "lables"; known keys here: rules, labels, comment, dry_run, min_confidence'],
    [{ labels: { prefx: 'x' } }, 'labels: unknown key "prefx"; known keys here: enabled, prefix, needs_info'],
    [{ rules: { path: [] } }, 'rules: unknown key "path"; known keys here: bundled, cves, paths, repositories'],
    [{ dry_run: 'yes' }, 'dry_run: Invalid input: expected boolean, received string'],
    [{ min_confidence: 1.5 }, 'min_confidence: Too big: expected number to be <=1'],
    [{ comment: { no_match: 'loud' } }, 'comment.no_match: Invalid option: expected one of "always"|"ask"|"silent"'],
    [{ rules: { paths: ['../../etc/passwd'] } }, 'rules.paths.0: rule paths may not contain ".."'],
    [{ rules: { paths: ['/abs.yml'] } }, 'rules.paths.0: rule paths are relative to the repository root (no leading "/")'],
    // another repository must be allow-listed (issue 13, finding 7)
    [{ rules: { paths: ['ok.yml', 'org/private:rules.yml'] } }, 'rules.paths.1: "org/private" is another repository: list it in rules.repositories to read rule files from it (its rules may be quoted in public comments)'],
    [{ rules: { repositories: ['not a repo'] } }, 'rules.repositories.0: a repository is named owner/name'],
    // YAML that is not a mapping at all
    ['just a string', '(document): Invalid input: expected object, received string'],
    [[1, 2], '(document): Invalid input: expected object, received array'],
  ])('rejects %j', (raw, message) => {
    const result = parseConfig(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map(formatConfigProblem)).toContain(message);
  });

  it('reports every problem at once', () => {
    const result = parseConfig({ dry_run: 1, min_confidence: -1, extra: true });
    expect(result.ok ? [] : result.problems).toHaveLength(3);
  });
});
