// Generated files are never merged as text (.gitattributes; README "Generated files"): two builds of
// action/dist merged line by line once gave a bundle that no build produced. In a scratch repository
// with the project's .gitattributes, a merge where both sides changed a generated file stops with a
// conflict, while the same change to a hand-written file merges; and `git diff` still prints the
// generated file's lines, which reviewers read.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './support/shared-data.js';

/** One generated path per .gitattributes line, and a hand-written file beside them. */
const GENERATED = ['action/dist/index.mjs', 'action/dist/rules/md.yml', 'rules/kernel-cves/2024-50000.yml', 'rules/kernel-cves/records.tsv', 'rules/schema.json'];
const HAND_WRITTEN = 'rules/md.yml';

let repo: string;
/** main's commit before any merge, and its parent. */
let built: { base: string; main: string };
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', '-c', 'init.defaultBranch=main', ...args], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const lines = (changed: number, text: string) => `${Array.from({ length: 12 }, (_, i) => (i === changed ? text : `line ${i}`)).join('\n')}\n`;
const write = (file: string, text: string) => {
  mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  writeFileSync(path.join(repo, file), text);
};

beforeAll(() => {
  repo = mkdtempSync(path.join(tmpdir(), 'ktriage-attributes-'));
  git('init', '-q');
  copyFileSync(path.join(REPO_ROOT, '.gitattributes'), path.join(repo, '.gitattributes'));
  for (const file of [...GENERATED, HAND_WRITTEN]) write(file, lines(-1, ''));
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  // Two branches change different lines of every file: a text merge would take both.
  git('checkout', '-q', '-b', 'other');
  for (const file of [...GENERATED, HAND_WRITTEN]) write(file, lines(1, 'build of other'));
  git('commit', '-q', '-am', 'other');
  git('checkout', '-q', 'main');
  for (const file of [...GENERATED, HAND_WRITTEN]) write(file, lines(10, 'build of main'));
  git('commit', '-q', '-am', 'main');
  built = { base: git('rev-parse', 'HEAD~1').trim(), main: git('rev-parse', 'HEAD').trim() };
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('.gitattributes: generated files', () => {
  it('a merge where both sides changed a generated file stops with a conflict and leaves this branch\'s build; a hand-written file merges', () => {
    const merge = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', 'merge', '--no-edit', 'other'], { cwd: repo, encoding: 'utf8' });
    expect(merge.status).not.toBe(0);
    const conflicted = git('diff', '--name-only', '--diff-filter=U').trim().split('\n').sort();
    expect(conflicted).toEqual([...GENERATED].sort());
    for (const file of GENERATED) expect(readFileSync(path.join(repo, file), 'utf8')).toBe(lines(10, 'build of main'));
    expect(readFileSync(path.join(repo, HAND_WRITTEN), 'utf8')).toBe(lines(10, 'build of main').replace('line 1\n', 'build of other\n'));
    git('merge', '--abort');
  });

  it('`git diff` still prints a generated file\'s lines (not "Binary files differ")', () => {
    const diff = git('diff', built.base, built.main, '--', 'action/dist/index.mjs', 'rules/kernel-cves/records.tsv');
    expect(diff).toContain('-line 10\n+build of main');
    expect(diff).not.toContain('Binary files');
  });
});
