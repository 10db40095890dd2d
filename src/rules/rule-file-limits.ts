// Apart from read-yaml-rule-file.ts so that a reader of rule files (src/io) can know the limit without
// loading the YAML parser: a run on the precompiled bundled packs parses no YAML at all.

/** Rule files above this size are refused unread: a pack file is tens of KB, and the YAML parser needs
 * seconds per MB of hostile many-item input. */
export const MAX_RULE_FILE_CHARS = 1_000_000;
