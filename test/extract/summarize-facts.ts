// Helpers for the report fixtures: a compact, reviewable summary of Facts (what the front matter's
// `expect:` holds) and the evidence invariant every test checks.
import type { BugReport, Evidence, Facts } from '../../src/model.js';

export interface FactsSummary {
  title: string;
  kernel: { running: string | null; failing: string[]; working: string[]; mentioned: string[]; distro: string | null };
  /** "<subsystem> | <canonical> (xN)" in the extracted order. */
  signatures: string[];
  config: Record<string, { value: boolean | string; history: Array<boolean | string> }>;
  missing: string[];
  crashes: string[];
}

export function summarizeFacts(report: BugReport, facts: Facts): FactsSummary {
  const raw = (f: { version: { raw: string } }): string => f.version.raw;
  return {
    title: report.title,
    kernel: {
      running: facts.kernel.running ? raw(facts.kernel.running) : null,
      failing: facts.kernel.failing.map(raw),
      working: facts.kernel.working.map(raw),
      mentioned: facts.kernel.mentioned.map(raw),
      distro: facts.kernel.distro,
    },
    signatures: facts.signatures.map((s) => `${s.subsystem ?? '-'} | ${s.canonical} (x${s.count})`),
    config: Object.fromEntries(Object.entries(facts.config).map(([id, f]) => [id, { value: f.value, history: f.history.map((h) => h.value) }])),
    missing: facts.missing,
    crashes: facts.crashes.map((c) => c.title),
  };
}

/** The text of the report part an evidence points into. */
export function partText(report: BugReport, evidence: Evidence): string | undefined {
  switch (evidence.part) {
    case 'title':
      return report.title;
    case 'body':
      return report.body;
    case 'comment':
      return report.comments[evidence.index]?.text;
    case 'attachment':
      return report.attachments[evidence.index]?.text ?? undefined;
  }
}

/** Every evidence of a Facts value, with where it came from (for failure messages). */
export function allEvidence(facts: Facts): Array<[string, Evidence]> {
  const out: Array<[string, Evidence]> = [];
  const k = facts.kernel;
  if (k.running) out.push(['kernel.running', k.running.evidence]);
  for (const [name, list] of [['failing', k.failing], ['working', k.working], ['mentioned', k.mentioned]] as const) for (const f of list) out.push([`kernel.${name}`, f.evidence]);
  for (const s of facts.signatures) out.push(['signature', s.evidence]);
  for (const [id, f] of Object.entries(facts.config)) {
    out.push([`config.${id}`, f.evidence]);
    for (const h of f.history) out.push([`config.${id}.history`, h.evidence]);
  }
  for (const c of facts.crashes) out.push(['crash', c.evidence]);
  for (const stack of facts.stacks) for (const frame of stack.frames) out.push(['stack.frame', frame.evidence]);
  for (const b of facts.bisect) out.push(['bisect', b.evidence]);
  return out;
}

/**
 * The evidence invariant: the range lies inside its part's text and the quote is that slice, or the
 * re-joined wrapped line (the slice with its line breaks and quote markers removed). Evidence for a
 * tracker field (no text of its own) has an empty range at 0. Returns a problem or null.
 */
export function evidenceProblem(report: BugReport, evidence: Evidence): string | null {
  const text = partText(report, evidence);
  if (text === undefined) return `no ${evidence.part} ${evidence.index}`;
  const { start, end, quote } = evidence;
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= text.length)) return `range [${start}, ${end}) outside 0..${text.length}`;
  if (start === end) return start === 0 ? null : `empty range at ${start}`;
  const slice = text.slice(start, end);
  if (slice === quote) return null;
  if (squash(slice) === squash(quote)) return null;
  return `quote ${JSON.stringify(quote.slice(0, 80))} is not the slice ${JSON.stringify(slice.slice(0, 80))}`;
}

/** A wrapped line's slice, line breaks, quote markers and whitespace removed, equals its re-joined quote's. */
function squash(s: string): string {
  return s.replace(/\r?\n[ \t]*(?:>[ \t]?)*/g, '').replace(/\s+/g, '');
}
