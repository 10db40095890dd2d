/**
 * Regex shorthands of the oops tables, after syzkaller's pkg/report: a table row reads like the
 * console line it matches (`WARNING: .* at {{SRC}} {{FUNC}}`), and the regex detail lives here once.
 *
 * - `{{FUNC}}` captures a function name; it must be followed by `.` (`.isra.0`, `.cold`), `+`
 *   (`+0x1a/0x30`) or, in decode_stacktrace.sh output, ` (fs/x.c:12)`: that is what tells a frame
 *   apart from a word of prose.
 * - `{{SRC}}` captures a source location with its line (`net/core/dev.c:123`).
 * - `{{PC}}` a bracketed program counter (`[<ffffffff81234567>]`, `[<0x...>]`).
 * - `{{ADDR}}` a hex address; `{{NUM}}` a decimal number.
 *
 * @example
 * compilePattern('WARNING: .* at {{SRC}} {{FUNC}}').exec('WARNING: CPU: 0 PID: 1 at fs/a.c:9 f+0x1/0x2')?.[2]
 * // => 'f'
 */
export function compilePattern(source: string, flags = ''): RegExp {
  // Go's inline case-insensitive flag, as a leading `(?i)`.
  const insensitive = source.startsWith('(?i)');
  let expanded = insensitive ? source.slice(4) : source;
  for (const [shorthand, regex] of SHORTHANDS) expanded = expanded.split(shorthand).join(regex);
  return new RegExp(expanded, insensitive && !flags.includes('i') ? flags + 'i' : flags);
}

const SHORTHANDS: ReadonlyArray<readonly [string, string]> = [
  ['{{ADDR}}', '0x[0-9a-f]+'],
  ['{{PC}}', '\\[<?(?:0x)?[0-9a-f]+>?\\]'],
  // "func+0x1a/0x30", "func.isra.0+0x..", or decode_stacktrace.sh's "func (fs/x.c:12)".
  ['{{FUNC}}', '([a-zA-Z0-9_]+)(?:\\.|\\+| \\([a-zA-Z0-9_\\-/.]+\\.[a-zA-Z]+:[0-9]+)'],
  ['{{SRC}}', '([a-zA-Z0-9_\\-/.]+\\.[a-z]+:[0-9]+)'],
  ['{{NUM}}', '[0-9]+'],
];

/**
 * The line naming the faulting function: x86 `RIP:`/`IP:`, 32-bit x86 `EIP is at`, powerpc `NIP:`,
 * arm64 `pc :`, arm `PC is at`, s390 `Krnl PSW : <psw> <addr> (f+0x..)`.
 */
export const RIP_FRAME =
  '(?:(?:IP|NIP|pc |PC is at|EIP is at):? (?:(?:[0-9]+:)?(?:{{PC}} +){0,2}{{FUNC}}|(?:[0-9]+:)?0x[0-9a-f]+|(?:[0-9]+:)?{{PC}} +\\[< *\\(null\\)>\\] +\\(null\\)|[0-9]+: +\\(null\\))|Krnl PSW : [0-9a-f]+ [0-9a-f]+ \\({{FUNC}})';

/** Start of a call trace section. */
export const CALL_TRACE = '(?:Call (?:T|t)race:)|(?:Backtrace:)';
