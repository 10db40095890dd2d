// Triage speed: synthetic rule sets of 100, 1,000 and 10,000 rules against reports of 4 KB, 64 KB
// and 1 MB. Prints the median triage time (extraction + matching + plan) and its parts (extraction
// with the report's log lines, turning the log lines that are not error signatures into matching
// lines (canonical forms), matching), the rule-set compile time and RSS, and the same
// matching done the naive way (every rule's pattern tried against every line) as the reference.
// Then hostile rules and reports.
// Targets (issue 4): 64 KB x 10,000 rules under 10 ms median; 10,000 rules under 2x of 100 rules;
// at least 20x faster than naive at 10,000 rules; compiling 10,000 rules under 1 s.
import { performance } from 'node:perf_hooks';
import { RE2JS } from 're2js';
import { canonicalizeLogLine, extractFactsAndLines } from '../../src/extract/index.js';
import {
  compileRules,
  evaluateRules,
  rankMatches,
  otherReportLines,
  signatureLines,
  type CompiledRules,
  type ReportLine,
} from '../../src/match/index.js';
import type { BugReport, Facts } from '../../src/model.js';
import type { BugRule, RuleSet, Signature } from '../../src/rules/index.js';
import { triage } from '../../src/triage.js';

const RULE_COUNTS = [100, 1_000, 10_000];
const REPORT_SIZES = [
  ['4 KB', 4 * 1024],
  ['64 KB', 64 * 1024],
  ['1 MB', 1024 * 1024],
] as const;

/** A small deterministic generator: the same rule sets and reports on every run. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const SUBSYSTEMS = ['device-mapper: thin', 'device-mapper: cache', 'md/raid:md0', 'EXT4-fs error (device sda1)', 'XFS (sdb1)', 'BTRFS error (device nvme0n1p2)', 'nvme nvme0', 'blk_update_request'];
const VERBS = ['failed', 'error', 'corruption detected', 'unable to allocate', 'timeout', 'mismatch', 'invalid state', 'cannot recover'];
const WORDS = ['metadata', 'btree', 'journal', 'superblock', 'bitmap', 'extent', 'inode', 'queue', 'sector', 'block', 'mapping', 'commit', 'space map', 'refcount'];

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

/** A log message of the synthetic vocabulary; `id` makes it unique to one rule. */
function message(random: () => number, id: number): string {
  return `${pick(random, SUBSYSTEMS)}: ${pick(random, WORDS)} synth_fn_${id}() ${pick(random, VERBS)}: ${pick(random, WORDS)} ${Math.floor(random() * 9000)} error = -${1 + Math.floor(random() * 120)}`;
}

/** N rules: 85% log signatures (1-3 each), 10% crash titles, 5% regexes, a few `when` conditions. */
export function syntheticRuleSet(count: number, seed = 1): RuleSet {
  const random = lcg(seed);
  const bugs: BugRule[] = [];
  for (let i = 0; i < count; i++) {
    const kind = random();
    const signatures: Signature[] = [];
    if (kind < 0.85) {
      const n = 1 + Math.floor(random() * 3);
      for (let s = 0; s < n; s++) {
        const text = message(random, i * 10 + s);
        signatures.push({ kind: 'log', pattern: canonicalizeLogLine(text), text, weight: s === 0 ? 1 : 0.5 });
      }
    } else if (kind < 0.95) {
      const title = `${pick(random, ['WARNING in', 'KASAN: use-after-free Read in', 'BUG: unable to handle kernel NULL pointer dereference in', 'kernel BUG in'])} synth_fn_${i}`;
      signatures.push({ kind: 'crash', pattern: title, text: title, weight: 1 });
    } else {
      const source = `synth_fn_${i}\\(\\) failed: error = -(?:5|22|61)`;
      signatures.push({ kind: 'regex', pattern: source, text: source, weight: 1 });
    }
    bugs.push({
      id: `synthetic-${i}`,
      title: `Synthetic bug ${i}`,
      subsystem: 'block',
      links: [`https://example.org/${i}`],
      verifiedBy: [],
      origin: 'curated',
      provenance: null,
      signatures,
      when: random() < 0.2 ? { thin_pool: true } : {},
      affected: { introduced: null, fixed: { mainline: `6.${1 + (i % 10)}`, stable: [`5.15.${100 + (i % 50)}`], distro: {} } },
      fix: [{ sha: (i.toString(16) + 'abcdef0123456789').slice(0, 12), subject: `synthetic fix ${i}`, repo: null }],
      related: [],
      nextSteps: ['Upgrade to {{fixed_for_running}} or later.'],
      ask: [],
      labels: ['synthetic'],
      examples: { match: ['x'], noMatch: ['y'] },
      source: { file: 'synthetic.yml', line: 1 + i, col: 5 },
    });
  }
  return { bugs, playbooks: [], facts: [] };
}

/** A dmesg-style report of about `bytes`: boot noise, error lines (a few from rules), a crash. */
export function syntheticReport(bytes: number, rules: RuleSet, seed = 7): BugReport {
  const random = lcg(seed);
  const lines: string[] = ['We run 5.15.90 on a thin pool; it fails under load.', '', '```'];
  let size = 0;
  let t = 0;
  const informational = ['usb 1-1: new high-speed USB device number 3 using xhci_hcd', 'EXT4-fs (sda1): mounted filesystem with ordered data mode. Opts: (null)', 'device-mapper: thin: 253:4: reached low water mark for data device: sending event.', 'e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex', 'systemd[1]: Started Journal Service.'];
  const known = rules.bugs.filter((b) => b.signatures[0]?.kind === 'log').slice(0, 3);
  let n = 0;
  while (size < bytes) {
    t += random();
    const roll = random();
    let text: string;
    if (roll < 0.7) text = pick(random, informational);
    else if (roll < 0.995) text = message(random, 1_000_000 + Math.floor(random() * 1000));
    else text = known.length > 0 ? known[n++ % known.length]!.signatures[0]!.text : 'device-mapper: thin: 253:6: switching pool to read-only mode';
    const line = `[${t.toFixed(6).padStart(12)}] ${text}`;
    lines.push(line);
    size += line.length + 1;
  }
  lines.push('```');
  return { source: 'file', id: `synthetic-${bytes}`, url: null, title: 'thin pool fails', body: lines.join('\n'), comments: [], attachments: [], fields: {} };
}

/** The reference: every rule's every pattern tried against every line (regexes compiled once). */
function naiveMatch(rules: RuleSet, regexes: Map<string, RE2JS>, lines: readonly ReportLine[], facts: Facts): number {
  let hits = 0;
  const titles = facts.crashes.flatMap((c) => [c.title, ...c.alt]);
  for (const bug of rules.bugs) {
    for (const signature of bug.signatures) {
      if (signature.kind === 'crash') {
        if (titles.includes(signature.pattern)) hits++;
        continue;
      }
      for (const line of lines) {
        if (signature.kind === 'log' ? line.canonical.includes(signature.pattern) : regexes.get(signature.pattern)!.test(line.text)) hits++;
      }
    }
  }
  return hits;
}

function median(work: () => unknown, minRuns = 5, budgetMs = 1500): number {
  const times: number[] = [];
  const started = performance.now();
  while (times.length < minRuns || (performance.now() - started < budgetMs && times.length < 200)) {
    const t0 = performance.now();
    work();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

function ms(value: number): string {
  return value < 10 ? value.toFixed(2) : value.toFixed(0);
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

export async function run(): Promise<void> {
  console.log('rules   report   compile    triage   extract     lines     match     naive  naive/match   RSS');
  const matchMedians = new Map<string, number>();
  const triageMedians = new Map<string, number>();
  for (const count of RULE_COUNTS) {
    const ruleSet = syntheticRuleSet(count);
    const compileStart = performance.now();
    const compiled: CompiledRules = compileRules(ruleSet);
    const compileMs = performance.now() - compileStart;
    const regexes = new Map(ruleSet.bugs.flatMap((b) => b.signatures).filter((s) => s.kind === 'regex').map((s) => [s.pattern, RE2JS.compile(s.pattern)]));
    for (const [label, bytes] of REPORT_SIZES) {
      const report = syntheticReport(bytes, ruleSet);
      const { facts, lines: logLines } = extractFactsAndLines(report, []);
      const known = signatureLines(facts);
      const lines = [...known, ...otherReportLines(logLines, known)];
      const triageMs = median(() => triage(report, compiled));
      const extractMs = median(() => extractFactsAndLines(report, []));
      const linesMs = median(() => otherReportLines(logLines, known));
      const matchMs = median(() => rankMatches(evaluateRules(facts, compiled, lines), facts));
      const naiveMs = median(() => naiveMatch(ruleSet, regexes, lines, facts), 3, 3000);
      matchMedians.set(`${count}/${label}`, matchMs);
      triageMedians.set(`${count}/${label}`, triageMs);
      console.log(
        `${String(count).padStart(6)}  ${label.padStart(6)}  ${ms(compileMs).padStart(7)} ms ${ms(triageMs).padStart(6)} ms ${ms(extractMs).padStart(6)} ms ${ms(linesMs).padStart(6)} ms ${ms(matchMs).padStart(6)} ms ${ms(naiveMs).padStart(6)} ms ${`${(naiveMs / matchMs).toFixed(0)}x`.padStart(8)}   ${mb(process.memoryUsage().rss)}`,
      );
    }
  }
  const ratio = (table: Map<string, number>) => (table.get('10000/64 KB')! / table.get('100/64 KB')!).toFixed(2);
  console.log(`64 KB: 10,000 rules cost ${ratio(triageMedians)}x of 100 rules (triage), ${ratio(matchMedians)}x (matching alone)`);

  console.log('\nhostile rules and reports');
  const hostileTime = (label: string, work: () => unknown): void => {
    const t0 = performance.now();
    work();
    console.log(`  ${label.padEnd(60)} ${ms(performance.now() - t0).padStart(7)} ms`);
  };
  const catastrophic = syntheticRuleSet(10);
  catastrophic.bugs[0]!.signatures = [{ kind: 'regex', pattern: '(a+)+$', text: '(a+)+$', weight: 1 }, { kind: 'regex', pattern: '(x+x+)+y', text: '(x+x+)+y', weight: 1 }];
  const catastrophicRules = compileRules(catastrophic);
  hostileTime('catastrophic regexes (a+)+$, (x+x+)+y vs a 1 MB line of a/x', () =>
    triage({ source: 'file', id: 'h', url: null, title: '', body: `[ 1.0] device-mapper: thin: ${'a'.repeat(500_000)}${'x'.repeat(500_000)}!`, comments: [], attachments: [], fields: {} }, catastrophicRules),
  );
  const big = compileRules(syntheticRuleSet(10_000));
  hostileTime('one 10 MB line, 10,000 rules', () => triage({ source: 'file', id: 'h', url: null, title: '', body: `[ 1.0] device-mapper: thin: ${'failed '.repeat(1_500_000)}`, comments: [], attachments: [], fields: {} }, big));
  hostileTime('10 MB of one repeated error line, 10,000 rules', () =>
    triage({ source: 'file', id: 'h', url: null, title: '', body: '[ 1.0] device-mapper: thin: 253:6: dm_thin_insert_block() failed: error = -22\n'.repeat(130_000), comments: [], attachments: [], fields: {} }, big),
  );
  const regexHeavy = syntheticRuleSet(2_000);
  for (const [i, bug] of regexHeavy.bugs.entries()) bug.signatures = [{ kind: 'regex', pattern: `synth_fn_${i}\\(\\) (?:failed|error).*-(?:5|22)`, text: '', weight: 1 }];
  hostileTime('compile 2,000 regex rules with literals (prefiltered)', () => compileRules(regexHeavy));
  const noLiteral = syntheticRuleSet(2_000);
  for (const [i, bug] of noLiteral.bugs.entries()) bug.signatures = [{ kind: 'regex', pattern: `^[a-z]+ \\d{${1 + (i % 9)}} [a-f]{${1 + (i % 5)}}x${i % 10}$`, text: '', weight: 1 }];
  let noLiteralRules = compileRules(noLiteral);
  hostileTime('compile 2,000 regex rules without literals (RE2 sets)', () => (noLiteralRules = compileRules(noLiteral)));
  const report = syntheticReport(64 * 1024, noLiteral);
  hostileTime('  64 KB report against them, first run (lazy DFA)', () => triage(report, noLiteralRules));
  console.log(`  ${'  64 KB report against them, median after'.padEnd(60)} ${ms(median(() => triage(report, noLiteralRules))).padStart(7)} ms`);
}
