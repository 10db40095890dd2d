import { RE2JS, RE2Set } from 're2js';
import { canonicalizeLogLine, LiteralIndex, findSubsystem, isGenericFrame, requiredLiterals, type Automaton } from '../extract/index.js';
import type { FactDefinition } from '../model.js';
import type { BugRule, Playbook, RuleSet } from '../rules/index.js';
import { buildWindowIndex } from './build-window-index.js';
import type { DescriptionSource } from './description-index.js';
import { buildFuzzyIndex, type FuzzyIndex, type FuzzyTableReader } from './fuzzy-index.js';

/** One signature of one rule: indexes into CompiledRules.bugs and that rule's signatures. */
export interface SignatureRef {
  rule: number;
  signature: number;
}

/** A regex signature that could not be compiled here (lint normally catches these first). */
export interface CompileProblem {
  ruleId: string;
  signature: number;
  message: string;
}

/**
 * A rule set prepared for matching: built once, used for every report. Matching cost per report
 * grows with the report, not with the number of rules (see RANKING.md and scripts/bench/triage.ts).
 */
export interface CompiledRules {
  readonly kind: 'compiled-rules';
  readonly ruleSet: RuleSet;
  readonly bugs: readonly BugRule[];
  readonly playbooks: readonly Playbook[];
  /** The fact vocabulary by id (questions for unknown facts). */
  readonly facts: ReadonlyMap<string, FactDefinition>;
  /** Every distinct canonical `log` signature, in one multi-pattern index (build-window-index.ts). */
  readonly literals: Automaton;
  /** literalOwners[pattern] = the signatures that have that canonical text. */
  readonly literalOwners: ReadonlyArray<readonly SignatureRef[]>;
  /** `crash` titles, compared exactly with a report's crash titles and their alternatives. */
  readonly crashTitles: ReadonlyMap<string, readonly SignatureRef[]>;
  /** `stack` signatures by each of their functions: a trace's frames find their candidates. */
  readonly stackFunctions: ReadonlyMap<string, readonly StackSignature[]>;
  /** `bisect` signatures (written, and implied by `affected.introduced.commit`), by their first 12 hex digits. */
  readonly bisectCommits: ReadonlyMap<string, ReadonlyArray<{ sha: string; ref: SignatureRef }>>;
  /**
   * Every `regex` signature: those with a required literal behind a multi-pattern prefilter, the
   * rest in RE2 sets (one linear pass per line finds all of a set's matches).
   */
  readonly regexes: RegexMatcher | null;
  /** Near-miss search over log signatures (grouped by subsystem) and crash titles (grouped by frame). */
  readonly fuzzy: FuzzyIndex<SignatureRef>;
  readonly problems: readonly CompileProblem[];
  /**
   * The description index of the CVE pack, loaded only when a report needs it (no log, or a log
   * that matched nothing confidently: see plan/match-descriptions.ts); null without a pack.
   */
  readonly descriptions: DescriptionSource | null;
}

export interface CompileOptions {
  /** The CVE pack's description index, as a loader called at most when needed (src/io supplies it). */
  descriptions?: DescriptionSource | null;
  /**
   * The fuzzy index's tables, precomputed for exactly this list of bugs (the precompiled bundled
   * packs: `compiled.fuzzy.tables()` at build time); used only when `bugs` are the rule set's bugs,
   * the same objects in the same order (a selection that drops one changes every idf), read on the
   * index's first search. Otherwise the index is built from the rules.
   */
  fuzzyTables?: { bugs: readonly BugRule[]; tables: () => FuzzyTableReader | null } | null;
  /**
   * The signature index, precomputed for exactly this list of bugs (the precompiled bundled packs:
   * signatureTables(bugs) at build time); used only when `bugs` are the rule set's bugs, the same
   * objects in the same order. Otherwise the rules' signatures are read here.
   */
  signatureTables?: { bugs: readonly BugRule[]; tables: SignatureTables } | null;
}

/**
 * Every signature of a list of rules, sorted by kind into the shapes compileRules indexes, as plain
 * data (JSON). The precompiled bundled packs store it (issue 10, item 4), so that start-up neither
 * reads ~13,000 signatures of ~4,000 rules (nor decodes the generated rules that carry them) nor
 * canonicalises their log lines: compileRules only fills its maps from it. A reference to a
 * signature is a [rule, signature] pair of indexes, flattened in lists of several.
 */
export interface SignatureTables {
  /** Distinct canonical `log` texts, in first-seen order, each with its signatures (flat pairs). */
  logs: Array<[text: string, refs: number[]]>;
  /** Distinct `crash` titles, in first-seen order, each with its signatures (flat pairs). */
  crashes: Array<[title: string, refs: number[]]>;
  /**
   * `stack` signatures in rule order: their distinct functions, and whether the rule is
   * hand-written (found in part when it lists several functions; found through `?` frames).
   */
  stacks: Array<[rule: number, signature: number, functions: string[], handWritten: 0 | 1]>;
  /** `bisect` signatures in rule order, their sha lower-cased. */
  bisects: Array<[sha: string, rule: number, signature: number]>;
  /** `regex` signatures in rule order. */
  regexes: Array<[source: string, rule: number, signature: number]>;
  /** The fuzzy index's entries in list order, four numbers each: kind (0 a log, 1 a crash), index into logs or crashes, rule, signature. */
  fuzzy: number[];
}

/** A `stack` signature: every function must occur in one trace. */
export interface StackSignature {
  ref: SignatureRef;
  functions: readonly string[];
  /**
   * Whether it may be found in part (RANKING.md). Not for a generated rule: an importer lists the
   * top frames of one trace, and part of those (`__fput task_work_run`) is any close(2) path.
   */
  partial: boolean;
  /**
   * Whether a function may be found as a `? f+0x..` frame, at half credit (RANKING.md). Only for
   * hand-written rules: an importer's list is one record's reliable frames, and a stale return
   * address must not make a generated rule's second independent signature.
   */
  unsure: boolean;
}

/** Shas are compared on their first 12 hex digits (the kernel's abbreviation), then by prefix. */
export const BISECT_KEY_LENGTH = 12;

export interface RegexMatcher {
  /** The signatures whose regex matches somewhere in `line`. */
  match(line: string): SignatureRef[];
}

/**
 * Compile a rule set for matching: literal signatures into a window-hash index, crash titles into a
 * hash map, regexes behind a literal prefilter (compiled on first use) or in RE2 sets, and every log
 * signature and crash title into the fuzzy index (built on its first search). Never throws: a regex
 * RE2 refuses is left out and reported in `problems`. Start-up cost matters as much as search cost
 * here: the CLI compiles the bundled packs (thousands of rules) on every run.
 *
 * @example
 * const compiled = compileRules(parseRuleFiles(files).ruleSet);
 * compiled.literals.size // => number of distinct canonical log signatures
 */
export function compileRules(ruleSet: RuleSet, options: CompileOptions = {}): CompiledRules {
  const given = options.signatureTables && sameBugs(options.signatureTables.bugs, ruleSet.bugs) ? options.signatureTables.tables : null;
  const tables = given ?? signatureTables(ruleSet.bugs);
  const refsOf = (flat: readonly number[]): SignatureRef[] => {
    const refs: SignatureRef[] = [];
    for (let i = 0; i < flat.length; i += 2) refs.push({ rule: flat[i]!, signature: flat[i + 1]! });
    return refs;
  };
  const literalOwners = tables.logs.map(([, refs]) => refsOf(refs));
  const crashTitles = new Map(tables.crashes.map(([title, refs]) => [title, refsOf(refs)]));
  const stackFunctions = new Map<string, StackSignature[]>();
  for (const [rule, signature, functions, handWritten] of tables.stacks) {
    const entry = { ref: { rule, signature }, functions, partial: handWritten === 1 && functions.length >= 2, unsure: handWritten === 1 };
    for (const name of functions) {
      const list = stackFunctions.get(name);
      if (list) list.push(entry);
      else stackFunctions.set(name, [entry]);
    }
  }
  const bisectCommits = new Map<string, Array<{ sha: string; ref: SignatureRef }>>();
  for (const [sha, rule, signature] of tables.bisects) {
    const key = sha.slice(0, BISECT_KEY_LENGTH);
    const list = bisectCommits.get(key);
    if (list) list.push({ sha, ref: { rule, signature } });
    else bisectCommits.set(key, [{ sha, ref: { rule, signature } }]);
  }
  // Grouped (a log line's subsystem, a crash title's function) when the fuzzy index is first searched.
  const fuzzyEntries = (): Array<{ text: string; group: (text: string) => string; value: SignatureRef }> => {
    const entries: Array<{ text: string; group: (text: string) => string; value: SignatureRef }> = [];
    const flat = tables.fuzzy;
    for (let i = 0; i < flat.length; i += 4) {
      const isLog = flat[i] === 0;
      entries.push({ text: (isLog ? tables.logs : tables.crashes)[flat[i + 1]!]![0], group: isLog ? logGroup : crashGroup, value: { rule: flat[i + 2]!, signature: flat[i + 3]! } });
    }
    return entries;
  };

  const problems: CompileProblem[] = [];
  const regexes = compileRegexes(
    ruleSet.bugs,
    tables.regexes.map(([source, rule, signature]) => ({ source, ref: { rule, signature } })),
    problems,
  );
  const prebuilt = options.fuzzyTables && sameBugs(options.fuzzyTables.bugs, ruleSet.bugs) ? options.fuzzyTables : null;
  let listed: ReturnType<typeof fuzzyEntries> | undefined;
  const list = () => (listed ??= fuzzyEntries());
  return {
    kind: 'compiled-rules',
    ruleSet,
    bugs: ruleSet.bugs,
    playbooks: ruleSet.playbooks,
    facts: new Map(ruleSet.facts.map((fact) => [fact.id, fact])),
    literals: buildWindowIndex(tables.logs.map(([text]) => text)),
    literalOwners,
    crashTitles,
    stackFunctions,
    bisectCommits,
    regexes,
    fuzzy: buildFuzzyIndex(
      () => list().map((entry) => ({ text: entry.text, group: entry.group(entry.text), value: entry.value })),
      prebuilt === null ? undefined : { list, tables: prebuilt.tables },
    ),
    problems,
    descriptions: options.descriptions ?? null,
  };
}

/**
 * The signature index of a list of rules (SignatureTables): what compileRules reads of the rules,
 * computed once at build time for the bundled packs. Deterministic: same rules, same tables.
 *
 * @example
 * signatureTables(ruleSet.bugs).logs[0] // => ['device-mapper: thin: <DEV>: switching pool to read-only mode', [0, 1]]
 */
export function signatureTables(bugs: readonly BugRule[]): SignatureTables {
  const tables: SignatureTables = { logs: [], crashes: [], stacks: [], bisects: [], regexes: [], fuzzy: [] };
  const logIndex = new Map<string, number>();
  const crashIndex = new Map<string, number>();
  bugs.forEach((bug, rule) => {
    bug.signatures.forEach((signature, index) => {
      if (signature.kind === 'log') {
        // rules/ stores the canonical form already; canonicalising again is idempotent and keeps
        // hand-built rule sets (tests, the benchmark, other tools) matching the same way.
        const pattern = canonicalizeLogLine(signature.pattern);
        if (pattern.length === 0) return;
        let id = logIndex.get(pattern);
        if (id === undefined) {
          id = tables.logs.length;
          logIndex.set(pattern, id);
          tables.logs.push([pattern, []]);
        }
        tables.logs[id]![1].push(rule, index);
        tables.fuzzy.push(0, id, rule, index);
      } else if (signature.kind === 'crash') {
        let id = crashIndex.get(signature.pattern);
        if (id === undefined) {
          id = tables.crashes.length;
          crashIndex.set(signature.pattern, id);
          tables.crashes.push([signature.pattern, []]);
        }
        tables.crashes[id]![1].push(rule, index);
        tables.fuzzy.push(1, id, rule, index);
      } else if (signature.kind === 'stack') {
        const functions = [...new Set(signature.pattern.split(' ').filter((name) => name.length > 0))];
        if (functions.length === 0) return;
        tables.stacks.push([rule, index, functions, bug.origin !== 'generated' ? 1 : 0]);
      } else if (signature.kind === 'bisect') {
        tables.bisects.push([signature.pattern.toLowerCase(), rule, index]);
      } else {
        tables.regexes.push([signature.pattern, rule, index]);
      }
    });
  });
  return tables;
}

/** The same rule objects in the same order. */
function sameBugs(a: readonly BugRule[], b: readonly BugRule[]): boolean {
  return a.length === b.length && a.every((bug, i) => bug === b[i]);
}

/**
 * Is this a compiled rule set (triage accepts either)?
 *
 * @example
 * isCompiledRules(compileRules(ruleSet)) // => true
 */
export function isCompiledRules(rules: RuleSet | CompiledRules): rules is CompiledRules {
  return (rules as CompiledRules).kind === 'compiled-rules';
}

/**
 * The fuzzy group of a log line: its subsystem ("device-mapper: thin"), or "" when none is known.
 *
 * @example
 * logGroup('device-mapper: thin: <DEV>: switching pool to read-only mode') // => 'log:device-mapper: thin'
 */
export function logGroup(canonical: string): string {
  return `log:${findSubsystem(canonical)?.name ?? ''}`;
}

/**
 * The fuzzy group of a crash title: the function it names. "KASAN: use-after-free Write in f" is
 * near "... Read in f", never near a crash in another function.
 *
 * @example
 * crashGroup('KASAN: use-after-free Write in bfq_setup_cooperator') // => 'crash:bfq_setup_cooperator'
 */
export function crashGroup(title: string): string {
  const at = title.lastIndexOf(' in ');
  return `crash:${at < 0 ? title : title.slice(at + 4)}`;
}

/**
 * The functions a rule's fix subjects and title name: identifiers written as calls (`f()`) or with
 * an underscore (`cdrom_mrw_exit`), minus the frames every trace passes (`kfree`, `schedule`).
 * Read when a report's hits touch the rule, not at compile time (most rules never are). Never a
 * signature of their own: found among a report's frames they only corroborate (RANKING.md).
 * Field and module names (`rq_iter`, `null_blk`) come along; no frame carries them, so they never hit.
 *
 * @example
 * namedFunctions({ title: 'oops in ublk_ctrl_start_recovery()', fix: [{ subject: 'ublk_drv: fix it' }] })
 * // => ['ublk_ctrl_start_recovery', 'ublk_drv']
 */
export function namedFunctions(rule: Pick<BugRule, 'title' | 'fix'>): string[] {
  const names = new Set<string>();
  for (const text of [...rule.fix.map((f) => f.subject), rule.title]) {
    for (const m of text.matchAll(/(?<![\w./-])([A-Za-z_][A-Za-z0-9_]{2,})(\(\))?/g)) {
      const name = m[1]!;
      if ((m[2] !== undefined || name.includes('_')) && !isGenericFrame(name)) names.add(name);
    }
  }
  return [...names];
}

/** Report lines longer than this are cut before regex matching: RE2 is linear, this keeps it short. */
export const MAX_REGEX_INPUT = 8192;

function compileRegexes(bugs: readonly BugRule[], sources: Array<{ source: string; ref: SignatureRef }>, problems: CompileProblem[]): RegexMatcher | null {
  if (sources.length === 0) return null;
  // Regexes with required literals (one, or one of a few: `^(?:nvme_uring_cmd_io|blk_rq_map_user_iov)\+0x`):
  // a multi-pattern pass over the line finds the candidates, and only those run. The rest go into
  // RE2 sets that run on every line (and are compiled at start to report the ones RE2 refuses).
  const literalIndex = new LiteralIndex<{ regex: LazyRegex; ref: SignatureRef }>();
  const always: Array<{ source: string; ref: SignatureRef }> = [];
  for (const entry of sources) {
    const literals = requiredLiterals(entry.source);
    if (literals === null) {
      try {
        RE2JS.compile(entry.source);
        always.push(entry);
      } catch (error) {
        problems.push({ ruleId: bugs[entry.ref.rule]!.id, signature: entry.ref.signature, message: `regex does not compile as RE2: ${error instanceof Error ? error.message : String(error)}` });
      }
      continue;
    }
    // Compiled on first use: most never meet a line with their literal. rules/ lint compiles
    // every regex already; one that still fails here never matches.
    const candidate = { regex: lazyRegex(entry.source), ref: entry.ref };
    literalIndex.file(literals, candidate);
  }
  const { automaton: literals, items: literalRegexes } = literalIndex.build();
  const chunks: Array<(input: string) => SignatureRef[]> = [];
  for (let from = 0; from < always.length; from += REGEX_SET_SIZE) chunks.push(compileChunk(always.slice(from, from + REGEX_SET_SIZE)));
  if (literalRegexes.length === 0 && chunks.length === 0) return null;
  return {
    match(line) {
      const input = line.slice(0, MAX_REGEX_INPUT);
      const found: SignatureRef[] = [];
      const tried = new Set<number>();
      // A regex found by two of its literals runs (and is found) once.
      const ran = new Set<LazyRegex>();
      literals.search(input, (id) => {
        if (tried.has(id)) return;
        tried.add(id);
        for (const { regex, ref } of literalRegexes[id]!) {
          if (ran.has(regex)) continue;
          ran.add(regex);
          if (regex.test(input)) found.push(ref);
        }
      });
      for (const chunk of chunks) found.push(...chunk(input));
      return found;
    },
  };
}

/** Regexes per RE2 set: keeps each set's program under RE2's size limit and its DFA within budget. */
const REGEX_SET_SIZE = 256;

function compileChunk(entries: Array<{ source: string; ref: SignatureRef }>): (input: string) => SignatureRef[] {
  const owners = entries.map((entry) => entry.ref);
  try {
    const set = new RE2Set();
    for (const entry of entries) set.add(entry.source);
    set.compile();
    return (input) => set.match(input).map((i) => owners[i]!);
  } catch {
    // The set's program is too large: one RE2 program per regex (each still linear time).
    const compiled = entries.map((entry) => RE2JS.compile(entry.source));
    return (input) => compiled.flatMap((re, i) => (re.test(input) ? [owners[i]!] : []));
  }
}

interface LazyRegex {
  test(input: string): boolean;
}

function lazyRegex(source: string): LazyRegex {
  let compiled: RE2JS | null | undefined;
  return {
    test(input) {
      if (compiled === undefined) {
        try {
          compiled = RE2JS.compile(source);
        } catch {
          compiled = null;
        }
      }
      return compiled !== null && compiled.test(input);
    },
  };
}
