import { extractSignatures } from '../../src/extract/extract-signatures.js';
import { segmentReport } from '../../src/extract/segment-report.js';
import { makeReport } from './report-builder.js';

const signatures = (body: string, comments: string[] = []) => extractSignatures(segmentReport(makeReport(body, comments.map((text) => ({ text })))));

describe('extractSignatures', () => {
  it('puts the device/metadata root cause before filesystem and block-layer consequences, whatever the log order', () => {
    const body = [
      '[ 10.1] Buffer I/O error on device dm-6, logical block 13939440',
      '[ 10.2] EXT4-fs error (device dm-6): ext4_journal_check_start:56: Detected aborted journal',
      '[ 10.3] device-mapper: space map common: unable to decrement a reference count below 0',
      '[ 10.4] nvme nvme0: I/O 412 QID 3 timeout, aborting',
    ].join('\n');
    expect(signatures(body).map((s) => s.subsystem)).toEqual(['device-mapper: space map common', 'nvme', 'EXT4-fs', 'Buffer I/O error']);
  });

  it('counts one canonical line across the report, keeps the first occurrence, ignores quoted repeats', () => {
    const body = '[ 1.0] device-mapper: thin: 253:6: switching pool to read-only mode';
    const comments = ['> [ 1.0] device-mapper: thin: 253:6: switching pool to read-only mode', 'Again:\n[ 9.0] device-mapper: thin: 253:8: switching pool to read-only mode'];
    const [signature, ...rest] = signatures(body, comments);
    expect(rest).toEqual([]);
    expect(signature).toMatchObject({
      text: 'device-mapper: thin: 253:6: switching pool to read-only mode',
      canonical: 'device-mapper: thin: <DEV>: switching pool to read-only mode',
      count: 2,
      severity: 'error',
      evidence: { part: 'body', index: 0, line: 0, start: 0, quote: body },
    });
  });

  it.each([
    // informational lines are not signatures
    ['[ 1.0] EXT4-fs (sda1): mounted filesystem with ordered data mode. Opts: (null)', []],
    ['[ 1.0] device-mapper: thin: 253:4: reached low water mark for data device: sending event.', []],
    ['[ 1.0] XFS (sdc): Mounting V5 Filesystem', []],
    // warnings are kept as warnings
    ['[ 1.0] EXT4-fs warning (device sda1): ext4_dx_add_entry:2461: Directory (ino: 2) index full', ['warning']],
    ['[ 1.0] md/raid1:md0: Disk failure on sdb1, disabling device.', ['error']],
  ])('%s', (line, severities) => {
    expect(signatures(line).map((s) => s.severity)).toEqual(severities);
  });
});
