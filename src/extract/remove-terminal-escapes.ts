/**
 * A log saved from a terminal keeps its colours: `dmesg --color=always > log`, `journalctl` piped
 * through `script`, a serial console captured with minicom. The colour codes sit between the
 * timestamp, the subsystem prefix and the message (`\e[32m[1.0] \e[0m\e[33mdevice-mapper: ...`),
 * so no line reader sees a kernel line. Adapters remove them when they turn a tracker's or a
 * file's text into a BugReport, so every offset the facts carry points into the text as read.
 *
 * Removed: CSI sequences (ESC [ ... final byte, and the one-byte C1 CSI 0x9B), OSC sequences
 * (ESC ] ... BEL or ESC \: window titles, hyperlinks), and two-byte ESC sequences (charset
 * selection, keypad modes). Everything else, other control characters included, stays: the
 * extractor reads text, it does not print it.
 */
// eslint-disable-next-line no-control-regex -- matching control sequences is the point
const TERMINAL_ESCAPE = /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[ -/]*[0-~]/g;

/**
 * The text with terminal escape sequences (colours, cursor moves, window titles) removed.
 *
 * @example
 * removeTerminalEscapes('\u001b[32m[    1.0] \u001b[0mdevice-mapper: thin: error')
 * // => '[    1.0] device-mapper: thin: error'
 */
export function removeTerminalEscapes(text: string): string {
  // Most reports have no ESC at all: skip the regex pass.
  return text.includes('\u001b') || text.includes('\u009b') ? text.replace(TERMINAL_ESCAPE, '') : text;
}
