import { z } from 'zod';

/**
 * `.github/ktriage.yml`: how ktriage behaves on one repository (or, via Probot's `_extends`, an
 * organisation). The zod schema is the single source of the type and the defaults
 * (release-drafter's approach); unknown keys are errors, so a typo is reported, not ignored.
 *
 * ```yaml
 * rules:
 *   bundled: true                     # use the curated rules shipped with ktriage (the fact vocabulary is always used)
 *   cves: true                        # use the kernel CVE pack shipped with ktriage (or the operator's, KTRIAGE_CVE_PACK)
 *   paths: [.github/ktriage/]         # rule files or folders of *.yml on the default branch
 *   repositories: []                  # other repositories of this owner whose files paths may name (owner/repo:path)
 * labels:
 *   enabled: true
 *   prefix: ""                        # prepended to every label ktriage sets ("triage/")
 *   needs_info: needs-info            # added while questions are open; null: never
 * comment:
 *   no_match: ask                     # silent | ask | always
 * dry_run: false                      # log the plan, write nothing
 * min_confidence: 0                   # matches below this confidence are not suggested
 * ```
 */

/** A path in the repository, or `owner/repo:path` in another repository (shared rule packs). */
const rulePath = z
  .string()
  .trim()
  .min(1, 'a rule path is a file or folder in the repository')
  .refine((p) => !p.split(/[/:]/).includes('..'), { message: 'rule paths may not contain ".."' })
  .refine((p) => !p.startsWith('/'), { message: 'rule paths are relative to the repository root (no leading "/")' });

/** `owner/repo:path` in a rule path: the repository it names. */
const OTHER_REPO_PATH = /^([A-Za-z0-9][A-Za-z0-9-]*\/[-_.A-Za-z0-9]+):/;
const repositoryName = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9-]*\/[-_.A-Za-z0-9]+$/, 'a repository is named owner/name');

const labelName = z.string().trim().min(1).max(50, 'GitHub labels are at most 50 characters');

export const ktriageConfigSchema = z.strictObject({
  rules: z
    .strictObject({
      bundled: z.boolean().default(true),
      cves: z.boolean().default(true),
      paths: z.array(rulePath).max(50, 'at most 50 rule paths').default([]),
      // The installation token can read every repository of the installation, private ones
      // included, and what a rule file says ends up in public comments: another repository is
      // read only when the config names it here (issue 13, finding 7).
      repositories: z.array(repositoryName).max(20, 'at most 20 repositories').default([]),
    })
    .superRefine((rules, ctx) => {
      const allowed = new Set(rules.repositories.map((name) => name.toLowerCase()));
      rules.paths.forEach((path, index) => {
        const other = OTHER_REPO_PATH.exec(path)?.[1];
        if (other !== undefined && !allowed.has(other.toLowerCase())) {
          ctx.addIssue({ code: 'custom', path: ['paths', index], message: `"${other}" is another repository: list it in rules.repositories to read rule files from it (its rules may be quoted in public comments)` });
        }
      });
    })
    .prefault({}),
  labels: z
    .strictObject({
      enabled: z.boolean().default(true),
      prefix: z.string().max(25).default(''),
      needs_info: labelName.nullable().default('needs-info'),
    })
    .prefault({}),
  comment: z
    .strictObject({
      no_match: z.enum(['always', 'ask', 'silent']).default('ask'),
    })
    .prefault({}),
  dry_run: z.boolean().default(false),
  min_confidence: z.number().min(0).max(1).default(0),
});

export type KtriageConfig = z.output<typeof ktriageConfigSchema>;
export type KtriageConfigInput = z.input<typeof ktriageConfigSchema>;

/** The defaults, i.e. what a repository without `.github/ktriage.yml` gets. */
export const DEFAULT_CONFIG: KtriageConfig = ktriageConfigSchema.parse({});

export interface ConfigProblem {
  /** Where in the YAML document: ["labels", "prefix"]; [] for the whole document. */
  path: (number | string)[];
  message: string;
  /** For an unknown key: the key itself (in the mapping at `path`), so it is annotated at its own line. */
  unknownKey?: string;
}

export type ConfigResult = { ok: true; config: KtriageConfig } | { ok: false; problems: ConfigProblem[] };

/**
 * Validates what `context.config('ktriage.yml')` returned (null when the repository has no file).
 * Every problem is reported at once, each naming the key and the fix.
 *
 * @example
 * parseConfig({ dry_run: 'yes' })
 * // => { ok: false, problems: [{ path: ['dry_run'], message: 'expected boolean, received string' }] }
 */
export function parseConfig(raw: unknown): ConfigResult {
  if (raw === null || raw === undefined) return { ok: true, config: DEFAULT_CONFIG };
  const result = ktriageConfigSchema.safeParse(raw);
  if (result.success) return { ok: true, config: result.data };
  const problems = result.error.issues.flatMap((issue): ConfigProblem[] => {
    const path = issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part));
    // One problem per unknown key, each locatable at its own line.
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path, message: describeIssue({ ...issue, keys: [key] }), unknownKey: key }));
    return [{ path, message: describeIssue(issue) }];
  });
  return { ok: false, problems };
}

/** `labels.prefix: expected string, received number`, the way the check and the logs show it. */
export function formatConfigProblem(problem: ConfigProblem): string {
  const where = problem.path.length === 0 ? '(document)' : problem.path.join('.');
  return `${where}: ${problem.message}`;
}

const KNOWN_KEYS: Record<string, string[]> = {
  '': ['rules', 'labels', 'comment', 'dry_run', 'min_confidence'],
  rules: ['bundled', 'cves', 'paths', 'repositories'],
  labels: ['enabled', 'prefix', 'needs_info'],
  comment: ['no_match'],
};

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const section = issue.path.filter((p) => typeof p === 'string').join('.');
    const known = KNOWN_KEYS[section] ?? [];
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}; known keys here: ${known.join(', ')}`;
  }
  return issue.message;
}
