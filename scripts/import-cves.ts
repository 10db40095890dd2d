// `npm run import:cves [vulns-dir-or-snapshot.tar.xz]`: regenerate the bundled CVE pack
// (rules/kernel-cves/) with the importer, then rebuild the precompiled packs (`npm run build` does
// that too). Without an argument it uses the snapshot in ../shared/kernel-vulns (KTRIAGE_SHARED),
// unpacked once into a temporary folder. Run it after any change to the extractor: the pack's
// signatures are the extractor's output, and a test compares the committed pack with a fresh import.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli/main.js';
import { sharedPath } from '../test/support/shared-data.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const given = process.argv[2];
const { dir, snapshot } = given && !given.endsWith('.tar.xz') ? { dir: given, snapshot: process.argv[3] } : unpack(given ?? findSnapshot());

const code = await main(['import', 'kernel-cves', dir, '--out', path.join(root, 'rules/kernel-cves'), ...(snapshot ? ['--snapshot', snapshot] : [])], {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: root,
});
process.exitCode = code;

function findSnapshot(): string {
  const folder = sharedPath('kernel-vulns');
  const tar = folder !== null ? readdirSync(folder).find((name) => /^cve-published-\d{4}-\d{2}-\d{2}\.tar\.xz$/.test(name)) : undefined;
  if (!tar) throw new Error(`no cve-published-<date>.tar.xz in ${folder}: pass a vulns clone or a snapshot file`);
  return path.join(folder!, tar);
}

/** Unpack a `cve-published-<date>.tar.xz` once (kept in the temp folder for the next run). */
function unpack(tar: string): { dir: string; snapshot: string | undefined } {
  const snapshot = /(\d{4}-\d{2}-\d{2})\.tar\.xz$/.exec(tar)?.[1];
  const dir = path.join(tmpdir(), `ktriage-kernel-vulns-${snapshot ?? 'snapshot'}`);
  if (!existsSync(path.join(dir, 'cve', 'published'))) {
    mkdirSync(dir, { recursive: true });
    execFileSync('tar', ['-xJf', tar, '-C', dir], { stdio: 'inherit' });
  }
  return { dir, snapshot };
}
