import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { main } from '../../src/cli/main.js';
import { fakeCliIo as fakeIo } from '../support/run-cli.js';

// The blind rules of issue 11 (test/fixtures/blind-rules/README.md): rules written from fix
// commits only, used by the report evaluation. They must stay lint-clean (strict) and pass their
// own examples, and the README's per-rule provenance table must cover exactly the rules in the
// folder. Everything here lives in the repository: no ../shared needed.
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const FOLDER = 'test/fixtures/blind-rules';

interface BlindBug {
  id: string;
  verified_by?: string[];
  fix: Array<{ commit: string; subject: string }>;
}

function readBugs(): BlindBug[] {
  const dir = `${REPO}${FOLDER}`;
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yml'))
    .flatMap((name) => (YAML.parse(readFileSync(`${dir}/${name}`, 'utf8')) as { bugs?: BlindBug[] }).bugs ?? []);
}

describe('blind rules (issue 11 protocol)', () => {
  it('lint clean with --strict', async () => {
    const io = fakeIo();
    const code = await main(['lint', '--strict', `${FOLDER}/`], io);
    expect(io.err()).toBe('');
    expect(io.out()).toMatch(/^0 errors, 0 warnings in \d+ files \(valid: 40 bugs, 0 playbooks, 0 facts\)\n$/);
    expect(code).toBe(0);
  });

  it('every match example matches its rule confidently and ranks it first; no no_match example matches', async () => {
    const io = fakeIo();
    const code = await main(['test', `${FOLDER}/`], io);
    expect(io.out()).not.toMatch(/^FAIL /m);
    expect(io.out()).toMatch(/^40 rules, \d+ examples: 0 failures, \d+ notes?\n$/m);
    expect(code).toBe(0);
  });

  it('ids carry the blind- prefix (no clash with bundled ids) and every rule says where it was verified', () => {
    const bugs = readBugs();
    expect(bugs).toHaveLength(40);
    for (const bug of bugs) {
      expect(bug.id).toMatch(/^blind-[a-z0-9-]+$/);
      expect(bug.verified_by?.length ?? 0).toBeGreaterThan(0);
    }
    // One rule per fix commit: two rules naming the same fix would double-count in the evaluation.
    const fixes = bugs.map((bug) => bug.fix[0]!.commit.slice(0, 12));
    expect(new Set(fixes).size).toBe(bugs.length);
  });

  it('fix-commits.json maps every input commit to one rule and its fix (the evaluation reads it)', () => {
    interface Entry { key: string; inputCommit: string; rule: string; fixCommit: string; note?: string }
    const entries = JSON.parse(readFileSync(`${REPO}${FOLDER}/fix-commits.json`, 'utf8')) as Entry[];
    const bugs = readBugs();
    expect(entries).toHaveLength(bugs.length);
    expect(new Set(entries.map((e) => e.rule)).size).toBe(bugs.length);
    for (const entry of entries) {
      const bug = bugs.find((b) => b.id === entry.rule);
      expect(bug?.fix[0]?.commit).toBe(entry.fixCommit);
      // A fix sha other than the input's (a pre-rebase sha) must say why.
      if (!entry.fixCommit.startsWith(entry.inputCommit.slice(0, 12))) expect(entry.note).toBeTruthy();
    }
  });

  it('the README table lists each rule exactly once, with its fix sha', () => {
    const readme = readFileSync(`${REPO}${FOLDER}/README.md`, 'utf8');
    const rows = readme.split('\n').filter((line) => /^\| \d{3} \| blind-/.test(line));
    const bugs = readBugs();
    expect(rows).toHaveLength(bugs.length);
    for (const bug of bugs) {
      const row = rows.filter((line) => line.includes(`| ${bug.id} |`));
      expect(row).toHaveLength(1);
      expect(row[0]).toContain(bug.fix[0]!.commit.slice(0, 12));
    }
  });
});
