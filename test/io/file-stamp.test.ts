import { mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { matchesStamp, stampOf } from '../../src/io/file-stamp.js';

describe('file stamps: a built form knows whether its source changed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ktriage-stamp-'));
  const file = join(dir, 'source.tsv');
  const stampNow = () => stampOf(readFileSync(file), statSync(file));

  it('holds for the file it was taken of', () => {
    writeFileSync(file, 'alpha\n');
    expect(matchesStamp(file, stampNow())).toBe(true);
  });

  it('holds for a file touched but not changed (same content, another mtime)', () => {
    writeFileSync(file, 'alpha\n');
    const stamp = stampNow();
    utimesSync(file, new Date(2000, 0, 1), new Date(2000, 0, 1));
    expect(statSync(file).mtimeMs).not.toBe(stamp.mtimeMs);
    expect(matchesStamp(file, stamp)).toBe(true);
  });

  it('fails for an edit of the same size and for an edit of another size', () => {
    writeFileSync(file, 'alpha\n');
    const stamp = stampNow();
    writeFileSync(file, 'omega\n');
    utimesSync(file, new Date(2001, 0, 1), new Date(2001, 0, 1));
    expect(matchesStamp(file, stamp)).toBe(false);
    writeFileSync(file, 'alpha and more\n');
    expect(matchesStamp(file, stamp)).toBe(false);
  });

  it('throws when the source is gone (the caller decides what that means)', () => {
    expect(() => matchesStamp(join(dir, 'missing.tsv'), { size: 1, mtimeMs: 0, sha256: '' })).toThrow();
  });
});
