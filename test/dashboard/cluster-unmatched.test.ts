import { clusterUnmatched } from '../../src/dashboard/index.js';
import type { ReportRow } from '../../src/store/index.js';
import { unmatched } from '../store/decision-fixtures.js';

const row = (n: number, overrides: Partial<ReportRow> = {}): ReportRow => ({ ...unmatched(`https://bugzilla.example.org/show_bug.cgi?id=${n}`, { decidedAt: `2026-11-${String(n).padStart(2, '0')}T00:00:00.000Z`, excerpt: '' }), feedback: [], wrongRules: [], ...overrides });

describe('clusterUnmatched', () => {
  it('groups by crash title first, then key lines, then frames; largest first, newest report first', () => {
    const clusters = clusterUnmatched([
      row(1, { crashTitle: 'WARNING in foo', keyLines: ['x'], frames: ['a'] }),
      row(2, { keyLines: ['EXT4-fs error (device <dev>): y'] }),
      row(3, { crashTitle: 'WARNING in foo' }),
      row(4, { frames: ['f', 'g', 'h', 'i'] }),
      row(5, { frames: ['f', 'g', 'h', 'other'] }), // only the top three frames are the key
      row(6, { keyLines: ['EXT4-fs error (device <dev>): y'] }),
      row(7, { crashTitle: 'WARNING in foo' }),
    ]);
    expect(clusters.map((c) => [c.kind, c.label, c.reports.map((r) => r.report.slice(-1))])).toEqual([
      ['crash', 'WARNING in foo', ['7', '3', '1']],
      // two of two: the one with the newer report first
      ['lines', 'EXT4-fs error (device <dev>): y', ['6', '2']],
      ['frames', 'f < g < h', ['5', '4']],
    ]);
  });

  it('groups reports without a log by text similarity (TF-IDF of stems), unrelated texts apart', () => {
    const clusters = clusterUnmatched([
      row(1, { title: 'RAID 10 reshape is stuck', excerpt: 'mdadm reshape of the raid10 array stuck at 0 percent, md0 reshape never progresses' }),
      row(2, { title: 'nvme controller timeout', excerpt: 'the nvme controller times out and resets, namespace I/O errors' }),
      row(3, { title: 'raid10 reshaping hangs', excerpt: 'reshaping raid10 with mdadm: the reshape hangs at 0 percent on md0' }),
      row(4, { title: '', excerpt: 'printer is out of paper' }),
    ]);
    expect(clusters.map((c) => [c.kind, c.reports.map((r) => r.report.slice(-1)).sort()])).toEqual([
      ['text', ['1', '3']],
      ['text', ['4']],
      ['text', ['2']],
    ]);
    expect(clusters[0]!.label).toBe('similar to: RAID 10 reshape is stuck');
    expect(clusters[1]!.label).toMatch(/^words: /);
  });

  it('answers no cluster for no report', () => {
    expect(clusterUnmatched([])).toEqual([]);
  });
});
