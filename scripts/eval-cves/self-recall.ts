// Self-recall of the kernel CVE pack (issue 10): for every generated rule, the log its record
// quotes, carried the ways real reports carry it (scripts/transports: wrapped, syslog and journal
// prefixes, quoted, trimmed traces, other frame shapes), wrapped in a plausible report (a sentence of
// prose and a kernel version from the affected range), triaged against the whole pack. Scored on
// "the record's fix named first with a known-bug verdict" and "the fix status is right" ("6.1.80
// lacks the fix: on the 6.1 branch it is in 6.1.83"). Records are split into halves by the stable
// hash of the record id (tune on one, report the other); confusions say which other rule won.
//
// The public real reports are too few (14 whose fix has a CVE) to tune the importer and the ranking
// on; this measures the same classes (signature selection, transports, records sharing a title)
// over thousands of records. It cannot measure prose-only reports: a record without a log gives no
// rule, and inventing a user's words for it would measure the inventor.
import type { Match } from '../../src/model.js';
import type { CompiledRules } from '../../src/match/index.js';
import type { BugRule } from '../../src/rules/index.js';
import { compareVersions } from '../../src/import/read-cve-record.js';
import { triage } from '../../src/triage.js';
import { halfOf, type Half } from '../transports/score-transports.js';
import { TRANSPORTS, type Transport } from '../transports/transports.js';

export type { Half };

/** The clean log, as the record quotes it: the baseline every carrier is compared with. */
const CLEAN: Transport = { name: 'clean', about: 'the log as the record quotes it', carry: (log) => log };

/** FNV-1a of a string: the stable hash the halves and every per-record choice use. */
export function fnv(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

export interface RecallCase {
  /** The generated rule's id (`cve-2024-50014`). */
  ruleId: string;
  half: Half;
  transport: string;
  report: { title: string; body: string };
  /** The reporter's kernel and what its fix status must say. */
  kernel: string;
  /** The first release carrying the fix for that kernel: the branch's backport or the mainline release. */
  fixedIn: string;
  fixSha: string;
  /** The rule's crash titles (to tell a confusion by a shared title from one by another signature). */
  titles: string[];
}

/**
 * The kernel a reporter of this bug plausibly runs: a stable release of a branch the record lists
 * a backport for, a few sublevels before it (at or after the introducing release), else the mainline
 * release or rc before the mainline fix. Null when the rule gives nothing to place a kernel in.
 *
 * @example
 * reporterKernel({ introduced: { version: '6.6', commit: null }, fixed: { mainline: '6.12', stable: ['6.11.3', '6.6.75'], distro: {} } }, 7)
 * // => { kernel: '6.6.72', fixedIn: '6.6.75' } (the branch and the distance come from the seed)
 */
export function reporterKernel(affected: BugRule['affected'], seed: number): { kernel: string; fixedIn: string } | null {
  const introduced = affected.introduced?.version ?? null;
  const atOrAfterIntroduced = (version: string) => introduced === null || compareVersions(version, introduced) >= 0;
  const branches = affected.fixed.stable.filter((release) => Number(release.split('.')[2]) > 1);
  for (let k = 0; k < branches.length; k++) {
    const release = branches[(seed + k) % branches.length]!;
    const [major, minor, sub] = release.split('.').map(Number) as [number, number, number];
    const back = 1 + ((seed >>> 8) % Math.min(sub - 1, 6));
    const kernel = `${major}.${minor}.${sub - back}`;
    if (atOrAfterIntroduced(kernel)) return { kernel, fixedIn: release };
  }
  const mainline = affected.fixed.mainline;
  if (mainline === null) return null;
  const rc = /^(\d+)\.(\d+)-rc(\d+)$/.exec(mainline);
  const before = rc !== null && Number(rc[3]) > 2 ? `${rc[1]}.${rc[2]}-rc${Number(rc[3]) - 1}` : previousRelease(mainline.replace(/-rc\d+$/, ''));
  if (before === null || (!atOrAfterIntroduced(before.replace(/-rc\d+$/, '')) && !(introduced !== null && before.startsWith(`${introduced}-rc`)))) return null;
  // A release whose own branch took the fix (6.10 -> 6.10.1) is fixed there first, not in the next mainline.
  const ownBranch = affected.fixed.stable.find((release) => release.startsWith(`${before}.`));
  return { kernel: before, fixedIn: ownBranch ?? mainline };
}

/** The mainline release before X.Y: X.(Y-1), or the last release of the previous major. */
const LAST_OF_MAJOR: Record<number, string> = { 3: '2.6.39', 4: '3.19', 5: '4.20', 6: '5.19', 7: '6.19' };
function previousRelease(release: string): string | null {
  const [major, minor] = release.split('.').map(Number) as [number, number];
  if (minor > 0) return `${major}.${minor - 1}`;
  return LAST_OF_MAJOR[major] ?? null;
}

/** Ways a report states its kernel, the same version each time. */
const VERSION_LINES: ReadonlyArray<(version: string) => string> = [
  (v) => `Kernel: ${v}`,
  (v) => `uname -r: ${v}`,
  (v) => `I'm running ${v} (vanilla, built from kernel.org).`,
  (v) => `Linux version ${v} (builder@buildhost) (gcc (GCC) 13.2.0, GNU ld (GNU Binutils) 2.41) #1 SMP PREEMPT_DYNAMIC`,
];

const OPENINGS: readonly string[] = [
  'The machine hit this while running our usual workload; the log is below.',
  'Seen twice this week on one of our test boxes. dmesg:',
  'After a few hours of stress testing the kernel printed the following.',
  'This shows up in the console log during normal use, see the log.',
];

/**
 * The log's own kernel version (the `CPU: 0 PID: 1 Comm: x Not tainted 6.10.0+ #11` line) replaced
 * by the reporter's: a report of this bug on 6.6.72 prints 6.6.72 there, not the fix author's tree.
 */
export function restampKernel(log: string, kernel: string): string {
  return log
    .split('\n')
    .map((line) => (/\b(?:[Nn]ot tainted|Tainted:)|\bLinux version |^\s*(?:\[[\d. ]+\])?\s*\d[\w.+~-]* #\d+\s*$/.test(line) ? line.replace(KERNEL_TOKEN, kernel) : line))
    .join('\n');
}

/** A kernel release as a taint or banner line prints it (`6.10.0-rc1+`, `5.16.18-200.fc35.x86_64`). */
const KERNEL_TOKEN = /(?<![\w.:/])\d{1,2}\.\d{1,2}(?:\.\d{1,3})?(?:[-+~._][\w.+~-]*)?(?![\w.])/;

/** Which transports each record is carried by: the clean log and one carrier chosen by the record's hash. */
export function transportsFor(ruleId: string, all: readonly Transport[] = TRANSPORTS): Transport[] {
  return [CLEAN, all[fnv(`${ruleId}/transport`) % all.length]!];
}

/** The recall cases of a pack: one per rule and transport (rules with no kernel to place are skipped). */
export function recallCases(bugs: readonly BugRule[], options: { allTransports?: boolean } = {}): RecallCase[] {
  const cases: RecallCase[] = [];
  for (const bug of bugs) {
    const log = bug.examples.match[0];
    const fixSha = bug.fix[0]?.sha ?? null;
    if (log === undefined || fixSha === null) continue;
    const seed = fnv(bug.id);
    const placed = reporterKernel(bug.affected, seed);
    if (placed === null) continue;
    const titles = bug.signatures.filter((s) => s.kind === 'crash').map((s) => s.pattern);
    const stamped = restampKernel(log, placed.kernel);
    for (const transport of options.allTransports ? [CLEAN, ...TRANSPORTS] : transportsFor(bug.id)) {
      const carried = transport.carry(stamped, titles[0] ?? '');
      const body = [OPENINGS[seed % OPENINGS.length]!, '', VERSION_LINES[(seed >>> 4) % VERSION_LINES.length]!(placed.kernel), '', carried, ''].join('\n');
      cases.push({
        ruleId: bug.id,
        half: halfOf(bug.id),
        transport: transport.name,
        report: { title: `${bug.subsystem}: kernel error under load`, body },
        kernel: placed.kernel,
        fixedIn: placed.fixedIn,
        fixSha,
        titles,
      });
    }
  }
  return cases;
}

/** Why the record's fix was not named first with a known-bug verdict. */
export type MissKind =
  /** Nothing matched at all (or only offers by description). */
  | 'no match'
  /** The record's rule is first but only a possible match. */
  | 'possible only'
  /** Another rule won, one that carries a crash title of the record's rule. */
  | 'other rule, same title'
  /** Another rule won on other signatures (key lines, stacks). */
  | 'other rule'
  /** The record's rule matched confidently but ranks below another confident one. */
  | 'ranked below';

export interface RecallResult {
  case: RecallCase;
  /** The record's fix named first with a known-bug verdict. */
  named: boolean;
  /** Named, and the fix status says the kernel lacks it and names the first fixed release. */
  statusRight: boolean;
  /** The plan's first match (signature or description, any confidence) carries the record's fix. */
  firstAny: boolean;
  /** The record's rule was the first signature match but an offer by description went before it. */
  displaced: boolean;
  miss: MissKind | null;
  /** The rule that won instead (when another did). */
  winner: string | null;
  /** The fix status and its reason, as the top match gave them. */
  status: string | null;
}

/** Triage each case against the pack and score it. */
export function scoreRecall(cases: readonly RecallCase[], rules: CompiledRules, bugsById: ReadonlyMap<string, BugRule>): RecallResult[] {
  return cases.map((c) => {
    const plan = triage({ source: 'file', id: `${c.ruleId}/${c.transport}`, url: null, title: c.report.title, body: c.report.body, comments: [], attachments: [], fields: {} }, rules);
    const signatureMatches = plan.matches.filter((m) => m.basis !== 'description');
    const top: Match | undefined = signatureMatches[0];
    const carries = (m: Match) => m.fix.some((f) => f.sha !== null && f.sha.toLowerCase() === c.fixSha.toLowerCase());
    const named = top !== undefined && top.verdict !== 'possible-match' && carries(top);
    const statusRight = named && top.fixStatus === 'lacks-fix' && top.fixReason.includes(c.fixedIn);
    let miss: MissKind | null = null;
    let winner: string | null = null;
    if (!named) {
      if (top === undefined) miss = 'no match';
      else if (carries(top)) miss = 'possible only';
      else {
        winner = top.ruleId;
        const own = signatureMatches.find(carries);
        const winnerTitles = bugsById.get(top.ruleId)?.signatures.filter((s) => s.kind === 'crash').map((s) => s.pattern) ?? [];
        if (own !== undefined && own.verdict !== 'possible-match') miss = 'ranked below';
        else miss = winnerTitles.some((t) => c.titles.includes(t)) ? 'other rule, same title' : 'other rule';
      }
    }
    const firstAny = plan.matches[0] !== undefined && carries(plan.matches[0]);
    const displaced = top !== undefined && carries(top) && plan.matches[0]?.basis === 'description';
    return { case: c, named, statusRight, firstAny, displaced, miss, winner, status: top ? `${top.fixStatus}: ${top.fixReason}` : null };
  });
}

export interface RecallSummary {
  cases: number;
  named: number;
  statusRight: number;
  firstAny: number;
  displaced: number;
  misses: Record<MissKind, number>;
}

export function summarizeRecall(results: readonly RecallResult[]): RecallSummary {
  const misses: Record<MissKind, number> = { 'no match': 0, 'possible only': 0, 'other rule, same title': 0, 'other rule': 0, 'ranked below': 0 };
  for (const r of results) if (r.miss !== null) misses[r.miss]++;
  return {
    cases: results.length,
    named: results.filter((r) => r.named).length,
    statusRight: results.filter((r) => r.statusRight).length,
    firstAny: results.filter((r) => r.firstAny).length,
    displaced: results.filter((r) => r.displaced).length,
    misses,
  };
}
