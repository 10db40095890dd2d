import type { LineTable, TextLine } from './split-lines.js';

/** One row of `lvs` output. */
export interface LvsRow {
  lv: string;
  vg: string;
  attr: string;
  pool: string | null;
  origin: string | null;
  /** The row's line, for evidence. */
  source: TextLine;
}

/** A read `lvs` table and what its rows say about the stack. */
export interface LvsTable {
  rows: LvsRow[];
  /** Rows whose volume type is a thin pool (`t` in Attr). */
  thinPools: LvsRow[];
  /** Thin volumes (`V`). */
  thinVolumes: LvsRow[];
  /** Snapshot chains deeper than one: a snapshot whose origin is itself a snapshot. */
  snapshotsOfSnapshots: LvsRow[];
}

/** Attr column: 10 characters (9 in old lvm2), the first is the volume type. */
const ATTR = /^[-mMoOrRsSpvVitIlecTdwa][-a-zA-Z]{8,9}$/;

/**
 * Read `lvs` tables out of a text's lines. The header names the columns (`LV VG Attr LSize Pool
 * Origin ...`); Pool and Origin are left-aligned under their header and may be empty, so values are
 * assigned by column position, not by counting words. Never throws; rows that do not fit are
 * skipped.
 *
 * @example
 * readLvsTables(splitLines('  LV   VG   Attr       LSize Pool Origin\n  snap data Vwi-a-tz-- 1.00g pool orig')).flatMap((t) => t.rows)[0]
 * // => { lv: 'snap', vg: 'data', attr: 'Vwi-a-tz--', pool: 'pool', origin: 'orig', ... }
 */
export function readLvsTables(lines: LineTable, include: (row: number) => boolean = () => true): LvsTable[] {
  const tables: LvsTable[] = [];
  eachLvsTable(lines, include, (table) => {
    tables.push(table);
    return true;
  });
  return tables;
}

/**
 * readLvsTables one table at a time, in text order, for a reader that may have read enough:
 * `visit` returns false to stop.
 *
 * @example
 * let first: LvsTable | undefined;
 * eachLvsTable(splitLines(text), () => true, (table) => { first = table; return false; }); // reads no further
 */
export function eachLvsTable(lines: LineTable, include: (row: number) => boolean, visit: (table: LvsTable) => boolean): void {
  // Every table has its header (HEADER): a text without its `Attr` is not read line by line.
  if (!lines.text.includes('Attr')) return;
  for (let i = 0; i < lines.length; i++) {
    if (!include(i)) continue;
    const header = readHeader(lines, i);
    if (!header) continue;
    const rows: LvsRow[] = [];
    // The rows below the header, the rows left out by `include` skipped (they are not between).
    let last = i;
    for (let j = i + 1; j < lines.length; j++) {
      if (!include(j)) continue;
      const row = readRow(lines, j, header);
      if (!row) break;
      rows.push(row);
      last = j;
    }
    if (rows.length > 0 && !visit(describe(rows))) return;
    i = last;
  }
}

interface Header {
  /** Column name -> start position within the line's content. */
  columns: Map<string, number>;
  order: Array<[string, number]>;
  quoteDepth: number;
}

const HEADER = /^\s*LV\s+VG\s+Attr\b/;

function readHeader(lines: LineTable, i: number): Header | null {
  if (lines.contentLength(i) > 400) return null;
  const content = lines.content(i);
  if (!HEADER.test(content)) return null;
  const columns = new Map<string, number>();
  const order: Array<[string, number]> = [];
  for (const m of content.matchAll(/\S+/g)) {
    columns.set(m[0], m.index);
    order.push([m[0], m.index]);
  }
  return { columns, order, quoteDepth: lines.quoteDepth(i) };
}

function readRow(lines: LineTable, i: number, header: Header): LvsRow | null {
  if (lines.quoteDepth(i) !== header.quoteDepth || lines.contentLength(i) > 400 || lines.isBlank(i)) return null;
  const content = lines.content(i);
  const words = [...content.matchAll(/\S+/g)];
  if (words.length < 3 || !ATTR.test(words[2]![0])) return null;
  const strip = (name: string): string => name.replace(/^\[|\]$/g, '');
  const source: TextLine = lines.at(i);
  return {
    lv: strip(words[0]![0]),
    vg: words[1]![0],
    attr: words[2]![0],
    pool: wordUnder('Pool', words, header),
    origin: wordUnder('Origin', words, header),
    source,
  };
}

/** The word that starts within the column's span (left-aligned columns), if any. */
function wordUnder(column: string, words: RegExpExecArray[] | RegExpMatchArray[], header: Header): string | null {
  const at = header.order.findIndex(([name]) => name === column);
  if (at === -1) return null;
  const from = header.order[at]![1];
  const to = header.order[at + 1]?.[1] ?? Number.POSITIVE_INFINITY;
  for (const w of words) {
    const pos = w.index ?? -1;
    // Numbers in the neighbouring right-aligned columns (LSize, Data%) may reach into the span.
    if (pos >= from && pos < to && !/^[\d.]+[%a-zA-Z]?$/.test(w[0])) return w[0].replace(/^\[|\]$/g, '');
  }
  return null;
}

function describe(rows: LvsRow[]): LvsTable {
  const byName = new Map(rows.map((r) => [`${r.vg}/${r.lv}`, r]));
  const isSnapshot = (r: LvsRow): boolean => r.origin !== null && byName.has(`${r.vg}/${r.origin}`);
  return {
    rows,
    thinPools: rows.filter((r) => r.attr[0] === 't'),
    thinVolumes: rows.filter((r) => r.attr[0] === 'V'),
    snapshotsOfSnapshots: rows.filter((r) => {
      if (!isSnapshot(r)) return false;
      const origin = byName.get(`${r.vg}/${r.origin}`)!;
      return origin.origin !== null;
    }),
  };
}
