import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { access, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DESCRIPTION_INDEX_FILE, parseDescriptionIndex } from '../import/description-file.js';
import { parseRecordIndex, type RecordIndexEntry } from '../import/record-index.js';
import type { CompileOptions, DescriptionPack, DescriptionSource, FuzzyTableReader, FuzzyTables, SignatureTables } from '../match/index.js';
import type { BugRule, RuleFileText, RuleProblem, RuleSet, SourceLocation } from '../rules/light.js';
import { matchesStamp, stampOf } from './file-stamp.js';
import { decodePrecompiledRules, encodePrecompiledRules, type SourceStamp } from './precompiled-rules.js';
import { readFreshDescriptionPostings } from './precomputed-descriptions.js';
import { bundledRulesDir, readRuleFiles, type UnreadablePath } from './read-rule-files.js';

export type { SourceStamp } from './precompiled-rules.js';

/*
 * Start-up cost: this module is on every run's path, so it imports nothing heavy. The YAML parser,
 * zod and the rule checks (src/rules), the CVE record merge and the user-rule combination
 * (combine-rules.ts) are imported when a run needs them: a triage on the precompiled bundled packs
 * with no rule files of its own never does.
 */

/** The file of a CVE pack that lists every record's fix (see src/import/record-index.ts). */
const RECORD_INDEX_FILE = 'records.tsv';

/*
 * The one rule loader (issue 13): the CLI, the GitHub App and the Bugzilla bot all get their rules
 * here. Three layers, in the order a rule set is built:
 *   1. the fact vocabulary (rules/facts.yml and the `facts:` of every bundled file): always loaded,
 *      whatever is turned off, because it is vocabulary, not rules (issue 11, item 8);
 *   2. the bundled packs: the curated known bugs and playbooks (rules/*.yml) and the kernel CVE pack
 *      (rules/kernel-cves/), each of which an operator can turn off; the CVE pack can be replaced by
 *      an operator's own, fresher one;
 *   3. the user's rule files (`--rules`, the bot's `rules:`, a repository's `rules.paths` fetched over
 *      the API): parsed apart from the bundled packs, against the bundled vocabulary.
 * The bundled layers are read once per process (readBundledRules memoises them); layer 3 goes through
 * combineRules, which is pure, so the App can run it per repository on texts it fetched.
 */

/** The kernel CVE pack shipped with ktriage: rules/kernel-cves/ at the package root (src/io or dist/io, two levels down). */
export function bundledCvePackDir(): string {
  return fileURLToPath(new URL('../../rules/kernel-cves/', import.meta.url));
}

export interface BundledRuleSettings {
  /**
   * The precompiled form to use when it matches the sources (default: dist/bundled-rules.json for
   * the shipped rules folder and CVE pack; none otherwise); null never uses one.
   */
  precompiledFile?: string | null;
  /** The curated rules folder; default: rules/ shipped with ktriage (KTRIAGE_RULES_DIR). */
  rulesDir?: string;
  /**
   * The CVE pack: `true` (default) the one shipped with ktriage, `false` none, or the path of an
   * operator's own pack (a file or folder written by `ktriage import kernel-cves`).
   */
  cvePack?: boolean | string;
}

/** Where a bundled rule came from: the selection turns each group on or off. */
export type RuleOrigin = 'curated' | 'cve';

export interface BundledRules {
  /** Every bundled rule that parsed: facts, curated bugs and playbooks, then the CVE pack's bugs. */
  ruleSet: RuleSet;
  /** The origin of each bundled bug and playbook, by source file. */
  originOf: (source: SourceLocation) => RuleOrigin;
  /** Problems in the bundled files (a broken bundled rule disables itself, not the rest). */
  problems: RuleProblem[];
  /** Bundled paths that could not be read (a missing KTRIAGE_RULES_DIR, an operator's pack path). */
  unreadable: UnreadablePath[];
  /** The bundled rule files, in order (absolute paths). */
  sources: string[];
  /** Size, mtime and content hash of every source: what the precompiled form is checked against. */
  stamps: SourceStamp[];
  /** sha256 of every bundled text and path: two BundledRules with the same digest hold the same rules. */
  digest: string;
  /** Read from the precompiled form (dist/bundled-rules.json) rather than parsed from YAML. */
  precompiled: boolean;
  /** CVE rules left out because a curated rule names their fix: CVE rule id -> curated rule id. */
  superseded: Map<string, string>;
  /**
   * The CVE pack's description index (descriptions.tsv), read on first call only: a report whose
   * log matches confidently never pays for it. Null when no pack is used.
   */
  descriptions: DescriptionSource | null;
  /**
   * The fuzzy index's tables for exactly `ruleSet.bugs`, from the precompiled form (decoded when
   * first searched); null when read from YAML. compileRules uses them only for that same list.
   */
  fuzzyTables: (() => FuzzyTableReader | null) | null;
  /**
   * The signature index of exactly `ruleSet.bugs`, from the precompiled form; null when read from
   * YAML. compileRules uses it only for that same list: it then reads no rule's signatures.
   */
  signatureTables: SignatureTables | null;
}

export interface RuleSelection {
  /** Use the bundled curated bugs and playbooks (default true; `--no-bundled`). The vocabulary stays. */
  bundled?: boolean;
  /** Use the CVE pack's bugs (default true; `--no-cves`, `rules.cves: false`). */
  cves?: boolean;
  /** Bug ids not to use (a maintainer marked them wrong on this issue). */
  exclude?: readonly string[];
}

export interface CombinedRules {
  ruleSet: RuleSet;
  /** Problems of the user's files only (bundled problems are in BundledRules.problems). */
  problems: RuleProblem[];
}

const memo = new Map<string, Promise<BundledRules>>();

/**
 * The bundled vocabulary and packs, read and parsed once per process per settings (the App and the
 * bot call this at start-up and per repository; only the first call reads anything).
 *
 * @example
 * const bundled = await readBundledRules({ cvePack: false }); // curated rules and the vocabulary only
 */
export function readBundledRules(settings: BundledRuleSettings = {}): Promise<BundledRules> {
  const rulesDir = path.resolve(settings.rulesDir ?? bundledRulesDir());
  const cvePack = settings.cvePack ?? true;
  // The shipped form holds the shipped rules folder with the shipped pack, and the same rules
  // folder without a pack (`--no-cves`): an operator's own pack or rules folder has none.
  const shipped = settings.rulesDir === undefined && typeof cvePack === 'boolean';
  const precompiledFile = settings.precompiledFile !== undefined ? settings.precompiledFile : shipped ? bundledPrecompiledFile() : null;
  const key = `${rulesDir}\0${typeof cvePack === 'string' ? path.resolve(cvePack) : String(cvePack)}\0${precompiledFile ?? ''}`;
  let loaded = memo.get(key);
  if (!loaded) {
    loaded = readBundledRulesUncached(rulesDir, cvePack, precompiledFile);
    memo.set(key, loaded);
    // A failed read is not cached: the next caller tries again.
    loaded.catch(() => memo.delete(key));
  }
  return loaded;
}

async function readBundledRulesUncached(rulesDir: string, cvePack: boolean | string, precompiledFile: string | null): Promise<BundledRules> {
  const packPaths = await cvePackPaths(cvePack);
  // The precompiled form is used only when it was built from exactly these texts: a maintainer who
  // edited rules/*.yml without `npm run build` gets the YAML they edited.
  const fast = precompiledFile === null ? null : await readPrecompiled(precompiledFile, rulesDir, cvePack === false ? null : packPaths);
  if (fast) return fast;

  const [{ parseRuleFiles }, { mergeCveRecords }, { parseRecordIndex }] = await Promise.all([
    import('../rules/index.js'),
    import('../import/merge-cve-records.js'),
    import('../import/record-index.js'),
  ]);
  const curated = await readRuleFiles([rulesDir]);
  const pack = packPaths.length === 0 ? { files: [], problems: [], unreadable: [] } : await readRuleFiles(packPaths);
  const files = [...curated.files, ...pack.files];
  const packFiles = new Set(pack.files.map((file) => path.resolve(file.path)));
  const originOf = (source: SourceLocation): RuleOrigin => (packFiles.has(path.resolve(source.file)) ? 'cve' : 'curated');
  const recordsFile = packPaths.length === 0 ? null : await recordIndexPath(packPaths[0]!);
  const recordsText = recordsFile === null ? null : await readFile(recordsFile, 'utf8');
  const stamps = await stampSources(rulesDir, [
    ...files.map((file) => ({ file: file.path, text: file.text, kind: packFiles.has(path.resolve(file.path)) ? ('cve' as const) : ('curated' as const) })),
    ...(recordsFile !== null && recordsText !== null ? [{ file: recordsFile, text: recordsText, kind: 'records' as const }] : []),
  ]);
  const parsed = parseRuleFiles(files);
  const records = recordsText === null ? [] : parseRecordIndex(recordsText);
  const merged = mergeCveRecords(parsed.ruleSet, records, (bug) => originOf(bug.source) === 'cve');
  return {
    ruleSet: merged.ruleSet,
    originOf,
    problems: [...curated.problems, ...pack.problems, ...parsed.problems],
    unreadable: [...curated.unreadable, ...pack.unreadable],
    sources: files.map((file) => file.path),
    digest: digestOf(stamps),
    superseded: merged.superseded,
    precompiled: false,
    stamps,
    descriptions: packPaths.length === 0 ? null : descriptionSource(packPaths[0]!),
    fuzzyTables: null,
    signatureTables: null,
  };
}

async function stampSources(rulesDir: string, sources: Array<{ file: string; text: string; kind: SourceStamp['kind'] }>): Promise<SourceStamp[]> {
  const stamps: SourceStamp[] = [];
  for (const source of sources) {
    const info = await stat(source.file);
    stamps.push({ path: path.relative(rulesDir, path.resolve(source.file)), kind: source.kind, ...stampOf(source.text, info) });
  }
  return stamps;
}

/** The digest of the bundled packs: every source's path, kind and content hash. */
function digestOf(stamps: readonly SourceStamp[]): string {
  const hash = createHash('sha256');
  for (const stamp of stamps) hash.update(`${stamp.path}\0${stamp.kind}\0${stamp.sha256}\n`);
  return hash.digest('hex');
}

/** The precompiled packs shipped in dist/ (`npm run build`), for the default rules folder and CVE pack. */
export function bundledPrecompiledFile(): string {
  return fileURLToPath(new URL('../../dist/bundled-rules.json', import.meta.url));
}

/**
 * The precompiled form of bundled packs (precompiled-rules.ts): the parsed, merged rule set with
 * paths relative to the rules folder, the digest of the sources it was built from, and the view
 * without the CVE pack (`withoutPack`: the same rules folder read with `cvePack: false`; omit it and
 * `--no-cves` parses the curated YAML). Examples are left out: only `ktriage test` reads them, and it
 * reads the YAML. Deterministic for the same sources.
 *
 * @example
 * const [bundled, curated] = [await readBundledRules({ precompiledFile: null }), await readBundledRules({ precompiledFile: null, cvePack: false })];
 * await writeFile(bundledPrecompiledFile(), precompileBundledRules(bundled, bundledRulesDir(), curated, compiled.fuzzy.tables(), signatureTables(bundled.ruleSet.bugs)));
 */
export function precompileBundledRules(bundled: BundledRules, rulesDir: string = bundledRulesDir(), withoutPack?: BundledRules, fuzzy: FuzzyTables | null = null, signatures: SignatureTables | null = null): string {
  const root = path.resolve(rulesDir);
  const relative = (file: string) => path.relative(root, path.resolve(file));
  const relativeBug = (bug: BugRule): BugRule => ({ ...bug, examples: { match: [], noMatch: [] }, source: { ...bug.source, file: relative(bug.source.file) } });
  const relativeProblem = (problem: RuleProblem): RuleProblem => ({ ...problem, file: relative(problem.file) });
  return encodePrecompiledRules({
    stamps: bundled.stamps,
    facts: bundled.ruleSet.facts.map((fact) => ({ ...fact, source: { ...fact.source, file: relative(fact.source.file) } })),
    bugs: bundled.ruleSet.bugs.map(relativeBug),
    playbooks: bundled.ruleSet.playbooks.map((playbook) => ({ ...playbook, source: { ...playbook.source, file: relative(playbook.source.file) } })),
    problems: bundled.problems.map(relativeProblem),
    superseded: [...bundled.superseded].sort(),
    withoutPack: withoutPack === undefined ? null : withoutPackView(bundled, withoutPack, relativeBug, relativeProblem),
    fuzzy,
    signatures,
  });
}

/**
 * The curated rules without the pack, as the difference from the merged set: the bugs that differ
 * (by id), and the problems. Null when the difference is not that simple (the pack added facts or
 * playbooks, or the curated bugs are not the merged set's curated bugs in order): the loader then
 * parses the curated YAML for `--no-cves`.
 */
function withoutPackView(bundled: BundledRules, curated: BundledRules, relativeBug: (bug: BugRule) => BugRule, relativeProblem: (problem: RuleProblem) => RuleProblem): PrecompiledView | null {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const merged = bundled.ruleSet.bugs.filter((bug) => bundled.originOf(bug.source) === 'curated');
  const sameRules = same(bundled.ruleSet.facts, curated.ruleSet.facts) && same(bundled.ruleSet.playbooks, curated.ruleSet.playbooks);
  if (!sameRules || !same(merged.map((bug) => bug.id), curated.ruleSet.bugs.map((bug) => bug.id))) return null;
  const bugs: Record<string, BugRule> = {};
  curated.ruleSet.bugs.forEach((bug, i) => {
    if (!same(relativeBug(bug), relativeBug(merged[i]!))) bugs[bug.id] = relativeBug(bug);
  });
  return { bugs, problems: curated.problems.map(relativeProblem) };
}

type PrecompiledView = { bugs: Record<string, BugRule>; problems: RuleProblem[] };

/**
 * The bundled packs from the precompiled form, when it exists, is of this format and was built from
 * exactly the sources there are now: the same files, each with the recorded size and mtime, or else
 * the recorded sha256 of its content (a file touched but unchanged still counts). Null otherwise:
 * the caller parses the YAML. `packPaths` null: the view without the CVE pack (`--no-cves`), which
 * depends on the curated files only.
 */
async function readPrecompiled(file: string, rulesDir: string, packPaths: readonly string[] | null): Promise<BundledRules | null> {
  let form: NonNullable<ReturnType<typeof decodePrecompiledRules>>;
  let stamps: SourceStamp[];
  try {
    // Read at once (one read of ~9 MB rather than the promise API's 512 KB chunks): start-up only,
    // once per process.
    const decoded = decodePrecompiledRules(readFileSync(file), isAscii);
    if (decoded === null || (packPaths === null && decoded.withoutPack === null)) return null;
    form = decoded;
    stamps = packPaths === null ? form.stamps.filter((stamp) => stamp.kind === 'curated') : form.stamps;
    const current = await listSources(rulesDir, packPaths ?? []);
    if (current.length !== stamps.length || current.some((rel, i) => rel !== stamps[i]!.path)) return null;
    if (!stamps.every((stamp) => matchesStamp(path.join(rulesDir, stamp.path), stamp))) return null;
  } catch {
    return null;
  }
  // Thousands of rules share a few dozen files: one joined path per file (also one string, so the
  // origin lookups below hash it once).
  const joined = new Map<string, string>();
  const absolute = (rel: string) => {
    let full = joined.get(rel);
    if (full === undefined) joined.set(rel, (full = path.join(rulesDir, rel)));
    return full;
  };
  const formPackFiles = new Set(form.stamps.filter((stamp) => stamp.kind === 'cve').map((stamp) => stamp.path));
  const packFiles = new Set(stamps.filter((stamp) => stamp.kind === 'cve').map((stamp) => absolute(stamp.path)));
  const view = packPaths === null ? form.withoutPack! : null;
  const bugs = view === null ? form.bugs : form.bugs.filter((bug) => !formPackFiles.has(bug.source.file)).map((bug) => view.bugs[bug.id] ?? bug);
  const problems = view === null ? form.problems : view.problems;
  // Generated bugs' sources are set on their stand-ins' eager part: no body is decoded here.
  for (const list of [form.facts, bugs, form.playbooks] as Array<Array<{ source: SourceLocation }>>) {
    for (const rule of list) rule.source.file = absolute(rule.source.file);
  }
  for (const problem of problems) problem.file = absolute(problem.file);
  return {
    ruleSet: { facts: form.facts, bugs, playbooks: form.playbooks },
    originOf: (source) => (packFiles.has(source.file) ? 'cve' : 'curated'),
    problems,
    unreadable: [],
    sources: stamps.filter((stamp) => stamp.kind !== 'records').map((stamp) => absolute(stamp.path)),
    digest: digestOf(stamps),
    superseded: new Map(view === null ? form.superseded : []),
    precompiled: true,
    stamps,
    descriptions: packPaths === null || packPaths.length === 0 ? null : descriptionSource(packPaths[0]!),
    // The tables number the whole set's signatures: the view without the pack is another list.
    fuzzyTables: view === null ? form.fuzzy : null,
    signatureTables: view === null ? form.signatures : null,
  };
}

/** The bundled sources' paths relative to the rules folder, in the order the slow path reads them. */
async function listSources(rulesDir: string, packPaths: readonly string[]): Promise<string[]> {
  const yaml = async (dir: string) => (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name)).map((e) => e.name).sort().map((name) => path.join(dir, name));
  const files = await yaml(rulesDir);
  for (const pack of packPaths) files.push(...((await stat(pack)).isDirectory() ? await yaml(pack) : [pack]));
  const records = packPaths.length === 0 ? null : await recordIndexPath(packPaths[0]!);
  if (records !== null) files.push(records);
  return files.map((file) => path.relative(rulesDir, path.resolve(file)));
}

const descriptionSources = new Map<string, DescriptionSource>();

/** The bundled CVE pack's description index, precomputed by `npm run build` (precomputed-descriptions.ts). */
export function bundledDescriptionsFile(): string {
  return fileURLToPath(new URL('../../dist/description-index.bin', import.meta.url));
}

/**
 * The lazy loader of a pack's description index and records (descriptions.tsv and records.tsv
 * beside the pack's files): reads them on the first call, synchronously (the core calls it
 * mid-triage), once per process per pack; null when the pack has no index or it does not parse
 * (a pack written before the index existed still triages, without "possible, by description").
 * The index comes from `precomputed` (default: the build's form of the bundled pack) when that was
 * built from this pack's descriptions.tsv as it is now; otherwise it is built from the text (an
 * operator's own pack, a maintainer's edit without a rebuild).
 *
 * @example
 * descriptionSource(bundledCvePackDir())()?.index.documents // => 14626
 */
export function descriptionSource(packPath: string, precomputed: string | null = bundledDescriptionsFile()): DescriptionSource {
  const key = `${path.resolve(packPath)}\0${precomputed ?? ''}`;
  let source = descriptionSources.get(key);
  if (source) return source;
  let loaded: DescriptionPack | null | undefined;
  source = () => {
    if (loaded !== undefined) return loaded;
    loaded = null;
    try {
      const resolved = path.resolve(packPath);
      const dir = /\.ya?ml$/i.test(resolved) ? path.dirname(resolved) : resolved;
      const text = path.join(dir, DESCRIPTION_INDEX_FILE);
      const fast = precomputed === null ? null : readFreshDescriptionPostings(precomputed, text);
      const entries = parseRecordIndex(readFileSync(path.join(dir, RECORD_INDEX_FILE), 'utf8'));
      const records = new Map(entries.map((r) => [r.id, { id: r.id, sha: r.sha, subject: r.subject, introduced: r.introduced, fixedMainline: r.fixedMainline, fixedStable: r.fixedStable, files: r.files }]));
      loaded = fast === null ? { index: parseDescriptionIndex(readFileSync(text, 'utf8')), records } : { index: fast.stats, searcher: fast.searcher, records };
    } catch {
      // No index in this pack (or unreadable): the report is triaged on its signatures alone.
    }
    return loaded;
  };
  descriptionSources.set(key, source);
  return source;
}

/** The CVE pack's records.tsv (beside the pack's files), or null when the pack has none. */
async function recordIndexPath(packPath: string): Promise<string | null> {
  try {
    const dir = (await stat(packPath)).isDirectory() ? packPath : path.dirname(packPath);
    const file = path.join(dir, RECORD_INDEX_FILE);
    await access(file);
    return file;
  } catch {
    return null;
  }
}

async function readRecordIndexText(packPath: string): Promise<string | null> {
  const file = await recordIndexPath(packPath);
  return file === null ? null : readFile(file, 'utf8');
}

/**
 * Every record's fix from a CVE pack (default: the shipped one), without parsing the pack's rules:
 * what `ktriage lint` checks curated fixes against. Empty when there is no pack.
 */
export async function readCveRecordIndex(cvePack: boolean | string = true): Promise<RecordIndexEntry[]> {
  const paths = await cvePackPaths(cvePack);
  const text = paths.length === 0 ? null : await readRecordIndexText(paths[0]!);
  if (text === null) return [];
  const { parseRecordIndex } = await import('../import/record-index.js');
  return parseRecordIndex(text);
}

/** The pack paths to read: none when off; the shipped folder when it is installed; an operator's path as given. */
async function cvePackPaths(cvePack: boolean | string): Promise<string[]> {
  if (cvePack === false) return [];
  if (typeof cvePack === 'string') return [cvePack];
  const dir = bundledCvePackDir();
  try {
    await access(dir);
  } catch {
    // An installation without the pack (a trimmed package) runs on the curated rules.
    return [];
  }
  return [dir];
}

/**
 * The bundled rules a selection keeps, with no rule files of the user's: what combineRules gives
 * for no files, without loading the rule parser (combine-rules.ts). Pure.
 *
 * @example
 * selectBundledRules(bundled, { cves: false }).bugs.length // => the curated bugs
 */
export function selectBundledRules(bundled: BundledRules, selection: RuleSelection = {}): RuleSet {
  const useCurated = selection.bundled ?? true;
  const useCves = selection.cves ?? true;
  const keep = (source: SourceLocation) => (bundled.originOf(source) === 'cve' ? useCves : useCurated);
  const excluded = new Set(selection.exclude ?? []);
  return {
    facts: bundled.ruleSet.facts,
    bugs: bundled.ruleSet.bugs.filter((bug) => keep(bug.source) && !excluded.has(bug.id)),
    playbooks: bundled.ruleSet.playbooks.filter((playbook) => keep(playbook.source)),
  };
}

export interface LoadRulePacksOptions extends BundledRuleSettings, RuleSelection {
  /** The user's rule files or folders (`--rules PATH`, the bot's `rules:`). */
  paths?: readonly string[];
  /** Relative paths are read from here (default: the process's). */
  cwd?: string;
}

export interface LoadedRulePacks {
  ruleSet: RuleSet;
  /** Bundled problems, then the user's files' problems. */
  problems: RuleProblem[];
  /** Paths that could not be read: the user's, and an operator's pack or rules folder. */
  unreadable: UnreadablePath[];
  /** The user's rule files as read. */
  files: RuleFileText[];
  /** A hash of every rule that went in (the bundled packs' digest and the user's texts): the rules version. */
  version: string;
  /** The CVE pack's description index loader (compileRules' `descriptions`); null with the pack off. */
  descriptions: DescriptionSource | null;
  /** Precomputed fuzzy tables for `ruleSet.bugs` (compileRules' `fuzzyTables`), when the selection kept every bundled bug. */
  fuzzyTables: CompileOptions['fuzzyTables'];
  /** The precomputed signature index (compileRules' `signatureTables`), likewise. */
  signatureTables: CompileOptions['signatureTables'];
}

/**
 * Bundled packs plus the user's rule files from disk, combined: what `ktriage triage` and the
 * Bugzilla bot run on.
 *
 * @example
 * const { ruleSet, problems, unreadable } = await loadRulePacks({ paths: ['my-rules.yml'], cves: false });
 */
export async function loadRulePacks(options: LoadRulePacksOptions = {}): Promise<LoadedRulePacks> {
  const useCves = options.cves ?? true;
  // With the CVE pack off, the pack is not read at all (its thousands of rules cost start-up time).
  const bundled = await readBundledRules({ ...(options.rulesDir !== undefined ? { rulesDir: options.rulesDir } : {}), cvePack: useCves ? (options.cvePack ?? true) : false });
  const user = await readRuleFiles(options.paths ?? [], options.cwd !== undefined ? { cwd: options.cwd } : {});
  // The rule parser is loaded only for the user's own files (combine-rules.ts).
  const combined = user.files.length === 0 ? { ruleSet: selectBundledRules(bundled, options), problems: [] } : (await import('./combine-rules.js')).combineRules(bundled, user.files, options);
  return {
    ruleSet: combined.ruleSet,
    problems: [...bundled.problems, ...user.problems, ...combined.problems],
    unreadable: [...bundled.unreadable, ...user.unreadable],
    files: user.files,
    version: rulesVersion(bundled, user.files),
    descriptions: useCves ? bundled.descriptions : null,
    // compileRules checks that the list is still the bundled one (same rules, same order).
    fuzzyTables: bundled.fuzzyTables === null ? null : { bugs: bundled.ruleSet.bugs, tables: bundled.fuzzyTables },
    signatureTables: bundled.signatureTables === null ? null : { bugs: bundled.ruleSet.bugs, tables: bundled.signatureTables },
  };
}

/** sha256 of the bundled digest and the user's texts: changes whenever any rule could. */
export function rulesVersion(bundled: BundledRules, userFiles: readonly RuleFileText[]): string {
  const hash = createHash('sha256').update(`${bundled.digest}\0`);
  for (const file of userFiles) hash.update(`${file.path}\0${file.text}\0`);
  return hash.digest('hex');
}
