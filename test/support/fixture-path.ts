// Files every unit test may read on any clone: test/fixtures/ and the shipped examples/ (never the
// shared folder beside the checkout; corpus-wide tests go through shared-data.ts instead).
import { resolve } from 'node:path';
import { REPO_ROOT } from './shared-data.js';

/** A path under test/fixtures/. */
export function fixturePath(...parts: string[]): string {
  return resolve(REPO_ROOT, 'test', 'fixtures', ...parts);
}

/** The seed report (bugzilla.kernel.org 68801, dm thin-pool refcount below 0) as the tracker prints it; shipped in examples/. */
export const SEED_REPORT = resolve(REPO_ROOT, 'examples', 'bugzilla-68801.txt');
