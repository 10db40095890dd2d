import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { combineRules } from '../../src/io/combine-rules.js';
import { bundledPrecompiledFile, loadRulePacks, precompileBundledRules, readBundledRules } from '../../src/io/load-rule-packs.js';
import { bundledRulesDir } from '../../src/io/read-rule-files.js';
import { compileRules } from '../../src/match/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ktriage-packs-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A user's rule that relies on the bundled vocabulary (`thin_pool` is defined in rules/facts.yml). */
const USER_RULE = (id: string) => `bugs:
  - id: ${id}
    title: "a local thin pool bug"
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

/** A tiny CVE pack in the rule format, as an operator's own pack would be. */
const OWN_PACK = `bugs:
  - id: cve-2099-0001
    title: "dm thin: do not leak a thing"
    subsystem: device-mapper/thin
    links: [https://www.cve.org/CVERecord?id=CVE-2099-0001]
    signatures:
      - crash: "WARNING in dm_thin_do_a_very_specific_thing"
    fix:
      - commit: 0123456789abcdef
        subject: "dm thin: do not leak a thing"
    examples:
      match: ["WARNING: CPU: 0 PID: 1 at drivers/md/dm-thin.c:10 dm_thin_do_a_very_specific_thing+0x1/0x2"]
      no_match: ["nothing"]
`;

describe('readBundledRules', () => {
  it('reads the curated rules shipped with ktriage, with their vocabulary, once per process', async () => {
    expect(existsSync(path.join(bundledRulesDir(), 'README.md'))).toBe(true);
    const first = readBundledRules({ cvePack: false });
    expect(readBundledRules({ cvePack: false })).toBe(first);
    const bundled = await first;
    expect(bundled.unreadable).toEqual([]);
    expect(bundled.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(bundled.ruleSet.bugs.length).toBeGreaterThan(0);
    expect(bundled.ruleSet.facts.map((f) => f.id)).toContain('thin_pool');
    expect(bundled.ruleSet.bugs.every((bug) => bundled.originOf(bug.source) === 'curated')).toBe(true);
    expect(bundled.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it("takes an operator's own CVE pack, marks its bugs as CVE rules, and reports a pack path that cannot be read", async () => {
    const pack = path.join(dir, 'pack.yml');
    writeFileSync(pack, OWN_PACK);
    const bundled = await readBundledRules({ cvePack: pack });
    const cve = bundled.ruleSet.bugs.find((bug) => bug.id === 'cve-2099-0001');
    expect(cve && bundled.originOf(cve.source)).toBe('cve');
    const missing = await readBundledRules({ cvePack: path.join(dir, 'nope') });
    expect(missing.unreadable).toEqual([{ path: path.join(dir, 'nope'), message: 'no such file or folder' }]);
  });

  it('reports a rules folder that cannot be read (a wrong KTRIAGE_RULES_DIR)', async () => {
    const bundled = await readBundledRules({ rulesDir: path.join(dir, 'missing'), cvePack: false });
    expect(bundled.unreadable).toHaveLength(1);
    expect(bundled.ruleSet).toEqual({ bugs: [], playbooks: [], facts: [] });
  });
});

describe('combineRules', () => {
  it('--no-bundled drops the bundled bugs and playbooks, never the vocabulary: a rule using `thin_pool` loads clean', async () => {
    const bundled = await readBundledRules({ cvePack: false });
    const { ruleSet, problems } = combineRules(bundled, [{ path: 'mine.yml', text: USER_RULE('local-thin-thing') }], { bundled: false });
    expect(problems).toEqual([]);
    expect(ruleSet.bugs.map((b) => b.id)).toEqual(['local-thin-thing']);
    expect(ruleSet.playbooks).toEqual([]);
    expect(ruleSet.facts).toEqual(bundled.ruleSet.facts);
  });

  it("turns the CVE pack and the curated rules off independently, and leaves out excluded ids", async () => {
    const pack = path.join(dir, 'pack.yml');
    writeFileSync(pack, OWN_PACK);
    const bundled = await readBundledRules({ cvePack: pack });
    const ids = (selection: Parameters<typeof combineRules>[2]) => combineRules(bundled, [], selection).ruleSet.bugs.map((b) => b.id);
    const curatedCount = bundled.ruleSet.bugs.length - 1;
    expect(ids({})).toContain('cve-2099-0001');
    expect(ids({ cves: false })).toHaveLength(curatedCount);
    expect(ids({ bundled: false })).toEqual(['cve-2099-0001']);
    expect(ids({ exclude: ['cve-2099-0001'] })).toHaveLength(curatedCount);
  });

  it("reports a user's rule reusing a bundled id in use (the bundled one stays); with the bundled bugs off it is used", async () => {
    const bundled = await readBundledRules({ cvePack: false });
    const taken = bundled.ruleSet.bugs[0]!.id;
    const clash = combineRules(bundled, [{ path: 'mine.yml', text: USER_RULE(taken) }]);
    expect(clash.problems).toEqual([expect.objectContaining({ file: 'mine.yml', ruleId: taken, severity: 'error', message: expect.stringContaining(`duplicate bug id \`${taken}\``) })]);
    expect(clash.ruleSet.bugs.filter((b) => b.id === taken)).toHaveLength(1);
    expect(clash.ruleSet.bugs.find((b) => b.id === taken)!.source.file).not.toBe('mine.yml');
    const alone = combineRules(bundled, [{ path: 'mine.yml', text: USER_RULE(taken) }], { bundled: false });
    expect(alone.problems).toEqual([]);
    expect(alone.ruleSet.bugs.map((b) => b.source.file)).toEqual(['mine.yml']);
  });

  it("reports the user's own problems only, at file:line:col", async () => {
    const bundled = await readBundledRules({ cvePack: false });
    const { problems } = combineRules(bundled, [{ path: 'bad.yml', text: 'bugs:\n  - id: Bad Id\n' }]);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.file === 'bad.yml')).toBe(true);
  });
});

describe('loadRulePacks', () => {
  it('reads user files from disk relative to cwd and combines them with the bundled packs', async () => {
    mkdirSync(path.join(dir, 'mine'));
    writeFileSync(path.join(dir, 'mine', 'a.yml'), USER_RULE('local-thin-thing'));
    const loaded = await loadRulePacks({ paths: ['mine'], cwd: dir, cves: false });
    expect(loaded.unreadable).toEqual([]);
    expect(loaded.ruleSet.bugs.map((b) => b.id)).toContain('local-thin-thing');
    expect(loaded.ruleSet.bugs.length).toBeGreaterThan(1);
    expect(loaded.files.map((f) => f.path)).toEqual([path.join('mine', 'a.yml')]);
    expect(loaded.version).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reports unreadable user paths', async () => {
    const loaded = await loadRulePacks({ paths: [path.join(dir, 'missing.yml')], cves: false });
    expect(loaded.unreadable).toEqual([{ path: path.join(dir, 'missing.yml'), message: 'no such file or folder' }]);
  });
});

describe('the precompiled form', () => {
  const setup = () => {
    const rulesDir = path.join(dir, 'rules');
    mkdirSync(rulesDir);
    for (const name of readdirSync(bundledRulesDir()).filter((n) => n.endsWith('.yml'))) copyFileSync(path.join(bundledRulesDir(), name), path.join(rulesDir, name));
    const pack = path.join(rulesDir, 'kernel-cves');
    mkdirSync(pack);
    writeFileSync(path.join(pack, '2099-00000.yml'), OWN_PACK);
    return { rulesDir, pack };
  };

  it('gives the rule set the YAML gives (without examples), and is used only while the sources are unchanged', async () => {
    const { rulesDir, pack } = setup();
    const parsed = await readBundledRules({ rulesDir, cvePack: pack, precompiledFile: null });
    expect(parsed.precompiled).toBe(false);
    const form = path.join(dir, 'form-1.json');
    writeFileSync(form, precompileBundledRules(parsed, rulesDir));
    const fast = await readBundledRules({ rulesDir, cvePack: pack, precompiledFile: form });
    expect(fast.precompiled).toBe(true);
    const withoutExamples = (set: typeof parsed.ruleSet) => ({ ...set, bugs: set.bugs.map((bug) => ({ ...bug, examples: { match: [], noMatch: [] } })) });
    expect(fast.ruleSet).toEqual(withoutExamples(parsed.ruleSet));
    expect(fast.digest).toBe(parsed.digest);
    expect(fast.ruleSet.bugs.filter((bug) => fast.originOf(bug.source) === 'cve').map((bug) => bug.id)).toEqual(['cve-2099-0001']);

    // Touched but unchanged: still used (the content hash decides, not the mtime).
    const pathOf = path.join(pack, '2099-00000.yml');
    utimesSync(pathOf, new Date('2030-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z'));
    copyFileSync(form, path.join(dir, 'form-2.json'));
    expect((await readBundledRules({ rulesDir, cvePack: pack, precompiledFile: path.join(dir, 'form-2.json') })).precompiled).toBe(true);

    // Edited without a rebuild: the YAML is parsed, and the edit is what the run gets.
    writeFileSync(pathOf, OWN_PACK.replace('do not leak a thing', 'do not leak another thing'));
    copyFileSync(form, path.join(dir, 'form-3.json'));
    const stale = await readBundledRules({ rulesDir, cvePack: pack, precompiledFile: path.join(dir, 'form-3.json') });
    expect(stale.precompiled).toBe(false);
    expect(stale.ruleSet.bugs.find((bug) => bug.id === 'cve-2099-0001')!.title).toBe('dm thin: do not leak another thing');

    // A new file is a new source.
    writeFileSync(path.join(rulesDir, 'zz-new.yml'), 'bugs: []\n');
    copyFileSync(form, path.join(dir, 'form-4.json'));
    expect((await readBundledRules({ rulesDir, cvePack: pack, precompiledFile: path.join(dir, 'form-4.json') })).precompiled).toBe(false);
  });

  it('the shipped one (dist/bundled-rules.json, `npm run build`) is current when it exists', async () => {
    if (!existsSync(bundledPrecompiledFile())) {
      process.stdout.write('no dist/bundled-rules.json: run `npm run build` to check the shipped precompiled packs\n');
      return;
    }
    const bundled = await readBundledRules();
    expect({ precompiled: bundled.precompiled, hint: bundled.precompiled ? '' : 'stale: run `npm run build`' }).toEqual({ precompiled: true, hint: '' });
    // Its fuzzy tables are what this code builds from its rules (a change to the word split or
    // the subsystem table needs `npm run build` too).
    const reader = bundled.fuzzyTables?.() ?? null;
    const tables = reader && { total: reader.total, groups: Object.fromEntries(reader.names.map((name) => [name, reader.group(name)])) };
    expect({ current: JSON.stringify(tables) === JSON.stringify(compileRules(bundled.ruleSet).fuzzy.tables()), hint: 'stale fuzzy tables: run `npm run build`' }).toEqual({ current: true, hint: 'stale fuzzy tables: run `npm run build`' });
  });
});
