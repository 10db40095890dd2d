import { RE2JS } from 're2js';

/** Longer rule regexes are refused: no real signature needs more, and RE2 programs grow with length. */
export const MAX_REGEX_LENGTH = 1000;
/** RE2 program size (instructions) above which a regex is refused; `x{1000}` nested blows up here. */
const MAX_PROGRAM_SIZE = 5000;

/**
 * Unrelated kernel log messages: a rule regex that matches most of them matches almost anything and
 * would flag every report. Chosen from different subsystems so no legitimate signature matches many.
 */
const UNRELATED_LINES = [
  'usb 1-1: new high-speed USB device number 2 using xhci_hcd',
  'EXT4-fs (sda1): mounted filesystem with ordered data mode. Opts: (null)',
  'e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx',
  'Freeing unused kernel memory: 1234K',
  'systemd[1]: Started Journal Service.',
  'ata1: SATA link up 6.0 Gbps (SStatus 133 SControl 300)',
  'x86/fpu: Supporting XSAVE feature 0x001: x87 floating point registers',
  'random: crng init done',
  'NET: Registered PF_INET6 protocol family',
  'audit: type=1400 audit(1700000000.123:42): apparmor="STATUS" operation="profile_load"',
  'Bluetooth: hci0: RTL: fw version 0x999a0d1e',
  'nouveau 0000:01:00.0: DRM: allocated 1920x1080 fb',
];

/** A signature regex names the message it matches: fewer literal letters than this cannot. */
const MIN_LITERAL_LETTERS = 8;

/**
 * The letters a regex matches literally, roughly: escapes (`\w`, `\b`, `\pL`), character classes,
 * group syntax and repeat counts removed. Alternatives all count, which is generous on purpose:
 * this only catches regexes like `(a+)+$` or `\w+ \d+` that name no message at all.
 */
function literalLetters(source: string): string {
  return source
    .replace(/\\[pP](?:\{[^}]*\}|[A-Za-z])/g, '')
    .replace(/\\[A-Za-z]/g, '')
    .replace(/\[(?:\\.|[^\]\\])*\]/g, '')
    .replace(/\(\?P?<[^>]*>/g, '')
    .replace(/\(\?[A-Za-z-]*[:)]/g, '')
    .replace(/[^A-Za-z]/g, '');
}

/** More than this share of UNRELATED_LINES matched = "matches almost anything". */
const MAX_UNRELATED_SHARE = 0.5;

/**
 * Why a rule regex is unusable, or null when it is fine: it must be RE2 syntax (linear-time matching
 * on attacker-controlled report text; JavaScript's backtracking engine takes minutes on `(a+)+$`),
 * must not match the empty string, and must not match most unrelated kernel log lines.
 * The message names the fix.
 *
 * @example
 * checkRuleRegex('a(?=b)') // => 'look-around `(?=`, `(?!`, `(?<=`, `(?<!` is JavaScript-only: RE2 ...'
 * checkRuleRegex('dm_thin_insert_block\\(\\) failed') // => null
 */
export function checkRuleRegex(source: string): string | null {
  if (source.length === 0) return 'the regex is empty: write the part of the message that identifies the bug';
  if (source.length > MAX_REGEX_LENGTH) {
    return `the regex is ${source.length} characters long; the limit is ${MAX_REGEX_LENGTH}: match the identifying part only`;
  }
  const jsOnly = JS_ONLY_CONSTRUCTS.find(([pattern]) => pattern.test(source));
  if (jsOnly) return jsOnly[1];
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/^error parsing regexp: /, '');
    return `not a valid RE2 regex: ${reason}`;
  }
  const broad = breadthProblem(compiled);
  if (broad) return broad;
  const letters = literalLetters(source);
  if (letters.length < MIN_LITERAL_LETTERS) {
    return `the regex has only ${letters.length} literal letter${letters.length === 1 ? '' : 's'}${letters ? ` (\`${letters}\`)` : ''}, so it can match unrelated messages: include at least ${MIN_LITERAL_LETTERS} letters of the message that identifies the bug`;
  }
  return null;
}

/**
 * JavaScript regex features RE2 refuses, with a message that says what to do instead. Checked
 * before compiling because RE2's own message ("invalid escape sequence: `\1`") does not say why.
 */
const JS_ONLY_CONSTRUCTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/(?<!\\)\(\?<?[=!]/, 'look-around `(?=`, `(?!`, `(?<=`, `(?<!` is JavaScript-only: RE2 matches in linear time and has none; match the surrounding text instead'],
  [/(?<!\\)(?:\\\\)*\\(?:[1-9]|k<)/, 'back-references (`\\1`, `\\k<name>`) are JavaScript-only: RE2 matches in linear time and has none; repeat the group\'s pattern instead'],
];

/** Too big a program, or a match on the empty string or on most unrelated kernel log lines. */
function breadthProblem(compiled: RE2JS): string | null {
  if (compiled.programSize() > MAX_PROGRAM_SIZE) {
    return `the regex compiles to ${compiled.programSize()} RE2 instructions (limit ${MAX_PROGRAM_SIZE}): use smaller repeat counts`;
  }
  if (compiled.test('')) {
    return 'the regex matches the empty string, so it matches every report: make every part required (no `*` or `?` on all of it)';
  }
  const hits = UNRELATED_LINES.filter((line) => compiled.test(line)).length;
  if (hits > UNRELATED_LINES.length * MAX_UNRELATED_SHARE) {
    return `the regex matches almost anything (${hits} of ${UNRELATED_LINES.length} unrelated kernel log lines): include the words of the message that identify the bug`;
  }
  return null;
}

/**
 * For fact regexes (short by nature, matched case-insensitively on statements): why the regex would
 * assert its fact on almost every report, or null. Syntax is checked by the fact schema.
 *
 * @example
 * checkFactRegex('\\bext4\\b') // => null
 * checkFactRegex('.*') // => 'the regex matches the empty string, ...'
 */
export function checkFactRegex(source: string): string | null {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
  } catch {
    return null; // Reported by the fact schema.
  }
  return breadthProblem(compiled);
}
