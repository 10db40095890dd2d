// The bundled rule pack (rules/*.yml) as shipped: it lints clean, is large enough to be useful on
// day one, and every rule is traceable - a well-formed, unique fix sha and a link to where the sha,
// subject and versions were verified (issue 7).
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundledRulesDir } from '../../src/io/read-rule-files.js';
import { formatProblem, parseRuleFiles, type BugRule, type Playbook } from '../../src/rules/index.js';

function loadBundledPack() {
  const dir = bundledRulesDir();
  const files = readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => ({ path: `rules/${name}`, text: readFileSync(resolve(dir, name), 'utf8') }));
  return { files, ...parseRuleFiles(files) };
}

const { files, ruleSet, problems } = loadBundledPack();
const BUGS: BugRule[] = ruleSet.bugs;
const PLAYBOOKS: Playbook[] = ruleSet.playbooks;

/** Where a sha, subject and version can be checked: a commit page, a mail archive, a changelog. */
const MAIL_ARCHIVES = [
  /^https?:\/\/lore\.kernel\.org\//,
  /^https?:\/\/lkml\.org\/lkml\//,
  /^https?:\/\/lkml\.iu\.edu\//,
  /^https?:\/\/(?:www\.)?spinics\.net\/lists\//,
  /^https?:\/\/marc\.info\//,
  /^https?:\/\/(?:www\.)?mail-archive\.com\//,
  /^https?:\/\/(?:www\.|listman\.)?redhat\.com\/(?:archives|mailman)\//,
  /^https?:\/\/patchwork\.[a-z.]+\//,
];
const CHANGELOG = /\/ChangeLog-\d+\.\d+(?:\.\d+)?$/;

/** A URL that shows one of the rule's fix commits: its sha (at least 12 digits) is in the URL. */
function showsFixCommit(url: string, bug: BugRule): boolean {
  return bug.fix.some((f) => f.sha !== null && url.toLowerCase().includes(f.sha.slice(0, 12)));
}

function provenanceLinks(bug: BugRule): string[] {
  return [...bug.verifiedBy, ...bug.links].filter(
    (url) => showsFixCommit(url, bug) || MAIL_ARCHIVES.some((re) => re.test(url)) || CHANGELOG.test(url),
  );
}

/** "6.12.42" -> [6, 12]; "6.17-rc1" -> [6, 17]. */
function series(version: string): [number, number] {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) throw new Error(`not a kernel version: ${version}`);
  return [Number(m[1]), Number(m[2])];
}

function olderSeries(a: [number, number], b: [number, number]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}

/** Does a playbook cover a subsystem? Listed exactly: playbook selection compares subsystems exactly. */
function covers(playbook: Playbook, subsystem: string): boolean {
  return playbook.subsystems.includes(subsystem);
}

describe('the bundled rule pack', () => {
  it('reads every rule file', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  it('has no lint problems (errors or warnings)', () => {
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it('ships at least 40 known bugs', () => {
    expect(BUGS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(BUGS.map((b) => [b.id, b] as const))('%s: every fix sha is 12-40 lower-case hex digits', (_id, bug) => {
    expect(bug.fix.length).toBeGreaterThanOrEqual(1);
    for (const fix of bug.fix) expect(fix.sha).toMatch(/^[0-9a-f]{12,40}$/);
    for (const related of bug.related) expect(related.sha).toMatch(/^[0-9a-f]{12,40}$/);
  });

  it('never names the same fix commit in two rules (compared on the first 12 digits)', () => {
    const owners = new Map<string, string[]>();
    for (const bug of BUGS) {
      for (const fix of bug.fix) {
        if (fix.sha === null) continue;
        const key = fix.sha.slice(0, 12);
        owners.set(key, [...(owners.get(key) ?? []), bug.id]);
      }
    }
    const duplicates = [...owners.entries()].filter(([, ids]) => ids.length > 1);
    expect(duplicates).toEqual([]);
  });

  it('never lists a fix commit of a rule as one of its own context commits', () => {
    const clashes = BUGS.filter((bug) => bug.related.some((r) => bug.fix.some((f) => f.sha?.slice(0, 12) === r.sha.slice(0, 12))));
    expect(clashes.map((b) => b.id)).toEqual([]);
  });

  it.each(BUGS.map((b) => [b.id, b] as const))('%s: links to where its fix was verified (commit, mail or changelog)', (_id, bug) => {
    expect(provenanceLinks(bug)).not.toEqual([]);
  });

  it.each(BUGS.map((b) => [b.id, b] as const))('%s: has a positive and a negative example', (_id, bug) => {
    expect(bug.examples.match.length).toBeGreaterThanOrEqual(1);
    expect(bug.examples.noMatch.length).toBeGreaterThanOrEqual(1);
  });

  it.each(BUGS.filter((b) => b.affected.fixed.mainline !== null).map((b) => [b.id, b] as const))(
    '%s: stable backports are of series older than the mainline release that fixed it',
    (_id, bug) => {
      const mainline = series(bug.affected.fixed.mainline!);
      for (const stable of bug.affected.fixed.stable) expect(olderSeries(series(stable), mainline)).toBe(true);
    },
  );

  it('has a playbook for every subsystem with known bugs', () => {
    const subsystems = [...new Set(BUGS.map((b) => b.subsystem))].sort();
    const uncovered = subsystems.filter((s) => !PLAYBOOKS.some((p) => covers(p, s)));
    expect(uncovered).toEqual([]);
  });

  it('has a playbook for any oops, whatever the subsystem', () => {
    expect(PLAYBOOKS.some((p) => p.signaturePrefixes.some((prefix) => prefix.startsWith('BUG')))).toBe(true);
  });
});
