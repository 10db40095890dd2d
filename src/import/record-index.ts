import type { CveRecord } from './read-cve-record.js';

/**
 * Every record's fix in one line, rules or not (records.tsv in a CVE pack): what the curated rules
 * are checked against (a rule naming a record's fix subject with another sha) and what they borrow
 * (the record's per-branch fixed releases they lack). Tab-separated, one record a line, sorted by id:
 * small, and a refresh is a readable diff.
 */
export interface RecordIndexEntry {
  id: string;
  sha: string;
  introduced: string | null;
  fixedMainline: string | null;
  fixedStable: string[];
  subject: string;
  /**
   * The files the fix touches (the record's `programFiles`): where the bug lives, which a report's
   * trace can show (a symbolized frame's file, a crash in the module they build). Empty when the
   * record lists none, or the pack was written before the column existed.
   */
  files: string[];
}

// `files` is last: a pack written before it existed still parses (its records have no files).
const COLUMNS = ['cve', 'mainline_sha', 'introduced', 'fixed_mainline', 'fixed_stable', 'subject', 'files'];

export function formatRecordIndex(records: readonly CveRecord[], snapshot: string | null): string {
  const lines = [
    `# Every kernel CNA record's fix${snapshot ? ` (snapshot ${snapshot})` : ''}, written by \`ktriage import kernel-cves\`; do not edit.`,
    `# ${COLUMNS.join('\t')}`,
  ];
  for (const r of records) {
    const cells = [r.id, r.mainlineSha, r.introducedVersion ?? '-', r.fixedMainline ?? '-', r.fixedStable.map((s) => s.version).join(',') || '-', r.subject.replace(/[\t\n]/g, ' '), r.files.filter((f) => !/[\t\n,]/.test(f)).join(',') || '-'];
    lines.push(cells.join('\t'));
  }
  return `${lines.join('\n')}\n`;
}

/** Parse records.tsv; lines that do not have the columns are skipped (never throws). */
export function parseRecordIndex(text: string): RecordIndexEntry[] {
  const entries: RecordIndexEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const [id, sha, introduced, fixedMainline, stable, subject, files] = line.split('\t');
    if (!id || !sha || !/^[0-9a-f]{12,40}$/.test(sha) || subject === undefined) continue;
    const value = (cell: string | undefined) => (cell === undefined || cell === '-' || cell === '' ? null : cell);
    entries.push({ id, sha, introduced: value(introduced), fixedMainline: value(fixedMainline), fixedStable: value(stable)?.split(',') ?? [], subject, files: value(files)?.split(',') ?? [] });
  }
  return entries;
}
