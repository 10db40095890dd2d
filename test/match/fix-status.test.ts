import { parseKernelVersion } from '../../src/extract/parse-kernel-version.js';
import { fixedForKernel, fixStatus, type FixedVersions } from '../../src/match/fix-status.js';
import type { KernelVersion } from '../../src/model.js';

function kernel(raw: string): KernelVersion {
  const version = parseKernelVersion(raw);
  if (version === null) throw new Error(`test kernel ${raw} does not parse`);
  return version;
}

/** The seed's bug as rules/README.md annotates it. */
const SEED: FixedVersions = { mainline: '3.14-rc6', stable: ['3.13.7', '3.12.15'], distro: {} };
const DISTRO: FixedVersions = {
  mainline: '6.8',
  stable: ['6.6.14', '6.1.75'],
  distro: { ubuntu: '5.15.0-92', rhel8: '4.18.0-477.10.1.el8_8', rhel9: '5.14.0-362.8.1.el9_3', debian: '6.1.0-18' },
};

describe('fixStatus', () => {
  it.each<[string, FixedVersions, string, RegExp]>([
    // stable of a series with a listed backport, before it: the seed's case
    ['3.12.6', SEED, 'lacks-fix', /^3\.12\.6 predates the 3\.12\.15 backport$/],
    // exactly the backport release
    ['3.12.15', SEED, 'has-fix', /at or after the 3\.12\.15 backport/],
    // later sublevel of a backported series
    ['3.13.11', SEED, 'has-fix', /at or after the 3\.13\.7 backport/],
    // the v prefix changes nothing
    ['v3.13.6', SEED, 'lacks-fix', /predates the 3\.13\.7 backport/],
    // older series with no backport listed: lacks it, and says so
    ['3.11.10', SEED, 'lacks-fix', /no backport to 3\.11 is known/],
    // stable of the series whose mainline release took the fix in an rc: every 3.14.z has it
    ['3.14.2', SEED, 'has-fix', /3\.14 series, whose mainline release carries the fix \(first in 3\.14-rc6\)/],
    // uname prints mainline 3.14 as 3.14.0
    ['3.14.0', SEED, 'has-fix', /3\.14 series/],
    // a later series
    ['4.19.300', SEED, 'has-fix', /newer than 3\.14-rc6/],
    // rc precision: rc5 lacks a fix first in rc6
    ['3.14-rc5', SEED, 'lacks-fix', /3\.14-rc5 predates 3\.14-rc6/],
    // rc6 has it
    ['3.14-rc6', SEED, 'has-fix', /at or after 3\.14-rc6/],
    // rc of a later release
    ['3.15-rc1', SEED, 'has-fix', /at or after 3\.14-rc6/],
    // the final release has a fix first in one of its rcs
    ['3.14', SEED, 'has-fix', /3\.14 series/],
    // a mainline fix named by release: the rcs of that release lack it
    ['3.14-rc7', { mainline: '3.14', stable: [], distro: {} }, 'lacks-fix', /3\.14-rc7 predates 3\.14,/],
    // ... and that release has it
    ['3.14', { mainline: '3.14', stable: [], distro: {} }, 'has-fix', /3\.14 series/],
    // a stable of the fix series counts only when the fix is in X.Y itself: 3.13.z needs the backport
    ['3.13.9', { mainline: '3.14', stable: [], distro: {} }, 'lacks-fix', /no backport to 3\.13 is known/],
    // rc kernels do not get stable backports, so an rc before the mainline fix lacks it even when 3.13.y is fixed
    ['3.13-rc4', SEED, 'lacks-fix', /3\.13-rc4 predates 3\.14-rc6/],
    // linux-next by its base, with the uncertainty in words
    ['3.14.0-rc3-next-20140214', SEED, 'lacks-fix', /predates 3\.14-rc6.*linux-next build \(20140214\) may already carry/],
    // git describe by its base tag, with the uncertainty in words
    ['v3.14-rc5-00012-gabcdef1', SEED, 'lacks-fix', /predates 3\.14-rc6.*12 commit\(s\) past it may include the fix/],
    // git describe past a base that already has the fix: the commits past it cannot take the fix
    // away, so no hedge (it would say they "may include the fix")
    ['v3.14-rc7-00003-gabcdef1', SEED, 'has-fix', /^v3\.14-rc7-00003-gabcdef1 is at or after 3\.14-rc6, the first mainline release with the fix$/],
    // git describe of a stable release: its base tag is the stable release, not X.Y
    ['5.4.86-00012-gabcdef12', { mainline: '5.11-rc1', stable: ['5.4.87'], distro: {} }, 'lacks-fix', /predates the 5\.4\.87 backport \(judged by its base tag v5\.4\.86: the 12 commit/],
    // a dirty tree ("+") is judged by its base
    ['4.8.0-rc3+', { mainline: '4.8-rc4', stable: [], distro: {} }, 'lacks-fix', /judged by its base 4\.8-rc3: the "\+" means the tree has changes past that tag/],
    // ... a dirty stable tree by its stable release
    ['5.4.86+', { mainline: '5.11-rc1', stable: ['5.4.87'], distro: {} }, 'lacks-fix', /judged by its base 5\.4\.86: the "\+"/],
    // a linux-next build whose base already has the fix: no hedge about fixes queued after it
    ['3.15.0-rc1-next-20140414', SEED, 'has-fix', /^3\.15\.0-rc1-next-20140414 is at or after 3\.14-rc6, the first mainline release with the fix$/],
    // a whole series is unknown when only a backport fixed it...
    ['3.13-stable', SEED, 'unknown', /whole 3\.13 stable series.*got the fix in 3\.13\.7/],
    // ... and when no backport is known
    ['3.2-stable', SEED, 'unknown', /no backport to 3\.2 is known/],
    // ... but known when mainline 3.13 itself carries the fix
    ['3.13-stable', { mainline: '3.13-rc2', stable: [], distro: {} }, 'has-fix', /every 3\.13 stable release has it/],
    // rule lists no fixed version at all
    ['3.12.6', { mainline: null, stable: [], distro: {} }, 'unknown', /lists no fixed version/],
    // only backports known, reporter on another series: cannot tell
    ['5.4.1', { mainline: null, stable: ['5.10.100'], distro: {} }, 'unknown', /no mainline release.*no backport to 5\.4/],
    // only backports known, reporter on that series
    ['5.10.99', { mainline: null, stable: ['5.10.100'], distro: {} }, 'lacks-fix', /predates the 5\.10\.100 backport/],
    // an rc with only backports listed cannot be placed
    ['5.10-rc3', { mainline: null, stable: ['5.10.100'], distro: {} }, 'unknown', /lists no mainline release/],
    // two entries for one series: the earlier sublevel is the first fixed one
    ['5.10.95', { mainline: '5.17', stable: ['5.10.100', '5.10.90'], distro: {} }, 'has-fix', /5\.10\.90 backport/],
    // an unparseable mainline counts as not listed
    ['3.12.6', { mainline: 'soon', stable: ['3.12.15'], distro: {} }, 'lacks-fix', /3\.12\.15 backport/],
    // distro kernel without a listed build: its sublevel says nothing
    ['6.1.0-13-cloud-amd64', { mainline: '6.8', stable: ['6.1.75'], distro: {} }, 'unknown', /is a Debian kernel.*no fixed debian build/],
    // distro kernel with a listed build, before it (numeric, not lexical: 91 < 92)
    ['5.15.0-91-generic', DISTRO, 'lacks-fix', /predates ubuntu's fixed build 5\.15\.0-92/],
    // ... at it
    ['5.15.0-92-generic', DISTRO, 'has-fix', /at or after ubuntu's fixed build/],
    // ... numeric comparison: 100 > 92
    ['5.15.0-100-generic', DISTRO, 'has-fix', /at or after ubuntu's fixed build/],
    // RHEL: the el8 build map key comes from the release tag; 477.27.1 > 477.10.1
    ['4.18.0-477.27.1.el8_8.x86_64', DISTRO, 'has-fix', /rhel8's fixed build 4\.18\.0-477\.10\.1\.el8_8/],
    // RHEL: 477.9.1 < 477.10.1 numerically (lexically it would be later)
    ['4.18.0-477.9.1.el8_8.x86_64', DISTRO, 'lacks-fix', /predates rhel8's fixed build/],
    // RHEL 7 kernel, only el8/el9 builds listed
    ['3.10.0-1160.el7.x86_64', DISTRO, 'unknown', /no fixed rhel7 build/],
    // Debian: the ABI number after the base
    ['6.1.0-17-amd64', DISTRO, 'lacks-fix', /predates debian's fixed build 6\.1\.0-18/],
    // Debian backports (bullseye's 6.1 from bookworm): the ABI after the `0.debNN.` infix decides
    ['6.1.0-0.deb11.21-amd64', DISTRO, 'has-fix', /at or after debian's fixed build 6\.1\.0-18/],
    ['6.1.0-0.deb11.13-amd64', DISTRO, 'lacks-fix', /predates debian's fixed build 6\.1\.0-18/],
    // ... and the older `0.bpo.` infix
    ['6.1.0-0.bpo.19-amd64', DISTRO, 'has-fix', /at or after debian's fixed build/],
    // an Ubuntu cloud/OEM derivative (ABI 1000 and up) is another kernel than the listed generic build
    ['5.15.0-1034-aws', DISTRO, 'unknown', /listed fixed build 5\.15\.0-92 belongs to another kernel series or flavour/],
    // distro build of another series than the listed one (Ubuntu HWE 6.5 vs 5.15): not comparable
    ['6.5.0-14-generic', DISTRO, 'unknown', /listed fixed build 5\.15\.0-92 belongs to another kernel series/],
    // distro kernel based on a mainline release at/after the fix: has it whatever the build
    ['6.8.0-31-generic', DISTRO, 'has-fix', /is an Ubuntu kernel based on mainline 6\.8, which already carries the fix/],
    // Arch ships upstream stable releases: judged as upstream
    ['6.1.80-arch1-1', DISTRO, 'has-fix', /at or after the 6\.1\.75 backport/],
    // Ubuntu's mainline-PPA builds (X.Y.Z-0X0Y0Z-generic) are upstream stable releases: judged as upstream
    ['5.17.5-051705-generic', { mainline: '5.19-rc4', stable: [], distro: { ubuntu: '5.15.0-92' } }, 'lacks-fix', /^5\.17\.5-051705-generic predates the fix and no backport to 5\.17 is known/],
    ['6.9.3-060903-generic', { mainline: '6.10', stable: ['6.9.2'], distro: {} }, 'has-fix', /at or after the 6\.9\.2 backport/],
    // a mainline-PPA rc build is that rc: 6.8-rc3 lacks a fix first in 6.8-rc5, 6.8-rc6 has it
    ['6.8.0-060800rc3-generic', { mainline: '6.8-rc5', stable: [], distro: {} }, 'lacks-fix', /predates 6\.8-rc5, the first mainline release with the fix/],
    ['6.8.0-060800rc6-generic', { mainline: '6.8-rc5', stable: [], distro: {} }, 'has-fix', /./],
    // ... but an ABI that does not spell the version is an Ubuntu build
    ['5.17.5-051704-generic', { mainline: '5.19-rc4', stable: [], distro: {} }, 'unknown', /is an Ubuntu kernel/],
    // Fedora ships upstream stable releases: judged by the upstream base (6.1.70 before the 6.1.75 backport)
    ['6.1.70-200.fc38.x86_64', DISTRO, 'lacks-fix', /^6\.1\.70-200\.fc38\.x86_64 predates the 6\.1\.75 backport$/],
    ['6.10.11-100.fc39', { mainline: '6.12-rc5', stable: [], distro: {} }, 'lacks-fix', /predates the fix and no backport to 6\.10 is known/],
    ['6.10.14-200.fc40', { mainline: '6.12-rc5', stable: ['6.10.14'], distro: {} }, 'has-fix', /at or after the 6\.10\.14 backport/],
    // ... unless the rule lists Fedora's own fixed build, which comes first
    ['6.10.11-100.fc39', { mainline: '6.12-rc5', stable: [], distro: { fedora: '6.10.11-200.fc39' } }, 'lacks-fix', /predates fedora's fixed build 6\.10\.11-200\.fc39/],
    ['6.10.11-200.fc39', { mainline: '6.12-rc5', stable: [], distro: { fedora: '6.10.11-200.fc39' } }, 'has-fix', /at or after fedora's fixed build/],
    // Fedora rc builds are that rc: rc3 lacks a fix first in rc5 (a git snapshot past rc3 may hold it)
    ['6.2.0-0.rc3.20230113git1234abcd.27.fc38', { mainline: '6.2-rc5', stable: [], distro: {} }, 'lacks-fix', /predates 6\.2-rc5.*git snapshot \(20230113git1234abcd\)/],
    ['6.2.0-0.rc6.27.fc38', { mainline: '6.2-rc5', stable: [], distro: {} }, 'has-fix', /at or after 6\.2-rc5/],
    // git0 is the rc itself: no hedge
    ['6.2.0-20230114.rc3.git0.1234abcd.300.fc37.s390x+debug', { mainline: '6.2-rc5', stable: [], distro: {} }, 'lacks-fix', /predates 6\.2-rc5, the first mainline release with the fix$/],
    // a merge-window build lies after 6.4 and before 6.5-rc1
    ['6.4.0-08699-g1234abcd', { mainline: '6.4-rc3', stable: [], distro: {} }, 'has-fix', /merge window after 6\.4.*6\.4 already carries the fix/],
    ['6.4.0-08699-g1234abcd', { mainline: '6.5-rc2', stable: ['6.4.5'], distro: {} }, 'lacks-fix', /merge window after 6\.4 \(before the next rc1\), earlier than 6\.5-rc2/],
    ['6.4.0-08699-g1234abcd', { mainline: '6.5-rc1', stable: [], distro: {} }, 'lacks-fix', /the fix came in with 6\.5-rc1, so the 8699 commit\(s\) past 6\.4 may already include it/],
    ['6.19.0-00012-gabcdef1', { mainline: '7.0-rc1', stable: [], distro: {} }, 'lacks-fix', /may already include it/],
    // the merge window named in prose ("6.7-pre", "6.7 pre rc-1" read as 6.7-rc0): after 6.6, before 6.7-rc1
    ['6.7-pre', { mainline: '6.7-rc1', stable: ['6.6.5'], distro: {} }, 'lacks-fix', /^6\.7-pre predates 6\.7-rc1/],
    ['6.7-rc0', { mainline: '6.6-rc3', stable: [], distro: {} }, 'has-fix', /at or after 6\.6-rc3/],
  ])('%s against %j -> %s', (raw, fixed, status, reason) => {
    const judged = fixStatus(kernel(raw), fixed);
    expect(judged.status).toBe(status);
    expect(judged.reason).toMatch(reason);
  });

  it('treats a null rule table as unknown', () => {
    expect(fixStatus(kernel('3.12.6'), null)).toEqual({ status: 'unknown', reason: 'the rule lists no fixed version' });
  });
});

describe('fixedForKernel', () => {
  it.each<[string | null, FixedVersions, string | null]>([
    // the backport of the reporter's series
    ['3.12.6', SEED, '3.12.15'],
    // no backport for the series: the first mainline release (final, stable users upgrade to releases)
    ['3.11.10', SEED, '3.14'],
    // an rc reporter gets the rc precision
    ['3.14-rc5', SEED, '3.14-rc6'],
    // a distro reporter gets the distro build when listed
    ['4.18.0-477.9.1.el8_8.x86_64', DISTRO, '4.18.0-477.10.1.el8_8'],
    // unknown kernel: the mainline release
    [null, SEED, '3.14'],
    // an Ubuntu mainline-PPA build gets its stable backport, not the Ubuntu archive's build
    ['5.17.5-051705-generic', { mainline: '5.19-rc4', stable: ['5.17.9'], distro: { ubuntu: '5.15.0-92' } }, '5.17.9'],
    // nothing listed
    ['3.12.6', { mainline: null, stable: [], distro: {} }, null],
    // a Fedora build: its own fixed build when listed, else the upstream backport of its series
    ['6.10.11-100.fc39', { mainline: '6.12-rc5', stable: ['6.10.14'], distro: { fedora: '6.10.13-200.fc39' } }, '6.10.13-200.fc39'],
    ['6.10.11-100.fc39', { mainline: '6.12-rc5', stable: ['6.10.14'], distro: {} }, '6.10.14'],
    // a Fedora rc build: the mainline rc
    ['6.2.0-0.rc3.27.fc38', { mainline: '6.2-rc5', stable: [], distro: {} }, '6.2-rc5'],
    // a merge-window build is mainline: a backport to 6.4 is no answer for it
    ['6.4.0-08699-g1234abcd', { mainline: '6.5-rc2', stable: ['6.4.5'], distro: {} }, '6.5'],
  ])('%s -> %s', (raw, fixed, expected) => {
    expect(fixedForKernel(raw === null ? null : kernel(raw), fixed)).toBe(expected);
  });
});
