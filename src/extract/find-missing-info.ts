import type { KernelFacts, MissingInfo } from '../model.js';
import type { ReportText } from './segment-report.js';

/** Signs that a report tells how to reproduce the problem. */
const REPRODUCTION_CUES: readonly RegExp[] = [
  /\b(?:steps to reproduce|how to reproduce|to reproduce(?: it| this)?[,:]|reproducer(?: script)?:|here is a reproducer|reproduction steps|reproduce[sd]? (?:it |this )?(?:with|by|using)|reproducible (?:with|by)|repro(?: steps)?:)/i,
  /\b(?:run|running) (?:the following|this script|these commands)\b/i,
];
/** A shell command line in pasted output ("$ lvcreate ...", "# mkfs.xfs ..."). */
const COMMAND_LINE = /^\s*(?:\$|#|\w+@[\w.-]+:[^$#]*[$#])\s+(?:sudo\s+)?[a-z][\w.-]*(?:\s|$)/;
/** A numbered step list ("1. create a pool"). */
const NUMBERED_STEP = /^\s*\d{1,2}[.)]\s+\S/;

/**
 * What a report lacks for triage: a kernel version (nothing reported failing or running), a kernel
 * log (no log line and no crash), reproduction steps, and configuration (no configuration fact).
 *
 * @example
 * findMissingInfo(texts, kernel, config, crashes) // => ['reproduction-steps']
 */
export function findMissingInfo(texts: readonly ReportText[], kernel: KernelFacts, configCount: number, crashCount: number): MissingInfo[] {
  const missing: MissingInfo[] = [];
  if (!kernel.running && kernel.failing.length === 0) missing.push('kernel-version');
  const hasLog = texts.some((t) => t.logLines.some((l) => l.quoteDepth === 0 && l.kind !== 'bare')) || texts.some((t) => t.logLines.filter((l) => l.quoteDepth === 0).length >= 2);
  if (!hasLog && crashCount === 0) missing.push('kernel-log');
  if (!texts.some(hasReproduction)) missing.push('reproduction-steps');
  if (configCount === 0) missing.push('configuration');
  return missing.sort();
}

function hasReproduction(text: ReportText): boolean {
  if (text.sentences.some((s) => REPRODUCTION_CUES.some((cue) => cue.test(s.text)))) return true;
  if (text.codeLines.filter((l) => COMMAND_LINE.test(l.content.slice(0, 300))).length >= 2) return true;
  const own = text.lines.filter((l) => l.quoteDepth === 0 && !l.inFence);
  if (own.some((l) => REPRODUCTION_CUES.some((cue) => cue.test(l.content.slice(0, 300))))) return true;
  return own.filter((l) => NUMBERED_STEP.test(l.content.slice(0, 50))).length >= 2;
}
