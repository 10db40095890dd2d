/**
 * match/: (Facts, RuleSet) -> ranked matches; the kernel version logic lives here. Pure. What to say
 * about the matches (next steps, questions, labels) is plan/'s job.
 * RANKING.md describes the ranking heuristic.
 */
export { compileRules, isCompiledRules, signatureTables, type CompiledRules, type CompileOptions, type CompileProblem, type SignatureRef, type SignatureTables } from './compile-rules.js';
export {
  buildDescriptionIndex,
  buildPostingLists,
  packSearcher,
  postingSearcher,
  countTerms,
  descriptionSearcher,
  descriptionTerms,
  countDescriptionTerms,
  eachDescriptionTerm,
  describeDocument,
  inverseDocumentFrequency,
  KEPT_TERMS,
  type DescriptionDocument,
  type DescriptionHit,
  type DescriptionIndex,
  type DescriptionPack,
  type DescriptionRecord,
  type DescriptionSource,
  type DescriptionSearcher,
  type DescriptionStats,
  type PostingLists,
} from './description-index.js';
export { withStorageSynonyms, StoragePhrases } from './storage-synonyms.js';
export { errnoNames } from './errno-names.js';
export { readFuzzyTables, type FuzzyGroupTable, type FuzzyTableReader, type FuzzyTables } from './fuzzy-index.js';
export { evaluateRules, type RuleEvaluation, type SignatureHit, type NearHit } from './evaluate-rules.js';
export { evaluateConditions, describeCondition, type ConditionResult, type ConditionState, type ConditionsOutcome } from './evaluate-conditions.js';
export { canBeConfident, rankMatches, RANKING, type RankContext, type RankedMatch } from './rank-matches.js';
export { CORROBORATION, inFixWindow, reporterWords, sharedWords, type ReporterWords, type ReporterWordsSource } from './weigh-corroboration.js';
export { fixStatus, fixedForKernel, type FixedVersions, type VersionJudgement } from './fix-status.js';
export { introducedStatus, type IntroducedStatus } from './introduced-status.js';
export { distroKey, compareDistroBuilds, isUpstreamBuild } from './distro-build.js';
export { hashText } from './hash-text.js';
export { buildAutomaton, type Automaton } from '../extract/index.js';
export { OTHER_LINES_ORDER, otherReportLines, reportLines, signatureLines, type ReportLine } from './read-report-lines.js';
export { MAX_NAMED_OTHERS, testRuleExamples, type ExampleFinding, type ExampleRef, type TestRuleExamplesOptions } from './test-rule-examples.js';
