// bugzilla.yml goes through the rule files' safe YAML reader (issue 12): a YAML bomb, a 100k-deep
// document and a huge file are one-line errors, never a stack trace, a stack overflow or gigabytes.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BugzillaConfigError, loadBugzillaConfig, parseBugzillaConfig } from '../../../src/bugzilla/index.js';

function problemsOf(work: () => unknown): string[] {
  try {
    work();
  } catch (error) {
    if (error instanceof BugzillaConfigError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected a BugzillaConfigError');
}

describe('hostile bugzilla.yml', () => {
  it('refuses a YAML bomb with a clear error', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    lines.push('servers: []');
    const problems = problemsOf(() => parseBugzillaConfig(lines.join('\n'), 'bugzilla.yml'));
    expect(problems.join('\n')).toMatch(/YAML bomb|aliases/);
    expect(problems.join('\n')).not.toMatch(/ReferenceError|at \S+ \(/);
  });

  it('refuses a 100,000-deep document without overflowing the stack', () => {
    const deep = `servers: ${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const problems = problemsOf(() => parseBugzillaConfig(deep, 'bugzilla.yml'));
    expect(problems.length).toBeGreaterThan(1);
    expect(problems.slice(1).every((line) => /^\s*bugzilla\.yml:\d+:\d+: /.test(line))).toBe(true);
  });

  it('refuses a huge file by its size, before reading it', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ktriage-bz-')), 'bugzilla.yml');
    writeFileSync(file, `# ${'x'.repeat(2_000_000)}\nservers: []\n`);
    await expect(loadBugzillaConfig(file)).rejects.toThrow(/not a config file of at most 1000000 bytes \(2000015 bytes\)/);
    await expect(loadBugzillaConfig(path.join(path.dirname(file), 'missing.yml'))).rejects.toThrow(/cannot read the config file \(no such file\)/);
  });
});
