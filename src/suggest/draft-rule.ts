import { extractFacts, extractFactsAndLines, parseKernelVersion, segmentReport, type FactsAndLines } from '../extract/index.js';
import { checkFixesAgainstRecords } from '../import/merge-cve-records.js';
import type { RecordIndexEntry } from '../import/record-index.js';
import { CORROBORATING_WEIGHT, selectLogSignatures, subsystemOf, type LogSignatureChoice } from '../import/cve-record-to-rule.js';
import { compileRules, evaluateRules, rankMatches, reportLines, testRuleExamples, type CompiledRules } from '../match/index.js';
import type { BugReport, ConfigFact, FactDefinition, FactValue, Facts } from '../model.js';
import { checkRuleVersion, parseRuleFiles, sameCommit, type BugRule, type RuleProblem, type RuleSet } from '../rules/index.js';
import { canonicalizeLogLine, isGenericFrame, reliableFrames } from '../extract/index.js';
import { chooseNoMatch, type DraftCandidate, type NoMatchChoice } from './choose-no-match.js';
import { renderDraftYaml } from './render-draft-yaml.js';

/*
 * A known bug drafted from a resolved report (issue 15 item 3): what a maintainer would write by
 * hand, from the report's own log, for a rules pull request. The signatures are chosen exactly as
 * the kernel-CVE importer chooses them (selectLogSignatures), so a draft and a generated rule read
 * the same log the same way; the draft then proves itself before it is handed out: it is parsed
 * and checked like `ktriage lint` does and its examples are run like `ktriage test` does.
 */

/** The fix a maintainer names (`--fix`, `/ktriage suggest-rule <sha>`). */
export interface DraftFix {
  /** 12 to 40 hex digits (7+ is accepted from people and flagged: rules need 12). */
  commit: string;
  /** The commit subject, verbatim; null when the maintainer did not give it. */
  subject?: string | null;
}

export interface DraftRuleOptions {
  /** The fix; null for a report whose fix is not known yet (a dashboard cluster): the draft then says what to add and does not lint. */
  fix: DraftFix | null;
  /** The first release carrying the fix: a mainline release (`6.3-rc2`, `6.3`) or a stable one (`6.1.20`); a leading `v` is dropped. */
  fixedIn?: string | null;
  /** The first bad release, when the maintainer knows it. */
  introduced?: string | null;
  /** The rule id (default: made from the title). */
  id?: string | null;
  /** Texts that must not match (bundled rule examples, public negatives, other reports): the closest one the draft does not match becomes its no_match example. */
  candidates?: readonly DraftCandidate[];
  /** The fact vocabulary (rules/facts.yml): facts are read with it and `when` conditions name its ids. */
  vocabulary?: readonly FactDefinition[];
  /**
   * The rules the draft will live beside (the bundled ones): their ids are avoided, and a rule sharing
   * a signature with the draft tells which of the report's facts separate the two (`when`).
   */
  rules?: RuleSet;
  /**
   * The rules reports are triaged with (compiled): one that already matches the report confidently,
   * or names the same fix, is named in a review note (extend it rather than adding a twin).
   */
  known?: CompiledRules;
  /**
   * The kernel CVE records' index (records.tsv): a fix whose subject a record names with another
   * sha is most likely a pre-rebase sha, and the review notes say which mainline commit to use.
   */
  records?: readonly RecordIndexEntry[];
}

/** A drafted rule: the YAML to paste (with review comments), the same rule as data, and what to check. */
export interface DraftedRule {
  /** A whole rule file (`bugs:` with one entry), comments saying what to check. */
  yaml: string;
  /** The bug in the rule file's own shape (snake_case). */
  rule: Record<string, unknown> & { id: string };
  /** What the maintainer must check, one sentence each (also the YAML's header comments). */
  checks: string[];
  /** Where the no_match example came from. */
  noMatch: NoMatchChoice;
  /** Problems `ktriage lint` and `ktriage test` would report on the YAML as written (empty when it is clean; never empty without a fix). */
  problems: string[];
}

export type DraftOutcome = { drafted: DraftedRule } | { refused: string };

/** Draft rule ids stay readable: the title's words, at most this long. */
const MAX_ID_CHARS = 60;
/** A match example longer than this many lines is cut down to the lines the signatures rest on. */
const MAX_EXAMPLE_LINES = 120;

/**
 * Lines of an oops's anatomy that every crash prints in some form (the faulting user-space code,
 * register dumps, the hardware line): never a key line, whatever words they hold.
 */
const OOPS_ANATOMY: readonly RegExp[] = [
  // A userspace program's syslog tag (`systemd-udevd[3856]: ...`): the journal interleaves them with kernel lines.
  /^[\w.-]+\[<N>\]: /,
  // Informational lines a filesystem prints on every mount (`BTRFS info (device sda): using crc32c ...`).
  /^\S+ info \(device /,
  /^Tainted: /, /^INFO: task .* blocked for more than <N> seconds/, /^Code: /, /^(?:RIP|RSP|RAX|RDX|RBP|R\d+|FS|CS|CR\d|DR\d|pc|lr|sp|x\d+) ?: /, /^Hardware name: /, /^CPU: <N> PID: <N> /, /^Modules linked in: /];

/** Frames of the code that reports a bug (lockdep's printers), not of the buggy path: never stack signature frames. */
const REPORTING_FRAMES = /^(?:print_deadlock_bug|print_circular_bug|print_bad_irq_dependency|print_usage_bug|check_noncircular|check_prev_add|check_prevs_add|check_deadlock|check_irq_usage|validate_chain|mark_lock|mark_usage|__lock_acquire|lock_acquire|lock_sync|__might_resched|__might_sleep|__might_fault|kasan_\w+|__asan_\w+|ubsan_\w+|__ubsan_\w+|report_bug|handle_bug|exc_invalid_op|asm_exc_invalid_op|__warn|warn_slowpath_\w+)$/;

/**
 * Facts that say how the bug showed itself, not which bug it is: debug options that make a bug
 * visible (a KASAN report implies KASAN) never separate two bugs.
 */
const NEVER_SEPARATING: ReadonlySet<string> = new Set(['kconfig_kasan', 'kconfig_prove_locking', 'kconfig_debug_vm']);

/**
 * Draft a known bug from a report whose fix a maintainer knows.
 *
 * @example
 * const outcome = draftRule(report, { fix: { commit: 'e2f2a39452c4', subject: "block, bfq: fix uaf for 'stable_merge_bfqq'" }, fixedIn: '6.3-rc2' });
 * if ('drafted' in outcome) console.log(outcome.drafted.yaml);
 * // bugs:
 * //   - id: kasan-slab-use-after-free-read-in-bfq-setup-cooperator
 * //     signatures:
 * //       - crash: "KASAN: slab-use-after-free Read in bfq_setup_cooperator"
 * //       ...
 */
export function draftRule(report: BugReport, options: DraftRuleOptions): DraftOutcome {
  const vocabulary = options.vocabulary ?? [];
  const fixProblem = options.fix === null ? null : checkFix(options.fix);
  if (fixProblem !== null) return { refused: fixProblem };
  const fixed = options.fixedIn ? fixedVersions(options.fixedIn) : { versions: null };
  if ('problem' in fixed) return { refused: `--fixed-in ${options.fixedIn}: ${fixed.problem}` };
  const introduced = options.introduced ? options.introduced.replace(/^v(?=\d)/, '') : null;
  const introducedProblem = introduced === null ? null : checkRuleVersion('introduced', introduced);
  if (introducedProblem !== null) return { refused: `--introduced ${options.introduced}: ${introducedProblem}` };

  const { facts, lines } = extractFactsAndLines(report, vocabulary);
  const specific = selectLogSignatures(facts, { genericLines: OOPS_ANATOMY, genericFrames: REPORTING_FRAMES });
  const weak = specific.titles.length === 0 && specific.keyLines.length === 0 && specific.stack === null ? weakSignatures(facts, lines) : { titles: [], keyLines: [], notes: [] };
  const chosen: LogSignatureChoice = { ...specific, keyLines: [...specific.keyLines, ...weak.keyLines] };
  if (chosen.titles.length === 0 && chosen.keyLines.length === 0 && chosen.stack === null && weak.titles.length === 0) {
    const why = facts.crashes.length + facts.signatures.length + facts.stacks.length === 0 ? 'it holds no kernel log line, crash or call trace' : 'its log holds only lines many bugs print (corrupted crash titles, generic errors, generic frames)';
    return { refused: `cannot draft a rule from ${report.id}: ${why}; a rule needs a line only this bug prints` };
  }
  // The importer's weights: a specific crash title alone is a known bug; key lines and the stack
  // need two of them. A drafter cannot know that a line only this bug prints (a maintainer can: the
  // review notes say to raise its weight), so a draft with one key line is possible-only.
  const signatures: Array<Record<string, unknown>> = [
    ...chosen.titles.map((title) => ({ crash: title })),
    ...weak.titles.map((title) => ({ crash: title, weight: WEAK_WEIGHT })),
    ...specific.keyLines.map((line) => ({ log: line, weight: CORROBORATING_WEIGHT })),
    ...weak.keyLines.map((line) => ({ log: line, weight: WEAK_WEIGHT })),
    ...(chosen.stack ? [{ stack: chosen.stack, weight: CORROBORATING_WEIGHT }] : []),
  ];
  const checks: string[] = [...weak.notes];

  // The report's own lines as the match example: the log the signatures were read from.
  const example = matchExample(report, facts, { ...chosen, titles: [...chosen.titles, ...weak.titles] }, vocabulary);
  const exampleFacts = extractFacts({ ...report, title: '', body: example, comments: [], attachments: [] }, vocabulary);
  const { when, notes: conditionNotes } = conditionsOf(facts, exampleFacts, sharingRules(options.rules?.bugs ?? [], chosen));
  checks.push(...conditionNotes);

  const title = chosen.titles[0] ?? weak.titles[0] ?? chosen.keyLines[0] ?? (report.title.trim() || `call trace through ${chosen.stack!.join(', ')}`);
  const id = options.id ?? makeId(title, new Set((options.rules?.bugs ?? []).map((bug) => bug.id)));
  const subject = options.fix?.subject?.trim() || null;
  const fix = options.fix === null ? [] : [{ commit: options.fix.commit.toLowerCase(), subject: subject ?? SUBJECT_PLACEHOLDER }];
  if (options.fix !== null) {
    checks.unshift(`verify that ${options.fix.commit.slice(0, 12)} is the upstream commit that fixed this report (this draft did not check it), then list the commit's URL under \`verified_by\``);
    if (subject === null) checks.unshift(`replace the fix subject with ${options.fix.commit.slice(0, 12)}'s subject, verbatim (it was not given)`);
  } else checks.unshift('add the fix: `fix: [{ commit: <sha>, subject: <subject> }]` (no fix was given, so this draft does not lint yet)');
  for (const bisect of facts.bisect.slice(-1)) {
    checks.push(`the report bisected to ${bisect.commit}${bisect.subject ? ` ("${bisect.subject}")` : ''}: if that commit introduced the bug, write it as \`affected.introduced.commit\``);
  }
  if (introduced === null) checks.push('`affected.introduced` is unknown: add the first bad release or commit when the fix names one (`Fixes:` tag)');
  if (fixed.versions === null) checks.push('`affected.fixed` is unknown: add the first mainline release carrying the fix (and stable backports) so ktriage can tell reporters whether their kernel has it');

  const subsystem = subsystemOfReport(facts);
  if (subsystem === 'kernel') checks.push('`subsystem` could not be told from the log (no source path, module or known message prefix): name it (`block`, `xfs`, `md/raid5`, ...)');
  const affected: Record<string, unknown> = {
    ...(introduced !== null ? { introduced } : {}),
    ...(fixed.versions !== null ? { fixed: fixed.versions } : {}),
  };
  const rule: Record<string, unknown> & { id: string } = {
    id,
    title: oneLine(title),
    subsystem,
    links: linksOf(report, options.fix),
    signatures,
    ...(Object.keys(when).length > 0 ? { when } : {}),
    ...(Object.keys(affected).length > 0 ? { affected } : {}),
    fix,
    labels: ['known-bug'],
    examples: { match: [example], no_match: [] as string[] },
  };

  const draftRules = (noMatch: readonly string[]): CompiledRules => compileRules(parseDraft({ ...rule, examples: { match: [example], no_match: noMatch.length > 0 ? noMatch : ['-'] } }, vocabulary).ruleSet);
  const noMatch = chooseNoMatch(report, example, options.candidates ?? [], draftRules([]), vocabulary);
  (rule.examples as { no_match: string[] }).no_match = [noMatch.text];
  if (noMatch.matched.length > 0) {
    checks.push(`the draft also matches ${noMatch.matched.slice(0, 5).join(', ')}${noMatch.matched.length > 5 ? ` and ${noMatch.matched.length - 5} more` : ''}: if those are other bugs, make a signature more specific`);
  }
  checks.push(...alreadyKnown(facts, lines, options));
  if (options.records !== undefined && options.fix !== null) {
    for (const problem of checkFixesAgainstRecords(parseDraft(rule, vocabulary).ruleSet.bugs, options.records)) checks.unshift(problem.message);
  }
  const weight = signatures.reduce((sum, s) => sum + (s.weight as number | undefined ?? 1), 0);
  if (weight < 0.5 && Object.keys(when).length === 0) {
    checks.push(`possible-only: the signatures weigh ${Number(weight.toFixed(2))} < 0.5, so the rule never gives a known-bug verdict; raise the weight of the line only this bug prints once you know no other bug prints it`);
  }

  const yaml = renderDraftYaml(rule, checks, { report: report.url ?? report.id, noMatch });
  const problems = problemsOf(yaml, vocabulary);
  return { drafted: { yaml, rule, checks, noMatch, problems } };
}

/**
 * Weight of a signature drafted from a report with nothing specific (weakSignatures): the two a
 * draft may take (WEAK_SIGNATURES) weigh 0.4, under the 0.5 a known-bug verdict needs
 * (RANKING.md), so such a draft is possible-only until a maintainer raises a weight.
 */
const WEAK_WEIGHT = 0.2;
const WEAK_SIGNATURES = 2;

/**
 * A lockdep report's lock classes, as every lockdep report prints them: `(&us_interface_key[i]){+.+.}-{3:3}`
 * (address, class name, usage bits), in the acquire / held lines and in the dependency chain (`-> #1 (...)`).
 */
const LOCK_CLASS = /\(((?:[^(){}\s]|\([^(){}\s]*\))+)\)\{[-+.?]{4}\}/g;
/** Lock classes most lockdep reports pass through (driver core, workqueues, RCU, the scheduler, VFS): they tell no bug apart. */
const GENERIC_LOCK_CLASSES: readonly RegExp[] = [
  /^&dev->mutex$/, /^\(wq_completion\)/, /^\(work_completion\)/, /^rcu_read_lock/, /^&rq->__lock$/, /^&p->pi_lock$/,
  /^&mm->mmap_lock$/, /^sb_writers/, /^&type->[is]_/, /^&sb->s_type->i_mutex_key/, /^console_(?:lock|owner)$/, /^cpu_hotplug_lock$/,
  /^&pool->lock/, /^kernfs_/, /^\(console_sem\)/, /^fs_reclaim$/, /^&obj_hash\[i\]\.lock$/, /^&base->lock$/, /^rtnl_mutex$/,
];

/**
 * Signatures for a report with no specific crash title, key line or stack (the class of report
 * selectLogSignatures has nothing for): a crash title the extractor marked corrupted (the log lost
 * its call trace: a lockdep report without `stack backtrace:`, a WARNING pasted without its trace)
 * whose guilty function is still named and is neither plumbing nor a reporting frame; and, in a
 * lockdep report, the lock classes it names that most lockdep reports do not. Each weighs
 * WEAK_WEIGHT: the draft is possible-only and says so.
 */
function weakSignatures(facts: Facts, lines: FactsAndLines['lines']): { titles: string[]; keyLines: string[]; notes: string[] } {
  const titles: string[] = [];
  for (const crash of facts.crashes) {
    if (crash.frame === null || isGenericFrame(crash.frame) || REPORTING_FRAMES.test(crash.frame) || /\bcorrupted\b/.test(crash.title) || /\.[ch]:\d+|\+0x[0-9a-f]/i.test(crash.title)) continue;
    if (!titles.includes(crash.title) && titles.length < WEAK_SIGNATURES) titles.push(crash.title);
  }
  const keyLines: string[] = [];
  const lockdep = facts.crashes.some((crash) => LOCKDEP_TITLE.test(crash.title)) || facts.signatures.some((s) => LOCKDEP_HEADER.test(s.text));
  if (lockdep) {
    const seen = new Set<string>();
    for (const part of lines) {
      for (const line of part.logLines) {
        for (const m of line.message.matchAll(LOCK_CLASS)) {
          const name = m[1]!;
          if (seen.has(name) || GENERIC_LOCK_CLASSES.some((pattern) => pattern.test(name))) continue;
          seen.add(name);
          if (titles.length + keyLines.length < WEAK_SIGNATURES) keyLines.push(`(${name})`);
        }
      }
    }
  }
  const notes: string[] = [];
  if (titles.length + keyLines.length > 0) {
    notes.push(
      `nothing in this report names the bug alone (its crash title is marked corrupted: ${facts.crashes.map((c) => `"${c.title}"`).slice(0, 2).join(', ') || 'none'}; no specific key line or call trace), so the draft rests on ${[...titles.map((t) => `the title "${t}"`), ...keyLines.map((l) => `the lock class ${l}`)].join(' and ')}, ${WEAK_WEIGHT} each; add the call trace of a complete report of this bug`,
    );
  }
  return { titles, keyLines, notes };
}

/** syzkaller's titles of lockdep reports. */
const LOCKDEP_TITLE = /^(?:possible deadlock|inconsistent lock state|possible irq lock inversion|bad unlock balance|held lock freed|lock held when returning to user space|suspicious RCU usage) in /;
/** lockdep's headers (`WARNING: possible circular locking dependency detected`, ...). */
const LOCKDEP_HEADER = /\b(?:possible (?:circular|recursive) locking (?:dependency )?detected|inconsistent lock state|possible irq lock inversion dependency detected|(?:HARDIRQ|SOFTIRQ)-(?:safe|unsafe) lock order detected|bad unlock balance detected)\b/;

/** Rules that already know the report's bug: same fix, or a confident match on the report. */
function alreadyKnown(facts: Facts, lines: FactsAndLines['lines'], options: DraftRuleOptions): string[] {
  const notes: string[] = [];
  const sha = options.fix?.commit.toLowerCase() ?? null;
  const bugs = options.known?.ruleSet.bugs ?? options.rules?.bugs ?? [];
  const sameFix = sha === null ? [] : bugs.filter((bug) => bug.fix.some((f) => f.sha !== null && sameCommit(f.sha, sha)));
  if (sameFix.length > 0) notes.push(`rule ${sameFix.map((bug) => bug.id).join(', ')} already names this fix: add this report's lines to it instead of adding a rule`);
  if (options.known !== undefined) {
    const confident = rankMatches(evaluateRules(facts, options.known, reportLines(facts, lines)), facts).filter((r) => r.confident && !sameFix.some((bug) => bug.id === r.match.ruleId));
    if (confident.length > 0) notes.push(`rule ${confident.slice(0, 3).map((r) => r.match.ruleId).join(', ')} already matches this report as a known bug: if it is the same bug, correct that rule; if not, the draft must be told apart from it`);
  }
  return notes;
}

/** Stands in for a fix subject nobody gave: lint accepts it, the review comment says to replace it. */
export const SUBJECT_PLACEHOLDER = 'FIXME: the fix commit subject, verbatim';

function checkFix(fix: DraftFix): string | null {
  if (!/^[0-9a-f]{12,40}$/i.test(fix.commit)) {
    return /^[0-9a-f]{7,11}$/i.test(fix.commit)
      ? `--fix ${fix.commit}: give at least 12 hex digits of the fix commit (rules name commits by 12 to 40)`
      : `--fix ${fix.commit}: not a commit sha (12 to 40 hex digits)`;
  }
  if (fix.subject !== undefined && fix.subject !== null && /[\r\n]/.test(fix.subject)) return '--subject: the commit subject is one line';
  return null;
}

/** `--fixed-in`: a mainline release goes under `mainline`, a stable one (X.Y.Z) under `stable`. */
function fixedVersions(text: string): { versions: Record<string, unknown> } | { problem: string } {
  const version = text.trim().replace(/^v(?=\d)/, '');
  if (checkRuleVersion('mainline', version) === null) return { versions: { mainline: version } };
  if (checkRuleVersion('stable', version) === null) return { versions: { stable: [version] } };
  return { problem: checkRuleVersion(parseKernelVersion(version)?.sublevel ? 'stable' : 'mainline', version) ?? 'not a kernel release' };
}

/**
 * The report's own lines the signatures were read from. In each part (body, comment, attachment)
 * holding a chosen crash, key line or stack frame, the log block around them: anchors closer than
 * BLOCK_GAP lines form one block, each block grows over the adjacent kernel log lines (a few
 * above: the header and `====` rule of a report; below: the rest of the trace) up to
 * MAX_EXAMPLE_LINES. When the excerpt no longer gives the same crash titles (a header far from
 * its trace), the part's whole text is used.
 */
function matchExample(report: BugReport, facts: Facts, chosen: LogSignatureChoice, vocabulary: readonly FactDefinition[]): string {
  const texts = segmentReport(report).filter((text) => text.part !== 'title');
  const excerpts: string[] = [];
  const keyLines = new Set(chosen.keyLines);
  for (const text of texts) {
    const lines = text.text.split('\n').map((line) => line.replace(/\r$/, ''));
    const mine = (evidence: { part: string; index: number }) => evidence.part === text.part && evidence.index === text.index;
    const anchors = new Set<number>();
    const titles = facts.crashes.filter((crash) => chosen.titles.includes(crash.title) && mine(crash.evidence));
    for (const crash of titles) anchors.add(crash.evidence.line);
    for (const signature of facts.signatures) if (keyLines.has(signature.text.trim()) && mine(signature.evidence)) anchors.add(signature.evidence.line);
    const stack = chosen.stack ?? [];
    for (const trace of facts.stacks) {
      const chain = reliableFrames(trace);
      if (stack.length === 0 || !stack.every((name) => chain.some((frame) => frame.function === name))) continue;
      for (const frame of chain) if (stack.includes(frame.function) && mine(frame.evidence)) anchors.add(frame.evidence.line);
    }
    if (anchors.size === 0) continue;
    const logged = new Set<number>();
    for (const line of text.logLines) for (let i = line.line; i <= line.lastLine; i++) logged.add(i);
    const isLog = (i: number) => logged.has(i) || FRAME.test(lines[i] ?? '') || /^\s+\S/.test(lines[i] ?? '');
    const blocks: Array<[number, number]> = [];
    for (const anchor of [...anchors].sort((a, b) => a - b)) {
      const open = blocks[blocks.length - 1];
      if (open !== undefined && anchor - open[1] <= BLOCK_GAP && anchor - open[0] < MAX_EXAMPLE_LINES) open[1] = anchor;
      else blocks.push([anchor, anchor]);
    }
    const parts = blocks.map(([from, to]) => {
      let first = from;
      let last = to;
      for (let up = 0; up < 3 && first > 0 && logged.has(first - 1); up++) first--;
      while (last < lines.length - 1 && isLog(last + 1) && last - first + 1 < MAX_EXAMPLE_LINES) last++;
      return lines.slice(first, last + 1).join('\n');
    });
    let excerpt = parts.join('\n').trim();
    const again = extractFacts({ ...report, title: '', body: excerpt, comments: [], attachments: [] }, vocabulary);
    if (!titles.every((crash) => again.crashes.some((c) => c.title === crash.title))) excerpt = text.text.trim();
    excerpts.push(excerpt);
  }
  return excerpts.join('\n\n') || report.body.trim();
}

/** Anchors (signature lines) at most this far apart share one excerpt block. */
const BLOCK_GAP = 40;
/** A stack frame as traces print it (`f+0x1c/0x30`). */
const FRAME = /\b[A-Za-z_][\w.]*\+0x[0-9a-f]+\/0x[0-9a-f]+/;

/**
 * The rules that share a signature with the draft (a crash title, a key line, a stack function):
 * the bugs a reporter's log could be confused with.
 */
function sharingRules(bugs: readonly BugRule[], chosen: LogSignatureChoice): BugRule[] {
  const lines = chosen.keyLines.map((line) => canonicalizeLogLine(line));
  const frames = new Set(chosen.stack ?? []);
  return bugs.filter((bug) =>
    bug.signatures.some(
      (signature) =>
        (signature.kind === 'crash' && chosen.titles.includes(signature.pattern)) ||
        (signature.kind === 'log' && lines.some((line) => line.includes(signature.pattern))) ||
        (signature.kind === 'stack' && signature.pattern.split(/[\s,]+/).some((name) => frames.has(name))),
    ),
  );
}

/**
 * `when` conditions: only the facts that separate this bug from a rule sharing its signatures —
 * the other rule has a condition on the fact, the report has a known value that fails it, and the
 * match example shows that value too (a condition its own example cannot confirm would fail it).
 * Every other fact the report states is left out (a filesystem the trace passes through does not
 * make a block-layer bug a filesystem bug) and named in a review note.
 */
function conditionsOf(facts: Facts, exampleFacts: Facts, sharing: readonly BugRule[]): { when: Record<string, FactValue>; notes: string[] } {
  const when: Record<string, FactValue> = {};
  const notes: string[] = [];
  const stated: string[] = [];
  for (const [id, fact] of Object.entries(facts.config).sort(([a], [b]) => a.localeCompare(b))) {
    if (NEVER_SEPARATING.has(id)) continue;
    const separates = sharing.filter((bug) => {
      const condition = bug.when[id];
      return condition !== undefined && condition !== 'any' && !satisfies(condition, fact.value);
    });
    const shown = exampleFacts.config[id];
    if (separates.length > 0 && shown !== undefined && shown.value === fact.value) {
      when[id] = fact.value;
      notes.push(`\`when: ${id}: ${String(fact.value)}\` separates this bug from ${separates.map((bug) => bug.id).join(', ')} (same signature, \`${id}\` condition the report fails); the report says ${quoted(fact)}`);
    } else stated.push(`\`${id}: ${String(fact.value)}\` (${quoted(fact)})`);
  }
  if (stated.length > 0) notes.push(`the report also states ${stated.slice(0, 6).join(', ')}: add one to \`when\` only if the bug needs it`);
  return { when, notes };
}

function satisfies(condition: BugRule['when'][string], value: FactValue): boolean {
  if (Array.isArray(condition)) return condition.includes(value as never);
  return condition === value;
}

function quoted(fact: ConfigFact): string {
  const text = fact.evidence.quote.trim();
  return `"${text.length > 80 ? `${text.slice(0, 77)}...` : text}"`;
}

/**
 * The subsystem, in rules/README.md's names: from a source path the log names (`kernel BUG at
 * fs/ext4/inode.c:2791!`, a symbolized frame), else from the module of the first frames, else
 * from a key line's subsystem prefix; `kernel` when nothing says.
 */
function subsystemOfReport(facts: Facts): string {
  const paths: string[] = [];
  const pathIn = /\b((?:arch|block|drivers|fs|io_uring|kernel|lib|mm|net|security|sound|virt)\/[\w./-]+\.[ch])\b/g;
  for (const crash of facts.crashes) for (const m of crash.evidence.quote.matchAll(pathIn)) paths.push(m[1]!);
  // The buggy path's own frames: dump_stack's or lockdep's source files name no subsystem of the bug.
  for (const trace of facts.stacks) for (const frame of reliableFrames(trace).filter((f) => !isGenericFrame(f.function) && !REPORTING_FRAMES.test(f.function)).slice(0, 5)) if (frame.source) paths.push(frame.source);
  for (const signature of facts.signatures.slice(0, 5)) for (const m of signature.text.matchAll(pathIn)) paths.push(m[1]!);
  if (paths.length > 0) return subsystemOf(paths);
  for (const trace of facts.stacks.slice(0, 1)) {
    const module = reliableFrames(trace).slice(0, 5).find((frame) => frame.module !== null)?.module;
    if (module) return MODULE_SUBSYSTEMS.find(([pattern]) => pattern.test(module))?.[1] ?? module.replace(/_/g, '-').toLowerCase();
  }
  for (const signature of facts.signatures) {
    const row = PREFIX_SUBSYSTEMS.find(([pattern]) => pattern.test(signature.text));
    if (row) return row[1];
  }
  for (const crash of facts.crashes) {
    const row = crash.frame === null ? undefined : FUNCTION_SUBSYSTEMS.find(([pattern]) => pattern.test(crash.frame!));
    if (row) return row[1];
  }
  return 'kernel';
}

/** Modules whose name is not the subsystem's (`dm_thin_pool` -> device-mapper/thin). */
const MODULE_SUBSYSTEMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^dm_thin_pool$/, 'device-mapper/thin'],
  [/^dm_(persistent_data|bufio)$/, 'device-mapper'],
  [/^dm_([a-z0-9]+)$/, 'device-mapper'],
  [/^raid(?:456|10|1|0)$/, 'md'],
  [/^nvme(?:_core|_tcp|_rdma|_fc|_fabrics)?$/, 'nvme'],
  [/^nvmet(?:_\w+)?$/, 'nvme'],
];

/** The guilty function's prefix -> subsystem (kernel naming conventions). */
const FUNCTION_SUBSYSTEMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^bfq_/, 'block/bfq'],
  [/^(?:blk_|bio_|__blk_|disk_|bdev_)/, 'block'],
  [/^(?:ext4_|jbd2_)/, 'ext4'],
  [/^xfs_/, 'xfs'],
  [/^btrfs_/, 'btrfs'],
  [/^f2fs_/, 'f2fs'],
  [/^(?:nvmet?_)/, 'nvme'],
  [/^(?:md_|raid\d+_|r\d+bio_|bitmap_)/, 'md'],
  [/^dm_/, 'device-mapper'],
  [/^(?:scsi_|sd_|sr_|ufshcd_)/, 'scsi'],
  [/^(?:nfsd?4?_)/, 'nfs'],
  [/^(?:cifs_|smb2?_)/, 'cifs'],
  [/^(?:usb_|xhci_|hub_)/, 'usb'],
];

/** Key lines' prefixes (kernel message subsystems) -> subsystem. */
const PREFIX_SUBSYSTEMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^device-mapper: thin\b/i, 'device-mapper/thin'],
  [/^device-mapper: /i, 'device-mapper'],
  [/^EXT4-fs\b/, 'ext4'],
  [/^XFS\b/, 'xfs'],
  [/^BTRFS\b/, 'btrfs'],
  [/^md\/raid(\d+)/, 'md'],
  [/^md\b/, 'md'],
  [/^nvme\d*/, 'nvme'],
  [/^sd \d|^scsi\b/, 'scsi'],
  [/^blk_|^block\b/, 'block'],
];

/** The report's link, else the fix commit's (a rule needs one link). */
function linksOf(report: BugReport, fix: DraftFix | null): string[] {
  const links: string[] = [];
  if (report.url && /^https?:\/\//.test(report.url)) links.push(report.url);
  if (links.length === 0 && fix !== null) links.push(`https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=${fix.commit.toLowerCase()}`);
  if (links.length === 0) links.push('https://example.invalid/FIXME-link-the-report');
  return links;
}

/**
 * A rule id from a title: `KASAN: slab-use-after-free Read in bfq_setup_cooperator` ->
 * `kasan-slab-use-after-free-read-in-bfq-setup-cooperator`; `-2`, `-3`, ... when taken.
 */
export function makeId(title: string, taken: ReadonlySet<string>): string {
  let base = title
    .toLowerCase()
    .replace(/<[a-z]+>/g, ' ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  // Titles name the guilty function last (`... in create_strip_zones`): a long one keeps its end.
  if (base.length > MAX_ID_CHARS) base = base.slice(-MAX_ID_CHARS).replace(/^[^-]*-/, '') || base.slice(-MAX_ID_CHARS);
  if (!/^[a-z0-9]/.test(base)) base = `bug-${base}`.replace(/-+$/, '');
  let id = base || 'drafted-bug';
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}

/** The rule as a one-bug file, parsed the way `ktriage lint` parses it. */
function parseDraft(rule: Record<string, unknown>, vocabulary: readonly FactDefinition[]) {
  return parseRuleFiles([{ path: 'draft.yml', text: renderDraftYaml(rule, [], { report: '', noMatch: null }) }], { knownFacts: vocabulary });
}

/**
 * What `ktriage lint` (errors and warnings) and `ktriage test` (failures) say about the YAML, so a
 * caller can tell the maintainer before they paste it. Empty for a clean draft.
 */
export function problemsOf(yaml: string, vocabulary: readonly FactDefinition[]): string[] {
  const parsed = parseRuleFiles([{ path: 'draft.yml', text: yaml }], { knownFacts: vocabulary });
  const problems = parsed.problems.map((p: RuleProblem) => `draft.yml:${p.line}:${p.col}: ${p.severity}: ${p.message}`);
  if (parsed.ruleSet.bugs.length === 0) return problems;
  const compiled = compileRules(parsed.ruleSet);
  for (const problem of compiled.problems) problems.push(`signature ${problem.signature + 1}: ${problem.message}`);
  for (const finding of testRuleExamples(compiled, { vocabulary })) {
    if (finding.kind === 'failure') problems.push(`${finding.example.kind} example ${finding.example.index + 1}: ${finding.message}`);
  }
  return problems;
}
