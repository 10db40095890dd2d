import { parseKernelVersion } from '../../src/extract/parse-kernel-version.js';

describe('parseKernelVersion', () => {
  it.each([
    // plain stable, with and without the v
    ['3.12.6', { major: 3, minor: 12, sublevel: 6, rc: null, distro: null }],
    ['v3.12.6', { major: 3, minor: 12, sublevel: 6, rc: null, distro: null }],
    // mainline release and rc
    ['3.14', { major: 3, minor: 14, sublevel: null, rc: null }],
    ['3.14-rc6', { major: 3, minor: 14, sublevel: null, rc: 6 }],
    // uname of a locally built rc with modifications
    ['4.8.0-rc3+', { major: 4, minor: 8, sublevel: 0, rc: 3 }],
    // a whole stable series
    ['3.13-stable', { major: 3, minor: 13, series: true }],
    // linux-next and git describe builds compare by their base
    ['6.5.0-rc1-next-20230712', { major: 6, minor: 5, rc: 1, next: '20230712' }],
    ['v6.7-rc3-00012-gabcdef1', { major: 6, minor: 7, rc: 3, gitDescribe: { commits: 12, sha: 'abcdef1' } }],
    // distro kernels: the family shows in the suffix
    ['5.15.0-91-generic', { major: 5, minor: 15, sublevel: 0, distro: 'ubuntu', distroRelease: '0-91' }],
    ['4.18.0-477.27.1.el8_8.x86_64', { distro: 'rhel', distroRelease: '0-477.27.1.el8_8' }],
    ['6.1.0-13-amd64', { distro: 'debian', distroRelease: '0-13' }],
    ['6.6.1-arch1-1', { distro: 'arch' }],
    // Ubuntu mainline-PPA rc builds carry the rc in the ABI part
    ['6.8.0-060800rc3-generic', { major: 6, minor: 8, sublevel: 0, rc: 3, distro: 'ubuntu' }],
    ['6.5.6-300.fc39.x86_64', { distro: 'fedora' }],
    // Fedora / rawhide rc builds spell the rc in the release: rc kernels, not the X.Y release
    ['6.2.0-0.rc3.20230113git1234abcd.27.fc38', { major: 6, minor: 2, sublevel: 0, rc: 3, distro: 'fedora' }],
    ['6.2.0-0.rc3.27.fc38.x86_64', { rc: 3, distro: 'fedora' }],
    ['6.2.0-20230114.rc3.git0.1234abcd.300.fc37.s390x+debug', { rc: 3, distro: 'fedora' }],
    // a Fedora release build is no rc
    ['6.10.11-100.fc39', { major: 6, minor: 10, sublevel: 11, rc: null, distro: 'fedora' }],
    // a merge-window build: git describe past the release
    ['6.4.0-08699-g1234abcd', { major: 6, minor: 4, sublevel: 0, rc: null, gitDescribe: { commits: 8699, sha: '1234abcd' } }],
    // the v a tag-built tree keeps
    ['v6.8.0-rc3', { major: 6, minor: 8, sublevel: 0, rc: 3 }],
    // the merge window before X.Y-rc1, as people spell it: before every rc of X.Y, never the release
    ['6.7-rc0', { major: 6, minor: 7, rc: 0 }],
    ['6.7-pre', { major: 6, minor: 7, rc: 0 }],
    ['6.7-pre-rc1', { major: 6, minor: 7, rc: 0 }],
    ['6.7-prerc1', { major: 6, minor: 7, rc: 0 }],
    // SUSE's flavour is no merge window
    ['5.14.21-150500.55.39-preempt', { rc: null, distro: 'suse' }],
  ])('%s', (raw, expected) => {
    expect(parseKernelVersion(raw)).toMatchObject(expected);
  });

  it.each([
    // lvm2 / device-mapper library versions, IP addresses and dates are not kernels
    '1.02.185', '192.168.1.1', '2.03.16', '2014.01', '', 'linux', '10.0.0.1',
  ])('%s is not a kernel version', (raw) => {
    expect(parseKernelVersion(raw)).toBeNull();
  });
});
