import type { Document, LineCounter } from 'yaml';
import type { z } from 'zod';
import type { FactDefinition } from '../model.js';
import { checkRuleSet, type RuleCandidate } from './check-rule-set.js';
import { bugWarnings, type BugFields } from './check-rule-consistency.js';
import { checkFactRegex } from './check-rule-regex.js';
import { explainZodIssue, keyPathText } from './explain-zod-issue.js';
import { readYamlRuleFile, locateKey, locatePath, nodeOffset, positionOf, type YamlPath } from './read-yaml-rule-file.js';
import { RULE_FILE_SECTIONS, ruleSchema, type BugRule, type Playbook, type RuleFileSection, type RuleProblem, type RuleSet, type SourceLocation } from './rule-schema.js';
import { suggestKey } from './key-aliases.js';
import { quoteCode } from './quote-code.js';

/** One rule file as read from disk (or anywhere): its path for messages and its text. */
export interface RuleFileText {
  path: string;
  text: string;
}

export interface ParsedRuleFiles {
  ruleSet: RuleSet;
  /** Every problem of every file, errors and warnings, sorted by file (input order), line, column. */
  problems: RuleProblem[];
}

export interface ParseRuleFilesOptions {
  /**
   * Facts defined elsewhere (the bundled vocabulary when linting a user's file on its own): rules
   * may name them in `when`/`ask`. They are not added to the rule set, and redefining one is allowed.
   */
  knownFacts?: readonly FactDefinition[];
}

const ENTRY_NAMES: Record<RuleFileSection, string> = { bugs: 'a bug', facts: 'a fact', playbooks: 'a playbook' };
const SECTIONS = Object.keys(RULE_FILE_SECTIONS) as RuleFileSection[];

/**
 * Read and validate rule files (rules/README.md): YAML with positions, the strict schema, then the
 * checks across files (unique ids, fact ids exist). Reports every problem of every file at once; an
 * entry with an error is left out of the rule set and the rest work. Never throws.
 *
 * @example
 * const { ruleSet, problems } = parseRuleFiles([{ path: 'rules/dm-thin.yml', text }]);
 * problems.map(formatProblem); // => ['rules/dm-thin.yml:12:9: unknown key `signature` — did you mean `signatures`?']
 */
export function parseRuleFiles(files: ReadonlyArray<RuleFileText>, options: ParseRuleFilesOptions = {}): ParsedRuleFiles {
  const problems: RuleProblem[] = [];
  const candidates: RuleCandidate[] = [];
  files.forEach((file) => {
    try {
      readOneFile(file, problems, candidates);
    } catch (error) {
      // A bug of ours must not take the bot down with it: report it against the file.
      problems.push({
        file: file.path,
        line: 1,
        col: 1,
        ruleId: null,
        severity: 'error',
        message: `internal error while reading this file (please report it): ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  });

  try {
    problems.push(...checkRuleSet(candidates, options.knownFacts ?? []));
  } catch (error) {
    problems.push({ file: files[0]?.path ?? '', line: 1, col: 1, ruleId: null, severity: 'error', message: `internal error in the cross-file checks (please report it): ${error instanceof Error ? error.message : String(error)}` });
  }

  const ruleSet: RuleSet = { bugs: [], playbooks: [], facts: [] };
  for (const candidate of candidates) {
    if (candidate.disabled || candidate.value === undefined) continue;
    const withSource = { ...(candidate.value as object), source: candidate.source };
    if (candidate.section === 'bugs') ruleSet.bugs.push(withSource as BugRule);
    else if (candidate.section === 'playbooks') ruleSet.playbooks.push(withSource as Playbook);
    else ruleSet.facts.push(withSource as FactDefinition & { source: SourceLocation });
  }

  const order = new Map(files.map((f, i) => [f.path, i]));
  problems.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.line - b.line || a.col - b.col);
  return { ruleSet, problems: capProblemsPerFile(problems) };
}

/**
 * Problems shown per file at most: a generated or hostile file can hold a hundred thousand broken
 * entries, and nobody reads past the first screens. The rest are counted in one closing line.
 */
export const MAX_PROBLEMS_PER_FILE = 500;

function capProblemsPerFile(sorted: RuleProblem[]): RuleProblem[] {
  const kept: RuleProblem[] = [];
  const counts = new Map<string, number>();
  const last = new Map<string, RuleProblem>();
  for (const problem of sorted) {
    const count = (counts.get(problem.file) ?? 0) + 1;
    counts.set(problem.file, count);
    if (count <= MAX_PROBLEMS_PER_FILE) kept.push(problem);
    last.set(problem.file, problem);
  }
  const result: RuleProblem[] = [];
  for (let i = 0; i < kept.length; i++) {
    const problem = kept[i]!;
    result.push(problem);
    const total = counts.get(problem.file)!;
    const endOfFile = kept[i + 1]?.file !== problem.file;
    if (endOfFile && total > MAX_PROBLEMS_PER_FILE) {
      const { line, col } = last.get(problem.file)!;
      result.push({ file: problem.file, line, col, ruleId: null, severity: 'error', message: `${total - MAX_PROBLEMS_PER_FILE} more problems in this file are not shown: fix the ones above first` });
    }
  }
  return result;
}

function readOneFile(file: RuleFileText, problems: RuleProblem[], candidates: RuleCandidate[]): void {
  const problemsBefore = problems.length;
  const yaml = readYamlRuleFile(file.text, ruleSchema);
  const { doc, lineCounter } = yaml;
  const at = (offset: number) => positionOf(lineCounter, offset);
  const disabledPaths: YamlPath[] = [];
  for (const problem of yaml.problems) {
    const { line, col } = at(problem.offset);
    const entry = problem.path && problem.path.length >= 2 ? problem.path.slice(0, 2) : null;
    if (entry && problem.severity === 'error') disabledPaths.push(entry);
    problems.push({ file: file.path, line, col, message: problem.message, ruleId: entry ? rawId(yaml.value, entry) : null, severity: problem.severity });
  }
  if (yaml.value === undefined) return;
  const hasFileError = yaml.problems.some((p) => p.severity === 'error' && !(p.path && p.path.length >= 2));
  if (hasFileError) return;

  const root = yaml.value;
  if (root === null) return; // An empty file (or only comments) holds no rules.
  if (typeof root !== 'object' || Array.isArray(root)) {
    const { line, col } = at(nodeOffset(doc?.contents as never));
    problems.push({
      file: file.path,
      line,
      col,
      ruleId: null,
      severity: 'error',
      message: `a rule file is a mapping with the keys ${SECTIONS.map((s) => `\`${s}:\``).join(', ')}; this file holds ${Array.isArray(root) ? 'a list' : 'a single value'}`,
    });
    return;
  }

  // A mapping with no rule section (or a near miss) is some other file (a config, /etc/shadow through a
  // symlink): name it, and never quote its keys, which may be anybody's secrets.
  // A misspelt section (`bug:`) is still a rule file, and gets its "did you mean" below.
  if (!Object.keys(root as Record<string, unknown>).some((key) => (SECTIONS as string[]).includes(key) || suggestKey(key, SECTIONS))) {
    problems.push({
      file: file.path,
      line: 1,
      col: 1,
      ruleId: null,
      severity: 'error',
      message: `not a rule file: it has none of the top-level keys ${SECTIONS.map((s) => `\`${s}:\``).join(', ')}`,
    });
    return;
  }

  for (const [key, value] of Object.entries(root as Record<string, unknown>)) {
    const keyAt = at(nodeOffset(locatePath(doc, []).node));
    if (!(SECTIONS as string[]).includes(key)) {
      const suggestion = suggestKey(key, SECTIONS);
      const keyNode = findRootKey(doc, key);
      const pos = keyNode !== null ? at(keyNode) : keyAt;
      problems.push({
        file: file.path,
        ...pos,
        ruleId: null,
        severity: 'error',
        message: `unknown top-level key ${quoteCode(key)}${suggestion ? ` — did you mean \`${suggestion}\`?` : `: a rule file holds ${SECTIONS.map((s) => `\`${s}\``).join(', ')}`}`,
      });
      continue;
    }
    const section = key as RuleFileSection;
    if (!Array.isArray(value)) {
      const pos = at(nodeOffset(locatePath(doc, [section]).node ?? null));
      problems.push({ file: file.path, ...pos, ruleId: null, severity: 'error', message: `\`${section}\` must be a list of entries (\`- id: ...\`), not ${value === null ? 'empty' : typeof value}` });
      continue;
    }
    value.forEach((entry, index) => {
      candidates.push(validateEntry(file.path, doc, lineCounter, section, index, entry, disabledPaths, problems, problemsBefore));
    });
  }
}

function validateEntry(
  file: string,
  doc: Document | null,
  lineCounter: LineCounter,
  section: RuleFileSection,
  index: number,
  entry: unknown,
  disabledPaths: YamlPath[],
  problems: RuleProblem[],
  problemsBefore: number,
): RuleCandidate {
  const prefix = [section, index] as const;
  const schema = RULE_FILE_SECTIONS[section] as z.ZodType;
  const node = locatePath(doc, prefix).node;
  const source: SourceLocation = { file, ...positionOf(lineCounter, nodeOffset(node)) };
  const id = rawId(entry, []);
  const locate = (path: ReadonlyArray<PropertyKey>) => positionOf(lineCounter, nodeOffset(locatePath(doc, [...prefix, ...path]).node));
  const locateKeyIn = (path: ReadonlyArray<PropertyKey>, key: string) => {
    const keyNode = locateKey(doc, [...prefix, ...path], key);
    return keyNode ? positionOf(lineCounter, nodeOffset(keyNode)) : locate(path);
  };
  const candidate: RuleCandidate = { section, id, source, value: undefined, raw: entry, disabled: false, locate, locateKey: locateKeyIn };
  if (disabledPaths.some((p) => p[0] === section && p[1] === index)) candidate.disabled = true;
  const result = schema.safeParse(entry);
  if (!result.success) {
    candidate.disabled = true;
    // Past the per-file cap the messages would be dropped anyway: skip the work of explaining them.
    if (problems.length - problemsBefore > MAX_PROBLEMS_PER_FILE) {
      for (const _issue of result.error.issues) problems.push({ file, line: source.line, col: source.col, message: 'not shown', ruleId: id, severity: 'error' });
      return candidate;
    }
    const context = { doc, lineCounter, prefix, schema, entryName: ENTRY_NAMES[section] };
    for (const issue of result.error.issues) {
      for (const explained of explainZodIssue(issue, context)) {
        problems.push({ file, ...positionOf(lineCounter, explained.offset), message: explained.message, ruleId: id, severity: 'error' });
      }
    }
    return candidate;
  }
  candidate.value = result.data;
  if (section === 'facts') {
    // The fact schema checks regex syntax; a regex that matches (almost) anything would assert the
    // fact on every report.
    (result.data as FactDefinition).patterns.forEach((pattern, i) => {
      pattern.regexes.forEach((regex, j) => {
        const problem = checkFactRegex(regex);
        if (!problem) return;
        candidate.disabled = true;
        const path = ['patterns', i, 'regexes', j];
        problems.push({ file, ...locate(path), message: `\`${keyPathText(path)}\`: ${problem}`, ruleId: id, severity: 'error' });
      });
    });
  }
  if (section === 'bugs') {
    for (const finding of bugWarnings(result.data as BugFields)) {
      problems.push({ file, ...locate(finding.path), message: `\`${keyPathText(finding.path)}\`: ${finding.message}`, ruleId: id, severity: 'warning' });
    }
  }
  return candidate;
}

/** The `id` of a raw entry, when it has a string one (for messages of entries that failed). */
function rawId(value: unknown, path: ReadonlyArray<PropertyKey>): string | null {
  let current: unknown = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return null;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  if (current === null || typeof current !== 'object' || Array.isArray(current)) return null;
  const id = (current as Record<string, unknown>).id;
  return typeof id === 'string' ? id : null;
}

function findRootKey(doc: Document | null, key: string): number | null {
  const root = doc?.contents as { items?: Array<{ key?: { value?: unknown; range?: [number, number, number] } }> } | null;
  const pair = root?.items?.find((p) => p.key?.value === key);
  return pair?.key?.range?.[0] ?? null;
}
