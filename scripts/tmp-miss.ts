import { cvePackAlone } from './eval-reports/rule-sets.js';
import { recallCases, scoreRecall } from './eval-cves/self-recall.js';
import { canBeConfident } from '../src/match/index.js';
import { triage } from '../src/triage.js';
const pack = await cvePackAlone();
const byId = new Map(pack.compiled.bugs.map((b) => [b.id, b]));
const bugs = pack.compiled.bugs.filter((b) => canBeConfident(b));
const cases = recallCases(bugs).filter((c) => c.half === 'tune');
const res = scoreRecall(cases, pack.compiled, byId).filter((r) => r.miss !== null && r.miss !== 'no match');
const kind = process.argv[2];
for (const r of res.filter((r) => !kind || r.miss === kind).slice(0, Number(process.argv[3] ?? 15))) {
  const plan = triage({ source: 'file', id: 'x', url: null, title: r.case.report.title, body: r.case.report.body, comments: [], attachments: [], fields: {} }, pack.compiled);
  const own = plan.matches.find((m) => m.fix.some((f) => f.sha === r.case.fixSha));
  const bug = byId.get(r.case.ruleId)!;
  console.log(`\n== ${r.case.ruleId} [${r.case.transport}] ${r.miss} -> ${r.winner ?? ''}`);
  console.log('  sigs:', bug.signatures.filter((s) => !s.implied).map((s) => `${s.kind}:${s.text.slice(0, 90)}@${s.weight}`).join(' || '));
  console.log('  report titles:', plan.facts.crashes.map((c) => c.title).join(' | '));
  console.log('  own:', own ? `${own.verdict} :: ${own.reasons.join(' ; ').slice(0, 400)}` : 'none');
  if (r.winner) { const w = plan.matches[0]!; console.log('  winner:', w.ruleId, w.verdict, '::', w.reasons.join(' ; ').slice(0, 300)); }
}
