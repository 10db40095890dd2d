import { isGenericFrame, reliableFrames, splitAlternation } from '../extract/index.js';
import type { Evidence, Facts } from '../model.js';
import type { BugRule } from '../rules/index.js';
import { namedFunctions } from './compile-rules.js';

/*
 * "The report passes through the code the fix changed" (RANKING.md "Corroboration"). A rule written
 * from a fix message names the functions of one path: the race's other side, the caller that
 * triggers the bug, the function the fix changes. A report shows where it crashed, often another
 * function of the same code: `cache_check_rcu` beside the fix's `cache_seq_next_rcu`,
 * `blk_mq_flush_plug_list` beside `blk_mq_dispatch_plug_list`, a NULL dereference inside the
 * `[null_blk]` module whose fix is titled `null_blk: ...`. Such a frame does not identify the bug
 * (the code has other bugs), so it only ever corroborates: it is one of the kinds of evidence that
 * weigh corroboration, never a signature.
 */

/** Alternatives a regex's identifier may expand to before the expansion is given up (a wide pattern names no function). */
const MAX_EXPANSIONS = 32;

/**
 * Every function a rule names: in its fix subjects and title (`namedFunctions`), its stack
 * signatures, the function of its crash titles, and the identifiers its regexes spell out (with
 * their alternations expanded: `cache_seq_(?:start|next)_rcu` names `cache_seq_start_rcu` and
 * `cache_seq_next_rcu`). Generic frames (`kfree`, `schedule`) and single words are left out.
 *
 * @example
 * ruleFunctions({ title: 't', fix: [], signatures: [{ kind: 'regex', pattern: '\\b(?:dd|bfq)_insert_requests\\+0x' }] })
 * // => ['dd_insert_requests', 'bfq_insert_requests']
 */
export function ruleFunctions(rule: Pick<BugRule, 'title' | 'fix' | 'signatures'>): string[] {
  const names = new Set<string>(namedFunctions(rule));
  for (const signature of rule.signatures) {
    if (signature.implied) continue;
    if (signature.kind === 'stack') for (const name of signature.pattern.split(' ')) names.add(name);
    else if (signature.kind === 'crash') {
      const at = signature.pattern.lastIndexOf(' in ');
      if (at >= 0) names.add(signature.pattern.slice(at + 4).trim().split(/[\s/]/)[0] ?? '');
    } else if (signature.kind === 'regex') for (const name of regexIdentifiers(signature.pattern)) names.add(name);
  }
  return [...names].filter((name) => tokens(name).length >= 2 && !isGenericFrame(name));
}

/**
 * The identifiers a regex spells out: runs of identifier characters and non-capturing groups of
 * such runs (`(?:a|b)`, optional `(?:_x)?`), expanded; anything else (an escape, a class, a
 * quantifier) ends a run. Wider than MAX_EXPANSIONS alternatives: none.
 *
 * Not one reader with `requiredLiterals` (src/extract/required-literal.ts), though both read regex
 * sources: they answer different questions, and a mode would switch nearly every step of the
 * reading. Over the 83 regexes of rules/ (the CVE pack has none) the two agree on one. The
 * prefilter needs literals every match contains, so it drops optional groups (`sd_(?:probe_)?async`
 * -> `async`), keeps a group apart from its neighbours as a candidate of its own
 * (`cache_seq_(?:start|next)_rcu` -> `cache_seq_`), keeps punctuation and spaces
 * (`blk_mq_hctx_notify_online+0x`), reads small classes as their characters, and keeps only the
 * run whose shortest literal is longest. This reader needs every name, so it keeps optional groups
 * (`sd_probe_async` and `sd_async`), joins groups to their neighbours (`cache_seq_start_rcu`), ends
 * a name at punctuation, spaces and classes, and keeps every run. Made to agree, one would change
 * the prefilter (extraction identity, both prefilters' tests) or the functions the fixed-code
 * corroboration weighs (eval:reports). What they share is lexing: `splitAlternation` reads a
 * group's branches for both.
 *
 * @example
 * regexIdentifiers('free in (?:cache_seq_(?:start|next)_rcu|e_show)\\b')
 * // => ['free', 'in', 'cache_seq_start_rcu', 'cache_seq_next_rcu', 'e_show']
 */
export function regexIdentifiers(source: string): string[] {
  const out = new Set<string>();
  let at = 0;
  const identifierAt = (i: number): boolean => /[A-Za-z0-9_]/.test(source[i] ?? '');
  const groupAt = (i: number): number => (source.startsWith('(?:', i) ? 3 : source[i] === '(' && source[i + 1] !== '?' ? 1 : 0);
  // One sequence of identifier characters and groups, multiplied out; it stops at any other
  // character. Null for a group it cannot spell out (a quantifier or a class inside, too wide).
  const sequence = (): string[] | null => {
    let current = [''];
    for (;;) {
      if (identifierAt(at)) {
        const ch = source[at++]!;
        current = current.map((s) => s + ch);
        continue;
      }
      const open = groupAt(at);
      if (open === 0) return current;
      at += open;
      const alternatives: string[] = [];
      for (;;) {
        const alternative = sequence();
        if (alternative === null) return null;
        alternatives.push(...alternative);
        if (source[at] !== '|') break;
        at++;
      }
      if (source[at] !== ')') return null;
      at++;
      if (source[at] === '?') {
        alternatives.push('');
        at++;
      }
      if (current.length * alternatives.length > MAX_EXPANSIONS) return null;
      current = current.flatMap((s) => alternatives.map((a) => s + a));
    }
  };
  // The position after the group opening at `from` (its closing parenthesis and a `?`, `*`, `+`).
  const endOfGroup = (from: number): number => {
    let depth = 0;
    for (let i = from; i < source.length; i++) {
      if (source[i] === '\\') i++;
      else if (source[i] === '(') depth++;
      else if (source[i] === ')' && --depth === 0) return /[?*+]/.test(source[i + 1] ?? '') ? i + 2 : i + 1;
    }
    return source.length;
  };
  while (at < source.length) {
    if (source[at] === '\\') {
      at += 2; // an escape names nothing: `\b`, `\d`, `\+`
      continue;
    }
    if (!identifierAt(at) && groupAt(at) === 0) {
      at++;
      continue;
    }
    const from = at;
    const found = sequence();
    if (found === null) {
      // A name it cannot spell out is no name: skip all of it (its runs and its groups), so no
      // fragment of it (`_b0_fn` of `(?:a0|...)_(?:b0|...)_fn`) passes for a function. A group
      // every branch of which ends apart from a name (`(?:pc : |RIP: [0-9a-f]+:)` before the
      // function of a register line) is no part of the name after it: reading resumes there.
      at = from;
      while (identifierAt(at) || groupAt(at) > 0) {
        if (identifierAt(at)) {
          at++;
          continue;
        }
        const open = at;
        at = endOfGroup(open);
        if (endsApart(source.slice(open, at))) break;
      }
    } else for (const name of found) if (name !== '') out.add(name);
    if (at === from) at++;
  }
  return [...out];
}

/**
 * Whether every branch of a group (its source with the parentheses and a trailing `?`, `*`, `+`)
 * ends with a character no identifier holds, written plainly (`: `, `=`) or escaped (`\+`): what
 * follows the group then starts a name of its own. A branch ending in a class, a group, `.` or a
 * quantifier might end inside a name: not apart.
 *
 * @example
 * endsApart('(?:pc : |RIP: [0-9a-f]+:)') // => true
 */
export function endsApart(group: string): boolean {
  const close = group.lastIndexOf(')');
  const inner = group.slice(group.startsWith('(?:') ? 3 : 1, close);
  return splitAlternation(inner).every((branch) => {
    const last = branch.at(-1) ?? '';
    const escaped = branch.length >= 2 && branch.at(-2) === '\\' && (branch.length < 3 || branch.at(-3) !== '\\');
    return escaped ? /[^A-Za-z0-9_]/.test(last) : SEPARATORS.has(last);
  });
}

/** Characters written plainly in a regex that match only themselves and never occur in an identifier. */
const SEPARATORS = new Set([' ', ':', '=', ',', ';', '/', '<', '>', '@', '#', '%', '&', '!', '~', '"', "'", '-']);

const tokens = (name: string): string[] => name.split('_').filter((t) => t !== '');

/**
 * Two functions of one family: the same leading and trailing name parts around a different middle
 * (`cache_check_rcu` and `cache_seq_next_rcu`: `cache_` .. `_rcu`; `blk_mq_flush_plug_list` and
 * `blk_mq_dispatch_plug_list`), the shared parts at least half of the longer name. Kernel code names
 * the functions of one object or path that way; a shared prefix alone (`xfs_`, `blk_mq_`) is a
 * subsystem, not a family.
 *
 * @example
 * sameFamily('cache_check_rcu', 'cache_seq_next_rcu') // => true
 * sameFamily('xfs_iread_extents', 'xfs_bmap_add_extent') // => false
 */
export function sameFamily(a: string, b: string): boolean {
  if (a === b) return false;
  const x = tokens(a);
  const y = tokens(b);
  const shorter = Math.min(x.length, y.length);
  let prefix = 0;
  while (prefix < shorter && x[prefix] === y[prefix]) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && x[x.length - 1 - suffix] === y[y.length - 1 - suffix]) suffix++;
  return prefix >= 1 && suffix >= 1 && 2 * (prefix + suffix) >= Math.max(x.length, y.length);
}

/**
 * The modules a rule's fixes are titled for: a fix subject's prefix (`null_blk: fix ...`,
 * `ublk: ...`) as a module name (`-` as `_`). Prefixes with a slash or a space (`md/raid1`,
 * `dm crypt`) name a subsystem, not one module, and are left out.
 *
 * @example
 * fixedModules({ fix: [{ subject: "null_blk: fix null-ptr-dereference while configuring 'power'" }] }) // => ['null_blk']
 */
export function fixedModules(rule: Pick<BugRule, 'fix'>): string[] {
  const out = new Set<string>();
  for (const fix of rule.fix) {
    const m = /^([A-Za-z0-9_-]{3,}):\s/.exec(fix.subject);
    if (m) out.add(m[1]!.toLowerCase().replace(/-/g, '_'));
  }
  return [...out];
}

/**
 * A module is distinctive when few hand-written known bugs' fixes are titled for it: at most this
 * many, or this share of them. Many are for a subsystem's module (`xfs:`, `btrfs:`): a crash in
 * `[xfs]` says little about which xfs fix. A driver's (`ublk:`, `null_blk:`) is a place. Generated
 * rules are not counted: corroboration is not weighed for them, and reading their fixes would
 * decode every lazily loaded record (io/precompiled-rules.ts).
 */
export const DISTINCTIVE_MODULE = { maxRules: 3, maxShare: 0.02 } as const;

const moduleCounts = new WeakMap<readonly BugRule[], Map<string, number>>();
/** The count of hand-written rules, kept beside the modules' (no module is named with a space). */
const HAND_WRITTEN = 'hand written';

/**
 * Whether few of the hand-written `rules` have a fix titled for the module (DISTINCTIVE_MODULE);
 * counted once per rule list.
 *
 * @example
 * distinctiveModules(compiled.bugs)('ublk') // => true
 */
export function distinctiveModules(rules: readonly BugRule[]): (module: string) => boolean {
  let counts = moduleCounts.get(rules);
  if (counts === undefined) {
    counts = new Map();
    let handWritten = 0;
    for (const rule of rules) {
      if (rule.origin === 'generated') continue;
      handWritten += 1;
      for (const module of fixedModules(rule)) counts.set(module, (counts.get(module) ?? 0) + 1);
    }
    counts.set(HAND_WRITTEN, handWritten);
    moduleCounts.set(rules, counts);
  }
  const limit = Math.max(DISTINCTIVE_MODULE.maxRules, DISTINCTIVE_MODULE.maxShare * (counts.get(HAND_WRITTEN) ?? 0));
  const known = counts;
  return (module) => (known.get(module) ?? 0) <= limit;
}

/** Frames of the crashing trace looked at for the fixed module: the crash site and its callers, not the syscall below. */
const CRASH_SITE_FRAMES = 6;

/** A rule's functions, read once per rule (a triage without a confident match asks every hand-written rule). */
const functionsOf = new WeakMap<object, string[]>();

/** Why the report passes through the fixed code, and where. */
export interface FixedCodeHit {
  reason: string;
  evidence: Evidence;
  /** The frame is a `? f+0x..` one (the unwinder was unsure it is part of the chain): weaker evidence. */
  unsure: boolean;
}

/**
 * Whether the report passes through the code the rule's fix changed, without a frame the rule
 * names: a frame of any trace in the family of a function the rule names, or the crash site (the
 * first frames of a crash's trace) in the module a fix subject is titled for (`[ublk_drv]` for
 * `ublk:`, `[null_blk]` for `null_blk:`) when `distinctiveModule` says few bugs are titled for it
 * (without it, the module is not weighed). Functions the rule names found as they are are not this
 * evidence: they are its stack hits or the functions the fix names (rank-matches.ts).
 *
 * @example
 * fixedCodeHit(rule, facts)?.reason // => "the report's frame `cache_check_rcu` is of the family of `cache_seq_next_rcu`, which the bug names"
 */
export function fixedCodeHit(rule: Pick<BugRule, 'title' | 'fix' | 'signatures'>, facts: Pick<Facts, 'stacks'>, distinctiveModule: (module: string) => boolean = () => false): FixedCodeHit | null {
  if (facts.stacks.length === 0) return null;
  let named = functionsOf.get(rule);
  if (named === undefined) functionsOf.set(rule, (named = ruleFunctions(rule)));
  const exact = new Set(named);
  const family = (unsure: boolean): FixedCodeHit | null => {
    for (const trace of facts.stacks) {
      for (const frame of trace.frames) {
        if (frame.unreliable !== unsure || exact.has(frame.function) || isGenericFrame(frame.function)) continue;
        const kin = named.find((name) => sameFamily(frame.function, name));
        if (kin === undefined) continue;
        const what = unsure
          ? `\`? \` frame \`${frame.function}\` (the unwinder was unsure it is part of the chain)`
          : trace.locks
            ? `lock site \`${frame.function}\` (lockdep: it took a lock of the report)`
            : `frame \`${frame.function}\``;
        return { reason: `the report's ${what} is of the family of \`${kin}\`, which the bug names`, evidence: frame.evidence, unsure };
      }
    }
    return null;
  };
  // A frame of the chain anywhere before a `? f+0x..` one.
  const kin = family(false) ?? family(true);
  if (kin !== null && !kin.unsure) return kin;
  const modules = fixedModules(rule).filter(distinctiveModule);
  for (const trace of modules.length === 0 ? [] : facts.stacks) {
    if (trace.crashIndex === null) continue;
    // The crash site is where the chain starts: `? ` frames above it are the unwinder's guesses.
    for (const frame of reliableFrames(trace).slice(0, CRASH_SITE_FRAMES)) {
      const module = frame.module?.toLowerCase().replace(/-/g, '_') ?? null;
      const fixed = module === null ? undefined : modules.find((m) => module === m || module.startsWith(`${m}_`));
      if (fixed !== undefined) return { reason: `the crash site \`${frame.function}\` is in the module \`${frame.module}\` that the fix (\`${fixed}:\`) changes`, evidence: frame.evidence, unsure: false };
    }
  }
  return kin;
}
