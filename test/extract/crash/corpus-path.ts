// The shared syzkaller corpus lives beside the clone (../shared/corpus/syzkaller-linux from the
// repo root), in CI as on a workstation.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const CORPUS_DIR = resolve(REPO_ROOT, '..', 'shared', 'corpus', 'syzkaller-linux');

export function requireCorpus(): string {
  if (!existsSync(CORPUS_DIR)) {
    throw new Error(`syzkaller corpus not found at ${CORPUS_DIR}: check out shared/ beside the repository`);
  }
  return CORPUS_DIR;
}
