// Reading a report file: the size limit is enforced before or while reading (never after), and the
// bytes are decoded the way the file says (issue 12: /dev/zero, FIFOs, UTF-16, CR-only line ends,
// an empty path, a JSON array, an issue number of null).
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { decodeReportBytes, parseReportText, readBoundedFile, readReportFile, ReportFileError } from '../../src/cli/read-report-file.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ktriage-read-'));
const io = { stdin: Readable.from([]), cwd: dir };

describe('readBoundedFile', () => {
  it('refuses a regular file over the limit by its size, naming both', async () => {
    const file = path.join(dir, 'big.txt');
    writeFileSync(file, 'x'.repeat(5000));
    await expect(readBoundedFile(file, 'big.txt', 4096)).rejects.toThrow('cannot read big.txt: 5000 bytes is more than the 4096-byte limit for a report');
  });

  it('reads a file of exactly the limit', async () => {
    const file = path.join(dir, 'exact.txt');
    writeFileSync(file, 'y'.repeat(4096));
    expect((await readBoundedFile(file, 'exact.txt', 4096)).length).toBe(4096);
  });

  it('refuses an endless device once past the limit, without reading on (/dev/zero)', async () => {
    await expect(readBoundedFile('/dev/zero', '/dev/zero', 3 * 1024 * 1024)).rejects.toThrow('cannot read /dev/zero: it holds more than the 3145728-byte limit for a report');
  });

  it('reads a FIFO to its end, and refuses one that carries more than the limit', async () => {
    for (const [bytes, ok] of [[1000, true], [70_000, false]] as const) {
      const fifo = path.join(dir, `fifo-${bytes}`);
      await new Promise<void>((resolve, reject) => spawn('mkfifo', [fifo]).on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mkfifo: ${code}`)))));
      // A writer that stops when the reader goes away (SIGPIPE ends head quietly).
      const writer = spawn('sh', ['-c', `head -c ${bytes} /dev/zero > '${fifo}'`], { stdio: 'ignore' });
      const writerDone = new Promise((resolve) => writer.on('exit', resolve));
      const read = readBoundedFile(fifo, 'fifo', 65_536);
      if (ok) expect((await read).length).toBe(bytes);
      else await expect(read).rejects.toThrow('it holds more than the 65536-byte limit');
      await writerDone;
    }
  });

  it('names what is wrong with the path in words', async () => {
    await expect(readReportFile('', io)).rejects.toThrow('no report file named: the path is empty');
    await expect(readReportFile('nope.txt', io)).rejects.toThrow('cannot read nope.txt: no such file');
    await expect(readReportFile('.', io)).rejects.toThrow('cannot read .: it is a directory');
    await expect(readReportFile('nope.txt/x', io)).rejects.toThrow(ReportFileError);
  });
});

describe('decodeReportBytes', () => {
  const text = 'Linux 6.1.0 [  1.0] device-mapper: thin: λ\nsecond line';

  it('decodes UTF-16 by its byte-order mark, little and big endian', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    expect(decodeReportBytes(le)).toBe(text);
    expect(decodeReportBytes(be)).toBe(text);
  });

  it('drops a UTF-8 byte-order mark and reads UTF-8 without one', () => {
    expect(decodeReportBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toBe(text);
    expect(decodeReportBytes(Buffer.from(text))).toBe(text);
  });

  it('turns lone carriage returns into line feeds and keeps CRLF, offsets unchanged', () => {
    expect(decodeReportBytes(Buffer.from('a\rb\r\nc\r'))).toBe('a\nb\r\nc\n');
  });

  it('reads a UTF-16 file with CR-only line ends as lines', async () => {
    const file = path.join(dir, 'utf16.txt');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Subject: md raid1 hangs\r\rLinux version 6.1.0-17-amd64\r', 'utf16le')]));
    const { report } = await readReportFile('utf16.txt', io);
    expect(report.title).toBe('md raid1 hangs');
    expect(report.body.split('\n')).toEqual(['Subject: md raid1 hangs', '', 'Linux version 6.1.0-17-amd64', '']);
  });
});

describe('parseReportText: JSON that is not one report', () => {
  it('refuses a top-level JSON array instead of reading it as text', () => {
    expect(() => parseReportText('[{"number": 1, "title": "x"}]', 'issues.json')).toThrow("issues.json: a JSON array, not one report; give one Bugzilla bug or GitHub issue per file (e.g. jq '.[0]')");
  });

  it('refuses an issue whose number is null or not a positive integer', () => {
    expect(() => parseReportText('{"number": null, "title": "t", "body": ""}', 'i.json')).toThrow('i.json: "number" must be a positive integer, not null');
    expect(() => parseReportText('{"issue": {"number": "7", "title": "t"}}', 'i.json')).toThrow('i.json: issue."number" must be a positive integer, not "7"');
    expect(() => parseReportText('{"issue": {"title": "t"}}', 'i.json')).toThrow('issue."number" must be a positive integer, not missing');
  });
});

describe('decodeReportBytes and terminal colours', () => {
  it('removes the colour codes of a log saved with `dmesg --color=always`', () => {
    const line = '\u001b[32m[    1.0] \u001b[0m\u001b[33mdevice-mapper: space map common: \u001b[0munable to decrement a reference count below 0\n';
    expect(decodeReportBytes(Buffer.from(line))).toBe('[    1.0] device-mapper: space map common: unable to decrement a reference count below 0\n');
  });
});

describe('UTF-16 without a byte-order mark, and files that are not text', () => {
  const log = 'Linux version 6.1.0-17-amd64\n[    1.0] device-mapper: thin: 253:6: switching pool to read-only mode\n';

  it('recognises UTF-16 without its mark by the NUL bytes of ASCII text, little and big endian', () => {
    const le = Buffer.from(log, 'utf16le');
    const be = Buffer.from(le);
    be.swap16();
    expect(decodeReportBytes(le)).toBe(log);
    expect(decodeReportBytes(be)).toBe(log);
  });

  it('does not take short or mixed UTF-8 for UTF-16', () => {
    for (const text of ['a', 'ab', 'a\u0000bc', 'λx', log]) expect(decodeReportBytes(Buffer.from(text))).toBe(text);
  });

  it('refuses a binary (an ELF header), from a file and from stdin, in one line', async () => {
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]), Buffer.from('rest')]);
    writeFileSync(path.join(dir, 'ls'), elf);
    await expect(readReportFile('ls', io)).rejects.toThrow('cannot read ls: it is not a text file (a NUL byte at character 8); name a text or JSON report, or decompress it first');
    await expect(readReportFile('-', { ...io, stdin: Readable.from([elf]) })).rejects.toThrow('cannot read stdin: it is not a text file');
  });

  it('triages a UTF-16 file without its mark like the UTF-8 one', async () => {
    writeFileSync(path.join(dir, 'nobom16.txt'), Buffer.from(log, 'utf16le'));
    writeFileSync(path.join(dir, 'utf8.txt'), log);
    expect((await readReportFile('nobom16.txt', io)).report.body).toBe((await readReportFile('utf8.txt', io)).report.body);
  });
});
