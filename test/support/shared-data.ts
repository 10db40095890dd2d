// The shared data folder beside a developer's or CI's checkout (corpus, seeds, kernel-vulns,
// bugzilla-5.2). A user's clone has none: tests that need it are skipped there with one visible line,
// and everything a unit test needs lives in test/fixtures/ instead.
//
// One switch for the whole folder: KTRIAGE_SHARED=<dir> (defaults to ../shared beside the repository
// when it exists; KTRIAGE_SHARED= with an empty value turns the corpus tests off).
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The shared folder, or null when there is none. */
export function sharedDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env.KTRIAGE_SHARED;
  if (configured !== undefined) return configured === '' || !existsSync(configured) ? null : resolve(configured);
  const beside = resolve(REPO_ROOT, '..', 'shared');
  return existsSync(beside) ? beside : null;
}

/** A path inside the shared folder, or null when the folder or that entry is missing. */
export function sharedPath(...parts: string[]): string | null {
  const dir = sharedDir();
  if (dir === null) return null;
  const path = resolve(dir, ...parts);
  return existsSync(path) ? path : null;
}

/**
 * `describe` over shared data: runs `body` with the resolved path when `parts` exists in the shared
 * folder, otherwise registers one skipped test whose name says what is missing (jest lists it, and
 * the summary line counts it as skipped).
 */
export function describeShared(name: string, parts: string[], body: (path: string) => void): void {
  const path = sharedPath(...parts);
  if (path !== null) {
    describe(name, () => body(path));
    return;
  }
  const where = sharedDir() === null ? 'no shared folder (set KTRIAGE_SHARED or put shared/ beside the clone)' : `shared/${parts.join('/')} is missing`;
  describe(name, () => {
    it.skip(`skipped: ${where}`, () => undefined);
  });
}
