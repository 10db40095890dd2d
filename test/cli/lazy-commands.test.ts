// Sub-commands are imported when they run, not before (issue 12): `ktriage --help` and `ktriage
// triage` must not load the Bugzilla bot, SQLite, Probot, Octokit or the job queue.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readBundledRules } from '../../src/io/load-rule-packs.js';
import { REPO_ROOT } from '../support/shared-data.js';

// The bots and their dependencies. The pure payload converters (src/*/payload, src/*/comment) are
// how `triage` reads a saved Bugzilla or GitHub JSON file, so they may load.
const HEAVY = /better-sqlite3|\/probot\/|\/octokit\/|@octokit|\/bullmq\/|\/ioredis\/|\/src\/bugzilla\/(?!payload\/|comment\/)|\/src\/github\/(?!payload\/|comment\/)|\/src\/queue\//;

function importsOf(argv: string[]): { status: number | null; urls: string[] } {
  const log = path.join(mkdtempSync(path.join(tmpdir(), 'ktriage-imports-')), 'imports.log');
  const script = `const { main } = await import('./src/cli/main.ts');
process.exitCode = await main(${JSON.stringify(argv)}, { stdout: { write: () => true }, stderr: process.stderr, stdin: process.stdin, env: {}, cwd: process.cwd() });`;
  const child = spawnSync(process.execPath, ['--import', './test/support/record-imports.mjs', '--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: REPO_ROOT,
    env: { ...process.env, KTRIAGE_IMPORT_LOG: log },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (child.status === null) throw new Error(`child did not finish: ${child.stderr}`);
  return { status: child.status, urls: readFileSync(log, 'utf8').trim().split('\n') };
}

describe('lazy sub-commands', () => {
  it('ktriage --help loads no command module and none of the bots', () => {
    const { status, urls } = importsOf(['--help']);
    expect(status).toBe(0);
    expect(urls.some((url) => url.endsWith('/src/cli/main.ts'))).toBe(true);
    expect(urls.filter((url) => /\/src\/cli\/commands\//.test(url) || HEAVY.test(url))).toEqual([]);
  });

  it('ktriage triage loads its command and the core, not the bots', () => {
    const { status, urls } = importsOf(['triage', 'examples/bugzilla-68801.txt']);
    expect(status).toBe(0);
    expect(urls.some((url) => url.endsWith('/src/cli/commands/triage.ts'))).toBe(true);
    expect(urls.filter((url) => HEAVY.test(url))).toEqual([]);
  });

  it('ktriage triage on the precompiled packs loads no YAML parser, zod or rule checks (issue 10: cold start)', async () => {
    // The precompiled form is current after `npm install` (prepare) or `npm run build`.
    expect({ precompiled: (await readBundledRules()).precompiled, hint: 'run npm run build' }).toEqual({ precompiled: true, hint: 'run npm run build' });
    for (const argv of [['triage', 'examples/bugzilla-68801.txt'], ['triage', '--no-cves', 'examples/bugzilla-68801.txt'], ['triage', '--no-bundled', 'examples/bugzilla-68801.txt']]) {
      const { status, urls } = importsOf(argv);
      expect({ argv, status }).toEqual({ argv, status: 0 });
      expect({ argv, parsers: urls.filter((url) => /\/node_modules\/(?:yaml|zod)\/|\/src\/rules\/(?:index|parse-rule-files|rule-schema|read-yaml-rule-file)\.ts$/.test(url)) }).toEqual({ argv, parsers: [] });
    }
  }, 120_000);

  it('ktriage bugzilla schema does load the Bugzilla code (the recorder sees lazy imports)', () => {
    const { status, urls } = importsOf(['bugzilla', 'schema']);
    expect(status).toBe(0);
    expect(urls.some((url) => /\/src\/bugzilla\//.test(url))).toBe(true);
  });
});
