// `npm run eval:cves`: the CVE pack's self-recall (scripts/eval-cves/self-recall.ts). Every
// generated rule's quoted log, restamped with a reporter's kernel from the affected range, carried
// the clean way and by one transport chosen by the record's hash, in a plausible report; triaged
// against the whole pack (no curated rules). Per half (FNV-1a of the rule id): the record's fix
// named first with a known-bug verdict, the fix status right, and why the misses missed. Then the
// false verdicts the brief keeps at zero: the pack on the syzkaller logs (a known-bug verdict whose
// rule lacks the log's title) and on the public negatives.
//   --half tune|held-out   only one half (default: both, tune first)
//   --all-transports       every transport for every record (27x the cases: slow)
//   --sample N             every Nth rule only (quick looks while tuning)
//   --misses [KIND]        list the misses (of one kind: "other rule", "possible only", ...)
//   --no-fp                skip the syzkaller and negatives checks
//   --descriptions         leave-one-out description recall instead (scripts/eval-cves/description-recall.ts):
//                          each record with a rule made to look like a record that quotes no log (its
//                          rule withheld, its indexed message without the log); is its fix named first
//                          at any confidence, in the top 3, and what comes first instead
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readCorpus, DEFAULT_CORPUS } from './eval-titles.js';
import { readReportCases, scoreCases } from './eval-reports/evaluate-reports.js';
import { cvePackAlone } from './eval-reports/rule-sets.js';
import { canBeConfident, type CompiledRules } from '../src/match/index.js';
import type { BugRule } from '../src/rules/index.js';
import { recallCases, scoreRecall, summarizeRecall, type Half, type RecallResult } from './eval-cves/self-recall.js';
import { syzkallerFalseVerdicts } from './eval-cves/syzkaller-false-verdicts.js';
import { descriptionCases, scoreDescriptionRecall, summarizeDescriptionRecall, type DescriptionResult } from './eval-cves/description-recall.js';

const args = process.argv.slice(2);
const valueOf = (flag: string): string | undefined => {
  const at = args.indexOf(flag);
  return at < 0 ? undefined : args[at + 1];
};

async function main(): Promise<void> {
  process.stdout.on('error', () => process.exit(0));
  const halfArg = valueOf('--half');
  if (halfArg !== undefined && halfArg !== 'tune' && halfArg !== 'held-out') {
    console.error('eval:cves: --half takes tune or held-out');
    process.exit(2);
  }
  const sample = Number(valueOf('--sample') ?? '1');
  if (!Number.isInteger(sample) || sample < 1) {
    console.error('eval:cves: --sample takes a whole number of at least 1');
    process.exit(2);
  }
  const pack = await cvePackAlone();
  const bugs = pack.compiled.bugs.filter((_, i) => i % sample === 0);
  const bugsById = new Map(pack.compiled.bugs.map((bug) => [bug.id, bug]));
  const halves: Half[] = halfArg ? [halfArg as Half] : ['tune', 'held-out'];
  if (args.includes('--descriptions')) {
    descriptionMode(bugs, pack.compiled, halves, sample);
    await falseVerdicts(pack.compiled);
    return;
  }
  const cases = recallCases(bugs, { allTransports: args.includes('--all-transports') }).filter((c) => halves.includes(c.half));
  console.log(`CVE pack: ${pack.compiled.bugs.length} generated rules; ${cases.length} recall cases${sample > 1 ? ` (every ${sample}th rule)` : ''}`);
  const started = process.hrtime.bigint();
  const results = scoreRecall(cases, pack.compiled, bugsById);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`triaged in ${seconds.toFixed(0)} s\n`);

  for (const half of halves) {
    const mine = results.filter((r) => r.case.half === half);
    const line = (label: string, list: readonly RecallResult[]) => {
      const s = summarizeRecall(list);
      const misses = Object.entries(s.misses)
        .filter(([, n]) => n > 0)
        .map(([kind, n]) => `${kind} ${n}`)
        .join(', ');
      return `  ${label.padEnd(24)} named first ${pct(s.named, s.cases).padStart(6)} (${s.named}/${s.cases})  status right ${pct(s.statusRight, s.cases).padStart(6)}  first at any confidence ${pct(s.firstAny, s.cases).padStart(6)} (${s.displaced} behind an offer)  misses: ${misses || 'none'}`;
    };
    console.log(`${half}:`);
    console.log(line('all', mine));
    console.log(line('clean log', mine.filter((r) => r.case.transport === 'clean')));
    console.log(line('carried', mine.filter((r) => r.case.transport !== 'clean')));
    const byTransport = new Map<string, RecallResult[]>();
    for (const r of mine) if (r.case.transport !== 'clean') byTransport.set(r.case.transport, [...(byTransport.get(r.case.transport) ?? []), r]);
    for (const [name, list] of [...byTransport].sort()) console.log(line(`  ${name}`, list));
    const titled = mine.filter((r) => r.case.titles.length > 0);
    console.log(line('rules with a title', titled));
    console.log(line('rules without a title', mine.filter((r) => r.case.titles.length === 0)));
    // A generated rule whose signatures weigh under the confident threshold (one key line, or one
    // stack) is possible-only by design: its misses are the rule's, not the ranking's.
    console.log(line('possible-only by design', mine.filter((r) => !canBeConfident(bugsById.get(r.case.ruleId)!))));
    console.log(line('can be confident', mine.filter((r) => canBeConfident(bugsById.get(r.case.ruleId)!))));
    const winners = new Map<string, number>();
    for (const r of mine) if (r.winner !== null) winners.set(r.winner, (winners.get(r.winner) ?? 0) + 1);
    const top = [...winners].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 8);
    if (top.length > 0) console.log(`  rules that win most often instead: ${top.map(([id, n]) => `${id} ${n}`).join(', ')}`);
    console.log('');
  }

  if (args.includes('--misses')) {
    const kind = valueOf('--misses');
    const tuneMisses = results.filter((r) => r.case.half === 'tune' && r.miss !== null && (kind === undefined || kind.startsWith('--') || r.miss === kind));
    console.log(`tune misses${kind && !kind.startsWith('--') ? ` (${kind})` : ''}: ${tuneMisses.length}`);
    for (const r of tuneMisses) console.log(`  ${r.case.ruleId} [${r.case.transport}] ${r.miss}${r.winner ? ` -> ${r.winner}` : ''}  (${r.status ?? 'no match'})`);
    console.log('');
  }

  await falseVerdicts(pack.compiled);
}

const pct = (n: number, d: number) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);

/** The leave-one-out description recall, per half: named first at any confidence, top 3, offered, what won instead. */
function descriptionMode(bugs: readonly BugRule[], compiled: CompiledRules, halves: readonly Half[], sample: number): void {
  const cases = descriptionCases(bugs).filter((c) => halves.includes(c.recall.half));
  console.log(`description recall, leave-one-out: ${cases.length} records with a rule, each withheld and indexed without its log${sample > 1 ? ` (every ${sample}th rule)` : ''}`);
  const started = process.hrtime.bigint();
  const results = scoreDescriptionRecall(cases, compiled);
  console.log(`triaged in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(0)} s\n`);
  for (const half of halves) {
    const mine = results.filter((r) => r.case.recall.half === half);
    const line = (label: string, list: readonly DescriptionResult[]) => {
      const s = summarizeDescriptionRecall(list);
      const instead = Object.entries(s.instead)
        .filter(([, n]) => n > 0)
        .map(([kind, n]) => `${kind} ${n}`)
        .join(', ');
      return `  ${label.padEnd(24)} fix named first ${pct(s.first, s.cases).padStart(6)} (${s.first}/${s.cases})  top 3 ${pct(s.top3, s.cases).padStart(6)}  offered by description ${pct(s.offered, s.cases).padStart(6)}  first instead: ${instead || 'none'}`;
    };
    console.log(`${half}:`);
    console.log(line('all', mine));
    console.log(line('message names a frame', mine.filter((r) => namesFrame(r))));
    console.log(line('message names no frame', mine.filter((r) => !namesFrame(r))));
    console.log('');
  }
  if (args.includes('--misses')) {
    const kind = valueOf('--misses');
    const misses = results.filter((r) => r.case.recall.half === 'tune' && r.instead !== null && (kind === undefined || kind.startsWith('--') || r.instead === kind));
    console.log(`tune misses${kind && !kind.startsWith('--') ? ` (${kind})` : ''}: ${misses.length}`);
    for (const r of misses) console.log(`  ${r.case.record} [${r.case.recall.transport}] ${r.instead}${r.winner ? ` -> ${r.winner}` : ''}${r.offered ? ' (offered)' : ''}`);
    console.log('');
  }
}

/** Whether the record's log-less message names a function of its own trace (the words a trace gives the search). */
function namesFrame(r: DescriptionResult): boolean {
  const text = r.case.text;
  return /\b[a-z_][a-z0-9_]*_[a-z0-9_]+\b/.test(text) && r.case.recall.report.body.split('\n').some((line) => {
    const frame = /\b([A-Za-z_][\w.]*)\+0x[0-9a-f]+\/0x[0-9a-f]+/.exec(line)?.[1];
    return frame !== undefined && text.includes(frame.replace(/\.(?:isra|constprop|part|cold)\.\d+$/, ''));
  });
}

async function falseVerdicts(compiled: CompiledRules): Promise<void> {
  if (!args.includes('--no-fp')) {
    if (existsSync(DEFAULT_CORPUS)) {
      const fp = syzkallerFalseVerdicts(readCorpus(DEFAULT_CORPUS), compiled);
      console.log(`syzkaller logs: ${fp.logsWithWrong}/${fp.logs} get a CVE known-bug verdict with another title (${fp.wrong.length} verdicts)`);
      for (const w of fp.wrong.slice(0, 10)) console.log(`  ${w}`);
    } else console.log(`syzkaller logs: skipped (no corpus at ${DEFAULT_CORPUS})`);
    const reports = join(DEFAULT_CORPUS, '..', 'real-reports');
    if (existsSync(reports)) {
      const negatives = readReportCases(reports).filter((c) => c.negative);
      const scored = scoreCases(negatives, compiled);
      console.log(`public negatives: ${scored.filter((r) => r.knownBugVerdict).length}/${scored.length} get a known-bug verdict from the pack`);
    } else console.log(`public negatives: skipped (no corpus at ${reports})`);
  }
}

await main();
