// One small fixture per oops format (test/fixtures/crash/formats/*.txt): the expected TITLE, ALT,
// TYPE and CORRUPTED in a header block, the log below, as in the syzkaller corpus. Real-world
// shapes on purpose: syslog and journalctl prefixes, dmesg -T, distro kernels, arm64, kmemleak.
// UPDATE_FIXTURES=1 rewrites the header blocks from the current output, so a behaviour change is
// a reviewable diff.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractCrashes } from '../../../src/extract/crash/index.js';
import { parseCorpusFile } from '../../../src/extract/crash/score-titles.js';
import { REPO_ROOT } from '../../support/shared-data.js';

const DIR = join(REPO_ROOT, 'test', 'fixtures', 'crash', 'formats');
const FILES = readdirSync(DIR).filter((name) => name.endsWith('.txt')).sort();

function rewrite(path: string, content: string): void {
  const item = parseCorpusFile(path, content);
  const got = extractCrashes(item.log)[0];
  const comments = content.split('\n').filter((line) => line.startsWith('COMMENT: '));
  const header = got
    ? [
        `TITLE: ${got.title}`,
        ...comments,
        ...got.alt.filter((alt) => alt !== got.title).map((alt) => `ALT: ${alt}`),
        `TYPE: ${got.type}`,
        ...(got.corrupted ? ['CORRUPTED: Y'] : []),
      ].join('\n')
    : '';
  // A file without a crash starts with the blank line alone (the corpus format), not header + blank.
  writeFileSync(path, header ? `${header}\n\n${item.log}` : `\n${item.log}`);
}

describe('oops format fixtures', () => {
  it('has a fixture per format family', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(12);
  });

  it.each(FILES)('%s', (name) => {
    const path = join(DIR, name);
    const content = readFileSync(path, 'utf8');
    if (process.env.UPDATE_FIXTURES === '1') rewrite(path, content);
    const item = parseCorpusFile(name, readFileSync(path, 'utf8'));
    const found = extractCrashes(item.log);
    if (!item.expected) {
      expect(found.map((crash) => crash.title)).toEqual([]);
      return;
    }
    const first = found[0];
    expect(first && { title: first.title, type: first.type, corrupted: first.corrupted }).toEqual({
      title: item.expected.title,
      type: item.expected.type,
      corrupted: item.expected.corrupted,
    });
    for (const alt of item.expected.alt) expect(first!.alt).toContain(alt);
  });
});
