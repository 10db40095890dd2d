/**
 * The shapes that flow through ktriage, one way:
 * native payload -> BugReport -> Facts -> Match[] -> TriagePlan -> comment/labels.
 *
 * Only adapters (github/, bugzilla/, cli/) know native payloads; everything after the adapter
 * speaks these types. The JSON forms of Facts and TriagePlan are a documented contract
 * (README "JSON contract"): add fields freely, never rename.
 */

// ---------------------------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------------------------

export type ReportSource = 'bugzilla' | 'file' | 'github';

export interface ReportComment {
  author: string;
  /** ISO 8601 time as the tracker gave it; null when unknown (plain-text files). */
  time: string | null;
  text: string;
  /** Written by a bot (ktriage itself included); bot comments are not statements of the reporter. */
  isBot: boolean;
  /** Written by the person who filed the report. */
  isReporter: boolean;
}

export interface ReportAttachment {
  name: string;
  contentType: string;
  /** The attachment's text, already decoded and size-capped by the adapter; null when binary. */
  text: string | null;
}

export interface BugReport {
  source: ReportSource;
  /** Tracker id ("68801", "owner/repo#12") or the file name. */
  id: string;
  url: string | null;
  title: string;
  /** The description (Bugzilla comment 0, GitHub issue body, the file's text). */
  body: string;
  /** Follow-ups in time order, the description excluded. */
  comments: ReportComment[];
  attachments: ReportAttachment[];
  /** Tracker fields (product, component, version, labels, ...), free-form strings. */
  fields: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// Evidence: where in the report a fact came from
// ---------------------------------------------------------------------------------------------

/**
 * Which text of the report: the title, the body, comment i (0-based index into
 * BugReport.comments) or attachment i (0-based index into BugReport.attachments).
 */
export type ReportPart = 'attachment' | 'body' | 'comment' | 'title';

export interface Evidence {
  part: ReportPart;
  /** Index into comments/attachments; 0 for title and body. */
  index: number;
  /** 0-based line number within that part's text. */
  line: number;
  /** Character offsets [start, end) within that part's text (not within the line). */
  start: number;
  end: number;
  /** The quoted text (the whole line, or the re-joined line for wrapped log lines). */
  quote: string;
}

/** 0..1: how sure the extractor is. 1 = read off a structured line; 0.5 = inferred from prose. */
export type Confidence = number;

// ---------------------------------------------------------------------------------------------
// Kernel versions
// ---------------------------------------------------------------------------------------------

export type DistroFamily = 'arch' | 'debian' | 'fedora' | 'rhel' | 'suse' | 'ubuntu';

/** A parsed kernel version string. Comparison logic lives in match/. */
export interface KernelVersion {
  /** The string as written ("v3.12.6", "5.15.0-91-generic"). */
  raw: string;
  major: number;
  minor: number;
  /** Stable sublevel (3.12.6 -> 6); null for a bare mainline release or series. */
  sublevel: number | null;
  /** Release candidate number (3.14-rc6 -> 6); null for releases. */
  rc: number | null;
  /** "3.13-stable" / "3.2-stable": the whole stable series, no sublevel known. */
  series: boolean;
  /** linux-next date tag ("20230712") when the string is a -next build. */
  next: string | null;
  /** git describe suffix "-00012-gabcdef" -> commits past the tag and abbreviated sha. */
  gitDescribe: { commits: number; sha: string } | null;
  /** Distro family when the string shows it (-generic -> ubuntu, .el8 -> rhel, -amd64 -> debian). */
  distro: DistroFamily | null;
  /** The distro's own release part ("0-91", "0-477.27.1.el8_8"), null for upstream kernels. */
  distroRelease: string | null;
}

export type KernelVersionRole = 'failing' | 'mentioned' | 'running' | 'working';

export interface KernelVersionFact {
  version: KernelVersion;
  role: KernelVersionRole;
  evidence: Evidence;
  confidence: Confidence;
  /**
   * Set on the running kernel when only a `> ` quoted line states it (a report re-posted quoted, a
   * reply quoting the original report): no unquoted line names a running kernel.
   */
  fromQuote?: true;
}

export interface KernelFacts {
  /** The kernel the problem was observed on: the most recent failing one. */
  running: KernelVersionFact | null;
  /** Every version reported to fail (running included). */
  failing: KernelVersionFact[];
  /** Versions reported to work. */
  working: KernelVersionFact[];
  /** Every other version (suggested by others, historical, ...). */
  mentioned: KernelVersionFact[];
  /** Distro family of the running kernel, when known. */
  distro: DistroFamily | null;
}

// ---------------------------------------------------------------------------------------------
// Log signatures and crashes
// ---------------------------------------------------------------------------------------------

export interface LogSignature {
  /** The first occurrence as written, timestamps and syslog prefix removed. */
  text: string;
  /** Canonical form: volatile numbers replaced by placeholders (see canonicalizeLogLine). */
  canonical: string;
  /** Subsystem prefix ("device-mapper: thin", "EXT4-fs", "Buffer I/O error", "md/raid:md0" -> "md/raid"). */
  subsystem: string | null;
  /** How often the canonical line occurs in the report. */
  count: number;
  /** The first occurrence. */
  evidence: Evidence;
  /** "error" for failure lines, "warning" for warnings; informational lines are not signatures. */
  severity: 'error' | 'warning';
}

export interface CrashReport {
  /** syzkaller-compatible title ("KASAN: use-after-free Read in consume_skb"). */
  title: string;
  alt: string[];
  /** syzkaller crash class (MEMORY_SAFETY_BUG, WARNING, HANG, LOCKDEP, DoS, ...) or "UNKNOWN". */
  type: string;
  /** The guilty frame the title names; null when unknown. */
  frame: string | null;
  corrupted: boolean;
  corruptedReason: string | null;
  evidence: Evidence;
}

/**
 * One frame of a kernel stack trace, in whatever shape the report carried it (x86 `? f+0x1/0x2`,
 * `/proc/<pid>/stack` `[<0>] f+0x..`, s390/powerpc/arm64 frames, symbolized `f (fs/x.c:12)`,
 * crash(8) `#3 [..] f at ..`).
 */
export interface StackFrame {
  /** The function, normalised: no offset/size, no `.isra.N`/`.constprop.N`/`.part.N`/`.cold` suffix. */
  function: string;
  /** The module in brackets (`[xfs]`), null for built-in code. */
  module: string | null;
  /** `fs/ext4/inode.c:123` when the trace was symbolized, else null. */
  source: string | null;
  /** An inlined frame (`[inline]`): never a title's guilty frame, still a stack signature frame. */
  inline: boolean;
  /**
   * `? f+0x..` (x86) or `(unreliable)` (powerpc): the unwinder found the address on the stack but
   * could not tell it is part of the chain. Kept in place as weaker evidence that the code ran
   * (stack signatures of hand-written rules and corroboration count it at half weight,
   * RANKING.md); never a title's frame, and readers that need the chain itself skip it
   * (`reliableFrames`).
   */
  unreliable: boolean;
  evidence: Evidence;
}

/** One call trace: innermost frame first, the faulting function (RIP/pc/NIP) first when present. */
export interface StackTrace {
  frames: StackFrame[];
  /**
   * lockdep's lock sites, not a call chain: the functions its lock lines name (`(&sb->s_umount)
   * {++++}-{3:3}, at: f+0x1c/0x30`, `#0: ... at: g+0x..`), in text order. Evidence of the code
   * that took the report's locks (fix-named functions, the fixed code); never a stack signature's
   * trace nor a chain (`reliableFrames` gives none of them).
   */
  locks?: true;
  /** The crash this trace belongs to (index into Facts.crashes), null for a trace with no crash header. */
  crashIndex: number | null;
  /** The reporter cut the trace (`[... trimmed ...]`, `<snip>`) or it ended mid-way. */
  truncated: boolean;
}

/** "first bad commit: [sha] subject" (git bisect), "bisected to sha". */
export interface BisectFact {
  /** Abbreviated or full sha, lower case, as written (7 to 40 hex digits). */
  commit: string;
  subject: string | null;
  evidence: Evidence;
}

// ---------------------------------------------------------------------------------------------
// Configuration facts (the vocabulary is data: rules/facts.yml)
// ---------------------------------------------------------------------------------------------

/** A fact's value: booleans for yes/no facts, strings for enumerations (filesystem: "ext4"). */
export type FactValue = boolean | string;

export interface FactStatement {
  value: FactValue;
  evidence: Evidence;
  confidence: Confidence;
}

export interface ConfigFact {
  /** The latest statement's value ("latest statement wins"). */
  value: FactValue;
  evidence: Evidence;
  confidence: Confidence;
  /** Every statement in report order, the latest last. */
  history: FactStatement[];
}

/**
 * One entry of the fact vocabulary (`facts:` in rules/*.yml). Defined as data so maintainers can add
 * fact kinds without code; the structural readers (lvs tables, mount lines) live in extract/.
 */
export interface FactDefinition {
  id: string;
  description: string;
  /** "boolean" facts are true/false; otherwise the enumeration's allowed values (filesystem: ext4, xfs, ...). */
  type: 'boolean' | 'enum';
  /** Allowed values of an enum fact; empty for boolean facts. */
  values: string[];
  /** Each pattern, when found in a statement, asserts `value` (negation flips booleans). */
  patterns: FactPattern[];
  /** What to ask the reporter while the fact is unknown; null when never asked. */
  question: string | null;
}

export interface FactPattern {
  value: FactValue;
  /** Word sequences, matched on stemmed tokens ("resized the metadata" ~ "resize metadata"). */
  phrases: string[];
  /** RE2-syntax regexes (linear time), matched case-insensitively on the statement's text. */
  regexes: string[];
}

export type MissingInfo = 'configuration' | 'kernel-log' | 'kernel-version' | 'reproduction-steps';

export interface Facts {
  kernel: KernelFacts;
  /** Ordered: first root-cause line before its consequences. */
  signatures: LogSignature[];
  /** Keyed by fact id (rules/facts.yml). Unknown facts are absent. */
  config: Record<string, ConfigFact>;
  missing: MissingInfo[];
  /** The first crash (oops, WARNING, KASAN, hung task, ...) in the report, or null. */
  crash: CrashReport | null;
  /** Every distinct crash in the report, the first one first. */
  crashes: CrashReport[];
  /** Every call trace found, in report order (any trace shape; see StackFrame). */
  stacks: StackTrace[];
  /** Bisect results the report states, latest last. */
  bisect: BisectFact[];
}

// ---------------------------------------------------------------------------------------------
// Matching and the plan
// ---------------------------------------------------------------------------------------------

export type Verdict =
  | 'known-bug-fix-available'
  | 'known-bug-fix-present'
  | 'known-bug-version-unknown'
  | 'no-match'
  | 'possible-match';

/** Whether a kernel carries a rule's fix. */
export type FixStatus = 'has-fix' | 'lacks-fix' | 'unknown';

export interface FixCommit {
  /** Null while the fix is known by subject and mainline release only ("sha not yet known"). */
  sha: string | null;
  subject: string;
  repo: string | null;
}

export interface Match {
  ruleId: string;
  title: string;
  verdict: Exclude<Verdict, 'no-match'>;
  /** Ranking score; higher is better. */
  score: number;
  /** 0..1; fuzzy "possible" matches stay below confident ones. */
  confidence: Confidence;
  fixStatus: FixStatus;
  /** The reason for fixStatus, in words ("3.12.6 predates the 3.12.15 backport"). */
  fixReason: string;
  /** The exact report lines the match relied on. */
  evidence: Evidence[];
  fix: FixCommit[];
  /** Why it matched, one line each ("signature: ...", "thin_pool = true"). */
  reasons: string[];
  /** Where the rule's knowledge came from: a maintainer (`curated`) or an importer (`generated`). */
  origin: 'curated' | 'generated';
  /**
   * Other rules that fit the report exactly as well as this one (the same crash title or line,
   * conditions, fix status and origin): the report cannot tell them apart, and the comment says so.
   */
  tiedWith: string[];
  /**
   * What the match rests on: absent (or `signatures`) for log lines, crash titles, traces and
   * bisections; `description` for a bug offered only because the report's words resemble its
   * description (always a possible match of low confidence, made only when no signature match is
   * confident; ranked after the signature matches, except before weak possible ones when it names
   * the function the report crashed in: RANKING.md "Where an offer goes").
   */
  basis?: 'description' | 'signatures';
}

export type Action =
  | { kind: 'add-labels'; labels: string[] }
  | { kind: 'ask'; questions: string[] }
  | { kind: 'upsert-comment' };

export interface TriagePlan {
  reportId: string;
  facts: Facts;
  /** Ranked best first; empty when nothing matches. */
  matches: Match[];
  /** The verdict of the best match, or no-match. */
  verdict: Verdict;
  nextSteps: string[];
  questions: string[];
  labels: string[];
  actions: Action[];
  /** Stable hash of what would be posted; adapters skip re-posting an unchanged verdict. */
  fingerprint: string;
}
