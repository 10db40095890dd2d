/**
 * Test-side Facts, built in one place: the matcher, planner and adapter tests each need "no facts
 * but these", and a field added to Facts is then added here once instead of in every literal.
 */
import { parseKernelVersion } from '../../src/extract/index.js';
import type { CrashReport, Evidence, Facts, KernelFacts, LogSignature } from '../../src/model.js';

/**
 * Evidence for a quote on line `line` of the report's body (offsets within that line).
 *
 * @example
 * quoteAt('XFS (loop1): Starting recovery', 3).line // => 3
 */
export function quoteAt(quote: string, line = 0): Evidence {
  return { part: 'body', index: 0, line, start: 0, end: quote.length, quote };
}

/**
 * Facts with nothing in them but `over`: no kernel, no log line, no crash, no trace, no bisect.
 *
 * @example
 * factsWith({ signatures: [logLine('device-mapper: thin: ...')] }).crash // => null
 */
export function factsWith(over: Partial<Facts> = {}): Facts {
  return {
    kernel: { running: null, failing: [], working: [], mentioned: [], distro: null },
    signatures: [],
    config: {},
    missing: [],
    crash: null,
    crashes: [],
    stacks: [],
    bisect: [],
    ...over,
  };
}

/**
 * The kernel facts of a report that states it runs `raw` (and so fails on it), as the extractor
 * gives them; null when the text is not a kernel version, or `raw` is null.
 *
 * @example
 * runningKernel('6.1.0-13-amd64').running?.version.major // => 6
 */
export function runningKernel(raw: string | null, evidence: Evidence = quoteAt(raw ?? '')): KernelFacts {
  const version = raw === null ? null : parseKernelVersion(raw);
  const running = version === null ? null : { version, role: 'running' as const, evidence, confidence: 1 };
  return { running, failing: running ? [running] : [], working: [], mentioned: [], distro: null };
}

/** A log line the extractor found, with no subsystem, once, as an error. */
export function logLine(text: string, line = 0, canonical = text): LogSignature {
  return { text, canonical, subsystem: null, count: 1, severity: 'error', evidence: quoteAt(text, line) };
}

/** A crash whose title is `title`, not corrupted. */
export function crashTitled(title: string, line = 0, type = 'MEMORY_SAFETY_BUG'): CrashReport {
  return { title, alt: [], type, frame: null, corrupted: false, corruptedReason: null, evidence: quoteAt(title, line) };
}
