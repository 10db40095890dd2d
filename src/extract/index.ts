/**
 * extract/: text -> Facts. Pure; knows nothing about rules, trackers or I/O.
 */
export { canonicalizeLogLine } from './canonicalize-log-line.js';
export { extractFacts, extractFactsAndLines, type FactsAndLines, type PartLogLines } from './extract-facts.js';
export { parseKernelVersion } from './parse-kernel-version.js';
export { readLogLines, type LogLine, type LogPrefixKind } from './read-log-lines.js';
export { readLvsTables, type LvsRow, type LvsTable } from './read-lvs-table.js';
export { readMountLines, type MountLine } from './read-mount-lines.js';
export { segmentReport, type ReportText, type Sentence } from './segment-report.js';
export { splitLines, type TextLine } from './split-lines.js';
export { stem, tokenizeWords, type WordToken } from './tokenize-words.js';
export { normalizeFunctionName } from './normalize-function-name.js';
export { GENERIC_FRAMES, isDistinctiveFrame, isGenericFrame } from './generic-frames.js';
export { reliableFrames } from './reliable-frames.js';
export { buildAutomaton, type Automaton } from './aho-corasick.js';
export { LiteralIndex } from './literal-index.js';
export { MIN_LITERAL, requiredLiterals, splitAlternation } from './required-literal.js';
export { SETUP_FACT_FAMILIES } from './read-setup-lines.js';
export { findSubsystem } from './kernel-message-table.js';
export { removeTerminalEscapes } from './remove-terminal-escapes.js';
