import { createHash } from 'node:crypto';
import { loadRulePacks } from '../../io/load-rule-packs.js';
import { compileRules } from '../../match/index.js';
import { renderPlainText } from '../../render/index.js';
import { formatProblem } from '../../rules/index.js';
import { triage } from '../../triage.js';
import type { TriageEngine } from './handle-bug.js';
import type { Logger } from '../../log/index.js';

/** A configured rule path that cannot be read: the bot must not run on half its rules silently. */
export class RulePathError extends Error {
  override name = 'RulePathError';
}

/**
 * Loads the rules through the one rule loader (bundled curated rules, the CVE pack, configured paths), compiles them once, and answers the engine the
 * poll loop triages with: `triage` from the core, `renderPlainText` (Bugzilla renders no Markdown),
 * and a rules version (hash of every rule file) stored with each verdict. Rule problems are logged
 * and the bad rules left out (one bad rule disables itself, not the bot); an unreadable configured
 * path is an error.
 *
 * @example
 * const engine = await createTriageEngine({ paths: ['/etc/ktriage/rules'], bundled: true, logger });
 */
export async function createTriageEngine(options: { paths: readonly string[]; bundled: boolean; cves?: boolean; cvePack?: string; logger: Logger; now?: () => Date }): Promise<TriageEngine> {
  const loaded = await loadRulePacks({ paths: options.paths, bundled: options.bundled, cves: options.cves ?? true, ...(options.cvePack !== undefined ? { cvePack: options.cvePack } : {}) });
  if (loaded.unreadable.length > 0) {
    throw new RulePathError(`cannot read rules: ${loaded.unreadable.map((u) => `${u.path}: ${u.message}`).join('; ')}`);
  }
  for (const problem of loaded.problems) options.logger.warn(`rules: ${formatProblem(problem)}`);
  const compiled = compileRules(loaded.ruleSet, { descriptions: loaded.descriptions, fuzzyTables: loaded.fuzzyTables, signatureTables: loaded.signatureTables });
  // The bot reads the pack's description index now, once, rather than on the first report without
  // a matching log: mid-cycle, between reading a bug and posting the comment, a second of parsing
  // outlasts the server's keep-alive and the post fails with a reset connection.
  loaded.descriptions?.();
  for (const problem of compiled.problems) options.logger.warn(`rules: rule ${problem.ruleId}, signature ${problem.signature + 1}: ${problem.message}`);
  if (loaded.ruleSet.bugs.length === 0) options.logger.warn('rules: no valid bug rules loaded: every bug will get no-match');
  const hash = createHash('sha256').update(loaded.version);
  const now = options.now ?? (() => new Date());
  return {
    rulesVersion: hash.digest('hex').slice(0, 16),
    triage: (report) => triage(report, compiled, { now: now() }),
    render: renderPlainText,
  };
}
