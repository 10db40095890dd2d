// Real public reports as users write them (mail-wrapped, quoted, indented, decoded, with prose
// around the log): the first crash title each gives. Read in place from the shared corpus (skipped without it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { extractCrashes } from '../../../src/extract/crash/index.js';
import { describeShared, REPO_ROOT } from '../../support/shared-data.js';

interface Case {
  file: string;
  title: string | null;
  why: string;
}

const fixture = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'crash', 'real-reports.json'), 'utf8')) as { cases: Case[] };

function reportTexts(dir: string, file: string): string[] {
  const doc = parse(readFileSync(join(dir, file), 'utf8')) as { body?: string; comments?: Array<{ text?: string }> };
  return [doc.body ?? '', ...(doc.comments ?? []).map((comment) => comment.text ?? '')];
}

describeShared('crash titles of real reports', ['corpus', 'real-reports'], (dir) => {
  it.each(fixture.cases.map((item) => [item.file, item.why, item] as const))('%s (%s)', (_file, _why, item) => {
    const first = reportTexts(dir, item.file).flatMap((text) => extractCrashes(text))[0] ?? null;
    expect(first?.title ?? null).toBe(item.title);
  });
});
