import { readFileSync } from 'node:fs';
import { matchesStamp, type FileStamp } from './file-stamp.js';
import { buildPostingLists, postingSearcher, type DescriptionIndex, type DescriptionSearcher, type DescriptionStats, type PostingLists } from '../match/light.js';

/*
 * The CVE pack's description index, precomputed at `npm run build` (issue 10, item 4: no work at
 * run time that the build can do). descriptions.tsv is the pack's readable form; turning it into
 * posting lists of unit-length TF-IDF vectors took ~0.6 s and ~110 MB on the first report without
 * a confident match (parsing 4.5 MB of text, one object per term of every record, one weight per
 * posting). The build writes the posting lists once, as typed arrays behind a small JSON header:
 *
 *   "KTDI" | u32 format | u32 header bytes | header (JSON, UTF-8) | padding to 8 | f64 weights[P] | u32 docs[P]
 *   header: { source: { size, mtimeMs, sha256 } of descriptions.tsv, documents, ids[], df: [[term, df]...],
 *             terms[] (sorted), offsets[] (terms.length + 1: term i's postings are offsets[i]..offsets[i+1]) }
 *
 * Loading reads the file, parses the header and views the arrays in place: no object per posting.
 * The weights are the run-time build's own doubles (buildPostingLists), so a search gives the same
 * hits, the same similarities and the same order (a test compares them over a sample). A form whose
 * source stamp does not match the descriptions.tsv beside the pack is stale and not used.
 */

const MAGIC = 'KTDI';
const FORMAT = 1;

interface Header {
  source: FileStamp;
  documents: number;
  ids: string[];
  df: Array<[string, number]>;
  terms: string[];
  offsets: number[];
}

/**
 * The precomputed form of a description index. Deterministic for the same index and stamp.
 */
export function encodeDescriptionPostings(index: DescriptionIndex, source: FileStamp): Buffer {
  const lists = buildPostingLists(index, index.docs);
  const terms = [...lists.terms()].sort();
  const offsets = [0];
  let total = 0;
  for (const term of terms) offsets.push((total += lists.list(term)!.docs.length));
  const weights = new Float64Array(total);
  const docs = new Uint32Array(total);
  terms.forEach((term, i) => {
    const list = lists.list(term)!;
    weights.set(list.weights, offsets[i]!);
    docs.set(list.docs, offsets[i]!);
  });
  const header: Header = { source, documents: index.documents, ids: index.docs.map((doc) => doc.id), df: [...index.df].sort((a, b) => (a[0] < b[0] ? -1 : 1)), terms, offsets };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const start = 12 + json.length;
  const pad = (8 - (start % 8)) % 8;
  const head = Buffer.alloc(12);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(FORMAT, 4);
  head.writeUInt32LE(json.length, 8);
  return Buffer.concat([head, json, Buffer.alloc(pad), Buffer.from(weights.buffer), Buffer.from(docs.buffer)]);
}

/** A decoded precomputed index: the stamp of the text it was built from, the idf statistics and the searcher. */
export interface DecodedDescriptionPostings {
  source: FileStamp;
  stats: DescriptionStats;
  searcher: DescriptionSearcher;
}

/** Decode the precomputed form; null when the bytes are not one (another format, cut short). */
export function decodeDescriptionPostings(bytes: Buffer): DecodedDescriptionPostings | null {
  if (bytes.length < 12 || bytes.toString('latin1', 0, 4) !== MAGIC || bytes.readUInt32LE(4) !== FORMAT) return null;
  const length = bytes.readUInt32LE(8);
  if (12 + length > bytes.length) return null;
  let header: Header;
  try {
    header = JSON.parse(bytes.toString('utf8', 12, 12 + length)) as Header;
  } catch {
    return null;
  }
  const total = header.offsets[header.offsets.length - 1] ?? 0;
  const start = 12 + length + ((8 - ((12 + length) % 8)) % 8);
  if (start + total * 12 !== bytes.length) return null;
  // Views in place need 8-byte alignment: copy once into a fresh buffer when the read did not give it.
  const aligned = (bytes.byteOffset + start) % 8 === 0 ? bytes : new Uint8Array(bytes);
  const base = aligned.byteOffset + start;
  const weights = new Float64Array(aligned.buffer, base, total);
  const docs = new Uint32Array(aligned.buffer, base + total * 8, total);
  const slot = new Map<string, number>();
  header.terms.forEach((term, i) => slot.set(term, i));
  const stats: DescriptionStats = { documents: header.documents, df: new Map(header.df) };
  const postings: PostingLists = {
    size: header.ids.length,
    id: (doc) => header.ids[doc]!,
    list: (term) => {
      const i = slot.get(term);
      if (i === undefined) return undefined;
      const [from, to] = [header.offsets[i]!, header.offsets[i + 1]!];
      return { docs: docs.subarray(from, to), weights: weights.subarray(from, to) };
    },
  };
  return { source: header.source, stats, searcher: postingSearcher(stats, postings) };
}

/**
 * The precomputed postings in `file` when they were built from exactly the text of `source` (the
 * descriptions.tsv they stand for): the recorded size and mtime, or else the recorded sha256 of its
 * content (a file touched but unchanged still counts). Null otherwise, or when either file cannot
 * be read: the caller builds the index from the text.
 */
export function readFreshDescriptionPostings(file: string, source: string): DecodedDescriptionPostings | null {
  try {
    const decoded = decodeDescriptionPostings(readFileSync(file));
    if (decoded === null) return null;
    return matchesStamp(source, decoded.source) ? decoded : null;
  } catch {
    return null;
  }
}
