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
