import { isGenericFrame, parseKernelVersion } from '../extract/index.js';
import { checkRuleVersion } from './check-rule-versions.js';

/** A problem inside one entry, by path relative to the entry. */
export interface EntryFinding {
  path: Array<string | number>;
  message: string;
}

/** The parsed fields of a bug these checks read (the same in the schema's refinement and in BugRule). */
export interface BugFields {
  signatures: ReadonlyArray<{ kind: string; text: string; pattern?: string; implied?: boolean }>;
  affected?: { introduced: { version: string | null } | null; fixed: { mainline: string | null; stable: readonly string[] } };
  examples: { match: readonly string[]; noMatch: readonly string[] };
}

/** Order key of an upstream version: rc N sorts before the release, the release before its stables. */
function versionKey(text: string): [number, number, number, number] | null {
  const v = parseKernelVersion(text);
  if (!v) return null;
  return [v.major, v.minor, v.rc ?? Number.MAX_SAFE_INTEGER, v.sublevel ?? 0];
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/**
 * Mistakes no single field shows: a bug introduced after its fix. Errors, because matching would
 * call every kernel both affected and fixed.
 */
export function bugConsistencyErrors(bug: BugFields): EntryFinding[] {
  const findings: EntryFinding[] = [];
  const introduced = bug.affected?.introduced?.version;
  const mainline = bug.affected?.fixed.mainline;
  // Only versions that passed their own checks are compared; the others are reported already.
  if (introduced && mainline && checkRuleVersion('introduced', introduced) === null && checkRuleVersion('mainline', mainline) === null) {
    const a = versionKey(introduced);
    const b = versionKey(mainline);
    // A stable release can introduce a bug that mainline fixed earlier (a bad backport), so only
    // compare when introduced is a mainline release.
    if (a && b && a[3] === 0 && compareKeys(a, b) >= 0) {
      findings.push({ path: ['affected', 'introduced'], message: `introduced in ${introduced}, but fixed in mainline ${mainline}: the first bad version comes before the fix` });
    }
  }
  return findings;
}

/**
 * Things that work but are probably not meant: a stable backport in a series that already has the
 * mainline fix, the same signature twice, an example that must both match and not match.
 */
export function bugWarnings(bug: BugFields): EntryFinding[] {
  const findings: EntryFinding[] = [];
  const mainline = bug.affected?.fixed.mainline;
  const mainlineKey = mainline && checkRuleVersion('mainline', mainline) === null ? versionKey(mainline) : null;
  if (mainline && mainlineKey) {
    (bug.affected?.fixed.stable ?? []).forEach((release, i) => {
      const key = versionKey(release);
      if (key && compareKeys([key[0], key[1]], [mainlineKey[0], mainlineKey[1]]) >= 0) {
        findings.push({
          path: ['affected', 'fixed', 'stable', i],
          message: `${release} is in a series that already has the fix from mainline ${mainline}: list only backports to older series`,
        });
      }
    });
  }
  const seen = new Map<string, number>();
  bug.signatures.forEach((signature, i) => {
    const key = `${signature.kind}\u0000${signature.text}`;
    const first = seen.get(key);
    if (first !== undefined) findings.push({ path: ['signatures', i], message: `the same signature as signatures[${first}]: remove one` });
    else seen.set(key, i);
  });
  bug.signatures.forEach((signature, i) => {
    if (signature.kind !== 'stack' || signature.pattern === undefined) return;
    const names = signature.pattern.split(' ');
    const generic = names.filter(isGenericFrame);
    if (generic.length === 0) return;
    const distinct = names.length - generic.length;
    findings.push({
      path: ['signatures', i, 'stack'],
      message: `${generic.map((n) => `\`${n}\``).join(', ')} ${generic.length === 1 ? 'is a frame' : 'are frames'} many unrelated traces share (entry, scheduler, reporting, allocator or locking code): ${distinct >= 2 ? 'remove it, the other functions identify the bug' : 'name functions of the buggy code path instead'}`,
    });
  });
  const match = new Set(bug.examples.match);
  bug.examples.noMatch.forEach((text, i) => {
    if (match.has(text)) findings.push({ path: ['examples', 'no_match', i], message: 'this example is also under `match`: a report cannot both match and not match' });
  });
  return findings;
}
