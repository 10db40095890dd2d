// Extraction output, hashed text by text, for checking that a change meant to be faster (issue 12)
// changes nothing: run it on two checkouts and diff the outputs.
//   tsx scripts/extract-identity.ts [checkout] > after.txt   (default: this checkout)
// Texts: the shared corpus and seeds (KTRIAGE_SHARED, default ../shared), test/fixtures and
// examples of this checkout, and small adversarial inputs; each read as a body, an attachment and a
// comment. One line per text and mode (a hash of extractFactsAndLines' JSON), then a total.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT, sharedDir } from '../test/support/shared-data.js';
import type { BugReport, FactDefinition } from '../src/model.js';

const checkout = resolve(process.argv[2] ?? REPO_ROOT);
const load = async <T>(path: string): Promise<T> => (await import(pathToFileURL(join(checkout, path)).href)) as T;
const { extractFactsAndLines } = await load<{ extractFactsAndLines: (report: BugReport, vocabulary: FactDefinition[]) => unknown }>('src/extract/index.ts');
const { readFactVocabulary } = await load<{ readFactVocabulary: () => Promise<FactDefinition[]> }>('src/io/read-fact-vocabulary.ts');
const vocabulary = await readFactVocabulary();

const files: string[] = [];
const walk = (dir: string): void => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) walk(path);
    else if (stat.size < 4e6) files.push(path);
  }
};
const shared = sharedDir();
const roots = [...(shared ? [join(shared, 'corpus'), join(shared, 'seeds')] : []), join(REPO_ROOT, 'test', 'fixtures'), join(REPO_ROOT, 'examples')];
for (const root of roots) walk(root);
files.sort();
const texts: Array<[string, string]> = files.map((file) => [shared && file.startsWith(shared) ? `shared/${relative(shared, file)}` : relative(REPO_ROOT, file), readFileSync(file, 'utf8')]);
const adversarial: Record<string, string> = {
  fences: '```\n  LV VG Attr LSize Pool Origin\n  s vg Vwi-a-tz-- 1g p o\n'.repeat(300),
  a: 'a\n'.repeat(3000),
  adot: 'a.\n'.repeat(3000),
  table: '| dm-thin | 3.12.6 | discards | never resized |\n'.repeat(300),
  indented: '    thin pool metadata 3.12.6 on dm-3\n'.repeat(300),
  versions: '3.12.6\n4.19.0-rc1\n5.10.0-17-amd64\n'.repeat(300),
  quotes: '> > Jan 14 06:36:23 host kernel: [416943.401632] device-mapper: thin: process_bio: dm_thin_find_block() failed: erro\nr = -22\n'.repeat(200),
  crlf: 'line one\r\n> quoted\r\n```\r\n[ 1.0] BUG: x\r\n```\r\nmixed\rcr\n' + '>'.repeat(300) + ' deep\n' + ' '.repeat(300) + '> x\n',
};
for (const [name, text] of Object.entries(adversarial)) texts.push([`adversarial:${name}`, text]);

const total = createHash('sha256');
for (const [name, text] of texts) {
  for (const mode of ['body', 'attachment', 'comment'] as const) {
    const report: BugReport = {
      source: 'file',
      id: 'identity',
      url: null,
      title: mode === 'body' ? name : 'EXT4-fs error: x',
      body: mode === 'body' ? text : 'see below',
      comments: mode === 'comment' ? [{ author: 'a', time: null, text, isBot: false, isReporter: false }] : [],
      attachments: mode === 'attachment' ? [{ name: 'a', contentType: 'text/plain', text }] : [],
      fields: {},
    };
    const hash = createHash('sha256').update(JSON.stringify(extractFactsAndLines(report, vocabulary))).digest('hex').slice(0, 16);
    total.update(hash);
    console.log(`${hash} ${mode} ${name}`);
  }
}
console.log(`TOTAL ${total.digest('hex')} ${texts.length} texts${shared ? '' : ' (no shared folder: fixtures and examples only)'}`);
