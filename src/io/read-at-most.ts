import type { FileHandle } from 'node:fs/promises';

/** Bytes asked of the operating system per read. */
const READ_CHUNK = 1024 * 1024;

/**
 * Read at most `limit` bytes from an open file, or null as soon as it proves larger. A regular file
 * is judged by its size before anything is read; anything else (a FIFO from `<(...)` process
 * substitution, /dev/zero, a file still growing) reports size 0, so it is read in chunks until it
 * ends or passes the limit. Memory never exceeds the limit plus one chunk.
 *
 * @example
 * const handle = await open('/dev/zero', 'r');
 * await readAtMost(handle, 1024) // => null (it never ends)
 */
export async function readAtMost(handle: FileHandle, limit: number): Promise<Buffer | null> {
  const info = await handle.stat();
  if (info.isFile() && info.size > limit) return null;
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    // One spare byte tells "exactly the limit" from "more than the limit".
    const want = Math.min(READ_CHUNK, limit + 1 - total);
    const chunk = Buffer.allocUnsafe(want);
    const { bytesRead } = await handle.read(chunk, 0, want, null);
    if (bytesRead === 0) break;
    total += bytesRead;
    if (total > limit) return null;
    chunks.push(bytesRead === want ? chunk : chunk.subarray(0, bytesRead));
  }
  return Buffer.concat(chunks, total);
}
