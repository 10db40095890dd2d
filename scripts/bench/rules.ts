// Rule-file parsing: how long parseRuleFiles takes on realistic packs and on hostile files
// (a YAML bomb, deep nesting, a file at the size cap, a catastrophic regex). Hostile input must
// stay bounded: the figures show it does.
import { stringify } from 'yaml';
import { MAX_RULE_FILE_CHARS, parseRuleFiles } from '../../src/rules/index.js';
import { FACTS_YAML, validBug } from '../../test/rules/support/rule-text.js';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(label: string, files: Array<{ path: string; text: string }>, runs = 5): void {
  const times: number[] = [];
  let problems = 0;
  let bugs = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const parsed = parseRuleFiles(files);
    times.push(performance.now() - start);
    problems = parsed.problems.length;
    bugs = parsed.ruleSet.bugs.length;
  }
  const chars = files.reduce((sum, f) => sum + f.text.length, 0);
  console.log(`${label.padEnd(44)} ${String(chars).padStart(9)} chars  median ${median(times).toFixed(1).padStart(8)} ms  bugs ${String(bugs).padStart(5)}  problems ${problems}`);
}

function pack(bugCount: number, perFile = 500): Array<{ path: string; text: string }> {
  const files = [{ path: 'facts.yml', text: FACTS_YAML }];
  for (let start = 0; start < bugCount; start += perFile) {
    const bugs = Array.from({ length: Math.min(perFile, bugCount - start) }, (_, i) => {
      const bug = validBug(`bug-${start + i}`);
      (bug.signatures as unknown[]).push({ regex: `dm_thin_insert_block_${start + i}\\(\\) failed: error = -(22|61)` }, { crash: `WARNING in function_${start + i}` });
      return bug;
    });
    files.push({ path: `pack-${start}.yml`, text: stringify({ bugs }) });
  }
  return files;
}

export async function run(): Promise<void> {
  for (const n of [10, 100, 1000]) time(`valid pack, ${n} bugs`, pack(n));
  const bombLines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= 12; i++) bombLines.push(`a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]`);
  time('YAML bomb (9^12 expansions)', [{ path: 'bomb.yml', text: bombLines.join('\n') }]);
  time('flow nesting 50,000 deep', [{ path: 'deep.yml', text: `bugs: ${'['.repeat(50000)}${']'.repeat(50000)}` }], 3);
  time('one line at the size cap', [{ path: 'big.yml', text: `bugs: "${'x'.repeat(MAX_RULE_FILE_CHARS - 10)}"` }], 3);
  time('over the size cap (refused unread)', [{ path: 'huge.yml', text: 'x'.repeat(MAX_RULE_FILE_CHARS + 1) }]);
  const catastrophic = { ...validBug('catastrophic'), signatures: [{ regex: '(a+)+$' }, { regex: '(x+x+)+y' }, { regex: '(.*a){20}' }] };
  time('catastrophic regexes (refused)', [{ path: 'facts.yml', text: FACTS_YAML }, { path: 're.yml', text: stringify({ bugs: [catastrophic] }) }]);
  await Promise.resolve();
}
