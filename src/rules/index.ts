/**
 * rules/: YAML rule files -> a validated RuleSet (rules/README.md is the format).
 * Pure: callers read the files (src/io/read-rule-files.ts) and pass their text in.
 */
export { MAX_PROBLEMS_PER_FILE, parseRuleFiles, type ParseRuleFilesOptions, type ParsedRuleFiles, type RuleFileText } from './parse-rule-files.js';
export { formatProblem } from './format-problem.js';
export { ruleFileJsonSchema } from './rule-file-json-schema.js';
export { commitKey, MIN_COMMIT_DIGITS, sameCommit } from './same-commit.js';
export { toStandardJsonSchema, type StandardJsonSchemaTarget } from './to-standard-json-schema.js';
export {
  DISTRO_KEYS,
  RULE_ORIGINS,
  MIN_LOG_SIGNATURE_LETTERS,
  bugRuleSchema,
  playbookSchema,
  ruleSchema,
  type Affected,
  type AskQuestion,
  type BugRule,
  type DistroKey,
  type FactRule,
  type FixedIn,
  type IntroducedIn,
  type Playbook,
  type Provenance,
  type RuleOrigin,
  type RelatedCommit,
  type RuleExamples,
  type RuleFileInput,
  type RuleProblem,
  type RuleSet,
  type Signature,
  type SignatureKind,
  type SourceLocation,
  type WhenCondition,
} from './rule-schema.js';
export { BUG_TEMPLATE_NAMES, PLAYBOOK_TEMPLATE_NAMES, FACT_TEMPLATE_PREFIX, findTemplates, type TemplateName, type TemplateUse } from './rule-templates.js';
export { checkFactRegex, checkRuleRegex } from './check-rule-regex.js';
export { checkRuleVersion, type RuleVersionKind } from './check-rule-versions.js';
export { KEY_ALIASES, suggestKey } from './key-aliases.js';
export { MAX_ALIAS_COUNT, MAX_RULE_FILE_CHARS, readYamlRuleFile } from './read-yaml-rule-file.js';
export { explainZodIssue } from './explain-zod-issue.js';
export { factDefinitionSchema } from './fact-definition-schema.js';
