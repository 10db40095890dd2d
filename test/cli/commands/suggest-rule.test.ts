// `ktriage suggest-rule`: the drafted YAML is run through `ktriage lint` and `ktriage test` as
// written (the brief's "passes lint and test"), errors are one line with exit 2.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { main } from '../../../src/cli/main.js';
import { fakeCliIo as fakeIo } from '../../support/run-cli.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const REPORT = 'test/fixtures/suggest/bfq-kasan-report.txt';
const FIX = 'e2f2a39452c43b64ea3191642a2661cb8d03827a';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ktriage-suggest-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ktriage suggest-rule', () => {
  it('prints a draft that `ktriage lint --strict` and `ktriage test` accept as written', async () => {
    const io = fakeIo();
    const code = await main(['suggest-rule', REPORT, '--fix', FIX, '--subject', "block, bfq: fix uaf for 'stable_merge_bfqq'", '--fixed-in', 'v6.3-rc2'], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const yaml = io.out();
    expect(yaml).toMatch(/^# Drafted by `ktriage suggest-rule` from bfq-kasan-report\.txt\.\n/);
    expect(yaml).toMatch(/# - verify that e2f2a39452c4 is the upstream commit that fixed this report/);
    const bug = (parse(yaml) as { bugs: Array<Record<string, unknown>> }).bugs[0]!;
    expect(bug.signatures).toContainEqual({ crash: 'KASAN: slab-use-after-free Read in bfq_setup_cooperator' });
    expect(bug.affected).toEqual({ fixed: { mainline: '6.3-rc2' } });
    // The bundled bfq rule knows this fix already: the draft says so instead of staying silent.
    expect(yaml).toMatch(/# - rule bfq-stable-merge-bfqq-uaf already names this fix/);

    const file = path.join(dir, 'draft.yml');
    writeFileSync(file, yaml);
    const lint = fakeIo();
    // strict: not even a warning (the id is new, the fix is not a CVE record's under another sha)
    expect(await main(['lint', '--strict', file], lint)).toBe(0);
    expect(lint.out()).toMatch(/^0 errors, 0 warnings in 1 file \(valid: 1 bug/);
    const test = fakeIo();
    expect(await main(['test', file], test)).toBe(0);
    expect(test.out()).toMatch(/^ok {3}kasan-slab-use-after-free-read-in-bfq-setup-cooperator \(1 match, 1 no_match\)/);
    expect(test.out()).toMatch(/1 rules, 2 examples: 0 failures/);
  });

  it('an abbreviated --fix (in any case) is the fix a bundled rule names by its full sha', async () => {
    const io = fakeIo();
    await main(['suggest-rule', REPORT, '--fix', FIX.slice(0, 12).toUpperCase()], io);
    expect(io.out()).toMatch(/# - rule bfq-stable-merge-bfqq-uaf already names this fix/);
    expect((parse(io.out()) as { bugs: Array<{ fix: unknown }> }).bugs[0]!.fix).toEqual([{ commit: FIX.slice(0, 12), subject: expect.any(String) }]);
  });

  it('takes its no_match example from --against reports when one is closer', async () => {
    // The same boot, the use-after-free in another bfq function: closer than any bundled example, another bug.
    const other = path.join(dir, 'other-bfq.txt');
    const log = readFileSync(path.join(REPO, REPORT), 'utf8').split('\n').filter((line) => line.startsWith('['));
    writeFileSync(other, log.join('\n').replaceAll('bfq_setup_cooperator', 'bfq_exit_icq_bfqq'));
    const io = fakeIo();
    expect(await main(['suggest-rule', REPORT, '--fix', FIX, '--against', other, '--format', 'json'], io)).toBe(0);
    const json = JSON.parse(io.out()) as { no_match_from: string; problems: string[]; rule: { examples: { no_match: string[] } } };
    expect(json.no_match_from).toBe(path.relative(REPO, other));
    expect(json.rule.examples.no_match[0]).toContain('BUG: KASAN: slab-use-after-free in bfq_exit_icq_bfqq+0x120b/0x1650');
    expect(json.problems).toEqual([]);
  });

  it('weighs the shipped example reports too: the draft of one of them names it among the texts it matches', async () => {
    const io = fakeIo();
    expect(await main(['suggest-rule', 'examples/bugzilla-68801.txt', '--fix', 'cebc2de44d3bce53e46476e774126c298ca2c8a9', '--format', 'json'], io)).toBe(0);
    const json = JSON.parse(io.out()) as { also_matches: string[]; problems: string[] };
    expect(json.also_matches).toContain('examples/bugzilla-68801.txt');
    expect(json.problems).toEqual([]);
  });

  it.each([
    // each error is one line on stderr, exit 2, nothing on stdout
    [['--fix', 'e2f2a39'], /^ktriage suggest-rule: --fix e2f2a39: give at least 12 hex digits of the fix commit \(rules name commits by 12 to 40\)\n$/],
    [['--fix', FIX, '--fixed-in', 'soon'], /^ktriage suggest-rule: --fixed-in soon: .*\n$/],
    [['--fix', FIX, '--against', 'no/such/dir'], /^ktriage suggest-rule: --against cannot read no\/such\/dir: no such file or folder\n$/],
  ])('%j fails in one line', async (args, message) => {
    const io = fakeIo();
    expect(await main(['suggest-rule', REPORT, ...args], io)).toBe(2);
    expect(io.err()).toMatch(message);
    expect(io.out()).toBe('');
  });

  it('refuses a report with no kernel log, and a missing report, in one line', async () => {
    const prose = path.join(dir, 'prose.txt');
    writeFileSync(prose, 'After the upgrade the disk is slow. Any idea?\n');
    const io = fakeIo();
    expect(await main(['suggest-rule', prose, '--fix', FIX], io)).toBe(2);
    expect(io.err()).toBe('ktriage suggest-rule: cannot draft a rule from prose.txt: it holds no kernel log line, crash or call trace; a rule needs a line only this bug prints\n');
    const missing = fakeIo();
    expect(await main(['suggest-rule', 'nope.txt', '--fix', FIX], missing)).toBe(2);
    expect(missing.err()).toBe('ktriage suggest-rule: cannot read nope.txt: no such file\n');
  });

  it('requires --fix (commander usage error, exit 2)', async () => {
    const io = fakeIo();
    expect(await main(['suggest-rule', REPORT], io)).toBe(2);
    expect(io.err()).toMatch(/required option '--fix <sha>' not specified/);
  });
});
