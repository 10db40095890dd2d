import { Alias, LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { resolveKeyAlias } from './key-aliases.js';
import { childSchema, objectKeys } from './zod-introspection.js';
import { quoteCode } from './quote-code.js';
import { MAX_RULE_FILE_CHARS } from './rule-file-limits.js';

export { MAX_RULE_FILE_CHARS };

/** Alias expansions allowed per file (yaml's guard against "billion laughs" documents). */
export const MAX_ALIAS_COUNT = 100;
/** Nesting deeper than this is no rule file; refused before building JS values. */
const MAX_DEPTH = 64;

/** Tags a rule file may write explicitly (`!!str 3.10`): the YAML 1.2 core schema's own. */
const CORE_TAGS = new Set(['map', 'seq', 'str', 'int', 'float', 'bool', 'null'].map((t) => `tag:yaml.org,2002:${t}`));

export type YamlPath = ReadonlyArray<string | number>;

/** A problem found while reading YAML, located by offset; `path` says which entry it belongs to. */
export interface YamlProblem {
  offset: number;
  message: string;
  /** The path of the node it is in, when known (an entry with a problem is left out). */
  path: YamlPath | null;
  severity: 'error' | 'warning';
}

export interface YamlRuleFile {
  lineCounter: LineCounter;
  doc: Document | null;
  /** The file's JavaScript value (aliases renamed to current keys); undefined when unusable. */
  value: unknown;
  problems: YamlProblem[];
}

/**
 * Parse one rule file's YAML defensively: size cap, one document, unique keys, no custom tags,
 * bounded alias expansion and nesting, string keys, and other spellings of keys renamed to the
 * current ones (with a warning). Never throws.
 */
export function readYamlRuleFile(text: string, schema: z.core.$ZodType): YamlRuleFile {
  const lineCounter = new LineCounter();
  if (text.length > MAX_RULE_FILE_CHARS) {
    return {
      lineCounter,
      doc: null,
      value: undefined,
      problems: [{ offset: 0, path: null, severity: 'error', message: `the file has ${text.length} characters; rule files are limited to ${MAX_RULE_FILE_CHARS}: split it into several files` }],
    };
  }
  // Old Mac line endings (a lone CR): yaml reads them as one long line. Same length, same offsets.
  const normalized = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
  const doc = parseDocument(normalized, { lineCounter, prettyErrors: false, uniqueKeys: true, schema: 'core', strict: true, keepSourceTokens: false, logLevel: 'error' });
  const problems: YamlProblem[] = doc.errors.slice(0, MAX_SYNTAX_ERRORS_SHOWN).map((error) => ({
    offset: error.pos[0],
    path: null,
    severity: 'error',
    message: explainYamlError(error.code, error.message),
  }));
  if (doc.errors.length > MAX_SYNTAX_ERRORS_SHOWN) {
    const more = doc.errors.length - MAX_SYNTAX_ERRORS_SHOWN;
    problems.push({ offset: doc.errors[MAX_SYNTAX_ERRORS_SHOWN]!.pos[0], path: null, severity: 'error', message: `and ${more} more YAML syntax error${more === 1 ? '' : 's'}: is this a YAML file at all?` });
  }
  for (const warning of doc.warnings) {
    // Unresolved tags are reported by the walk below, with the entry they are in.
    if (warning.code === 'TAG_RESOLVE_FAILED') continue;
    problems.push({ offset: warning.pos[0], path: null, severity: 'warning', message: warning.message });
  }
  // Walk even a document with syntax errors: its tags, merge keys and key spellings are reported in
  // the same run. Its values are not used.
  const syntaxErrors = problems.some((p) => p.severity === 'error');
  const walk: WalkState = { text: normalized, doc, problems, aliases: [], tooDeep: false };
  walkNode(doc.contents, schema, [], 0, walk);
  if (walk.tooDeep || syntaxErrors) return { lineCounter, doc, value: undefined, problems };

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const bomb = error instanceof ReferenceError;
    problems.push({
      offset: walk.aliases[0] ?? 0,
      path: null,
      severity: 'error',
      message: bomb
        ? `the file expands YAML aliases (\`*name\`) more than ${MAX_ALIAS_COUNT} times (a "YAML bomb"): write the values out instead of aliasing them`
        : `the YAML cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    });
    return { lineCounter, doc, value: undefined, problems };
  }
  if (walk.aliases.length > 0 && expandedSize(value, MAX_EXPANDED_VALUES) > MAX_EXPANDED_VALUES) {
    problems.push({
      offset: walk.aliases[0]!,
      path: null,
      severity: 'error',
      message: `aliases (\`*name\`) expand this file to more than ${MAX_EXPANDED_VALUES} values: alias small values only, or write them out`,
    });
    return { lineCounter, doc, value: undefined, problems };
  }
  return { lineCounter, doc, value, problems };
}

/**
 * Values a file may expand to through aliases. yaml's alias count stops exponential bombs, but 99
 * aliases of one huge list still multiply the validation work; no real rule file comes near this.
 */
const MAX_EXPANDED_VALUES = 1_000_000;

/** Values in a JS value counting shared (aliased) parts each time they are reached; stops past `cap`. */
function expandedSize(root: unknown, cap: number): number {
  let count = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0 && count <= cap) {
    const value = stack.pop();
    count++;
    // Pushed one by one: spreading a 200,000-item list into push() overflows the argument limit.
    if (Array.isArray(value)) for (const item of value) stack.push(item);
    else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) stack.push(item);
  }
  return count;
}

/**
 * Syntax errors listed per file. A file that is not YAML (a password file, a log named by mistake)
 * gives one per line; the first few say what is wrong, the rest are counted.
 */
const MAX_SYNTAX_ERRORS_SHOWN = 10;

/** The fix for the YAML errors maintainers meet most; others keep yaml's own message. */
const YAML_ERROR_HINTS: Readonly<Record<string, string>> = {
  DUPLICATE_KEY: 'a key appears twice in the same mapping: keep one',
  MULTIPLE_DOCS: 'the file holds more than one YAML document (`---`): a rule file is one document; split it',
  BAD_INDENT: 'the indentation is inconsistent: align the keys of one mapping in one column',
  TAB_AS_INDENT: 'tabs cannot indent YAML: use spaces',
  ALIAS_PROPS: 'an alias (`*name`) cannot carry a tag or anchor',
};

function explainYamlError(code: string, message: string): string {
  if (/maximum call stack/i.test(message)) return `the YAML is nested too deeply to read: no rule or config file needs more than ${MAX_DEPTH} levels`;
  const hint = YAML_ERROR_HINTS[code];
  const first = withoutLongQuote(message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''));
  return hint ? `${hint} (YAML: ${first})` : `YAML syntax error: ${first}`;
}

/** Source text yaml quotes back that is still worth showing: a stray `}` or `:`, not a line of the file. */
const MAX_QUOTED_TOKEN = 20;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * yaml ends some messages with the offending source text (`Unexpected scalar token in YAML stream:
 * "..."`). A short token helps the author; a long one is the file's own content (a password file
 * or a binary named by mistake) and is not echoed: the position already says where it is.
 */
function withoutLongQuote(message: string): string {
  return message.replace(/: (".*")$/s, (whole, quoted: string) => {
    let token: unknown;
    try {
      token = JSON.parse(quoted);
    } catch {
      return '';
    }
    return typeof token === 'string' && token.length <= MAX_QUOTED_TOKEN && !CONTROL.test(token) ? whole : '';
  });
}

interface WalkState {
  text: string;
  doc: Document;
  problems: YamlProblem[];
  /** Offsets of alias nodes, for locating a "YAML bomb". */
  aliases: number[];
  tooDeep: boolean;
}

function startOf(node: Node | null | undefined): number {
  return node?.range?.[0] ?? 0;
}

function checkTag(node: Node, path: YamlPath, state: WalkState): void {
  const tag = (node as { tag?: string }).tag;
  if (tag && !CORE_TAGS.has(tag)) {
    const shown = tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
    // The node's range starts after its tag; point at the tag itself.
    const start = startOf(node);
    const tagAt = state.text.lastIndexOf(shown, start);
    state.problems.push({
      offset: tagAt >= 0 && start - tagAt < 1000 ? tagAt : start,
      path,
      severity: 'error',
      message: `custom tag ${quoteCode(shown)} is not allowed: rule files are data only; remove the tag`,
    });
  }
}

function walkNode(node: unknown, schema: z.core.$ZodType | null, path: YamlPath, depth: number, state: WalkState): void {
  if (state.tooDeep || node === null || node === undefined) return;
  if (depth > MAX_DEPTH) {
    state.tooDeep = true;
    state.problems.push({ offset: startOf(node as Node), path: null, severity: 'error', message: `the YAML is nested more than ${MAX_DEPTH} levels deep: no rule or config file needs that` });
    return;
  }
  if (isAlias(node)) {
    state.aliases.push(startOf(node));
    return; // The anchored node is walked where it is defined.
  }
  if (isScalar(node)) {
    checkTag(node, path, state);
    return;
  }
  if (isSeq(node)) {
    checkTag(node, path, state);
    const element = schema ? childSchema(schema, 0) : null;
    node.items.forEach((item, i) => walkNode(item, element, [...path, i], depth + 1, state));
    return;
  }
  if (isMap(node)) {
    checkTag(node, path, state);
    const known = schema ? objectKeys(schema) : null;
    const present = new Set(node.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : '')));
    const dropped = new Set<unknown>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      if (!isScalar(keyNode) || typeof keyNode.value !== 'string') {
        if (isScalar(keyNode) && keyNode.value !== null && typeof keyNode.value !== 'object') {
          // `1: x` or `true: x`: read as the string it looks like, so `when: { raid_level: ... }` style
          // maps and error messages stay simple.
          keyNode.value = String(keyNode.source ?? keyNode.value);
        } else {
          state.problems.push({ offset: startOf(keyNode ?? (pair.value as Node)), path, severity: 'error', message: 'a key must be a plain word (complex and alias keys are not allowed)' });
          dropped.add(pair);
          continue;
        }
      }
      checkTag(keyNode, path, state);
      const key = keyNode.value as string;
      if (key === '<<') {
        state.problems.push({ offset: startOf(keyNode), path, severity: 'error', message: 'merge keys (`<<: *name`) are not supported: write the keys out' });
        continue;
      }
      let current = key;
      if (known) {
        const resolved = resolveKeyAlias(key, known);
        if (resolved !== null && resolved !== key) {
          if (present.has(resolved)) {
            state.problems.push({ offset: startOf(keyNode), path, severity: 'error', message: `${quoteCode(key)} and \`${resolved}\` are the same key: keep \`${resolved}\`` });
            dropped.add(pair); // Reported once here, not again as an unknown key.
            continue;
          }
          state.problems.push({ offset: startOf(keyNode), path, severity: 'warning', message: `${quoteCode(key)} is an old or alternative spelling: write \`${resolved}\`` });
          keyNode.value = resolved;
          present.add(resolved); // A second spelling of the same key is then caught above.
          current = resolved;
        }
      }
      const child = schema ? childSchema(schema, current) : null;
      walkNode(pair.value, child, [...path, current], depth + 1, state);
    }
    if (dropped.size > 0) node.items = node.items.filter((pair) => !dropped.has(pair));
  }
}

/** Where a path points in the document. `found` is false when the path ends early (a missing key). */
export interface Located {
  /** The deepest node reached. */
  node: Node | null;
  found: boolean;
}

/** Follow a JS path (keys and indices) through the YAML document, through aliases. */
export function locatePath(doc: Document | null, path: ReadonlyArray<PropertyKey>): Located {
  let node: Node | null = (doc?.contents as Node | null) ?? null;
  for (const segment of path) {
    const next = childNode(doc, node, segment);
    if (!next) return { node, found: false };
    node = next;
  }
  return { node, found: true };
}

/** The key node of `key` in the mapping at `path` (for "unknown key" problems), or null. */
export function locateKey(doc: Document | null, path: ReadonlyArray<PropertyKey>, key: string): Node | null {
  const { node, found } = locatePath(doc, path);
  const map = resolve(doc, node);
  if (!found || !isMap(map)) return null;
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  return (pair?.key as Node | undefined) ?? null;
}

function resolve(doc: Document | null, node: Node | null): Node | null {
  if (doc && node instanceof Alias) return (node.resolve(doc) as Node | undefined) ?? null;
  return node;
}

function childNode(doc: Document | null, parent: Node | null, segment: PropertyKey): Node | null {
  const node = resolve(doc, parent);
  if (isSeq(node) && typeof segment === 'number') return (node.items[segment] as Node | undefined) ?? null;
  if (isMap(node) && typeof segment === 'string') {
    const pair = node.items.find((p) => isScalar(p.key) && p.key.value === segment);
    return (pair?.value as Node | null | undefined) ?? null;
  }
  return null;
}

/** 1-based line and column of an offset. */
export function positionOf(lineCounter: LineCounter, offset: number): { line: number; col: number } {
  const { line, col } = lineCounter.linePos(offset);
  return { line: Math.max(1, line), col: Math.max(1, col) };
}

/** The start offset of a node (0 when it has no range). */
export function nodeOffset(node: Node | null | undefined): number {
  return startOf(node);
}
