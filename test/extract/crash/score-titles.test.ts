import { parseCorpusFile, scoreTitles, summarizeScores } from '../../../src/extract/crash/score-titles.js';

const WARNING_LOG = [
  '[  1.000001] WARNING: CPU: 1 PID: 6181 at fs/buffer.c:1183 mark_buffer_dirty+0x299/0x3f0',
  '[  1.000002] RIP: 0010:mark_buffer_dirty+0x299/0x3f0',
  '[  1.000003] Call Trace:',
  '[  1.000004]  bfs_get_block+0x1a/0x30',
  '[  1.000005]  do_writepages+0x21/0x50',
  '[  1.000006]  kthread+0xd1/0xe0',
].join('\n');

describe('parseCorpusFile', () => {
  it('reads the header block and the log', () => {
    const item = parseCorpusFile('a', `TITLE: WARNING in foo\nALT: bar\nALT: baz\nTYPE: WARNING\nFRAME: foo\nCORRUPTED: Y\n\n${WARNING_LOG}`);
    expect(item.expected).toEqual({ title: 'WARNING in foo', alt: ['bar', 'baz'], type: 'WARNING', frame: 'foo', corrupted: true });
    expect(item.log).toBe(WARNING_LOG);
  });

  it.each([
    ['a file starting with a blank line', `\n${WARNING_LOG}`],
    ['an empty TITLE', `TITLE: \n\n${WARNING_LOG}`],
  ])('expects no crash from %s', (_name, content) => {
    const item = parseCorpusFile('b', content);
    expect(item.expected).toBeNull();
    expect(item.log).toBe(WARNING_LOG);
  });
});

describe('scoreTitles', () => {
  const cases = [
    parseCorpusFile('match', `TITLE: WARNING in mark_buffer_dirty\nTYPE: WARNING\n\n${WARNING_LOG}`),
    parseCorpusFile('wrong', `TITLE: WARNING in bfs_get_block\nTYPE: WARNING\nCORRUPTED: Y\n\n${WARNING_LOG}`),
    parseCorpusFile('quiet', '\n[  1.0] nothing to see'),
    parseCorpusFile('false-alarm', `\n${WARNING_LOG}`),
  ];
  const scores = scoreTitles(cases);

  it('counts each category on its own', () => {
    expect(scores).toMatchObject({
      files: 4,
      cleanMatched: 1,
      cleanTotal: 1,
      corruptedMatched: 0,
      corruptedTotal: 1,
      noCrashMatched: 1,
      noCrashTotal: 2,
      corruptedFlagAgreed: 1,
      typeAgreed: 2,
      crashTotal: 2,
    });
  });

  it('lists every mismatch with what was expected and what came out', () => {
    expect(scores.mismatches.filter((m) => m.field === 'title')).toEqual([
      { name: 'wrong', field: 'title', expected: 'WARNING in bfs_get_block', got: 'WARNING in mark_buffer_dirty' },
      { name: 'false-alarm', field: 'title', expected: '(no crash)', got: 'WARNING in mark_buffer_dirty' },
    ]);
    expect(scores.mismatches.filter((m) => m.field === 'corrupted').map((m) => m.name)).toEqual(['wrong']);
  });

  it('summarises as percentages', () => {
    expect(summarizeScores(scores)).toMatchObject({ clean: 100, corrupted: 0, noCrash: 50, corruptedFlag: 50, type: 100 });
  });
});
