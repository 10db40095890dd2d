import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

/**
 * What a built form (the precompiled rules, the prebuilt description index) records of a source
 * file, so that a maintainer who edits the source and runs without rebuilding gets the source, not
 * the stale form: size and mtime for the cheap check, the content's sha256 for a file that was
 * touched (checked out again, copied) but not changed.
 */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  sha256: string;
}

/** The stamp of a source's content, its stat taken by the caller (who has read the content already). */
export function stampOf(content: string | Uint8Array, info: { size: number; mtimeMs: number }): FileStamp {
  return { size: info.size, mtimeMs: info.mtimeMs, sha256: createHash('sha256').update(content).digest('hex') };
}

/**
 * Whether `file` still holds what `stamp` recorded: the same size and mtime, or else (same size) the
 * same content. Throws when the file cannot be read: the caller decides what a missing source means.
 */
export function matchesStamp(file: string, stamp: FileStamp): boolean {
  const info = statSync(file);
  if (info.size !== stamp.size) return false;
  if (info.mtimeMs === stamp.mtimeMs) return true;
  return createHash('sha256').update(readFileSync(file)).digest('hex') === stamp.sha256;
}
