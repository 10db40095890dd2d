// `npm run eval:reports [DIR]`: the real-reports evaluation (issue 11). Each report of the corpus
// (default: corpus/real-reports in the shared folder: KTRIAGE_SHARED, else ../shared beside the
// repo) triaged against each rule set: right fix first for reports with a known fix, and negatives
// given a known-bug verdict; per half of the corpus (the stable hash of the file name that
// eval:titles and eval:lines use: tune on "tune", report "held-out"). Extraction rates (running
// kernel, key lines) are `npm run eval:lines`.
//   --cases          list every report's result per rule set
//   --sets a,b       only these rule sets (curated, blind, cve, shipped); `--sets cve` is the
//                    "CVE pack alone" figure of issue 10 (no curated rules; positives are the reports
//                    whose fix has a CVE record)
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { casesFor, readFixAliases, readReportCases, scoreCases, summarize, type HalfSummary } from './eval-reports/evaluate-reports.js';
import { BLIND_RULES_DIR, loadRuleSets, RULE_SET_KEYS, type RuleSetKey } from './eval-reports/rule-sets.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = process.env.KTRIAGE_SHARED ? resolve(process.env.KTRIAGE_SHARED) : resolve(REPO_ROOT, '..', 'shared');

const pct = (n: number, d: number): string => (d === 0 ? '  n/a' : `${((100 * n) / d).toFixed(0).padStart(4)}%`);
const line = (s: HalfSummary): string =>
  `right fix first with a known-bug verdict ${pct(s.rightFixFirst, s.positives)} (${s.rightFixFirst}/${s.positives}), at any confidence ${s.rightFixFirstAny}/${s.positives}   negatives with a known-bug verdict ${s.negativesWithKnownBug}/${s.negatives}` +
  `   |  by description: right fix offered ${s.rightFixByDescription}/${s.positives}, negatives offered one ${s.negativesByDescription}/${s.negatives}`;

async function main(): Promise<void> {
  process.stdout.on('error', () => process.exit(0));
  const args = process.argv.slice(2);
  const setsAt = args.indexOf('--sets');
  const only = setsAt < 0 ? RULE_SET_KEYS : (args[setsAt + 1] ?? '').split(',').filter((s) => s !== '');
  const unknown = only.filter((key) => !RULE_SET_KEYS.includes(key as RuleSetKey));
  if (only.length === 0 || unknown.length > 0) {
    console.error(`eval:reports: --sets takes a comma-separated list of ${RULE_SET_KEYS.join(', ')}${unknown.length > 0 ? ` (not: ${unknown.join(', ')})` : ''}`);
    process.exit(2);
  }
  const positional = args.filter((arg, i) => !arg.startsWith('--') && !(setsAt >= 0 && i === setsAt + 1));
  const dir = resolve(positional[0] ?? join(SHARED, 'corpus', 'real-reports'));
  if (!existsSync(dir)) {
    console.error(`eval:reports: no corpus at ${dir} (pass a directory, or set KTRIAGE_SHARED to the shared folder)`);
    process.exit(2);
  }
  const aliasFile = join(BLIND_RULES_DIR, 'fix-commits.json');
  const cases = readReportCases(dir, existsSync(aliasFile) ? readFixAliases(aliasFile) : new Map());
  console.log(`corpus: ${dir} (${cases.length} reports: ${cases.filter((c) => !c.negative).length} with a known fix, ${cases.filter((c) => c.negative).length} negatives)`);
  console.log(`halves by FNV-1a(file name): tune ${cases.filter((c) => c.half === 'tune').length}, held-out ${cases.filter((c) => c.half === 'held-out').length}\n`);

  for (const set of await loadRuleSets(only as RuleSetKey[])) {
    const results = scoreCases(casesFor(set, cases), set.compiled);
    const summary = summarize(results);
    console.log(`${set.name}: ${set.compiled.bugs.length} known bugs${set.problems > 0 ? `, ${set.problems} rule errors` : ''}`);
    for (const half of ['held-out', 'tune', 'all'] as const) console.log(`  ${half.padEnd(8)}  ${line(summary[half])}`);
    if (process.argv.includes('--cases')) {
      for (const r of results) {
        const mark = r.negative ? (r.knownBugVerdict ? 'FP ' : 'ok ') : r.rightFixFirst ? 'ok ' : r.rightFixFirstAny ? 'any' : 'MISS';
        const top = r.top === null ? 'no match' : `${r.top.ruleId} (${r.top.verdict})`;
        const described = r.byDescription.length === 0 ? '' : `  [by description: ${r.byDescription.join(', ')}${r.rightFixByDescription ? ' (right fix offered)' : ''}]`;
        console.log(`    ${mark} ${r.half === 'tune' ? 'T' : 'H'} ${r.file}: ${top}${described}`);
      }
    }
    console.log('');
  }
}

await main();
