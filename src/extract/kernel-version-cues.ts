/**
 * Word cues that give a kernel version its role in a sentence, as data. A version takes the role
 * of the nearest cue (see extract-kernel-versions.ts); specific cues are listed before the general
 * ones they contain ("without problems" before "problem", "not working" before "working").
 */

export type CueRole = 'failing' | 'mentioned' | 'running' | 'working';

export interface Cue {
  pattern: string;
  role: CueRole;
  /** The cue names only the version right after it ("upgrading from 6.6.30 to 6.6.31"). */
  adjacent?: boolean;
}

export const ROLE_CUES: readonly Cue[] = [
  // Suggestions, plans, fixes and hypotheticals: the version is talked about, not run.
  { role: 'mentioned', pattern: String.raw`\b(?:try|trying|please (?:test|try|run)|could you|can you|would you|suggest(?:ed|s)?|recommend(?:ed)?|consider|will|i'll|we'll|going to|plan(?:ning)? to|should|changes? (?:for|in)|fix(?:es|ed)? (?:is |was |went )?(?:for|in|into)|went into|merged|backport(?:ed|s)?(?: to)?|patch(?:es)? for|queued|on top of|fork of|overlays?|upstream|introduced in|commit|bisect(?:ing)?|compare|prior to|expected in|(?:haven't|have not|hasn't|has not|didn't|did not|not yet|never) (?:yet )?(?:tried|tested|booted|run|ran))\b` },
  // Reported to work.
  { role: 'working', pattern: String.raw`\b(?:(?:downgrad(?:e|ed|es|ing)|revert(?:ed|ing|s)?|roll(?:ed|ing|s)? back)(?: back)?(?: (?:my |the )?kernel)? to|(?:fixes|fixed|solves|solved|resolves|resolved) (?:it|this|that|the (?:problem|issue|errors?|crash(?:es)?))|(?:problems?|issues?|errors?|crash(?:es)?|bugs?) (?:(?:is|are|seems?|has|have)(?: now)?(?: to be)?(?: been)? )?(?:gone|fixed|resolved|solved)|never (?:saw|seen|see|showed|shows|had|happened|happens|crashed|failed|hit)|(?:has|have|had) not (?:happened|crashed|failed)|without (?:any |an |a )?(?:problems?|issues?|errors?|crash(?:es)?|trouble)|no (?:problems?|issues?|errors?|crash(?:es)?)|not (?:affected|reproducible|happening)|unaffected|(?:does|did|do)(?:n't| not) (?:happen|reproduce|crash|fail|occur|show)|(?:does|did|do|has|have|had)(?:n't| not) (?:have|had|see|show|hit) (?:(?:this|that|the|these|those|any|such|the same) (?:problems?|issues?|bugs?|errors?|crash(?:es)?)|it|this|that)|no such (?:problems?|issues?)|(?:can't|cannot|couldn't|could not|can not) reproduce|(?:works?|worked|working|runs?|ran|running|boots?|booted|booting|is|was) (?:fine|ok|okay|well|perfectly|great|flawlessly)|no longer|was happy|is happy|happily|good (?:machine|kernel|version)|last (?:good|working)|known[- ]good|stable for|worked|works|is working|was working|still working|but not (?:on|with|in|under)|good)\b` },
  // The kernel upgraded from was the good one; the one upgraded to takes its role from the outcome.
  { role: 'working', adjacent: true, pattern: String.raw`\bupgrad(?:e|ed|es|ing) from(?: (?:my |the )?(?:kernel|linux))?(?: version)?` },
  // Reported to fail.
  { role: 'failing', pattern: String.raw`\b(?:not working|doesn't work|does not work|didn't work|stop(?:s|ped)? working|(?:still|also) (?:happens|crashes|fails|broken)|crash(?:ed|es|ing)?|fail(?:s|ed|ing|ure|ures)?|hit|hits|broken|breaks|errors?|bugs?|panic(?:s|ked)?|oops(?:es|ed)?|hang(?:s|ing)?|hung|freez(?:e|es|ing)|froze|corrupt(?:ed|ion|s)?|regress(?:ion|ed)?|reproduc(?:e|es|ed|ible)|happen(?:s|ed)|affected|complain(?:s|ed)|occur(?:s|red)?|trigger(?:s|ed)|first bad|bad (?:kernel|version)|same (?:problem|issue|error|crash|thing)|(?:start(?:s|ed)?|began|begun|(?:first )?appear(?:s|ed)?) (?:with|in|on|after|since)|show(?:s|ed|ing)? up|bad|(?:shows?|showed|showing) (?:it|this|that|the (?:same )?(?:problem|issue|bug|error))|(?:looks?|looked|is|was) the same|vanish(?:es|ed)?|disappear(?:s|ed)?|drops? off|dropped off|(?:goes|went|go|gone) read-only|stall(?:s|ed)?|locks? up|locked up|slow(?:s|ed)? down|problems?|issues?)\b` },
  // "We run 3.12.6", "I'm on 6.5": the reporter's kernel.
  { role: 'running', pattern: String.raw`\b(?:(?:we|i)(?:'re|'m| are| am)? (?:now |currently |still )?(?:run|running|use|using|on|booted)|currently (?:on|running)|running kernel|(?:kernel|linux)(?: version)?(?: is)?|uname(?: -[ar])?)\b` },
  // A sentence that opens with the verb, its subject left out: "Running 4.10.0-rc3 on a Dell XPS, ...".
  { role: 'running', pattern: String.raw`^(?:running|booted(?: into)?|booting|using|(?:tested|seen|observed) (?:on|with))\b` },
  // The environment line of a report: the distro and release, a comma, the kernel build
  // ("Fedora 40, 6.10.3-200.fc40.x86_64", "Ubuntu 22.04 LTS, 5.15.0-91-generic").
  { role: 'running', adjacent: true, pattern: String.raw`^(?:on )?(?:fedora(?: linux)?|ubuntu|kubuntu|xubuntu|debian|arch(?: linux)?|manjaro|opensuse(?: tumbleweed| leap)?|sles|rhel|centos(?: stream)?|rocky(?: linux)?|alma(?:linux)?|gentoo|nixos|void(?: linux)?|alpine|pop!?_os|linux mint|mint)(?: (?:rawhide|sid|testing|unstable|tumbleweed|\d{1,2}(?:\.\d{1,2})?(?: lts)?))?(?: \([^()]{1,30}\))?,` },
];

/** Words before a version that name another program: its version is not the kernel's. */
export const OTHER_PROGRAMS: readonly string[] = [
  'lvm2', 'lvm', 'mdadm', 'dmsetup', 'device-mapper', 'libdevmapper', 'thin-provisioning-tools', 'mysql', 'mariadb', 'postgresql',
  'postgres', 'python', 'python3', 'gcc', 'clang', 'llvm', 'binutils', 'ld', 'qemu', 'libvirt', 'docker', 'podman', 'systemd',
  'udev', 'xfsprogs', 'e2fsprogs', 'btrfs-progs', 'cryptsetup', 'ubuntu', 'debian', 'rhel', 'centos', 'rocky', 'alma',
  'almalinux', 'fedora', 'suse', 'sles', 'opensuse', 'leap', 'proxmox', 'pve', 'esxi', 'vmware', 'virtualbox', 'zfs', 'openzfs',
  'nvme-cli', 'firmware', 'fw', 'bios', 'mysqld', 'node', 'go', 'java', 'openssl', 'nginx', 'apache', 'grub', 'grub2', 'util-linux',
  'multipath-tools', 'targetcli', 'open-iscsi', 'ceph', 'kubernetes', 'k8s', 'glibc', 'rust', 'perl', 'bash', 'mongodb', 'redis',
  'elasticsearch', 'kafka', 'fio', '--version', 'btrfs', 'xen', 'hyper-v', 'windows', 'macos', 'android', 'chrome', 'firefox', 'smartctl', 'hdparm', 'version:', 'rev', 'revision', 'release', 'driver', 'module', 'tools', 'progs',
];

/** Units after a number: "3.5 hours" and "4.2 GB" are not kernels. */
export const UNIT_AFTER = /^\s?(?:%|x\b|times\b|[kmgtp]i?b\b|[kmgtp]i?b\/s\b|mb\/s|gb\/s|iops\b|ms\b|us\b|ns\b|s\b|sec(?:onds?)?\b|min(?:utes?)?\b|h\b|hours?\b|days?\b|weeks?\b|months?\b|years?\b|ghz\b|mhz\b|°|degrees?\b|mm\b|cm\b|inch|tb\b|gb\b|mb\b|kb\b|[kmgt]\b)/i;
