import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { z } from 'zod';
import { suggestKey } from './key-aliases.js';
import { locateKey, locatePath, nodeOffset } from './read-yaml-rule-file.js';
import { objectKeys, schemaAt } from './zod-introspection.js';
import { quoteCode } from './quote-code.js';

/** A schema problem, located by offset in the file. */
export interface ExplainedIssue {
  offset: number;
  message: string;
}

/** What explainZodIssue needs to know about where the validated entry sits in its file. */
export interface IssueContext {
  doc: Document | null;
  lineCounter: LineCounter;
  /** The entry's path in the file (`['bugs', 3]`). */
  prefix: ReadonlyArray<PropertyKey>;
  /** The schema the entry was validated with (for the keys an object knows). */
  schema: z.core.$ZodType;
  /** What the entry is called in messages ("a bug", "a playbook"). */
  entryName: string;
}

type Issue = z.core.$ZodIssue;

/**
 * Turn one zod issue into messages that name the key and the fix, each at the right place in the
 * YAML: unknown keys at the key (with "did you mean"), missing keys at their mapping, everything
 * else at the offending value.
 */
export function explainZodIssue(issue: Issue, context: IssueContext, base: ReadonlyArray<PropertyKey> = []): ExplainedIssue[] {
  const path = [...base, ...issue.path];
  const full = [...context.prefix, ...path];
  const where = keyPathText(path);
  const located = locatePath(context.doc, full);
  const at = nodeOffset(located.node);

  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = objectKeys(schemaAt(context.schema, path) ?? context.schema) ?? [];
      return issue.keys.map((key) => {
        const suggestion = suggestKey(key, known);
        const inWhere = where ? ` in \`${where}\`` : '';
        const fix = suggestion ? ` — did you mean \`${suggestion}\`?` : known.length > 0 ? `: known keys are ${known.map((k) => `\`${k}\``).join(', ')}` : '';
        return { offset: nodeOffset(locateKey(context.doc, full, key) ?? located.node), message: `unknown key ${quoteCode(key)}${inWhere}${fix}` };
      });
    }
    case 'invalid_union': {
      // A branch whose type fits but whose content does not says the most: report its issues.
      const fitting = issue.errors.filter((branch) => !branch.some((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_union')));
      if (fitting.length === 1) return fitting[0]!.flatMap((inner) => explainZodIssue(inner, context, path));
      return [{ offset: at, message: typeMessage(where, expectedTypes(issue), located.node, context.entryName) }];
    }
    case 'invalid_type': {
      if (!located.found) {
        const key = path[path.length - 1];
        if (typeof key === 'string') {
          const hint = MISSING_KEY_HINTS[key];
          return [{ offset: at, message: `missing required key \`${where}\`${hint ? `: add ${hint}` : ''}` }];
        }
      }
      return [{ offset: at, message: typeMessage(where, [issue.expected], located.node, context.entryName) }];
    }
    case 'invalid_key': {
      const parent = keyPathText(path.slice(0, -1));
      const key = quoteCode(String(path[path.length - 1]));
      return issue.issues.map((inner) => ({ offset: at, message: `${parent ? `\`${parent}\`: ` : ''}${key} is not a valid key here: ${inner.message}` }));
    }
    case 'too_small':
      // zod's default wording ("Too small: expected string to have >=1 characters") says what, not how.
      if (issue.message.startsWith('Too small')) {
        if (issue.origin === 'string' && Number(issue.minimum) <= 1) return [{ offset: at, message: `\`${where}\` is empty: fill it in` }];
        if (issue.origin === 'array') return [{ offset: at, message: `\`${where}\` needs at least ${String(issue.minimum)} ${Number(issue.minimum) === 1 ? 'entry' : 'entries'}` }];
      }
      return [{ offset: at, message: where ? `\`${where}\`: ${issue.message}` : issue.message }];
    case 'invalid_value':
      return [{ offset: at, message: `\`${where}\` must be one of ${issue.values.map((v) => `\`${String(v)}\``).join(', ')}` }];
    default:
      return [{ offset: at, message: where ? `\`${where}\`: ${issue.message}` : issue.message }];
  }
}

/** What to write for a required key that is missing (by key name, the same wherever it occurs). */
const MISSING_KEY_HINTS: Readonly<Record<string, string>> = {
  commit: 'the sha, 12 to 40 hex digits',
  description: 'one line saying what the fact means',
  examples: '`match:` and `no_match:` lists of report snippets',
  fact: 'the id of the fact the question is about',
  fix: 'the fixing commit(s): `- commit: <sha>` with its `subject:`',
  id: 'a stable id like dm-thin-refcount-below-zero',
  links: 'a list of URLs: the report, the mailing-list thread',
  match: 'report snippets the rule must match',
  no_match: 'report snippets the rule must not match',
  patterns: 'the phrases or regexes that assert the fact',
  question: 'the question to ask the reporter',
  signatures: 'a list of `- log: "..."`, `- crash: "..."` or `- regex: \'...\'`',
  subject: 'the commit subject, verbatim',
  subsystem: 'the subsystem, like device-mapper/thin or ext4',
  title: 'one line a maintainer would recognise',
  type: '`boolean` or `enum`',
};

/** `affected.fixed.stable[1]` for ['affected', 'fixed', 'stable', 1]. */
export function keyPathText(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else {
      // Record keys (`when`, `distro`) are user text: keep them printable and short.
      const key = String(segment).replace(/[`\r\n\t]/g, ' ').slice(0, 60);
      text += text ? `.${key}` : key;
    }
  }
  return text;
}

/** The types a union accepts at its root, nested unions flattened. */
function expectedTypes(issue: Extract<Issue, { code: 'invalid_union' }>): string[] {
  const types = new Set<string>();
  for (const branch of issue.errors) {
    for (const inner of branch) {
      if (inner.path.length !== 0) continue;
      if (inner.code === 'invalid_type') types.add(inner.expected);
      if (inner.code === 'invalid_union') for (const t of expectedTypes(inner)) types.add(t);
    }
  }
  return [...types];
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  array: 'a list',
  boolean: 'true or false',
  number: 'a number',
  object: 'a mapping (`key: value` lines)',
  record: 'a mapping (`key: value` lines)',
  string: 'text',
};

function describeNode(node: Node | null): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    if (node.value === null) return 'empty';
    if (typeof node.value === 'boolean') return `the boolean ${String(node.value)}`;
    if (typeof node.value === 'number') return `the number ${node.source ?? String(node.value)}`;
    return `the text "${String(node.value).slice(0, 40)}"`;
  }
  return 'an alias';
}

function typeMessage(where: string, expected: string[], node: Node | null, entryName: string): string {
  const subject = where ? `\`${where}\`` : entryName;
  // YAML reads `3.10` as the number 3.1 and a 12-digit sha as a number: say so, the fix is quotes.
  if (expected.includes('string') && isScalar(node) && typeof node.value === 'number') {
    const source = node.source ?? String(node.value);
    const lost = String(node.value) !== source ? ` (YAML reads ${source} as the number ${String(node.value)})` : '';
    return `${subject} must be text${lost}: quote it, "${source}"`;
  }
  if (expected.includes('string') && isScalar(node) && typeof node.value === 'boolean') {
    return `${subject} must be text, not ${String(node.value)} (YAML reads yes/no/true/false as booleans): quote it`;
  }
  const words = expected.map((t) => TYPE_WORDS[t] ?? t);
  const want = words.length <= 1 ? (words[0] ?? 'something else') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
  return `${subject} must be ${want}, not ${describeNode(node)}`;
}
