import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../../src/cli/main.js';
import { fakeCliIo as fakeIo } from '../../support/run-cli.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = 'test/fixtures/rules';

// Paths are relative to io.cwd (the repo root), as a maintainer would type them there.

describe('ktriage lint', () => {
  it('exits 0 on the bundled rule pack and prints the count', async () => {
    const io = fakeIo();
    const code = await main(['lint', 'rules/'], io);
    expect(io.out()).toMatch(/^0 errors, 0 warnings in \d+ files \(valid: \d+ bugs?, \d+ playbooks?, \d+ facts?\)\n$/);
    expect(code).toBe(0);
  });

  it('exits 1 and prints file:line:col: message lines for every problem', async () => {
    const io = fakeIo();
    const code = await main(['lint', `${FIXTURES}/broken/bugs.yml`], io);
    expect(code).toBe(1);
    expect(io.out().split('\n')).toEqual([
      `${FIXTURES}/broken/bugs.yml:3:5: missing required key \`signatures\`: add a list of \`- log: "..."\`, \`- crash: "..."\` or \`- regex: '...'\``,
      `${FIXTURES}/broken/bugs.yml:7:5: unknown key \`signature\` — did you mean \`signatures\`?`,
      `${FIXTURES}/broken/bugs.yml:20:43: \`affected.fixed.stable[0]\`: \`3.12.x\` is not a stable release: write a release like 3.12.15`,
      '3 errors, 0 warnings in 1 file (valid: 1 bug, 0 playbooks, 0 facts)',
      '',
    ]);
    expect(io.err()).toBe('');
  });

  it('warns about old spellings (exit 0) and fails on them with --strict', async () => {
    const io = fakeIo();
    expect(await main(['lint', `${FIXTURES}/aliased`], io)).toBe(0);
    expect(io.out()).toContain(`${FIXTURES}/aliased/old-spelling.yml:10:9: warning: \`sha\` is an old or alternative spelling: write \`commit\``);
    expect(io.out()).toContain('0 errors, 2 warnings in 1 file (valid: 1 bug');
    expect(await main(['lint', '--strict', `${FIXTURES}/aliased`], fakeIo())).toBe(1);
  });

  it('exits 2 for a path that cannot be read, and still lints the others', async () => {
    const io = fakeIo();
    const code = await main(['lint', 'no/such/file.yml', `${FIXTURES}/broken`], io);
    expect(code).toBe(2);
    expect(io.err()).toBe('ktriage lint: cannot read no/such/file.yml: no such file or folder\n');
    expect(io.out()).toContain('3 errors');
  });

  it('uses the bundled facts for facts a file uses but does not define, with --no-bundled too (vocabulary is not rules)', async () => {
    const io = fakeIo();
    expect(await main(['lint', `${FIXTURES}/valid/dm-thin.yml`], io)).toBe(0);
    const alone = fakeIo();
    expect(await main(['lint', '--no-bundled', `${FIXTURES}/valid/dm-thin.yml`], alone)).toBe(0);
    expect(alone.out()).not.toContain('unknown fact');
    const unknown = fakeIo();
    const dir = mkdtempSync(path.join(tmpdir(), 'ktriage-lint-'));
    try {
      const file = path.join(dir, 'x.yml');
      writeFileSync(file, readFileSync(`${FIXTURES}/valid/dm-thin.yml`, 'utf8').replace(/thin_pool/g, 'thin_poool'));
      expect(await main(['lint', '--no-bundled', file], unknown)).toBe(1);
      expect(unknown.out()).toContain('unknown fact `thin_poool` — did you mean `thin_pool`?');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('warns when a linted bug reuses a bundled id (it would be dropped next to the bundled rules)', async () => {
    const { mkdtempSync, readFileSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/ktriage-lint-`);
    try {
      // The README example under the id the bundled pack uses for the seed bug.
      const clash = `${dir}/clash.yml`;
      writeFileSync(clash, readFileSync(`${FIXTURES}/valid/dm-thin.yml`, 'utf8').replace('id: example-dm-sm-refcount-below-zero', 'id: dm-sm-metadata-refcount-below-zero'));
      const io = fakeIo();
      expect(await main(['lint', clash], io)).toBe(0);
      expect(io.out()).toMatch(/clash\.yml:2:5: warning: the bundled rules already define bug id `dm-sm-metadata-refcount-below-zero` \(.*rules\/device-mapper\.yml:\d+:\d+\): with both loaded, the bundled one is used; pick another id$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // The same for facts: valid/facts.yml redefines bundled facts.
    const facts = fakeIo();
    expect(await main(['lint', `${FIXTURES}/valid/facts.yml`], facts)).toBe(0);
    expect(facts.out()).toContain('warning: the bundled rules already define fact id `thin_pool`');
    // Linting the bundled files themselves is no conflict.
    const self = fakeIo();
    expect(await main(['lint', '--strict', 'rules/'], self)).toBe(0);
  });

  it('knows the bundled files when they are reached through a symlink', async () => {
    const { mkdtempSync, symlinkSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/ktriage-lint-`);
    try {
      symlinkSync(`${REPO}rules`, `${dir}/rules`);
      const io = fakeIo();
      expect(await main(['lint', '--strict', `${dir}/rules`], io)).toBe(0);
      expect(io.out()).toMatch(/^0 errors, 0 warnings/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is a usage error without paths', async () => {
    const io = fakeIo();
    expect(await main(['lint'], io)).toBe(2);
    expect(io.err()).toContain("missing required argument 'paths'");
  });
});

describe('ktriage schema', () => {
  it('prints the JSON Schema that rules/schema.json holds', async () => {
    const io = fakeIo();
    expect(await main(['schema'], io)).toBe(0);
    const { readFileSync } = await import('node:fs');
    expect(io.out()).toBe(readFileSync(`${REPO}rules/schema.json`, 'utf8'));
    expect(JSON.parse(io.out())).toMatchObject({ title: 'ktriage rule file', type: 'object', additionalProperties: false });
  });
});
