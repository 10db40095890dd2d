// `npm run bench [name...]`: runs every benchmark module in scripts/bench/ (or the named ones) in
// turn. Each module exports `run(): Promise<void>` and prints its own table of figures.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const folder = join(dirname(fileURLToPath(import.meta.url)), 'bench');
const wanted = process.argv.slice(2);
const modules = readdirSync(folder)
  .filter((name) => name.endsWith('.ts'))
  .filter((name) => wanted.length === 0 || wanted.includes(name.replace(/\.ts$/, '')))
  .sort();

for (const name of modules) {
  const mod = (await import(pathToFileURL(join(folder, name)).href)) as { run?: () => Promise<void> };
  if (typeof mod.run !== 'function') throw new Error(`scripts/bench/${name} exports no run()`);
  console.log(`\n== ${name.replace(/\.ts$/, '')}`);
  await mod.run();
}
