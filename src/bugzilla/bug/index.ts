/**
 * bugzilla/bug/: triaging one bug: fetch, triage, decide and write (comment, whiteboard tag).
 */
export { RulePathError, createTriageEngine } from './create-triage-engine.js';
export { handleBug, showBugUrl, toResolution, type BugHandlingContext, type BugHandlingOptions, type BugHint, type BugOutcome, type BugResolution, type BugzillaBugData, type TriageEngine } from './handle-bug.js';
