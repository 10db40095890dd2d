// Real public reports as users write them (mail-wrapped, quoted, indented, decoded, with prose
// around the log): the first crash title each gives. Read in place from ../shared/corpus.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { extractCrashes } from '../../../src/extract/crash/index.js';
import { REPO_ROOT } from './corpus-path.js';

interface Case {
  file: string;
  title: string | null;
  why: string;
}

const REAL_REPORTS = resolve(REPO_ROOT, '..', 'shared', 'corpus', 'real-reports');
const fixture = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'crash', 'real-reports.json'), 'utf8')) as { cases: Case[] };

function reportTexts(file: string): string[] {
  const doc = parse(readFileSync(join(REAL_REPORTS, file), 'utf8')) as { body?: string; comments?: Array<{ text?: string }> };
  return [doc.body ?? '', ...(doc.comments ?? []).map((comment) => comment.text ?? '')];
}

describe('crash titles of real reports', () => {
  it('finds the shared real-report corpus', () => {
    expect(existsSync(REAL_REPORTS)).toBe(true);
  });

  it.each(fixture.cases.map((item) => [item.file, item.why, item] as const))('%s (%s)', (_file, _why, item) => {
    const first = reportTexts(item.file).flatMap((text) => extractCrashes(text))[0] ?? null;
    expect(first?.title ?? null).toBe(item.title);
  });
});
