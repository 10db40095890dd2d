import type { BugReport, Confidence, Evidence, KernelFacts, KernelVersion, KernelVersionFact, KernelVersionRole } from '../model.js';
import { OTHER_PROGRAMS, ROLE_CUES, UNIT_AFTER, type CueRole } from './kernel-version-cues.js';
import { parseKernelVersion } from './parse-kernel-version.js';
import type { ReportText, Sentence } from './segment-report.js';
import { charSet, MAX_SCAN } from './split-lines.js';
import { TextMemo } from './text-memo.js';

/** One occurrence of a version with the role its context gives it. */
interface Sighting {
  version: KernelVersion;
  role: CueRole;
  evidence: Evidence;
  confidence: Confidence;
  /** Report order (text index), then offset. */
  order: number;
  offset: number;
  /** Where the running kernel may come from, strongest first. */
  source: 'field' | 'log' | 'prose';
}

/**
 * Kernel versions a report names, each with its role: `failing` (reported to fail), `working`
 * (reported to work), `mentioned` (suggested, hypothetical, a fix's release) and `running` (the
 * kernel the problem was observed on). Structural lines decide first (`Linux version` boot lines,
 * oops headers `Not tainted 4.8.0-rc3+ #33`, `uname -a`), then tracker fields (`Kernel Version:
 * 3.12.6`), then prose, where each version takes the role of the nearest cue word in its clause
 * or sentence (kernel-version-cues.ts). A version reported failing anywhere is failing, even if it
 * worked elsewhere. Numbers of other programs (lvm2 2.02.98, mdadm 4.2), IP addresses, sizes and
 * times are not versions.
 *
 * @example
 * extractKernelVersions(segmentReport(report), report).running?.version.raw
 * // => '3.12.6'
 */
export function extractKernelVersions(texts: readonly ReportText[], report: Pick<BugReport, 'fields'>): KernelFacts {
  try {
    return readKernelVersions(texts, report);
  } finally {
    // The memos hold views into this report's text: forgotten with the report.
    VERSIONS_READ.clear();
    CUES_READ.clear();
    ROLES_READ.clear();
    LINES_READ.clear();
    FIELDS_READ.clear();
  }
}

function readKernelVersions(texts: readonly ReportText[], report: Pick<BugReport, 'fields'>): KernelFacts {
  const sightings: Sighting[] = [];
  append(sightings, readFields(report.fields ?? {}));
  texts.forEach((text, order) => {
    append(sightings, readLogSightings(text, order));
    append(sightings, readCodeSightings(text, order));
    const { found, lines } = readLineSightings(text, order);
    append(sightings, found);
    text.sentences.forEach((sentence, i) => {
      if (!lines.has(sentence.line)) append(sightings, readSentence(text, order, sentence, text.sentences[i + 1]));
    });
  });
  const facts = assignRoles(sightings);
  if (facts.running !== null) return facts;
  // Quoted lines are read only when nothing unquoted names the running kernel, so an unquoted
  // statement always wins and a report that has one costs nothing more.
  const quoted = quotedRunning(texts, sightings);
  if (!quoted) return facts;
  const withQuote = assignRoles([...sightings, quoted]);
  return { ...withQuote, running: withQuote.running && { ...withQuote.running, fromQuote: true } };
}

/**
 * The running kernel stated only inside a `> ` quote: a reporter re-posting their own report
 * quoted, a mail reply quoting the original report, a forwarded bug. A quote is often someone
 * else's words ("> which kernel? try 6.8"), so only statements of the running kernel count, by the
 * same readers as unquoted text: boot lines and oops headers, `uname` output, `Kernel version:`
 * fields, and sentences whose cue names the reporter's kernel ("I'm running X"). A question, a
 * suggestion or a failure report in a quote never becomes the running kernel. Sources rank as for
 * unquoted text (log, then field, then prose), the latest of a source first; a version reported
 * working (unquoted, or in the quote itself) is not taken from a field or a sentence.
 */
function quotedRunning(texts: readonly ReportText[], unquoted: readonly Sighting[]): Sighting | null {
  const found: Sighting[] = [];
  texts.forEach((text, order) => {
    append(found, readLogSightings(text, order, true));
    const { found: lineFound, lines } = readLineSightings(text, order, true);
    append(found, lineFound);
    append(found, readQuotedProse(text, order, lines));
  });
  // The quote's own words count here: "> I've downgraded to 4.19.0-8-amd64" under its `uname -a`.
  const reportedWorking = new Set([...unquoted, ...found].flatMap((s) => (s.role === 'working' ? [key(s.version)] : [])));
  const latest = (source: Sighting['source']): Sighting | undefined =>
    found
      .filter((s) => s.source === source && s.role === 'running' && (source === 'log' || !reportedWorking.has(key(s.version))))
      .sort((a, b) => a.order - b.order || a.offset - b.offset)
      .at(-1);
  const pick = latest('log') ?? latest('field') ?? latest('prose');
  // Words carried in a quote are one step removed from the reporter: a little less sure.
  return pick ? { ...pick, confidence: Math.min(pick.confidence, QUOTED_CONFIDENCE) } : null;
}

const QUOTED_CONFIDENCE = 0.8;

/** Sentences read from a quoted block: at most this many per text (a hostile paste may quote a million lines). */
const MAX_QUOTED_SENTENCES = 2_000;

/**
 * The quoted prose of a text, cut into sentences like the author's own (a run of quoted lines is
 * one block, so a sentence a mail client wrapped is whole), read as prose; the caller keeps only
 * what names the running kernel or reports one working. Fenced, log and already-read field lines
 * are left out.
 */
function readQuotedProse(text: ReportText, order: number, used: ReadonlySet<number>): Sighting[] {
  const found: Sighting[] = [];
  const logLines = new Set(text.logLines.map((l) => l.line));
  let block: number[] = [];
  let sentences = 0;
  const flush = (): void => {
    // Called after every line that is no quoted prose: a new array only when the block held lines
    // (an empty one per line was 32 bytes a line, 128 MB for 4 M lines of `a`).
    if (block.length === 0) return;
    if (sentences < MAX_QUOTED_SENTENCES) {
      for (const sentence of quotedSentences(text, block, MAX_QUOTED_SENTENCES - sentences)) {
        sentences++;
        append(found, readSentence(text, order, sentence, undefined));
      }
    }
    block = [];
  };
  for (let line = 0; line < text.lines.length && sentences < MAX_QUOTED_SENTENCES; line++) {
    const prose = text.lines.quoteDepth(line) > 0 && !text.lines.inFence(line) && !logLines.has(line) && !used.has(line) && !text.lines.isBlank(line);
    if (prose && text.lines.head(line, MAX_SCAN).trim() !== '') block.push(line);
    else flush();
  }
  flush();
  return found;
}

/** A sentence ends at . ! ? (and closing quotes/brackets) followed by whitespace (as in segment-report). */
const QUOTED_SENTENCE_END = /[.!?]+["')\]]*(?=\s|$)/g;

/** The sentences of a run of quoted lines, with offsets in the text (the quote markers between lines fall inside). */
function quotedSentences(text: ReportText, block: readonly number[], max: number): Sentence[] {
  const parts = block.map((line) => text.lines.head(line, MAX_SCAN));
  const starts: number[] = [];
  let at = 0;
  for (const part of parts) {
    starts.push(at);
    at += part.length + 1;
  }
  const joined = parts.join(' ');
  // A block offset as an offset in the text: the line it falls on, then the column.
  const toText = (offset: number): { line: number; at: number } => {
    let k = starts.length - 1;
    while (k > 0 && starts[k]! > offset) k--;
    const line = block[k]!;
    return { line, at: text.lines.contentStart(line) + Math.min(offset - starts[k]!, parts[k]!.length) };
  };
  const sentences: Sentence[] = [];
  let from = 0;
  QUOTED_SENTENCE_END.lastIndex = 0;
  while (from < joined.length && sentences.length < max) {
    const m = QUOTED_SENTENCE_END.exec(joined);
    const to = m ? m.index + m[0].length : joined.length;
    const piece = joined.slice(from, to);
    const trimmed = piece.trim();
    if (trimmed !== '') {
      const leading = piece.length - piece.trimStart().length;
      const start = toText(from + leading);
      const end = toText(from + piece.trimEnd().length - 1);
      sentences.push({ text: trimmed.replace(/\s+/g, ' '), start: start.at, end: end.at + 1, line: start.line, isQuestion: trimmed.endsWith('?'), answerTo: null, paragraph: -1 });
    }
    if (!m) break;
    from = to;
  }
  return sentences;
}

/** Step 1: boot lines and oops headers in the kernel log. */
function readLogSightings(text: ReportText, order: number, quoted = false): Sighting[] {
  const found: Sighting[] = [];
  for (const log of text.logLines) {
    if (log.quoteDepth > 0 !== quoted) continue;
    const version = readStructural(log.message);
    if (version) found.push(sighting(version, 'running', text, order, { line: log.line, start: log.start, end: log.end, quote: log.quote }, 1, 'log'));
  }
  return found;
}

/** Step 2: pasted command output in code fences: oops headers (wrapped ones too), `uname -a` / `uname -r`. */
function readCodeSightings(text: ReportText, order: number): Sighting[] {
  const found: Sighting[] = [];
  let previous = '';
  let asked: UnameMode | null = null;
  for (const line of text.codeLines) {
    const content = text.lines.head(line, MAX_SCAN);
    const exact = readStructural(content) ?? (endsWithTaint(previous) ? readStructural(`${previous} ${content}`) : null);
    const uname = exact ? null : (asked ? readUnameAnswer(asked, content) : null) ?? readUname(content);
    if (exact ?? uname) found.push(sighting((exact ?? uname)!, 'running', text, order, lineEvidence(text, line), exact ? 0.95 : 0.9, exact ? 'log' : 'field'));
    asked = readUnameCommand(content);
    previous = content;
  }
  return found;
}

/**
 * Step 3: whole lines of the author's text that name the kernel by their shape: decoded oops
 * headers and boot lines without timestamps, `uname -a`, "Kernel version: X" fields, the answer under
 * an issue form's "### Kernel version" heading, a bare `uname -r` line. Returns the line numbers
 * used, so their sentences are not read again as prose.
 */
function readLineSightings(text: ReportText, order: number, quoted = false): { found: Sighting[]; lines: Set<number> } {
  const found: Sighting[] = [];
  const lines = new Set<number>();
  const logLines = new Set(text.logLines.map((l) => l.line));
  let underKernelHeading = false;
  let previous = '';
  let asked: { mode: UnameMode; line: number } | null = null;
  const repeated = { log: new Map<string, Repeat>(), field: new Map<string, Repeat>() };
  // Every version has a digit and a heading a `#`; a `uname` command and a wrapped taint line are
  // named by their words. In a text without those words, a line without a digit or `#` names no
  // kernel and is not sliced: it only ends a heading's or a command's reach (as below).
  const wordsPossible = text.text.includes('uname') || text.text.includes('ainted');
  // Nor does a text without any digit or `#` (one scan, not a loop over its lines).
  if (!wordsPossible && !DIGIT_OR_HASH.test(text.text)) return { found, lines };
  for (let line = 0; line < text.lines.length; line++) {
    // Unquoted lines outside fences, or (quotedRunning) quoted lines, fenced ones too: a quoted
    // paste of `uname -a` is a quoted statement of the running kernel wherever it sits.
    if (text.lines.quoteDepth(line) > 0 !== quoted || (!quoted && text.lines.inFence(line)) || logLines.has(line)) continue;
    if (!wordsPossible && !text.lines.includesAny(line, VERSION_MARKS, MAX_SCAN)) {
      if (text.lines.isBlank(line, MAX_SCAN)) continue;
      underKernelHeading = false;
      asked = null;
      continue;
    }
    const content = text.lines.head(line, MAX_SCAN);
    if (content.trim() === '') continue;
    // A line the text repeats (a version list, a pasted table) is read once (LINES_READ).
    const pasted = LINES_READ.get(content, readStructural) ?? (endsWithTaint(previous) ? readStructural(`${previous} ${content}`) : null);
    previous = content;
    const answer = pasted || !asked ? null : readUnameAnswer(asked.mode, content);
    const version = pasted ?? answer ?? readFieldLine(content, underKernelHeading);
    const source: Sighting['source'] = pasted ? 'log' : 'field';
    underKernelHeading = content.includes('#') && KERNEL_HEADING.test(content);
    // "$ uname -r" and its answer are one statement: the command line is not read as prose either.
    if (answer && asked) lines.add(asked.line);
    const mode = readUnameCommand(content);
    asked = mode ? { mode, line } : null;
    if (!version) continue;
    // "Kernel: 6.6.13-1-lts (works with 6.1.74-1-lts)": a field line naming a second version is
    // read as prose too, so the second version gets its role.
    if (pasted || answer || !FIELD_LINE.test(content) || versionsIn(content).length < 2) lines.add(line);
    // A version a line repeats (a bare version list, a pasted table) needs only its first sighting
    // (the failing/mentioned facts keep the first) and its last (the running kernel is the latest
    // statement); those between cannot change a role, so they are not built (issue 12: one
    // sighting, evidence and quote per line was most of a version list's cost).
    const bySource = source === 'log' ? repeated.log : repeated.field;
    const seen = bySource.get(version.raw);
    if (seen) {
      seen.line = line;
      seen.version = version;
      continue;
    }
    bySource.set(version.raw, { line, version: null });
    found.push(sighting(ownVersion(version), 'running', text, order, lineEvidence(text, line), source === 'log' ? 0.95 : 0.9, source));
  }
  for (const [source, bySource] of [['log', repeated.log], ['field', repeated.field]] as const) {
    for (const { line, version } of bySource.values()) {
      if (version) found.push(sighting(ownVersion(version), 'running', text, order, lineEvidence(text, line), source === 'log' ? 0.95 : 0.9, source));
    }
  }
  // In line order, as they were found (callers sort by offset too; this keeps ties as before).
  found.sort((a, b) => a.offset - b.offset);
  return { found, lines };
}

/** The last repeat of a line sighting not built yet: its line and version (null until a repeat). */
interface Repeat {
  line: number;
  version: KernelVersion | null;
}

/** What a line naming a kernel version (a digit) or a kernel heading (`#`) holds one of. */
const VERSION_MARKS = charSet('0123456789#');
const DIGIT_OR_HASH = /[0-9#]/;

/** `uname -a`, "Kernel version: X", a bare `uname -r` line, or any version under a kernel heading. */
function readFieldLine(content: string, underKernelHeading: boolean): KernelVersion | null {
  return FIELDS_READ.get(content, readField) ?? (underKernelHeading ? bareVersion(content) : null);
}

/** readFieldLine without the heading's bare version: what the line says by itself. */
function readField(content: string): KernelVersion | null {
  const uname = UNAME_A.exec(content);
  if (uname) return parseKernelVersion(uname[1]!);
  const field = FIELD_LINE.exec(content);
  if (field) return parseKernelVersion(trimToken(field[1]!));
  return readUnameR(content);
}

/** Lines read for a structural version or a field before (TextMemo); a sighting gets its own copy (ownVersion). */
const LINES_READ = new TextMemo<KernelVersion | null>(1 << 16);
const FIELDS_READ = new TextMemo<KernelVersion | null>(1 << 16);

function ownVersion(version: KernelVersion): KernelVersion {
  return { ...version };
}

function lineEvidence(text: ReportText, line: number): Omit<Evidence, 'part' | 'index'> {
  const start = text.lines.contentStart(line);
  const end = text.lines.end(line);
  return { line, start, end, quote: text.text.slice(start, end) };
}

// ---------------------------------------------------------------------------------------------
// Structural sources
// ---------------------------------------------------------------------------------------------

/** Lines that name the running kernel exactly. */
const STRUCTURAL: readonly RegExp[] = [
  // (a tree built from a tag may keep its v: "Linux version v6.8.0-rc3", "Not tainted v6.8.0-rc3 #1")
  /\bLinux version (v?\d[^\s(]{2,80})/, // boot line
  /\b(?:Not tainted|Tainted: [A-Z ]{1,40}?) ?(v?\d[^\s#]{2,80}) #/, // oops header
  /\bBOOT_IMAGE=\S{0,200}?vmlinuz-(\d[^\s]{2,80})/, // "Kernel command line:" boot line
];

/** `uname -a` output names the kernel booted now, which may be one the reporter went back to. */
const UNAME_A = /^\s*Linux \S{1,255} (\d[^\s#]{2,80}) #\d/;

/** An oops header a mail client wrapped after "Not tainted" / "Tainted: G W": the version heads the next line. */
const TAINT_AT_END = /(?:Not tainted|Tainted:[A-Z ]{0,40})\s*$/;

/** Every taint line holds "ainted": most lines are passed over on a substring test, not a scan for an end anchor. */
function endsWithTaint(line: string): boolean {
  return line.includes('ainted') && TAINT_AT_END.test(line);
}

/** The words every STRUCTURAL line holds: most log lines are passed over on a substring test. */
const STRUCTURAL_HINT = /Linux|ainted|BOOT_IMAGE/;

function readStructural(message: string): KernelVersion | null {
  if (!STRUCTURAL_HINT.test(message.length > 512 ? message.slice(0, 512) : message)) return null;
  for (const pattern of STRUCTURAL) {
    const m = pattern.exec(message);
    if (m) return parseKernelVersion(m[1]!);
  }
  return null;
}

type UnameMode = 'all' | 'release';

/**
 * A shell line running `uname` ("$ uname -r", "root@host:~# uname -a", "[me@box ~]$ sudo uname -snr"):
 * the next line is its answer. `-a` (or `--all`) prints a whole `Linux host X #1 ...` line, `-r`
 * (or `--kernel-release`) the release alone.
 */
function readUnameCommand(content: string): UnameMode | null {
  const m = content.includes('uname') ? UNAME_COMMAND.exec(content) : null;
  if (!m) return null;
  const flags = m[1]!;
  if (flags === '--all' || (flags.startsWith('-') && !flags.startsWith('--') && flags.includes('a'))) return 'all';
  return flags === '--kernel-release' || (!flags.startsWith('--') && flags.includes('r')) ? 'release' : null;
}

/** A shell prompt ("$", "root@box:~#", "[me@box ~]$", "% ") and `uname` with its flags, alone on the line. */
const UNAME_COMMAND = /^\s*(?:(?:\[[^\]]{1,120}\][$#]|\S{0,120}?[$#%])\s*)?(?:sudo\s+)?uname\s+(--all|--kernel-release|-[a-z]{1,8})\s*$/;

// The line regexes are module constants, not literals in the functions: a regex literal is a new
// object on every call, and these run for every line of a text.
/** `uname -a` output below the command: "Linux host 6.1.0-13-amd64 #1 SMP ...". */
const UNAME_A_ANSWER = /^\s*Linux \S{1,255} (\d[^\s#]{2,80})(?:\s|$)/;

/** The line under a `uname` command: the release alone for `-r` (any version shape), a `Linux host X` line for `-a`. */
function readUnameAnswer(mode: UnameMode, content: string): KernelVersion | null {
  if (mode === 'release') return bareVersion(content);
  const m = UNAME_A_ANSWER.exec(content);
  return m ? parseKernelVersion(m[1]!) : null;
}

/** `uname -a` or `uname -r` output in pasted command output. */
function readUname(content: string): KernelVersion | null {
  const a = UNAME_A.exec(content);
  return a ? parseKernelVersion(a[1]!) : readUnameR(content);
}

/** A bare `uname -r` line: "6.1.0-13-amd64". */
const UNAME_R_LINE = /^\s*(\d{1,2}\.\d{1,3}\.\d{1,4}[-+][\w.+~-]{1,80})\s*$/;

/** `uname -r` output pasted alone on a line: a distro or dotted-with-suffix version and nothing else. */
function readUnameR(content: string): KernelVersion | null {
  const m = UNAME_R_LINE.exec(content);
  return m ? parseKernelVersion(m[1]!) : null;
}

/** Tracker fields that hold the kernel version (bugzilla.kernel.org's "Kernel Version", cf_kernel_version). */
const KERNEL_FIELD = /^(?:cf_)?kernel[_ ]?(?:version|release)?$/i;

function readFields(fields: Record<string, string>): Sighting[] {
  const found: Sighting[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (!KERNEL_FIELD.test(key) || typeof value !== 'string') continue;
    const version = parseKernelVersion(value.trim().split(/\s+/)[0] ?? '');
    // A tracker field is not a text of the report: its evidence has an empty range and names the field.
    if (version) found.push({ version, role: 'running', confidence: 0.9, order: -1, offset: 0, source: 'field', evidence: { part: 'body', index: 0, line: 0, start: 0, end: 0, quote: `${key}: ${value}` } });
  }
  return found;
}

/** A Markdown heading that asks for the kernel ("### Kernel version"). */
const KERNEL_HEADING = /^\s*#{1,6}\s*(?:kernel(?: version| release)?|linux kernel|uname -r|kernel \(uname -r\))\s*:?\s*$/i;

/** A version alone on its line, maybe in backticks. */
const BARE_VERSION = /^\s*`?(v?\d{1,2}\.\d{1,3}[\w.+~-]*)`?\s*$/;

/** A line that is a version and nothing else ("6.5.12-300.fc39.x86_64", "v6.7"). */
function bareVersion(content: string): KernelVersion | null {
  const m = BARE_VERSION.exec(content);
  return m ? parseKernelVersion(trimToken(m[1]!)) : null;
}

/** "Kernel Version: 3.12.6", "**Kernel version**: 6.5.0", "uname -r: 6.1.0-13-amd64" in the text. */
const FIELD_LINE = /^\s*(?:[-*|]\s*)?\**(?:kernel(?: version| release)?|linux kernel|uname -r|uname)\**\s*[:=]\s*\**\s*(?:linux[- ])?(v?\d[\w.+~-]*)/i;

// ---------------------------------------------------------------------------------------------
// Prose
// ---------------------------------------------------------------------------------------------

/** A version-shaped token. Its neighbours are checked below (not part of a longer dotted number). */
const VERSION_TOKEN = /(?:(?<=\b(?:kernel|kernel-core|linux|linux-image|linux-image-unsigned)-)|(?<![\w.\-/:@]))v?\d{1,2}\.\d{1,3}(?:\.\d{1,4})?(?:[-+~_][\w.+~-]*|\+)?/g;
const CUES = ROLE_CUES.map((cue, rank) => ({ ...cue, rank, regex: new RegExp(cue.pattern, 'gi') }));

function readSentence(text: ReportText, order: number, sentence: Sentence, next: Sentence | undefined): Sighting[] {
  const s = sentence.text;
  const tokens = versionsIn(s);
  if (tokens.length === 0) return sentence.answerTo ? readAnswer(text, order, sentence.text, sentence.answerTo, sentenceEvidence(text, sentence)) : [];
  const evidenceBase = sentenceEvidence(text, sentence);
  // A question or a condition names versions without saying how they fare: each is mentioned.
  const hypothetical = sentence.isQuestion || /^(?:if|unless|whether|when)\b/i.test(s);
  const plans = hypothetical ? null : ROLES_READ.get(s, readRoles);
  const roles: Array<{ role: CueRole; confidence: number }> = [];
  return tokens.map((token, i) => {
    let role: CueRole = 'mentioned';
    let confidence = 0.6;
    const plan = plans === null ? 'mentioned' : plans[i]!;
    if (plan === 'restates') ({ role, confidence } = roles[i - 1]!);
    else if (plan !== null) role = plan;
    else if (i === 0 && sentence.answerTo && ASKS_FOR_KERNEL.test(sentence.answerTo)) role = 'running';
    else if (next && tokens.length === 1 && versionsIn(next.text).length === 0 && next.paragraph === sentence.paragraph && !next.isQuestion) {
      // "We rebooted into 3.12.6. It ran for 5 hours and then complained about ...": the next
      // sentence of the paragraph tells what happened on it.
      const following = findCues(next.text).filter((c) => c.role !== 'mentioned');
      if (following[0]) {
        role = following[0].role;
        confidence = 0.5;
      }
    }
    roles.push({ role, confidence });
    return sighting(ownVersion(token.version), role, text, order, evidenceBase, confidence, 'prose', sentence.start + token.at);
  });
}

function sentenceEvidence(text: ReportText, sentence: Sentence): Omit<Evidence, 'part' | 'index'> {
  return { line: sentence.line, start: sentence.start, end: sentence.end, quote: text.text.slice(sentence.start, sentence.end) };
}

/**
 * How a statement's sentence gives each of its versions a role, from its words alone: a cue's role,
 * `restates` (the version restates the one before it: "5.15 kernel (5.15.0-105-generic)"), or null
 * when the sentence has no cue for it (readSentence then asks the quoted question and the next
 * sentence). Read once per distinct sentence (ROLES_READ).
 */
function readRoles(s: string): Array<CueRole | 'restates' | null> {
  const tokens = versionsIn(s);
  const cues = readCues(s);
  return tokens.map((token, i) => {
    if (i > 0 && RESTATES_PREVIOUS.test(s.slice(tokens[i - 1]!.end, token.at)) && /^\s*\)/.test(s.slice(token.end, token.end + 8))) return 'restates';
    const cue = nearestCue(s, token, cues);
    // "I'm running 6.6.8 now and the problem is gone": the reporter's kernel in a sentence that
    // reports only success works.
    if (cue === 'running' && reportsOnlySuccess(s, cues, token)) return 'working';
    return cue;
  });
}

/**
 * The sentence's outcome cues all report success. A parenthesis the version is not in speaks of
 * something else: "Kernel: 6.6.13-1-lts (works with 6.1.74-1-lts)".
 */
function reportsOnlySuccess(s: string, cues: readonly CueHit[], token: VersionToken): boolean {
  const asides = [...s.matchAll(/\([^()]*\)/g)].map((m) => [m.index, m.index + m[0].length] as const).filter(([from, to]) => token.at < from || token.end > to);
  const outcomes = cues.filter((c) => (c.role === 'working' || c.role === 'failing') && !c.adjacent && !asides.some(([from, to]) => c.start >= from && c.end <= to));
  return outcomes.length > 0 && outcomes.every((c) => c.role === 'working');
}

/**
 * "> Does it happen with 6.10-rc2?" + "Yes, it does.": the version of a single quoted question takes
 * the answer's own outcome ("Tried it, same crash"), else the question's outcome for a yes and its
 * opposite for a no. The answer is the evidence.
 */
function readAnswer(text: ReportText, order: number, answer: string, question: string, evidence: Omit<Evidence, 'part' | 'index'>): Sighting[] {
  // A block of several questions: which one a "No" answers is not known.
  const asked = versionsIn(question);
  if (asked.length !== 1 || question.split('?').length > 2) return [];
  const role = answerRole(answer, question, asked[0]!);
  return role ? [sighting(ownVersion(asked[0]!.version), role, text, order, evidence, 0.5, 'prose')] : [];
}

const QUESTION_VERBS: ReadonlyArray<readonly [RegExp, CueRole]> = [
  [/\bwork\b/i, 'working'],
  [/\b(?:happen|crash|fail|occur|reproduce|break|hang|show up)\b/i, 'failing'],
];
const isOutcome = (c: CueHit): boolean => c.role === 'working' || c.role === 'failing';
const YES = /^(?:yes|yep|yeah|yup|correct|indeed|it (?:does|did))\b/i;
const NO = /^(?:no|nope|nah|not|never|it (?:doesn't|does not|didn't|did not))\b/i;

function answerRole(answer: string, question: string, token: VersionToken): CueRole | null {
  const own = findCues(answer).find(isOutcome);
  if (own) return own.role;
  const yes = YES.test(answer);
  if (!yes && !NO.test(answer)) return null;
  // "Does 6.9.5 work?", "Does it happen with X?": the bare verb of a question is no cue in prose.
  const asked = nearestCue(question, token, findCues(question).filter(isOutcome)) ?? QUESTION_VERBS.find(([verb]) => verb.test(question))?.[1] ?? null;
  if (!asked) return null;
  return yes ? asked : asked === 'working' ? 'failing' : 'working';
}

/** A quoted question asking which kernel runs: "> What kernel are you on now?" + "Still 5.10.0-28-amd64." */
const ASKS_FOR_KERNEL = /\b(?:what|which)\b[^?]{0,30}\bkernel\b|\bkernel (?:version|release)\b|\buname\b/i;

/**
 * What stands between a version and one in parentheses that restates it ("5.15 kernel
 * (5.15.0-105-generic)", "6.5 HWE kernel (6.5.0-41-generic)", "6.8 (i.e. 6.8.0-45-generic)"),
 * the parenthesis closing right after it: the second has the first's role, not that of the noun
 * "kernel" between them. "6.8 crashes (6.7.9 was fine)" says something of its own.
 */
const RESTATES_PREVIOUS = /^\s*(?:[A-Za-z][\w-]*\s+){0,2}?(?:kernels?\s*)?\(\s*(?:i\.e\.?,?|aka|=|currently|specifically|exactly)?\s*$/i;

interface VersionToken {
  version: KernelVersion;
  at: number;
  end: number;
}

function trimToken(raw: string): string {
  // Most tokens need none of the three cuts: each is tried only when its character is there.
  let token = TRAILING_PUNCTUATION.has(raw.charAt(raw.length - 1)) ? raw.replace(/[.,;:)\]'"!?]+$/, '') : raw;
  if (token.includes('..')) token = token.replace(/\.{2,}.*$/, '');
  return token.includes('+') ? token.replace(/\+[A-Za-z].*$/, '') : token;
}

const TRAILING_PUNCTUATION = new Set([...'.,;:)]\'"!?']);

/** Sentences and lines read for versions, cues and roles before (TextMemo): a repeated sentence is read once. */
const VERSIONS_READ = new TextMemo<readonly VersionToken[]>(1 << 16);
const CUES_READ = new TextMemo<CueHit[]>(1 << 16);
const ROLES_READ = new TextMemo<Array<CueRole | 'restates' | null>>(1 << 16);

/**
 * The version tokens of a text, shared between callers (never changed: a sighting takes its own
 * copy of a version, ownVersion). Every version has a digit: a text without one is not looked up.
 */
function versionsIn(s: string): readonly VersionToken[] {
  return DIGIT.test(s) ? VERSIONS_READ.get(s, readVersions) : NO_VERSIONS;
}

const DIGIT = /[0-9]/;
const NO_VERSIONS: readonly VersionToken[] = [];

function readVersions(s: string): VersionToken[] {
  const found: VersionToken[] = [];
  VERSION_TOKEN.lastIndex = 0;
  for (let m = VERSION_TOKEN.exec(s); m; m = VERSION_TOKEN.exec(s)) {
    const raw = trimToken(m[0]);
    const end = m.index + raw.length;
    // Four dotted numbers are an address; a unit after it makes it a quantity.
    if (/^\d+\.\d+\.\d+\.\d+/.test(raw) || UNIT_AFTER.test(s.slice(end, end + 12))) continue;
    const version = parseKernelVersion(raw);
    if (!version) continue;
    const window = mergeWindowProse(s, m.index, end, version);
    if (window !== null) {
      version.raw = s.slice(window.start, window.end);
      version.rc = 0;
    }
    // A distro build, rc or -next string is a kernel whatever precedes it ("Debian 6.1.0-21-amd64").
    const unmistakable = version.distro !== null || version.rc !== null || version.next !== null || version.gitDescribe !== null;
    if (!unmistakable && isOtherProgram(s.slice(Math.max(0, m.index - 40), m.index))) continue;
    found.push({ version, at: m.index, end });
  }
  return found;
}

/**
 * Prose that places a bare X.Y in the merge window before X.Y-rc1: "Linux 6.7 pre rc-1", "6.7
 * pre-rc1", "the 6.7 merge window", "the merge window for 6.7". Such a kernel lies after X.(Y-1)
 * and before X.Y-rc1 (the Makefile still says X.(Y-1)), so it lacks every fix of X.Y; read as the
 * release it would seem to carry them all. Returns the phrase's span (the version's `raw`), or
 * null. Only a bare X.Y: "6.7.2 merge window" is no such kernel, and "6.7-rc3" says where it is.
 */
function mergeWindowProse(s: string, at: number, end: number, version: KernelVersion): { start: number; end: number } | null {
  if (version.sublevel !== null || version.rc !== null || version.gitDescribe !== null || version.next !== null || version.distro !== null || version.series) return null;
  const after = MERGE_WINDOW_AFTER.exec(s.slice(end, end + 24));
  if (after) return { start: at, end: end + after[0].length };
  const before = MERGE_WINDOW_BEFORE.exec(s.slice(Math.max(0, at - 40), at));
  return before ? { start: at - before[0].length, end } : null;
}

/** "6.7 pre rc-1", "6.7 pre-rc1", "6.7 prerc1", "6.7 merge window", "6.7 merge-window" right after the number. */
const MERGE_WINDOW_AFTER = /^(?:[ -]pre(?:[ -]?rc-?1)?|\s+merge[ -]window)(?![\w-])/i;
/** "merge window for 6.7", "merge window of Linux 6.7", "merge-window for v6.7" right before it. */
const MERGE_WINDOW_BEFORE = /\bmerge[ -]window (?:for|of|towards?) (?:(?:the )?(?:linux|kernel) )?v?$/i;

/** The word (or two) before the number names another program: "lvm2 2.02.98", "mdadm version 4.2". */
const OTHER_PROGRAM_NAMES: ReadonlySet<string> = new Set(OTHER_PROGRAMS);

function isOtherProgram(before: string): boolean {
  const words = lastWords(before);
  if (words.some((w) => /^(?:kernel|linux|uname|v)$/.test(w))) return false;
  return words.some((w) => OTHER_PROGRAM_NAMES.has(w.replace(/[:=]$/, '')) || OTHER_PROGRAM_NAMES.has(w));
}

/**
 * The last two words of `before`, lower-cased: `before.toLowerCase().split(/[\s,(]+/)` without
 * its empty pieces, `.slice(-2)`, read from the end (a sentence naming sixty versions splits its
 * 40 characters before each one otherwise). Lower-casing makes no separator, so splitting first
 * gives the same words.
 */
function lastWords(before: string): string[] {
  const words: string[] = [];
  let end = before.length;
  while (words.length < 2) {
    while (end > 0 && isWordSeparator(before.charCodeAt(end - 1))) end--;
    if (end === 0) break;
    let start = end;
    while (start > 0 && !isWordSeparator(before.charCodeAt(start - 1))) start--;
    words.unshift(before.slice(start, end).toLowerCase());
    end = start;
  }
  return words;
}

/** `[\s,(]` on one UTF-16 unit. */
function isWordSeparator(c: number): boolean {
  if (c === 32 || c === 44 || c === 40 || (c >= 9 && c <= 13)) return true;
  return c > 127 && WHITESPACE.test(String.fromCharCode(c));
}

const WHITESPACE = /\s/;

interface CueHit {
  role: CueRole;
  start: number;
  end: number;
  adjacent: boolean;
}

/** The role cues of a text, in text order (shared: callers filter, never change them). */
function findCues(s: string): readonly CueHit[] {
  return CUES_READ.get(s, readCues);
}

function readCues(s: string): CueHit[] {
  const hits: Array<CueHit & { rank: number }> = [];
  for (const cue of CUES) {
    cue.regex.lastIndex = 0;
    for (let m = cue.regex.exec(s); m; m = cue.regex.exec(s)) {
      if (m[0].length === 0) {
        cue.regex.lastIndex++;
        continue;
      }
      hits.push({ role: cue.role, start: m.index, end: m.index + m[0].length, rank: cue.rank, adjacent: cue.adjacent ?? false });
    }
  }
  // Overlapping cues: the longer one says more ("not working" over "working").
  return hits
    .filter((h) => !hits.some((o) => o !== h && o.start < h.end && h.start < o.end && (o.end - o.start > h.end - h.start || (o.end - o.start === h.end - h.start && o.rank < h.rank))))
    .sort((a, b) => a.start - b.start);
}

/** Clause boundaries: punctuation and the conjunctions that start a new statement. */
const BOUNDARY = /[,;()]|\s(?:and|but|while|whereas|although|though)\s/gi;

/**
 * The role of a version: the nearest cue in its relative clause ("3.11.10 (which also failed"),
 * else in its own clause, else in the sentence.
 */
function nearestCue(s: string, token: VersionToken, cues: readonly CueHit[]): CueRole | null {
  if (cues.length === 0) return null;
  const bounds = [0];
  BOUNDARY.lastIndex = 0;
  for (let m = BOUNDARY.exec(s); m; m = BOUNDARY.exec(s)) bounds.push(m.index, m.index + m[0].length);
  bounds.push(s.length);
  const clauseStart = Math.max(...bounds.filter((b) => b <= token.at));
  const clauseEnd = Math.min(...bounds.filter((b) => b >= token.end));
  const scopes: Array<[number, number]> = [];
  const relative = /^\s*[(,]\s*(?:which|that|where)\b/i.exec(s.slice(token.end, token.end + 16));
  if (relative) {
    const from = token.end + relative[0].length;
    const stop = s.slice(from).search(/[,;()]/);
    scopes.push([token.end, stop === -1 ? s.length : from + stop]);
  }
  scopes.push([clauseStart, clauseEnd], [0, s.length]);
  for (const [from, to] of scopes) {
    // "kernel 6.1" / "we run 6.1" name the reporter's kernel; in "the 6.1 kernel" the word is a noun.
    const inScope = cues.filter((c) => c.start >= from && c.end <= to && (c.role !== 'running' || c.end <= token.at) && (!c.adjacent || ADJACENT.test(s.slice(c.end, token.at))));
    if (inScope.length === 0) continue;
    let best = inScope[0]!;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const c of inScope) {
      const distance = c.end <= token.at ? token.at - c.end : c.start >= token.end ? c.start - token.end : 0;
      if (distance < bestDistance) {
        best = c;
        bestDistance = distance;
      }
    }
    return best.role;
  }
  return null;
}

/** What may stand between an adjacent cue and its version: "upgrading from v6.6.30", "from 'linux 6.6'". */
const ADJACENT = /^[\s`'"]{0,3}$/;

function sighting(
  version: KernelVersion,
  role: CueRole,
  text: ReportText,
  order: number,
  where: Omit<Evidence, 'part' | 'index'>,
  confidence: Confidence,
  source: Sighting['source'],
  offset = where.start,
): Sighting {
  return { version, role, confidence, order, offset, source, evidence: { part: text.part, index: text.index, ...where } };
}

// ---------------------------------------------------------------------------------------------
// Roles
// ---------------------------------------------------------------------------------------------

const key = (v: KernelVersion): string => v.raw.replace(/^v/, '').toLowerCase();

function fact(s: Sighting, role: KernelVersionRole): KernelVersionFact {
  return { version: s.version, role, evidence: s.evidence, confidence: s.confidence };
}

function assignRoles(sightings: Sighting[]): KernelFacts {
  const ordered = [...sightings].sort((a, b) => a.order - b.order || a.offset - b.offset);
  // Each sighting's key computed once (a replace and a lower-casing; the loops below ask four times).
  const keys = ordered.map((s) => key(s.version));
  // The running kernel: exact lines first, then the tracker field, then the reporter's words; within
  // one source the latest statement (the most recent failing kernel).
  const runningCandidates = (source: Sighting['source']): Sighting[] => ordered.filter((s) => s.source === source && (s.role === 'running' || (source === 'prose' && s.role === 'failing')));
  const proseRunning = runningCandidates('prose');
  const reportedWorking = new Set(ordered.flatMap((s, i) => (s.role === 'working' ? [keys[i]!] : [])));
  const field = runningCandidates('field').filter((s) => !reportedWorking.has(key(s.version))).at(-1);
  const running =
    runningCandidates('log').at(-1) ??
    (field && laterUpgrade(field, proseRunning, reportedWorking)) ??
    field ??
    proseRunning.filter((s) => s.role === 'running' && !reportedWorking.has(key(s.version))).at(-1) ??
    proseRunning.at(-1) ??
    null;

  const failing = new Map<string, KernelVersionFact>();
  const working = new Map<string, KernelVersionFact>();
  const mentioned = new Map<string, KernelVersionFact>();
  // "We run X" / "kernel X" in prose says the reporter uses X, not that X fails: such a version is
  // failing only when nothing reports it working.
  for (let i = 0; i < ordered.length; i++) {
    const s = ordered[i]!;
    const k = keys[i]!;
    const fails = s.role === 'failing' || (s.role === 'running' && (s.source === 'log' || !reportedWorking.has(k)));
    if (fails && !failing.has(k)) failing.set(k, fact(s, 'failing'));
  }
  for (let i = 0; i < ordered.length; i++) {
    const s = ordered[i]!;
    const k = keys[i]!;
    if (s.role === 'working' && !failing.has(k) && !working.has(k)) working.set(k, fact(s, 'working'));
  }
  for (let i = 0; i < ordered.length; i++) {
    const s = ordered[i]!;
    const k = keys[i]!;
    if (!failing.has(k) && !working.has(k) && !mentioned.has(k)) mentioned.set(k, fact(s, 'mentioned'));
  }
  const runningFact = running ? fact(running, 'running') : null;
  const distro = runningFact?.version.distro ?? [...failing.values()].find((f) => f.version.distro)?.version.distro ?? null;
  return { running: runningFact, failing: [...failing.values()], working: [...working.values()], mentioned: [...mentioned.values()], distro };
}

/**
 * The latest statement wins over a tracker field: the field was filled in when the bug was filed
 * ("Kernel Version: 3.12.6"), and a later sentence that the reporter runs or still fails on a newer
 * kernel ("upgraded to 6.6.8 and it still fails") is where they are now. Only a newer kernel, and
 * only one stated after the field (a tracker field from the form counts as first): "it also failed
 * on 3.10" after the field is history, not an upgrade. Boot lines and oops headers (source `log`)
 * stay above both: they name the kernel that printed the quoted log.
 */
function laterUpgrade(field: Sighting, prose: readonly Sighting[], reportedWorking: ReadonlySet<string>): Sighting | undefined {
  return prose
    .filter((s) => (s.order > field.order || (s.order === field.order && s.offset > field.offset)) && !reportedWorking.has(key(s.version)) && newerThan(s.version, field.version))
    .at(-1);
}

/** Whether a is a later kernel than b by its upstream numbers (X.Y.Z and rc); distro suffixes are not compared. */
function newerThan(a: KernelVersion, b: KernelVersion): boolean {
  const rank = (v: KernelVersion): number[] => [v.major, v.minor, v.rc === null ? (v.sublevel ?? 0) + 1000 : v.rc];
  const [x, y] = [rank(a), rank(b)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! > y[i]!;
  return false;
}

/** `target.push(...items)` without the spread: a hostile report can yield more items than the stack holds arguments. */
function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}
