// `npm run build`, after tsc: the CLI's start-up path bundled from src/ into dist/bundle/ (issue 10,
// item 4: cold start). Node 20 resolves, reads and links each ES module on its own; a cold triage
// loads ~100 of ktriage's, which cost ~35 ms of its CPU time. The bundle holds src/cli/bin.ts, the
// `triage` and `extract` commands and what they import, split into chunks so that `--help` reads
// only its own and the slow paths (YAML rules, the logger) stay behind their dynamic imports.
// The other commands (the bots, lint, test, import, ...) are left as dist/cli/commands/*.js,
// imported from the bundle: they start once per server, or are not on a per-report path.
// Packages from node_modules stay imports (`packages: 'external'`): they load as they do unbundled.
// Deterministic (same sources, same bytes); test/cli/bundle-cli.test.ts rebuilds and compares.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The command modules inside the bundle, as src/cli/main.ts imports them. */
const BUNDLED_COMMANDS = new Set(['./commands/triage.js', './commands/extract.js']);

/**
 * Bundle the CLI into `outDir`, which must be two folders below the package root like every
 * dist/ module (dist/bundle/): the modules find rules/, package.json and dist/bundled-rules.json
 * from their own location (`new URL('../../rules/', import.meta.url)`).
 *
 * @param {string} outDir
 */
export async function bundleCli(outDir = path.join(ROOT, 'dist', 'bundle')) {
  if (path.relative(ROOT, path.resolve(outDir)).split(path.sep).length !== 2) throw new Error(`bundle-cli: ${outDir} is not two folders below ${ROOT}`);
  rmSync(outDir, { recursive: true, force: true });
  const mainModule = path.join(ROOT, 'src', 'cli', 'main.ts');
  await build({
    absWorkingDir: ROOT,
    entryPoints: { ktriage: 'src/cli/bin.ts' },
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    chunkNames: 'chunk-[hash]',
    logLevel: 'warning',
    plugins: [
      {
        name: 'unbundled-commands',
        setup(pluginBuild) {
          // main.ts imports each command as `./commands/<name>.js`; the unbundled ones are the
          // compiled modules in dist/cli/commands/, one folder over from dist/bundle/.
          pluginBuild.onResolve({ filter: /^\.\/commands\/[\w-]+\.js$/ }, (args) => {
            if (args.importer !== mainModule || BUNDLED_COMMANDS.has(args.path)) return undefined;
            return { path: `../cli/${args.path.slice(2)}`, external: true };
          });
        },
      },
    ],
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2] === '--out' && process.argv[3] ? path.resolve(process.argv[3]) : undefined;
  await bundleCli(outDir);
  console.log(`bundle-cli: ${path.relative(ROOT, outDir ?? path.join(ROOT, 'dist', 'bundle'))}`);
}
