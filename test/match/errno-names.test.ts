import { errnoNames } from '../../src/match/index.js';

/*
 * Error codes as fix messages name them (EIO, ENOSPC) from the numbers logs print: only after a
 * word that says the number is an error code, never any negative number of a line.
 */
it.each<[string, string, string[]]>([
  ['btrfs errno=', 'BTRFS: error (device dm-0) in cleanup_transaction:1958: errno=-5 IO failure', ['EIO']],
  ['a code in parentheses', 'BTRFS warning (device dm-0): lost page write due to IO error on /dev/mapper/x (-5)', ['EIO']],
  ['error N and returned N', 'XFS (sda1): metadata I/O error in "xfs_da_read_buf" error -61; nvme returned -95', ['ENODATA', 'EOPNOTSUPP']],
  ['ret= and err:', 'ret=-28 err: -12', ['ENOSPC', 'ENOMEM']],
  ['kernel-internal codes', 'failed with -524', ['ENOTSUPP']],
  ['a number that is no error code', 'temperature -5 C, offset -28 bytes, error -999', []],
  ['each name once', 'error -5 ... error -5', ['EIO']],
])('%s', (_name, text, names) => {
  expect(errnoNames(text)).toEqual(names);
});
