import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readRuleFiles } from '../../src/io/read-rule-files.js';
import { MAX_RULE_FILE_CHARS } from '../../src/rules/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ktriage-rules-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('readRuleFiles', () => {
  it('expands a folder to its *.yml and *.yaml files by name, not its subfolders or other files', async () => {
    writeFileSync(path.join(dir, 'b.yml'), 'bugs: []\n');
    writeFileSync(path.join(dir, 'a.yaml'), 'facts: []\n');
    writeFileSync(path.join(dir, 'README.md'), '# no\n');
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'sub', 'c.yml'), 'bugs: []\n');
    const result = await readRuleFiles([dir]);
    expect(result.files.map((f) => path.basename(f.path))).toEqual(['a.yaml', 'b.yml']);
    expect(result.files[1]!.text).toBe('bugs: []\n');
    expect(result.unreadable).toEqual([]);
  });

  it('reads a file named twice (directly and through its folder) once', async () => {
    const file = path.join(dir, 'a.yml');
    writeFileSync(file, 'bugs: []\n');
    const result = await readRuleFiles([file, dir]);
    expect(result.files).toHaveLength(1);
  });

  it('reports missing paths and folders without rule files as unreadable', async () => {
    const result = await readRuleFiles([path.join(dir, 'missing.yml'), dir]);
    expect(result.unreadable).toEqual([
      { path: path.join(dir, 'missing.yml'), message: 'no such file or folder' },
      { path: dir, message: 'the folder holds no *.yml or *.yaml files' },
    ]);
  });

  it('refuses a file too large to be a rule file without reading it', async () => {
    const file = path.join(dir, 'huge.yml');
    writeFileSync(file, Buffer.alloc(MAX_RULE_FILE_CHARS * 4 + 1, 0x20));
    const result = await readRuleFiles([file]);
    expect(result.files).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ file, line: 1, col: 1, severity: 'error' });
    expect(result.problems[0]!.message).toContain('split it into several files');
  });
});
