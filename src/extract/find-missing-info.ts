import type { KernelFacts, MissingInfo } from '../model.js';
import type { ReportText } from './segment-report.js';
import { charSet } from './split-lines.js';

/** Signs that a report tells how to reproduce the problem. */
const REPRODUCTION_CUES: readonly RegExp[] = [
  /\b(?:steps to reproduce|how to reproduce|to reproduce(?: it| this)?[,:]|reproducer(?: script)?:|here is a reproducer|reproduction steps|reproduce[sd]? (?:it |this )?(?:with|by|using)|reproducible (?:with|by)|repro(?: steps)?:)/i,
  /\b(?:run|running) (?:the following|this script|these commands)\b/i,
];
/** A shell command line in pasted output ("$ lvcreate ...", "# mkfs.xfs ..."). */
const COMMAND_LINE = /^\s*(?:\$|#|\w+@[\w.-]+:[^$#]*[$#])\s+(?:sudo\s+)?[a-z][\w.-]*(?:\s|$)/;
/** A numbered step list ("1. create a pool"). */
const NUMBERED_STEP = /^\s*\d{1,2}[.)]\s+\S/;
/** Every REPRODUCTION_CUES row holds one of these words: a text without any has no cue on a line. */
const CUE_WORDS = /repro|run/i;
const DIGITS = charSet('0123456789');
const ANY_DIGIT = /[0-9]/;

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
  const lines = text.lines;
  let commands = 0;
  for (const line of text.codeLines) if (COMMAND_LINE.test(lines.head(line, 300))) commands++;
  if (commands >= 2) return true;
  // The author's own lines outside code: a cue on any of them, or two numbered steps.
  let steps = 0;
  let cue = false;
  const cuesPossible = CUE_WORDS.test(lines.text);
  // Without a cue word, only numbered steps can tell, and they need a digit.
  if (!cuesPossible && !ANY_DIGIT.test(lines.text)) return false;
  for (let i = 0; i < lines.length && !cue; i++) {
    if (lines.quoteDepth(i) !== 0 || lines.inFence(i) || lines.isBlank(i, 300)) continue;
    if (cuesPossible) {
      const head = lines.head(i, 300);
      for (const re of REPRODUCTION_CUES) if (re.test(head)) cue = true;
      if (cue) break;
    }
    // A step's number is within its first characters: lines without a digit there are not sliced.
    if (lines.includesAny(i, DIGITS, 50) && NUMBERED_STEP.test(lines.head(i, 50))) steps++;
  }
  return cue || steps >= 2;
}
