/*
 * Kernel error codes by number, for the words of a log line (`errno=-5`, `error -28`, `returned
 * -95`): fix messages name the code (`EIO`, `ENOSPC`), logs print the number. The numbers are the
 * generic ones (include/uapi/asm-generic/errno-base.h and errno.h, which x86, arm64, riscv,
 * powerpc and s390 use; alpha, mips, parisc and sparc number some codes above 34 otherwise), and
 * the kernel-internal codes of include/linux/errno.h (ERESTARTSYS, ENOTSUPP, ...). Written out
 * rather than taken from node's `os.constants.errno`: that table is the host's (a bot on macOS
 * numbers EAGAIN 35, not 11) and has none of the kernel-internal codes.
 */
const ERRNO_NAMES: Readonly<Record<number, string>> = {
  1: 'EPERM', 2: 'ENOENT', 3: 'ESRCH', 4: 'EINTR', 5: 'EIO', 6: 'ENXIO', 7: 'E2BIG', 9: 'EBADF', 11: 'EAGAIN', 12: 'ENOMEM',
  13: 'EACCES', 14: 'EFAULT', 16: 'EBUSY', 17: 'EEXIST', 18: 'EXDEV', 19: 'ENODEV', 20: 'ENOTDIR', 21: 'EISDIR', 22: 'EINVAL',
  23: 'ENFILE', 24: 'EMFILE', 27: 'EFBIG', 28: 'ENOSPC', 30: 'EROFS', 31: 'EMLINK', 32: 'EPIPE', 34: 'ERANGE', 35: 'EDEADLK',
  36: 'ENAMETOOLONG', 38: 'ENOSYS', 39: 'ENOTEMPTY', 40: 'ELOOP', 61: 'ENODATA', 62: 'ETIME', 71: 'EPROTO', 74: 'EBADMSG',
  75: 'EOVERFLOW', 84: 'EILSEQ', 95: 'EOPNOTSUPP', 105: 'ENOBUFS', 107: 'ENOTCONN', 110: 'ETIMEDOUT', 111: 'ECONNREFUSED',
  112: 'EHOSTDOWN', 113: 'EHOSTUNREACH', 114: 'EALREADY', 115: 'EINPROGRESS', 116: 'ESTALE', 117: 'EUCLEAN', 121: 'EREMOTEIO',
  122: 'EDQUOT', 125: 'ECANCELED', 512: 'ERESTARTSYS', 515: 'ENOIOCTLCMD', 524: 'ENOTSUPP', 526: 'EJUKEBOX',
};

/** A negative error code as logs print it after a word that says it is one (`errno=-5`, `error -28`, `ret: -12`, `(-5)`). */
const CODE = /\b(?:err(?:or|no)?|ret(?:urned|val)?|rc|status|result|failed(?: with)?)\s*[=:]?\s*-(\d{1,3})\b|\(-(\d{1,3})\)/gi;

/**
 * The error code names a text prints as numbers, each once.
 *
 * @example
 * errnoNames('BTRFS: error (device dm-0) in cleanup_transaction:1958: errno=-5 IO failure') // => ['EIO']
 */
export function errnoNames(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(CODE)) {
    const name = ERRNO_NAMES[Number(m[1] ?? m[2])];
    if (name !== undefined) names.add(name);
  }
  return [...names];
}
