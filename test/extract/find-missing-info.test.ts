import { extractFacts } from '../../src/extract/index.js';
import { readFactVocabulary } from '../../src/io/read-fact-vocabulary.js';
import type { FactDefinition } from '../../src/model.js';
import { makeReport } from './report-builder.js';

let vocabulary: FactDefinition[];
beforeAll(async () => {
  vocabulary = await readFactVocabulary();
});

const missing = (body: string): string[] => extractFacts(makeReport(body), vocabulary).missing;

describe('missing information', () => {
  it('lists all four for a report that says nothing', () => {
    expect(missing('My disk is broken, please help.')).toEqual(['configuration', 'kernel-log', 'kernel-version', 'reproduction-steps']);
  });

  it.each([
    ['kernel-version', 'Kernel: 6.1.0-13-amd64'],
    ['kernel-log', '[  1.0] md/raid1:md0: Disk failure on sdb1, disabling device.'],
    ['configuration', 'The filesystem is xfs.'],
    ['reproduction-steps', 'Steps to reproduce:\n1. create a pool\n2. fill it'],
    ['reproduction-steps', '```\n# lvcreate -T vg/pool -L 1G\n# fio --name=x --filename=/dev/vg/thin\n```'],
  ])('does not list %s when the report has it', (item, body) => {
    expect(missing(body)).not.toContain(item);
  });

  it('does not take "a reproducer would help" for reproduction steps', () => {
    expect(missing('This bug is not giving us much to go on in terms of a reproducer.')).toContain('reproduction-steps');
  });
});
