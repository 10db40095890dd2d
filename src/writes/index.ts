/**
 * writes/: the one write policy. From a TriagePlan and what the tracker shows now, which writes
 * to make (comment, labels/keywords, whiteboard, retraction, silence) and in which order. Pure;
 * the GitHub and Bugzilla adapters only apply the steps. See README.md.
 */
export {
  applyWhiteboardTag,
  decideWrites,
  mustRetract,
  planLabelChanges,
  wantedLabels,
  worthPosting,
  type CommentWrite,
  type LabelPolicy,
  type LabelMemory,
  type LabelWrites,
  type PostedComment,
  type QuietReason,
  type TrackerState,
  type WriteDecision,
  type WritePolicy,
  type WriteStep,
} from './decide-writes.js';
