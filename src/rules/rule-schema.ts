import { z } from 'zod';
import { canonicalizeLogLine } from '../extract/canonicalize-log-line.js';
import type { FactDefinition, FixCommit } from '../model.js';
import { bugConsistencyErrors } from './check-rule-consistency.js';
import { checkRuleRegex } from './check-rule-regex.js';
import { checkRuleVersion, type RuleVersionKind } from './check-rule-versions.js';
import { factDefinitionSchema } from './fact-definition-schema.js';
import { BUG_TEMPLATE_NAMES, PLAYBOOK_TEMPLATE_NAMES, checkTemplateName, findTemplates } from './rule-templates.js';

/*
 * The rule-file schema (rules/README.md): the single source of the TypeScript types, the defaults,
 * the validation and rules/schema.json. YAML keys are snake_case; the parsed types are camelCase.
 * Checks that need every file at once (unique ids, fact ids exist) live in check-rule-set.ts.
 */

// ---------------------------------------------------------------------------------------------
// Parsed types (what matching, rendering and `ktriage test` consume)
// ---------------------------------------------------------------------------------------------

/** Where a rule starts in its file (1-based line and column of its first key). */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

export type SignatureKind = 'crash' | 'log' | 'regex';

/** One signature of a bug: any one of a bug's signatures identifies it. */
export interface Signature {
  kind: SignatureKind;
  /**
   * What to match. `log`: the canonical form (canonicalizeLogLine of what was written), matched as
   * a substring of a report line's canonical form. `crash`: the crash title, compared exactly.
   * `regex`: the RE2 source, matched against each report line's message.
   */
  pattern: string;
  /** The signature as written in the rule file. */
  text: string;
  /** 0 < weight <= 1 (default 1): weaker evidence for lines shared with other bugs. */
  weight: number;
}

/**
 * A condition on a fact: `true`/`false` for boolean facts (the fact must not be known to be the
 * opposite), `'any'` (documents that the fact does not matter), one enum value, or a list of values.
 */
export type WhenCondition = boolean | string | string[];

/** The first bad version and/or commit; at least one of the two is set. */
export interface IntroducedIn {
  version: string | null;
  commit: string | null;
}

/** Distro keys of `affected.fixed.distro` (first fixed distro build). */
export const DISTRO_KEYS = ['debian', 'fedora', 'rhel10', 'rhel7', 'rhel8', 'rhel9', 'suse', 'ubuntu'] as const;
export type DistroKey = (typeof DISTRO_KEYS)[number];

export interface FixedIn {
  /** First mainline release with the fix: `3.14` or `3.14-rc6`; null when not listed. */
  mainline: string | null;
  /** First fixed stable release per series (`3.13.7`, `3.12.15`), at most one per series. */
  stable: string[];
  /** First fixed distro build by distro key (`ubuntu: 5.15.0-92`). */
  distro: Partial<Record<DistroKey, string>>;
}

export interface Affected {
  introduced: IntroducedIn | null;
  fixed: FixedIn;
}

/** A context commit: what the fix corrected, a follow-up, ... */
export interface RelatedCommit extends FixCommit {
  note: string | null;
}

/** A question asked while `fact` is unknown. */
export interface AskQuestion {
  fact: string;
  question: string;
}

export interface RuleExamples {
  /** Report snippets the rule must match (`ktriage test`). */
  match: string[];
  /** Report snippets the rule must not match. */
  noMatch: string[];
}

// ---------------------------------------------------------------------------------------------
// Field schemas
// ---------------------------------------------------------------------------------------------

const RULE_ID = /^[a-z0-9][a-z0-9-]*$/;
const FACT_ID = /^[a-z][a-z0-9_]*$/;
const SHA = /^[0-9a-f]{12,40}$/;
const URL = /^https?:\/\/[^\s]+$/;

/** A log signature whose canonical form has fewer letters than this matches almost any report. */
export const MIN_LOG_SIGNATURE_LETTERS = 10;

const ruleId = z
  .string()
  .max(100, 'an id is at most 100 characters')
  .regex(RULE_ID, 'an id is lower case letters, digits and dashes, starting with a letter or digit: like dm-thin-refcount-below-zero');

const oneLine = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} is empty: fill it in`)
    .refine((s) => !s.includes('\n'), `${what} is one line: remove the line break`);

/** GitHub caps label names at 50 characters; Bugzilla keywords are separated by commas. */
const label = oneLine('a label')
  .max(50, 'a label is at most 50 characters (GitHub\'s limit)')
  .refine((s) => !s.includes(','), 'a label has no comma (Bugzilla separates keywords by commas): use two labels');

const url = z.string().regex(URL, 'write a full http(s) URL, like https://bugzilla.kernel.org/show_bug.cgi?id=68801');

const sha = z
  .string()
  .refine((s) => s === s.toLowerCase(), 'write the sha in lower case')
  .refine((s) => SHA.test(s.toLowerCase()), 'a commit is a sha of 12 to 40 hex digits, like cebc2de44d3b')
  // `meta` keys go into schema.json only: editors flag a bad sha while typing; zod's own checks above
  // give the messages.
  .meta({ pattern: SHA.source });

/** The shape of each kind of version, for editors (schema.json); checkRuleVersion gives the messages. */
const VERSION_PATTERNS: Record<RuleVersionKind, string> = {
  distro: '^\\d+\\.\\d+\\.\\d+\\S*$',
  introduced: '^\\d+\\.\\d+(?:-rc\\d+|\\.\\d+)?$',
  mainline: '^\\d+\\.\\d+(?:-rc\\d+)?$',
  stable: '^\\d+\\.\\d+\\.\\d+$',
};

const version = (kind: RuleVersionKind) =>
  z
    .string()
    .superRefine((text, ctx) => {
      const problem = checkRuleVersion(kind, text);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ pattern: VERSION_PATTERNS[kind] });

const factId = z.string().regex(FACT_ID, 'a fact id is snake_case, like metadata_resized');

const templated = (allowed: readonly string[]) =>
  oneLine('a step').superRefine((text, ctx) => {
    const { uses, unclosedAt } = findTemplates(text);
    if (unclosedAt !== null) ctx.addIssue({ code: 'custom', message: `\`{{\` at character ${unclosedAt + 1} is never closed: write \`{{name}}\`` });
    for (const use of uses) {
      const problem = checkTemplateName(use.name, allowed);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }
  });

/** What makes a log signature useless: a timestamp or syslog prefix (report lines have none), too few words. */
function logSignatureProblem(text: string): string | null {
  if (/[\r\n]/.test(text.trim())) return 'a log signature is one line (report lines are matched one at a time): split it into one signature per line';
  if (/^\s*\[\s*\d+\.\d+\]/.test(text)) return 'remove the `[ 123.456]` timestamp: signatures are the message only';
  if (/^\s*[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d /.test(text)) return 'remove the syslog prefix (`Jan  1 00:00:00 host kernel:`): signatures are the message only';
  const canonical = canonicalizeLogLine(text);
  const letters = canonical.replace(/<(?:ADDR|DEV|HEX|N|UUID)>/g, '').replace(/[^A-Za-z]/g, '').length;
  if (letters < MIN_LOG_SIGNATURE_LETTERS) {
    return `the canonical form \`${canonical}\` has too few words to identify a bug (it matches everything): paste the whole message`;
  }
  return null;
}

const signatureSchema = z
  .strictObject({
    log: z.string().describe('A kernel log message (no timestamp); canonicalised, matched as a substring of a report line.').optional(),
    crash: oneLine('a crash title')
      .refine((t) => !/\.[ch]:\d+/.test(t), 'crash titles write line numbers as LINE (`kernel BUG at fs/ext4/inode.c:LINE!`): they are compared exactly')
      .refine((t) => !/\+0x[0-9a-f]/i.test(t), 'crash titles name the function, not its offset: write `WARNING in dec_ref_count`, not `dec_ref_count+0x1f/0x40`')
      .describe('A syzkaller-style crash title, compared exactly: "WARNING in dec_ref_count".')
      .optional(),
    regex: z.string().describe('RE2 regex (linear time; no look-around or back-references), matched against each report line.').optional(),
    weight: z
      .number({ error: 'a weight is a number in (0, 1], like 0.5' })
      .gt(0, 'a weight is above 0 (a signature that proves nothing is better removed)')
      .lte(1, 'a weight is at most 1')
      .default(1)
      .describe('0 < weight <= 1, default 1: weaker evidence for lines shared with other bugs.'),
  })
  // For editors: exactly one of the three kinds (the refinement below gives the message).
  .meta({ oneOf: [{ required: ['log'] }, { required: ['crash'] }, { required: ['regex'] }] })
  .superRefine((s, ctx) => {
    const kinds = (['log', 'crash', 'regex'] as const).filter((k) => s[k] !== undefined);
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message:
          kinds.length === 0
            ? 'a signature needs one of `log`, `crash` or `regex`'
            : `a signature has exactly one of \`log\`, \`crash\`, \`regex\` (found ${kinds.map((k) => `\`${k}\``).join(' and ')}): split it into ${kinds.length} signatures`,
      });
      return;
    }
    if (s.log !== undefined) {
      const problem = logSignatureProblem(s.log);
      if (problem) ctx.addIssue({ code: 'custom', path: ['log'], message: problem });
    }
    if (s.regex !== undefined) {
      const problem = checkRuleRegex(s.regex);
      if (problem) ctx.addIssue({ code: 'custom', path: ['regex'], message: problem });
    }
  })
  .transform((s): Signature => {
    if (s.log !== undefined) return { kind: 'log', pattern: canonicalizeLogLine(s.log), text: s.log, weight: s.weight };
    if (s.crash !== undefined) return { kind: 'crash', pattern: s.crash, text: s.crash, weight: s.weight };
    return { kind: 'regex', pattern: s.regex ?? '', text: s.regex ?? '', weight: s.weight };
  });

const whenValue = z.union([z.string().min(1), z.number()]).transform((v) => String(v));

const whenSchema = z
  .record(factId, z.union([z.boolean(), whenValue, z.array(whenValue).min(1, 'an empty list matches nothing: list the values, or write `any`')]))
  .describe('Conditions on facts: `true`/`false`, `any`, a value, or a list of values.')
  .default({});

const introducedSchema = z
  .union([
    version('introduced').transform((v): IntroducedIn => ({ version: v, commit: null })),
    z
      .strictObject({ commit: sha.optional(), version: version('introduced').optional() })
      .meta({ anyOf: [{ required: ['commit'] }, { required: ['version'] }] })
      .refine((o) => o.commit !== undefined || o.version !== undefined, 'write `commit:`, `version:` or both')
      .transform((o): IntroducedIn => ({ version: o.version ?? null, commit: o.commit ?? null })),
  ])
  .describe('First bad version ("3.12-rc1") or { commit, version }.');

const fixedSchema = z
  .strictObject({
    mainline: version('mainline').describe('First mainline release with the fix: "3.14" or "3.14-rc6".').optional(),
    stable: z.array(version('stable')).describe('First fixed stable release per series: ["3.13.7", "3.12.15"].').default([]),
    distro: z.partialRecord(z.enum(DISTRO_KEYS), version('distro')).describe('First fixed distro build by distro key.').default({}),
  })
  .superRefine((fixed, ctx) => {
    const seen = new Map<string, string>();
    fixed.stable.forEach((release, i) => {
      if (checkRuleVersion('stable', release) !== null) return; // Reported on its own already.
      const series = release.split('.').slice(0, 2).join('.');
      const earlier = seen.get(series);
      if (earlier !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['stable', i], message: `two releases of the ${series} series (${earlier} and ${release}): keep the first fixed one` });
      }
      seen.set(series, release);
    });
  })
  .transform((f): FixedIn => ({ mainline: f.mainline ?? null, stable: f.stable, distro: f.distro }));

const affectedSchema = z
  .strictObject({ introduced: introducedSchema.optional(), fixed: fixedSchema.optional() })
  .transform((a): Affected => ({ introduced: a.introduced ?? null, fixed: a.fixed ?? { mainline: null, stable: [], distro: {} } }));

const fixCommitSchema = z
  .strictObject({
    commit: sha.describe('The sha, 12 to 40 hex digits.'),
    subject: oneLine('the subject').describe('The commit subject, verbatim.'),
    repo: url.describe('The repository; default: torvalds/linux.git on git.kernel.org.').optional(),
  })
  .transform((c): FixCommit => ({ sha: c.commit, subject: c.subject, repo: c.repo ?? null }));

const relatedCommitSchema = z
  .strictObject({
    commit: sha,
    subject: oneLine('the subject'),
    repo: url.optional(),
    note: oneLine('a note').optional(),
  })
  .transform((c): RelatedCommit => ({ sha: c.commit, subject: c.subject, repo: c.repo ?? null, note: c.note ?? null }));

const askSchema = z.strictObject({ fact: factId, question: oneLine('a question') });

const snippet = z.string().refine((s) => s.trim().length > 0, 'an example is empty: paste report text');

const examplesSchema = z
  .strictObject({
    match: z.array(snippet).min(1, 'add at least one report snippet the rule must match'),
    no_match: z.array(snippet).min(1, 'add at least one report snippet the rule must not match'),
  })
  .transform((e): RuleExamples => ({ match: e.match, noMatch: e.no_match }));

// ---------------------------------------------------------------------------------------------
// Bugs, playbooks, files
// ---------------------------------------------------------------------------------------------

/** The schema of one `bugs:` entry; output is BugRule without its source location. */
export const bugRuleSchema = z
  .strictObject({
    id: ruleId.describe('Stable, unique across all rule files: [a-z0-9][a-z0-9-]*'),
    title: oneLine('the title').describe('One line a maintainer would recognise.'),
    subsystem: oneLine('the subsystem')
      .regex(/^[a-z0-9][a-z0-9/_.-]*$/, 'a subsystem is lower case, like device-mapper/thin, md/raid5 or ext4')
      .describe('device-mapper/thin, md/raid5, ext4, xfs, btrfs, nvme, block, scsi, mm, net, ...'),
    links: z.array(url).min(1, 'add at least one link: the report, thread or bugzilla entry').describe('Reports, threads, bugzilla entries.'),
    verified_by: z.array(url).describe('URLs where the commit, subject and versions were verified.').default([]),
    signatures: z.array(signatureSchema).min(1, 'add at least one signature (`log`, `crash` or `regex`)').describe('Any one identifies the bug.'),
    when: whenSchema,
    affected: affectedSchema.optional(),
    fix: z.array(fixCommitSchema).min(1, 'add the fixing commit: { commit, subject }').describe('The commit(s) that fixed the bug.'),
    related: z.array(relatedCommitSchema).describe('Context commits.').default([]),
    next_steps: z.array(templated(BUG_TEMPLATE_NAMES)).describe('Templated next steps: {{running}}, {{fixed_for_running}}, {{fix_commit}}, {{fact.<id>}}, ...').default([]),
    ask: z.array(askSchema).describe('Questions asked while the fact is unknown.').default([]),
    labels: z.array(label).describe('Labels (GitHub) / keywords (Bugzilla) to add.').default([]),
    examples: examplesSchema.describe('Report snippets that must match and must not (`ktriage test`).'),
  })
  .superRefine((bug, ctx) => {
    for (const finding of bugConsistencyErrors(bug)) ctx.addIssue({ code: 'custom', path: finding.path, message: finding.message });
  })
  .transform((b) => ({
    id: b.id,
    title: b.title,
    subsystem: b.subsystem,
    links: b.links,
    verifiedBy: b.verified_by,
    signatures: b.signatures,
    when: b.when as Record<string, WhenCondition>,
    affected: b.affected ?? { introduced: null, fixed: { mainline: null, stable: [], distro: {} } },
    fix: b.fix,
    related: b.related,
    nextSteps: b.next_steps,
    ask: b.ask,
    labels: b.labels,
    examples: b.examples,
  }));

/** The schema of one `playbooks:` entry: generic next steps when no bug matches. */
export const playbookSchema = z
  .strictObject({
    id: ruleId.describe('Unique among playbooks: [a-z0-9][a-z0-9-]*'),
    title: oneLine('the title'),
    subsystems: z.array(oneLine('a subsystem')).describe('Subsystems this playbook covers (device-mapper/thin).').default([]),
    signature_prefixes: z.array(oneLine('a prefix')).describe('Log-line prefixes that point here ("device-mapper: thin").').default([]),
    when: whenSchema,
    next_steps: z.array(templated(PLAYBOOK_TEMPLATE_NAMES)).default([]),
    ask: z.array(askSchema).default([]),
    labels: z.array(label).default([]),
  })
  .meta({ anyOf: [{ required: ['next_steps'] }, { required: ['ask'] }] })
  .refine((p) => p.next_steps.length + p.ask.length > 0, 'a playbook needs `next_steps` or `ask`')
  .transform((p) => ({
    id: p.id,
    title: p.title,
    subsystems: p.subsystems,
    signaturePrefixes: p.signature_prefixes,
    when: p.when as Record<string, WhenCondition>,
    nextSteps: p.next_steps,
    ask: p.ask,
    labels: p.labels,
  }));

/** The sections of a rule file, each a list of entries validated one by one. */
export const RULE_FILE_SECTIONS = {
  facts: factDefinitionSchema,
  bugs: bugRuleSchema,
  playbooks: playbookSchema,
} as const;

export type RuleFileSection = keyof typeof RULE_FILE_SECTIONS;

/** The schema of a whole rule file (used for rules/schema.json; parsing validates entry by entry). */
export const ruleSchema = z
  .strictObject({
    facts: z.array(factDefinitionSchema).describe('The fact vocabulary (see rules/README.md, "Facts").').optional(),
    bugs: z.array(bugRuleSchema).describe('Known bugs.').optional(),
    playbooks: z.array(playbookSchema).describe('Next steps per subsystem when no bug matches.').optional(),
  })
  .describe('A ktriage rule file (rules/README.md).');

/**
 * A known bug, parsed: camelCase, defaults filled in, with where it was written.
 * - `id`, `title`, `subsystem`; `links` (1+) and `verifiedBy` (URLs)
 * - `signatures` (1+): any one identifies the bug (see Signature)
 * - `when`: fact id -> condition (see WhenCondition); `{}` when none
 * - `affected`: `introduced` (null when unknown) and `fixed` (`mainline` null, `stable` [] and
 *   `distro` {} when not listed)
 * - `fix` (1+) and `related`: commits (`repo` null = torvalds/linux.git)
 * - `nextSteps` (templated, see rule-templates.ts), `ask` (asked while the fact is unknown), `labels`
 * - `examples`: `match` and `noMatch` report snippets (1+ each)
 * - `source`: where the bug starts in its file
 */
export type BugRule = z.output<typeof bugRuleSchema> & { source: SourceLocation };
/**
 * A playbook, parsed: generic next steps when no bug matches. Selected by `subsystems`,
 * `signaturePrefixes` (log-line prefixes) and/or `when`; `nextSteps` take `{{running}}` and
 * `{{fact.<id>}}` only.
 */
export type Playbook = z.output<typeof playbookSchema> & { source: SourceLocation };
/** What a rule file's YAML may hold (snake_case keys, before defaults). */
export type RuleFileInput = z.input<typeof ruleSchema>;

/** A fact definition (model.ts FactDefinition) with where it was written. */
export type FactRule = FactDefinition & { source: SourceLocation };

/** Every valid rule of every file read, in file order. Rules with problems are left out. */
export interface RuleSet {
  bugs: BugRule[];
  playbooks: Playbook[];
  facts: FactRule[];
}

/** One problem found in a rule file; `formatProblem` prints it as `file:line:col: message`. */
export interface RuleProblem {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
  /** What is wrong and how to fix it. */
  message: string;
  /** The id of the bug, playbook or fact the problem is in (null for file-level problems). */
  ruleId: string | null;
  /** Errors disable the rule they are in (or the file); warnings (old key spellings) do not. */
  severity: 'error' | 'warning';
}
