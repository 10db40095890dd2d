import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CveRecordFiles } from '../import/import-kernel-cves.js';

export class VulnsDirError extends Error {
  override name = 'VulnsDirError';
}

/**
 * The records of a kernel `vulns` repository (a `git clone` of
 * https://git.kernel.org/pub/scm/linux/security/vulns.git, or an unpacked snapshot):
 * `cve/published/<year>/CVE-*.json` with `.dyad` and `.sha1` where present. `dir` may be the
 * repository root, its `cve/` or its `cve/published/` folder. Throws VulnsDirError naming the
 * layout when none is found.
 *
 * @example
 * const records = await readVulnsDir('/srv/vulns');
 */
export async function readVulnsDir(dir: string): Promise<CveRecordFiles[]> {
  const published = await findPublished(dir);
  const years = (await readdir(published, { withFileTypes: true })).filter((e) => e.isDirectory() && /^\d{4}$/.test(e.name)).map((e) => e.name).sort();
  const records: CveRecordFiles[] = [];
  for (const year of years) {
    const folder = path.join(published, year);
    const names = new Set(await readdir(folder));
    for (const name of [...names].filter((n) => /^CVE-\d{4}-\d+\.json$/.test(n)).sort()) {
      const base = name.slice(0, -'.json'.length);
      const optional = async (ext: string) => (names.has(base + ext) ? readFile(path.join(folder, base + ext), 'utf8') : null);
      records.push({ id: base, json: await readFile(path.join(folder, name), 'utf8'), dyad: await optional('.dyad'), sha1: await optional('.sha1') });
    }
  }
  if (records.length === 0) throw new VulnsDirError(`${published} holds no <year>/CVE-*.json records`);
  return records;
}

async function findPublished(dir: string): Promise<string> {
  for (const candidate of [path.join(dir, 'cve', 'published'), path.join(dir, 'published'), dir]) {
    try {
      const info = await stat(candidate);
      if (!info.isDirectory()) continue;
      const entries = await readdir(candidate);
      if (entries.some((e) => /^\d{4}$/.test(e))) return candidate;
    } catch {
      // Not this one.
    }
  }
  throw new VulnsDirError(`${dir} is not a kernel vulns repository: expected cve/published/<year>/CVE-*.json (git clone https://git.kernel.org/pub/scm/linux/security/vulns.git)`);
}
