import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FactVocabularyError, readFactVocabulary } from '../../src/io/read-fact-vocabulary.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ktriage-facts-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(text: string): string {
  const file = path.join(dir, 'facts.yml');
  writeFileSync(file, text);
  return file;
}

async function failure(file: string): Promise<string> {
  const error: unknown = await readFactVocabulary(file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FactVocabularyError);
  return (error as Error).message;
}

describe('readFactVocabulary', () => {
  it('reads the bundled vocabulary as plain fact definitions', async () => {
    const facts = await readFactVocabulary();
    expect(facts.map((f) => f.id)).toContain('thin_pool');
    // The shape extractors take: no rule-file bookkeeping such as `source`.
    expect(Object.keys(facts[0]!).sort()).toEqual(expect.not.arrayContaining(['source']));
  });

  it('reads a valid file', async () => {
    const file = write('facts:\n  - id: raid\n    description: md RAID\n    type: boolean\n    patterns:\n      - value: true\n        phrases: [mdadm]\n');
    expect(await readFactVocabulary(file)).toEqual([
      { id: 'raid', description: 'md RAID', type: 'boolean', values: [], question: null, patterns: [{ value: true, phrases: ['mdadm'], regexes: [] }] },
    ]);
  });

  it('reports every problem as file:line:col, as `ktriage lint` does (typos, duplicates, RE2)', async () => {
    const file = write(
      [
        'facts:',
        '  - id: raid',
        '    description: md RAID',
        '    type: boolean',
        '    patterns:',
        "      - { value: true, regexes: ['(a+)\\1'] }",
        '  - id: raid',
        '    description: again',
        '    typ: boolean',
        '    patterns: [{ value: true, phrases: [md] }]',
        '',
      ].join('\n'),
    );
    const message = await failure(file);
    expect(message).toContain(`${file}:6:`);
    expect(message).toMatch(/not an RE2 regex/);
    expect(message).toContain(`${file}:7:`);
    expect(message).toMatch(/duplicate fact id `raid`/);
    expect(message).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:9:5: unknown key \`typ\` — did you mean \`type\`\\?`));
  });

  it('names the path of a file it cannot read, and a file without facts', async () => {
    expect(await failure(path.join(dir, 'missing.yml'))).toMatch(/cannot read the fact vocabulary .*missing\.yml/);
    expect(await failure(write('bugs: []\n'))).toMatch(/facts\.yml: no `facts:` list/);
  });
});
