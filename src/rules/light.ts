/**
 * rules/, the light door: the rule types, the file size limit and the problem line, without the
 * YAML parser, zod and the rule checks that index.ts brings. For what runs on every triage (the CLI,
 * src/io's file reader and the precompiled packs' loader): a triage on the precompiled bundled
 * packs never parses a rule (issue 10, item 4: cold start). Everything here is also exported by
 * index.ts, the parsing door.
 */
export { formatProblem } from './format-problem.js';
export { MAX_RULE_FILE_CHARS } from './rule-file-limits.js';
export { commitKey, MIN_COMMIT_DIGITS, sameCommit } from './same-commit.js';
export type {
  Affected,
  AskQuestion,
  BugRule,
  DistroKey,
  FactRule,
  FixedIn,
  IntroducedIn,
  Playbook,
  Provenance,
  RelatedCommit,
  RuleExamples,
  RuleOrigin,
  RuleProblem,
  RuleSet,
  Signature,
  SignatureKind,
  SourceLocation,
  WhenCondition,
} from './rule-schema.js';
export type { RuleFileText } from './parse-rule-files.js';
