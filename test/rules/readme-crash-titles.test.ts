// rules/README.md shows oopses and the crash titles to write for them; a title there that the
// extractor does not produce teaches maintainers rules that never fire (issue 11, class 8). This
// runs every example of the README's `crash-titles` block through the extractor.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractCrashes } from '../../src/extract/crash/index.js';
import { bundledRulesDir } from '../../src/io/read-rule-files.js';

const readme = readFileSync(join(bundledRulesDir(), 'README.md'), 'utf8');
const block = /```crash-titles\n([\s\S]*?)\n\s*```/.exec(readme)?.[1] ?? '';
const examples = block
  .split(/\n\s*\n/)
  .map((chunk) => chunk.split('\n').map((line) => line.trim()))
  .map((lines) => ({ oops: lines.filter((l) => !l.startsWith('=> ')).join('\n'), title: lines.find((l) => l.startsWith('=> '))?.slice(3) ?? '' }));

it('rules/README.md has a crash-titles block with examples', () => {
  expect(examples.length).toBeGreaterThanOrEqual(3);
  expect(examples.every((e) => e.oops !== '' && e.title !== '')).toBe(true);
});

it.each(examples.map((e) => [e.title, e.oops] as const))('the extractor titles the README example %j so', (title, oops) => {
  expect(extractCrashes(oops).map((c) => c.title)).toContain(title);
});

it('every crash title the README shows in backticks is one the extractor produces or one of the examples', () => {
  const shown = [...readme.matchAll(/crash: "([^"]+)"/g)].map((m) => m[1]!);
  const produced = new Set(examples.map((e) => e.title));
  // The annotated example's titles must be among the block's (they are what a maintainer copies).
  expect(shown.filter((t) => !produced.has(t))).toEqual([]);
});
