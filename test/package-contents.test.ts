// The npm package holds what README and --help point to (examples/, docs/, bugzilla.example.yml, a
// LICENSE matching package.json), and its source maps carry their sources (src/ is not shipped).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './support/shared-data.js';

const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as Array<{ files: Array<{ path: string }> }>;
const files = new Set(packed[0]!.files.map((file) => file.path));

describe('npm package contents', () => {
  it('ships the examples, docs, the Bugzilla example config and the licence', () => {
    for (const name of ['LICENSE', 'bugzilla.example.yml', 'examples/bugzilla-68801.txt', 'examples/README.md', 'docs/exit-codes.md', 'docs/json-contract.md', 'docs/bugzilla.md', 'bin/ktriage.js', 'rules/facts.yml']) {
      expect([name, files.has(name)]).toEqual([name, true]);
    }
    const license = readFileSync(path.join(REPO_ROOT, 'LICENSE'), 'utf8');
    expect(JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).license).toBe('ISC');
    expect(license).toMatch(/^ISC License/);
  });

  it('ships every file README links to', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const links = [...readme.matchAll(/\]\(((?:docs|examples)\/[^)#\s]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(2);
    // A link is a shipped file, or a shipped folder (some file under it).
    expect(links.filter((link) => !files.has(link) && ![...files].some((f) => f.startsWith(`${link.replace(/\/$/, '')}/`)))).toEqual([]);
  });

  it('ships no source tree, and source maps carry their sources inline', () => {
    expect([...files].filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
    const maps = [...files].filter((f) => f.endsWith('.map'));
    // The maps exist after a build (npm install runs it); each must not depend on src/ being there.
    for (const map of maps.filter((f) => existsSync(path.join(REPO_ROOT, f)))) {
      const json = JSON.parse(readFileSync(path.join(REPO_ROOT, map), 'utf8')) as { sources: string[]; sourcesContent?: Array<string | null> };
      expect([map, json.sourcesContent?.length === json.sources.length && json.sourcesContent.every((s) => typeof s === 'string')]).toEqual([map, true]);
    }
  });
});
