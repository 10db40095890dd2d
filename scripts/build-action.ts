/**
 * Builds the GitHub Action: one esbuild bundle of src/action/main.ts (every dependency inside, no
 * node_modules at run time) plus the rule packs it carries, into action/dist/. Deterministic: the
 * same sources give the same bytes, which is how test/action/action-bundle.test.ts tells a stale
 * bundle (rebuild into a temp folder, compare). Run `npm run build:action` after changing src/ or
 * rules/, and commit action/dist.
 */
import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ACTION_DIST = join(ROOT, 'action', 'dist');

/**
 * Rule files the action carries: the curated packs and, when present, the kernel-CVE pack with its
 * record index and description index (records.tsv, descriptions.tsv: the stable releases curated
 * rules borrow, and the "possible, by description" offers).
 */
function copyRules(outDir: string): void {
  const from = join(ROOT, 'rules');
  const to = join(outDir, 'rules');
  cpSync(from, to, { recursive: true, filter: (path) => statSync(path).isDirectory() || /\.(ya?ml|json|tsv)$/.test(path) });
}

export async function buildAction(outDir: string = ACTION_DIST): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: ['src/action/main.ts'],
    outfile: join(outDir, 'index.mjs'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // CommonJS dependencies call require() for Node's built-ins; an ES module bundle has none.
    banner: { js: "import { createRequire as __ktriageCreateRequire } from 'node:module';\nconst require = __ktriageCreateRequire(import.meta.url);" },
    legalComments: 'eof',
    logLevel: 'warning',
    // Paths in the bundle's comments stay relative to the checkout even when node_modules is a
    // symlink (a shared or cached install), so the staleness test compares like with like.
    preserveSymlinks: true,
    // The queue's stores are never reached from the action (no server); keep their native and
    // Redis clients out of the bundle so a stray import fails loudly instead of half-working.
    external: ['better-sqlite3', 'bullmq', 'ioredis'],
  });
  copyRules(outDir);
}

/** Every file under `dir`, relative, sorted (for comparing two builds). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out.sort();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildAction();
  process.stdout.write(`built ${relative(ROOT, ACTION_DIST)}: ${listFiles(ACTION_DIST).length} files\n`);
}
