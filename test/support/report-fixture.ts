import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A report from test/fixtures/reports without its front matter (the text a user would paste). */
export function reportFixtureText(name: string): string {
  const text = readFileSync(fileURLToPath(new URL(`../fixtures/reports/${name}`, import.meta.url)), 'utf8');
  return text.replace(/^---\n[\s\S]*?\n---\n/, '');
}

/** The seed thin-pool report (bugzilla.kernel.org 68801): matches a bundled rule, so ktriage comments and labels. */
export const THIN_POOL_TITLE = 'thin-pool: space map common: unable to decrement a reference count below 0';
