// Regression floor: crash titles against syzkaller's expectations must not get worse than the
// figures recorded in title-floor.json (raise them when the parser improves).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scoreTitles, summarizeScores } from '../../../src/extract/crash/score-titles.js';
import { readCorpus } from '../../../scripts/eval-titles.js';
import { describeShared } from '../../support/shared-data.js';

const floor = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'title-floor.json'), 'utf8')) as Record<string, number>;

describeShared('crash titles on the syzkaller corpus', ['corpus', 'syzkaller-linux'], (corpus) => {
  const cases = readCorpus(corpus);
  const scores = scoreTitles(cases);
  const summary = summarizeScores(scores);

  it('reads the whole corpus, with and without expected crashes', () => {
    expect(cases.length).toBeGreaterThanOrEqual(400);
    expect(scores.noCrashTotal).toBeGreaterThan(0);
    expect(scores.corruptedTotal).toBeGreaterThan(0);
  });

  it.each(Object.keys(floor))('%s score stays at or above the recorded floor', (key) => {
    const got = summary[key as keyof typeof summary];
    const mismatches = scores.mismatches.slice(0, 20).map((m) => `${m.name} [${m.field}]: expected ${m.expected}, got ${m.got}`);
    expect({ score: got, ok: got >= floor[key]!, mismatches: got >= floor[key]! ? [] : mismatches }).toEqual({
      score: got,
      ok: true,
      mismatches: [],
    });
  });

  it('meets the acceptance bar of the issue', () => {
    expect(summary.clean).toBeGreaterThanOrEqual(90);
    expect(summary.corrupted).toBeGreaterThanOrEqual(70);
    expect(summary.noCrash).toBeGreaterThanOrEqual(97);
  });
});
