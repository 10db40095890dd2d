import { readLvsTables } from '../../src/extract/read-lvs-table.js';
import { splitLines } from '../../src/extract/split-lines.js';

const SEED = [
  '  LV                  VG    Attr      LSize   Pool     Origin           Data%  Move Log Copy%  Convert',
  '  mysql               data  Vwi-aotz-  70.00g thinpool                   74.44                        ',
  '  mysql-1389783211    data  Vwi-a-tz-  70.00g thinpool mysql             74.38                        ',
  '  mysql-1389783211.t7 data  Vwi-aotz-  70.00g thinpool mysql-1389783211  74.38                        ',
  '  thinpool            data  twi-a-tz- 100.00g                            57.16                      ',
].join('\n');

describe('readLvsTables', () => {
  it('assigns Pool and Origin by column position, empty cells included (the seed\'s 9-character Attr)', () => {
    const [table] = readLvsTables(splitLines(SEED));
    expect(table!.rows.map((r) => [r.lv, r.pool, r.origin])).toEqual([
      ['mysql', 'thinpool', null],
      ['mysql-1389783211', 'thinpool', 'mysql'],
      ['mysql-1389783211.t7', 'thinpool', 'mysql-1389783211'],
      ['thinpool', null, null],
    ]);
    expect(table!.thinPools.map((r) => r.lv)).toEqual(['thinpool']);
    expect(table!.thinVolumes).toHaveLength(3);
    expect(table!.snapshotsOfSnapshots.map((r) => r.lv)).toEqual(['mysql-1389783211.t7']);
    expect(table!.snapshotsOfSnapshots[0]!.source.line).toBe(3);
  });

  it('reads `lvs -a` with hidden volumes in brackets and a one-level snapshot as no chain', () => {
    const text = [
      '  LV              VG  Attr       LSize   Pool  Origin    Data%  Meta%',
      '  [lvol0_pmspare] vg1 ewi-------  64.00m',
      '  base            vg1 Vwi-aotz--  50.00g tpool           41.77',
      '  nightly-1       vg1 Vwi---tz-k  50.00g tpool base',
      '  tpool           vg1 twi-aotz-- 200.00g                 38.02  12.40',
    ].join('\n');
    const [table] = readLvsTables(splitLines(text));
    expect(table!.rows.map((r) => r.lv)).toEqual(['lvol0_pmspare', 'base', 'nightly-1', 'tpool']);
    expect(table!.snapshotsOfSnapshots).toEqual([]);
  });

  it('stops at the first line that is not a row, and finds nothing without a header', () => {
    expect(readLvsTables(splitLines(`${SEED}\n\n - mysql is the source LV`))[0]!.rows).toHaveLength(4);
    expect(readLvsTables(splitLines(SEED.split('\n').slice(1).join('\n')))).toEqual([]);
  });
});
