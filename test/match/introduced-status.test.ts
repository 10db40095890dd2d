import { parseKernelVersion } from '../../src/extract/parse-kernel-version.js';
import { introducedStatus } from '../../src/match/introduced-status.js';

describe('introducedStatus', () => {
  it.each<[string, string | null, string, RegExp]>([
    // stable kernel of a later series than the first bad rc
    ['3.12.6', '3.12-rc1', 'affected', /at or after 3\.12-rc1/],
    // the series before: not affected
    ['3.11.10', '3.12-rc1', 'predates-bug', /^3\.11\.10 predates 3\.12-rc1, where the bug was introduced$/],
    // rc precision: rc1 is before rc2
    ['3.12-rc1', '3.12-rc2', 'predates-bug', /predates 3\.12-rc2/],
    // exactly the first bad rc
    ['3.12-rc2', '3.12-rc2', 'affected', /at or after/],
    // introduced in a release: its rcs predate it
    ['5.4-rc8', '5.4', 'predates-bug', /predates 5\.4/],
    // a bad stable backport: earlier sublevels of that series predate it
    ['5.10.99', '5.10.100', 'predates-bug', /predates 5\.10\.100/],
    // ... later ones carry it
    ['5.10.120', '5.10.100', 'affected', /at or after 5\.10\.100/],
    // ... other series cannot be placed
    ['5.15.3', '5.10.100', 'unknown', /not of the 5\.10 stable series/],
    // a whole series older than the introduction
    ['3.2-stable', '3.12-rc1', 'predates-bug', /3\.2 series predates 3\.12-rc1/],
    // distro kernel at/after: affected
    ['5.15.0-91-generic', '5.10', 'affected', /at or after 5\.10/],
    // distro kernel older than the introduction: distros backport features, so unknown
    ['4.18.0-477.27.1.el8_8.x86_64', '5.10', 'unknown', /distros backport features/],
    // an Ubuntu mainline-PPA build is upstream 5.17.5, which predates 5.18
    ['5.17.5-051705-generic', '5.18', 'predates-bug', /^5\.17\.5-051705-generic predates 5\.18/],
    // linux-next by its base, with the uncertainty
    ['6.5.0-rc1-next-20230712', '6.5-rc2', 'predates-bug', /linux-next build/],
    // git describe before the introduction: the commits past the tag may bring the bug (not "the fix")
    ['v6.5-rc1-00012-gabcdef1', '6.5-rc2', 'predates-bug', /judged by its base tag v6\.5-rc1: the 12 commit\(s\) past it may include the change that introduced the bug\)$/],
    // git describe at/after the introduction: the commits past the tag change nothing, so no hedge
    ['v6.7-rc3-00012-gabcdef1', '6.5-rc2', 'affected', /^v6\.7-rc3-00012-gabcdef1 is at or after 6\.5-rc2, where the bug was introduced$/],
    // a merge-window build (after 6.4, before 6.5-rc1) has a bug of 6.4 or earlier
    ['6.4.0-08699-g1234abcd', '6.4', 'affected', /^6\.4\.0-08699-g1234abcd is a mainline build from the merge window after 6\.4 \(before the next rc1\), at or after 6\.4/],
    ['6.4.0-08699-g1234abcd', '6.2-rc3', 'affected', /at or after 6\.2-rc3/],
    // ... a bug of the rc1 its merge window opens may already be among its commits: unknown, not "predates"
    ['6.4.0-08699-g1234abcd', '6.5-rc1', 'unknown', /the bug came in with 6\.5-rc1, so the 8699 commit\(s\) past 6\.4 may already include it$/],
    // ... and at a major-number change the next rc1 may be X+1.0-rc1
    ['5.19.0-00123-gabcdef12', '6.0-rc1', 'unknown', /may already include it$/],
    // ... a bug of a later rc is not in it yet (before this fix the build read as 6.4 final: same answer, wrong words)
    ['6.4.0-08699-g1234abcd', '6.5-rc2', 'predates-bug', /merge window after 6\.4 \(before the next rc1\): it predates 6\.5-rc2/],
    // ... a bad stable backport is on a branch a mainline build is not on
    ['6.4.0-08699-g1234abcd', '6.4.3', 'unknown', /not of the 6\.4 stable series/],
    // no introduced version in the rule
    ['3.12.6', null, 'unknown', /does not say when/],
    // an unparseable introduced version counts as none
    ['3.12.6', 'a long time ago', 'unknown', /does not say when/],
  ])('%s introduced %s -> %s', (raw, introduced, status, reason) => {
    const judged = introducedStatus(parseKernelVersion(raw)!, introduced);
    expect(judged.status).toBe(status);
    expect(judged.reason).toMatch(reason);
  });
});
