import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { cliLog } from '../cli-log.js';
import type { Logger } from '../../log/index.js';
import path from 'node:path';
import type { Command } from 'commander';
import { DESCRIPTION_INDEX_FILE } from '../../import/description-file.js';
import { importKernelCves, RECORD_INDEX_FILE } from '../../import/import-kernel-cves.js';
import { readVulnsDir, VulnsDirError } from '../../io/read-vulns-dir.js';

export interface ImportIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  cwd: string;
  /** LOG_LEVEL / LOG_FORMAT for the diagnostics (src/cli/cli-log.ts). */
  env?: Record<string, string | undefined>;
  /** The diagnostics logger; default: cliLog's. */
  log?: Logger;
}

export interface ImportCveOptions {
  /** The pack folder to write (default `kernel-cves` in the current folder). */
  out?: string;
  /** The snapshot date (YYYY-MM-DD) for provenance; default: none. */
  snapshot?: string;
  /** Labels of every rule (`{subsystem}` is replaced); default known-bug and the subsystem. */
  labels?: string[];
}

/** The files a pack folder holds that the importer wrote (and may replace): bucket files, the record index and the description index. */
const PACK_FILE = /^(?:\d{4}-\d{5}\.yml|records\.tsv|descriptions\.tsv)$/;

/**
 * `ktriage import kernel-cves <vulns-dir> [--out PATH] [--snapshot DATE]`: turn the kernel CNA's
 * records into a CVE pack (rules/README.md format, origin: generated) and write it to `--out`,
 * replacing the pack files a previous import wrote there (other files are left alone). Exit 0 on
 * success, 2 when the folder is not a vulns repository or the options are wrong.
 */
export async function runImportKernelCves(dir: string, options: ImportCveOptions, io: ImportIo): Promise<number> {
  const log = cliLog(io, 'ktriage import');
  if (options.snapshot !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.snapshot)) {
    log.error(`ktriage import: --snapshot is a date, YYYY-MM-DD (got "${options.snapshot}")`);
    return 2;
  }
  let records;
  try {
    records = await readVulnsDir(path.resolve(io.cwd, dir));
  } catch (error) {
    if (error instanceof VulnsDirError) {
      log.error(`ktriage import: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const result = importKernelCves(records, { snapshot: options.snapshot ?? null, ...(options.labels && options.labels.length > 0 ? { labels: options.labels } : {}) });
  const out = path.resolve(io.cwd, options.out ?? 'kernel-cves');
  await mkdir(out, { recursive: true });
  const written = new Set(result.files.map((file) => file.name));
  for (const name of await readdir(out)) {
    if (PACK_FILE.test(name) && !written.has(name)) await rm(path.join(out, name));
  }
  for (const file of result.files) await writeFile(path.join(out, file.name), file.text, 'utf8');
  for (const problem of result.problems) log.warn(`ktriage import: ${problem.id}: ${problem.message}`);
  const { stats } = result;
  const skipped = Object.entries(stats.skipped).sort().map(([why, n]) => `${n} ${why}`).join('; ');
  io.stdout.write(
    `${stats.records} records: ${stats.rules} known bugs (${stats.withTitle} with a specific crash title), ${stats.records - stats.rules - stats.unreadable} without a rule (${skipped || 'none'}), ${stats.unreadable} unreadable\n` +
      `wrote ${result.files.length - 2} rule files, ${RECORD_INDEX_FILE} and ${DESCRIPTION_INDEX_FILE} to ${path.relative(io.cwd, out) || '.'}\n`,
  );
  return 0;
}

/** Register `ktriage import kernel-cves` on the program (src/cli/main.ts). */
export function addImportCommand(program: Command, io: ImportIo, setExitCode: (code: number) => void): void {
  const command = program.command('import').description('generate rule packs from public data');
  command
    .command('kernel-cves')
    .description("turn the kernel CNA's CVE records (a clone of the vulns repository) into a pack of known bugs")
    .argument('<vulns-dir>', 'a git clone of https://git.kernel.org/pub/scm/linux/security/vulns.git (cve/published/<year>/CVE-*.json)')
    .option('--out <path>', 'the pack folder to write', 'kernel-cves')
    .option('--snapshot <date>', "the records' date (YYYY-MM-DD), written into each rule's provenance")
    .option('--label <label>', 'a label for every rule, {subsystem} for its subsystem (repeatable; default: known-bug and {subsystem})', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .action(async (dir: string, options: { out: string; snapshot?: string; label: string[] }) => {
      setExitCode(await runImportKernelCves(dir, { out: options.out, ...(options.snapshot !== undefined ? { snapshot: options.snapshot } : {}), labels: options.label }, io));
    });
}
