import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { createRuleDrafter, readDashboardData, renderDashboard } from '../../dashboard/index.js';
import { loadRulePacks } from '../../io/load-rule-packs.js';
import { openDecisionStore, readStoreChoice, type StoreChoice } from '../../store/index.js';

export interface DashboardIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  env: Record<string, string | undefined>;
  cwd: string;
}

export interface DashboardCommandOptions {
  /** A SQLite file or a postgres:// URL; default: DATABASE_URL, else KTRIAGE_STORE_FILE. */
  store?: string;
  out: string;
  minConfidence?: string;
  /** false: no "draft a rule" drafts (faster; the signature lines are shown instead). */
  drafts?: boolean;
  now?: () => Date;
}

/**
 * `ktriage dashboard --store STORE --out DIR`: reads the decision store and writes DIR/index.html
 * (one self-contained page: charts, tables, clusters, drafts; opens offline) and DIR/data.json (the
 * same numbers for scripts). Exit 0 on success, 2 on a usage error or a store that cannot be read.
 */
export async function runDashboard(options: DashboardCommandOptions, io: DashboardIo): Promise<number> {
  const fail = (message: string): number => {
    io.stderr.write(`ktriage dashboard: ${message}\n`);
    return 2;
  };
  const minConfidence = options.minConfidence === undefined ? 0.5 : Number(options.minConfidence);
  if (!Number.isFinite(minConfidence) || minConfidence < 0 || minConfidence > 1) return fail(`--min-confidence is a number from 0 to 1 (got "${options.minConfidence}")`);
  let choice: StoreChoice;
  try {
    choice = options.store !== undefined ? storeChoiceOf(options.store, io.cwd) : readStoreChoice(io.env, '');
  } catch (error) {
    return fail((error as Error).message);
  }
  if (choice.kind === 'sqlite' && choice.file === '') return fail('which store? give --store FILE (the SQLite file the App or the bot records into) or --store postgres://..., or set DATABASE_URL');
  // Reading a store must not create one: a typo in the path would show an empty dashboard.
  if (choice.kind === 'sqlite' && !existsSync(choice.file)) return fail(`no store at ${choice.file} (the App records into KTRIAGE_STORE_FILE, default ktriage-store.sqlite; the Bugzilla bot into its database file)`);
  let store;
  try {
    store = await openDecisionStore(choice);
  } catch (error) {
    return fail((error as Error).message);
  }
  try {
    let draftRule;
    if (options.drafts !== false) {
      // The curated rules and the vocabulary: drafts avoid their ids and read facts with it (the CVE pack adds nothing here).
      const packs = await loadRulePacks({ cves: false });
      draftRule = createRuleDrafter(packs.ruleSet);
    }
    const data = await readDashboardData(store, { now: (options.now ?? (() => new Date()))(), minConfidence, ...(draftRule ? { draftRule } : {}) });
    const out = path.resolve(io.cwd, options.out);
    await mkdir(out, { recursive: true });
    await writeFile(path.join(out, 'index.html'), renderDashboard(data), 'utf8');
    await writeFile(path.join(out, 'data.json'), `${JSON.stringify(data, null, 2)}\n`, 'utf8');
    io.stdout.write(`${data.counts.decisions} decisions on ${data.counts.reports} reports, ${data.rules.length} rules fired, ${data.review.length} reports to look at, ${data.clusters.length} unmatched clusters: wrote ${path.join(path.relative(io.cwd, out) || '.', 'index.html')} and data.json\n`);
    return 0;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'ENOTDIR' || code === 'EEXIST' || code === 'ENOSPC' || code === 'EROFS') return fail(`cannot write ${options.out}: ${(error as Error).message}`);
    throw error;
  } finally {
    await store.close();
  }
}

function storeChoiceOf(value: string, cwd: string): StoreChoice {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return readStoreChoice({ DATABASE_URL: value });
  return { kind: 'sqlite', file: path.resolve(cwd, value) };
}

/** Register `ktriage dashboard` on the program (src/cli/main.ts). */
export function addDashboardCommand(program: Command, io: DashboardIo, setExitCode: (code: number) => void): void {
  program
    .command('dashboard')
    .description('write the triage dashboard (a static site) from the decision store: verdicts over time, rule precision, reports to look at, unmatched clusters')
    .option('--store <file-or-url>', 'the decision store: a SQLite file, or a postgres:// URL (default: DATABASE_URL, else KTRIAGE_STORE_FILE)')
    .requiredOption('--out <dir>', 'the folder to write index.html and data.json into')
    .option('--min-confidence <n>', 'list reports whose best match is below this confidence (0-1)', '0.5')
    .option('--no-drafts', 'do not draft a rule for each unmatched cluster (shows its signature lines instead)')
    .action(async (options: { store?: string; out: string; minConfidence: string; drafts: boolean }) => {
      setExitCode(await runDashboard(options, io));
    });
}
