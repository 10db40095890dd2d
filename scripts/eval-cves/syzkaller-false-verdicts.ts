// The CVE pack's false known-bug verdicts on the syzkaller logs (issue 10, item 6): a known-bug
// verdict from a CVE rule whose crash titles do not include the log's expected title is false.
// Shared by `npm run eval:cves` and the gated pack test, so both count the same thing.
import type { CorpusCase } from '../../src/extract/crash/score-titles.js';
import type { CompiledRules } from '../../src/match/index.js';
import { triage } from '../../src/triage.js';

export interface FalseVerdicts {
  logs: number;
  /** One line per false verdict: `log: rule (its titles) on "expected title"`. */
  wrong: string[];
  /** Logs with at least one false verdict. */
  logsWithWrong: number;
}

export function syzkallerFalseVerdicts(cases: readonly CorpusCase[], rules: CompiledRules): FalseVerdicts {
  const byId = new Map(rules.bugs.map((bug) => [bug.id, bug]));
  const wrong: string[] = [];
  const logs = new Set<string>();
  for (const c of cases) {
    const plan = triage({ source: 'file', id: c.name, url: null, title: '', body: c.log, comments: [], attachments: [], fields: {} }, rules);
    for (const match of plan.matches.filter((m) => m.verdict !== 'possible-match')) {
      const titles = byId.get(match.ruleId)?.signatures.filter((s) => s.kind === 'crash').map((s) => s.pattern) ?? [];
      const expected = c.expected?.title ?? null;
      if (expected !== null && titles.includes(expected)) continue;
      wrong.push(`${c.name}: ${match.ruleId} (${titles.join(' | ') || 'no title'}) on "${expected ?? 'no crash'}"`);
      logs.add(c.name);
    }
  }
  return { logs: cases.length, wrong, logsWithWrong: logs.size };
}
