import type { FileStamp } from './file-stamp.js';
import type { FuzzyGroupTable, FuzzyTableReader, FuzzyTables, SignatureTables } from '../match/index.js';
import type { BugRule, FactRule, Playbook, RuleProblem } from '../rules/light.js';

/*
 * The precompiled form of the bundled packs (dist/bundled-rules.json, `npm run build`), laid out so
 * that start-up decodes only what every run needs (issue 10, item 4: cold start at kernel scale).
 *
 *   line 1   a JSON header: the source stamps, the vocabulary, the playbooks, the curated bugs in
 *            full, for each generated (CVE) bug only what the rule selection and the description
 *            matcher read of every rule: id, origin, source, provenance, and the byte range of the
 *            rest of it (its "body") in the part below; and the whole set's signature index
 *            (match/compile-rules.ts, SignatureTables), which is all compileRules reads of the rules;
 *   line 2-  the bodies, one JSON text after the other (signatures, versions, fix and stable shas,
 *            links, ...), then the fuzzy index's tables for the whole set (match/fuzzy-index.ts),
 *            one JSON text per group, each decoded when a search first reads that group.
 *
 * A body is decoded the first time anything but those fields is read from its rule, which happens
 * only for the rules a report touches (a few of 4,000). JSON.parse therefore walks ~2 MB at start
 * instead of ~9 MB, and the garbage of 4,000 decoded bodies is never made. A rule's signatures are
 * in its body: the index says which rules a report's lines, titles and frames can touch, and only
 * those rules' signatures are ever read (evaluation, ranking, evidence).
 *
 * The whole file is ASCII (JSON's \u escapes for the rest): byte offsets are character offsets and
 * the reader decodes with latin1, at memcpy speed.
 */

/** The form's layout version: a form of another version is not used (the loader parses the YAML). */
export const PRECOMPILED_FORMAT = 4;

/** One source of the bundled packs as the precompiled form records it (git's index, in small). */
export interface SourceStamp extends FileStamp {
  /** Relative to the rules folder. */
  path: string;
  kind: 'curated' | 'cve' | 'records';
}

/** The fields of a generated bug decoded at start-up; the rest waits in its body. */
const EAGER_KEYS = ['id', 'origin', 'source', 'provenance'] as const;
const EAGER = new Set<PropertyKey>(EAGER_KEYS);

interface LazyEntry extends Pick<BugRule, (typeof EAGER_KEYS)[number]> {
  /** [offset from the start of the bodies, length] of the body's JSON text. */
  body: [number, number];
}

interface Header {
  format: number;
  stamps: SourceStamp[];
  facts: FactRule[];
  playbooks: Playbook[];
  /** Curated bugs in full; generated ones as LazyEntry (origin 'generated' and a `body`). */
  bugs: Array<BugRule | LazyEntry>;
  problems: RuleProblem[];
  superseded: Array<[string, string]>;
  /**
   * The curated rules as they are without the CVE pack (`--no-cves`): the pack's records add
   * per-branch fixed releases to curated rules naming the same fix, so those few differ; the
   * problems of the curated files alone. Null when the build found the view would not equal a
   * parse of the curated files alone (the loader then parses their YAML).
   */
  withoutPack: { bugs: Record<string, BugRule>; problems: RuleProblem[] } | null;
  /** The fuzzy tables of `bugs`: entry count, and [offset, length] of each group's table; null when none were given. */
  fuzzy: { total: number; groups: Record<string, [number, number]> } | null;
  /** The signature index of `bugs` (signatureTables); null when none was given. */
  signatures: SignatureTables | null;
}

/** What the precompiler is given: the merged packs, and the curated files parsed alone. */
export interface PrecompileInput {
  stamps: SourceStamp[];
  facts: FactRule[];
  playbooks: Playbook[];
  bugs: BugRule[];
  problems: RuleProblem[];
  superseded: Array<[string, string]>;
  withoutPack: Header['withoutPack'];
  /** The fuzzy index's tables of `bugs` as compileRules numbers them (`compiled.fuzzy.tables()`). */
  fuzzy: FuzzyTables | null;
  /**
   * The signature index of `bugs` (`signatureTables(bugs)`). Without it, compiling the decoded
   * rules reads every generated rule's signatures, and so decodes every body.
   */
  signatures: SignatureTables | null;
}

/** JSON with every non-ASCII character escaped (see above). */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Encode the precompiled form. Deterministic for the same input. Paths in it are whatever the
 * caller gives (load-rule-packs.ts makes them relative to the rules folder).
 *
 * @example
 * encodePrecompiledRules({ stamps, facts, playbooks, bugs, problems: [], superseded: [], withoutPack: null, fuzzy: null, signatures: signatureTables(bugs) })
 * // => '{"format":4,...}\n{"signatures":...}...'
 */
export function encodePrecompiledRules(input: PrecompileInput): string {
  const bodies: string[] = [];
  let offset = 0;
  const bugs = input.bugs.map((bug): BugRule | LazyEntry => {
    if (bug.origin !== 'generated') return bug;
    const body: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(bug)) if (!EAGER.has(key)) body[key] = value;
    const text = asciiJson(body);
    bodies.push(text);
    const entry: LazyEntry = { id: bug.id, origin: bug.origin, source: bug.source, provenance: bug.provenance, body: [offset, text.length] };
    offset += text.length;
    return entry;
  });
  let fuzzy: Header['fuzzy'] = null;
  if (input.fuzzy !== null) {
    fuzzy = { total: input.fuzzy.total, groups: {} };
    for (const [name, table] of Object.entries(input.fuzzy.groups)) {
      const text = asciiJson(table);
      bodies.push(text);
      fuzzy.groups[name] = [offset, text.length];
      offset += text.length;
    }
  }
  const header: Header = {
    format: PRECOMPILED_FORMAT,
    stamps: input.stamps,
    facts: input.facts,
    playbooks: input.playbooks,
    bugs,
    problems: input.problems,
    superseded: input.superseded,
    withoutPack: input.withoutPack,
    fuzzy,
    signatures: input.signatures,
  };
  // JSON.stringify never writes a raw line break: the first one ends the header.
  return `${asciiJson(header)}\n${bodies.join('')}`;
}

/** A decoded form: the header's parts, generated bugs whose bodies decode on first read. */
export interface PrecompiledRules extends Omit<PrecompileInput, 'fuzzy'> {
  format: number;
  /** The fuzzy tables of `bugs`, each group decoded on its first read; null when the form has none. */
  fuzzy: () => FuzzyTableReader | null;
}

/**
 * Decode the header of a precompiled form; null when the bytes are not one (not ASCII, no header
 * line, another format). Each generated bug is a stand-in that behaves as the plain object it
 * stands for (property reads, `in`, spread, JSON.stringify, Object.keys all see every field): its
 * body is decoded from `bytes` the first time a field outside the header is touched.
 *
 * @example
 * decodePrecompiledRules(readFileSync('dist/bundled-rules.json'))?.bugs.length // => 4185
 */
export function decodePrecompiledRules(bytes: Buffer, isAscii: (bytes: Buffer) => boolean): PrecompiledRules | null {
  if (!isAscii(bytes)) return null;
  const end = bytes.indexOf(0x0a);
  if (end < 0) return null;
  const header = JSON.parse(bytes.toString('latin1', 0, end)) as Header;
  if (header.format !== PRECOMPILED_FORMAT) return null;
  const base = end + 1;
  const bugs = header.bugs.map((entry) => ('body' in entry ? lazyBug(entry, bytes, base) : entry));
  const fuzzy = header.fuzzy === null ? null : groupReader(header.fuzzy, bytes, base);
  return {
    format: header.format,
    stamps: header.stamps,
    facts: header.facts,
    playbooks: header.playbooks,
    bugs,
    problems: header.problems,
    superseded: header.superseded,
    withoutPack: header.withoutPack,
    fuzzy: () => fuzzy,
    signatures: header.signatures,
  };
}

/** The fuzzy tables' groups, each decoded from its range on first read. */
function groupReader(directory: NonNullable<Header['fuzzy']>, bytes: Buffer, base: number): FuzzyTableReader {
  const decoded = new Map<string, FuzzyGroupTable>();
  return {
    total: directory.total,
    names: Object.keys(directory.groups),
    group(name) {
      let table = decoded.get(name);
      if (table === undefined && Object.hasOwn(directory.groups, name)) {
        const [start, length] = directory.groups[name]!;
        decoded.set(name, (table = JSON.parse(bytes.toString('latin1', base + start, base + start + length)) as FuzzyGroupTable));
      }
      return table;
    },
  };
}

/** The body not yet decoded, by stand-in target: [bytes, start, end]. */
const pending = new WeakMap<object, [Buffer, number, number]>();

/** Read through a stand-in: whether its body is still pending (isBodyPending). */
const PENDING = Symbol('body pending');

/** Decode the body into the target (once): afterwards the target is the whole rule. */
function settle(target: object): void {
  const range = pending.get(target);
  if (range === undefined) return;
  pending.delete(target);
  Object.assign(target, JSON.parse(range[0].toString('latin1', range[1], range[2])) as object);
}

/*
 * A Proxy rather than getters: defining a dozen accessors on each of 4,000 objects cost ~14 ms at
 * start, and prototype getters are invisible to spread and JSON.stringify. The traps that list or
 * describe properties settle the body first, so every generic reader sees the plain rule.
 */
const lazyHandler: ProxyHandler<object> = {
  get(target, key) {
    if (key === PENDING) return pending.has(target);
    if (!EAGER.has(key)) settle(target);
    return Reflect.get(target, key);
  },
  has(target, key) {
    if (!EAGER.has(key)) settle(target);
    return Reflect.has(target, key);
  },
  ownKeys(target) {
    settle(target);
    return Reflect.ownKeys(target);
  },
  getOwnPropertyDescriptor(target, key) {
    settle(target);
    return Reflect.getOwnPropertyDescriptor(target, key);
  },
  set(target, key, value) {
    settle(target);
    return Reflect.set(target, key, value);
  },
  defineProperty(target, key, descriptor) {
    settle(target);
    return Reflect.defineProperty(target, key, descriptor);
  },
  deleteProperty(target, key) {
    settle(target);
    return Reflect.deleteProperty(target, key);
  },
};

function lazyBug(entry: LazyEntry, bytes: Buffer, base: number): BugRule {
  const target = { id: entry.id, origin: entry.origin, source: entry.source, provenance: entry.provenance };
  pending.set(target, [bytes, base + entry.body[0], base + entry.body[0] + entry.body[1]]);
  return new Proxy(target, lazyHandler) as BugRule;
}

/**
 * Whether a bug from decodePrecompiledRules still waits for its body (tests, the benchmark); false
 * for any other object. Asking settles nothing.
 *
 * @example
 * isBodyPending(decodePrecompiledRules(bytes, isAscii)!.bugs.at(-1)!) // => true
 */
export function isBodyPending(bug: object): boolean {
  return (bug as Record<symbol, unknown>)[PENDING] === true;
}
