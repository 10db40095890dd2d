import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli as run } from '../support/run-cli.js';
import { SEED_REPORT } from '../support/fixture-path.js';
import { REPO_ROOT } from './support.js';

const FIXTURE_RULES = path.join(REPO_ROOT, 'test/fixtures/rules/match');
const REFCOUNT = '[101754.726823] device-mapper: space map common: unable to decrement a reference count below 0';

function tempFile(name: string, text: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'ktriage-c2-'));
  const file = path.join(folder, name);
  writeFileSync(file, text);
  return file;
}

describe('ktriage triage', () => {
  it('triages the seed with the bundled rules (the README command), Markdown by default', async () => {
    const { code, stdout } = await run(['triage', SEED_REPORT]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^<!-- ktriage -->/);
    expect(stdout).toContain('Known bug: your kernel lacks the fix');
    expect(stdout).toContain('cebc2de44d3b');
  });

  it('prints the JSON contract: facts, matches best first (rule_id, title, verdict, score, confidence, evidence, fix), next_steps, questions, labels', async () => {
    const { code, stdout } = await run(['triage', '-', '--no-bundled', '--rules', FIXTURE_RULES, '--format', 'json'], `We run 3.12.6 on a thin pool.\n${REFCOUNT}\n`);
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as Record<string, unknown> & { matches: Array<Record<string, unknown>> };
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['facts', 'matches', 'next_steps', 'questions', 'labels']));
    expect(json.matches[0]).toMatchObject({
      rule_id: 'refcount-below-zero',
      title: 'dm space map: reference count decremented below 0',
      verdict: 'known-bug-fix-available',
      fix: [{ commit: 'cebc2de44d3bce53e46476e774126c298ca2c8a9', url: 'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=cebc2de44d3bce53e46476e774126c298ca2c8a9' }],
    });
    expect(json.matches[0]!.evidence).toEqual([expect.objectContaining({ quote: REFCOUNT })]);
    expect(typeof json.matches[0]!.score).toBe('number');
    expect((json.facts as { kernel: { running: { version: { raw: string } } } }).kernel.running.version.raw).toBe('3.12.6');
  });

  it('gives an empty match list when nothing matches', async () => {
    const { stdout } = await run(['triage', '-', '--no-bundled', '--rules', FIXTURE_RULES, '--format', 'json'], 'My laptop is slow.');
    expect(JSON.parse(stdout)).toMatchObject({ verdict: 'no-match', matches: [] });
  });

  it('prints rule problems to stderr as file:line:col and continues with the valid rules', async () => {
    const broken = tempFile('broken.yml', 'bugs:\n  - id: Bad Id\n    title: x\n');
    const { code, stdout, stderr } = await run(['triage', '-', '--no-bundled', '--rules', FIXTURE_RULES, '--rules', broken, '--format', 'text'], `We run 3.12.6 on a thin pool.\n${REFCOUNT}\n`);
    // The plan is printed with the valid rules, but a named file that gave no rule at all is an error (exit 2).
    expect(code).toBe(2);
    expect(stderr).toMatch(/no valid rules in \S*broken\.yml/);
    expect(stderr).toMatch(/broken\.yml:\d+:\d+: /);
    expect(stdout).toMatch(/^ktriage: Known bug: your kernel lacks the fix/);
  });

  it('exits 2 with a clear message for an unreadable report', async () => {
    const { code, stderr } = await run(['triage', 'no/such/report.txt']);
    expect(code).toBe(2);
    expect(stderr).toContain('cannot read no/such/report.txt: no such file');
  });
});

describe('ktriage test', () => {
  it('passes the bundled rule pack and the fixture rules, noting the fixture rule that can only give a possible match', async () => {
    const fixture = await run(['test', FIXTURE_RULES, '--no-bundled']);
    expect(fixture.stdout).toMatch(/5 rules, 10 examples: 0 failures, 2 notes/);
    // the fixture's refcount rule lists a consequence line its example does not show
    expect(fixture.stdout).toMatch(/basic\.yml:41:5: signature 2: the log signature `device-mapper: thin: 253:6: dm_thin_insert_block\(\) failed: error = -22` is exercised by no match example/);
    expect(fixture.stdout).toMatch(/ok {3}read-only-switch-weak[\s\S]*match example 1: possible-only rule: its written signatures weigh 0.3 < 0.5/);
    expect(fixture.code).toBe(0);
    const bundled = await run(['test', 'rules/']);
    expect(bundled.stdout).toMatch(/0 failures/);
    expect(bundled.code).toBe(0);
  });

  it('fails a match example that does not match, a no_match example that does, and another rule ranking above an example', async () => {
    const file = tempFile(
      'bad-examples.yml',
      `bugs:
  - id: refcount
    title: Refcount below zero
    subsystem: device-mapper/thin
    links: [https://example.org/a]
    signatures:
      - log: "device-mapper: space map common: unable to decrement a reference count below 0"
    fix:
      - commit: cebc2de44d3bce53e46476e774126c298ca2c8a9
        subject: "dm space map metadata: fix refcount decrement below 0 which caused corruption"
    examples:
      match:
        - "[ 1.0] device-mapper: thin: 253:6: switching pool to read-only mode"
      no_match:
        - "${REFCOUNT}"
  - id: greedy
    title: Matches the other rule's example
    subsystem: device-mapper/thin
    links: [https://example.org/b]
    signatures:
      - log: "device-mapper: thin: 253:6: switching pool to read-only mode"
    fix:
      - commit: 0123456789abcdef0123456789abcdef01234567
        subject: "made-up"
    examples:
      match:
        - "[ 1.0] device-mapper: thin: 253:6: switching pool to read-only mode"
      no_match:
        - "[ 1.0] device-mapper: thin: 253:6: reached low water mark"
  - id: overlap
    title: Also matches greedy's example, with more weight
    subsystem: device-mapper/thin
    links: [https://example.org/c]
    signatures:
      - log: "device-mapper: thin: <DEV>: switching pool to read-only mode"
      - log: "device-mapper: thin: <DEV>: switching pool"
        weight: 0.5
    fix:
      - commit: 89abcdef0123456789abcdef0123456789abcdef
        subject: "made-up too"
    examples:
      match:
        - "[ 1.0] device-mapper: thin: 253:9: switching pool to read-only mode"
      no_match:
        - "[ 1.0] device-mapper: thin: 253:6: reached low water mark"
`,
    );
    const { code, stdout } = await run(['test', file, '--no-bundled']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/FAIL refcount[\s\S]*match example 1: does not match the rule/);
    expect(stdout).toMatch(/no_match example 1: matches the rule/);
    expect(stdout).toMatch(/FAIL greedy[\s\S]*rule overlap matches it too and ranks above this rule/);
    expect(stdout).toMatch(/ok {3}overlap[\s\S]*- .*rule greedy matches it too, ranked below this rule/);
  });

  it('exits 2 for a path it cannot read', async () => {
    const { code, stderr } = await run(['test', 'no/such/rules']);
    expect(code).toBe(2);
    expect(stderr).toContain('cannot read');
  });
});
