import fc from 'fast-check';
import type { BugReport, Evidence } from '../../src/model.js';
import { triage } from '../../src/triage.js';
import { fixtureRules } from './support.js';

/** Lines a report may hold: rule signatures, look-alikes, versions, facts, junk. */
const line = fc.oneof(
  fc.constantFrom(
    '[101754.726823] device-mapper: space map common: unable to decrement a reference count below 0',
    '[101754.735191] device-mapper: thin: 253:6: dm_thin_insert_block() failed: error = -22',
    '[ 1.0] device-mapper: thin: 253:7: switching pool to read-only mode',
    '[1.0] device-mapper: space map common: unable to increment a reference count below 0',
    '[ 301.1] nvme nvme0: I/O 123 QID 4 timeout, aborting',
    'We run 3.12.6 on a thin pool.',
    'uname -r: 5.15.0-91-generic',
    'We never resized the metadata.',
    'there is no thin pool here',
    '> Did you resize the metadata device?',
    'No.',
    '```',
    '[ 5.000000] WARNING: CPU: 1 PID: 4242 at drivers/md/persistent-data/dm-space-map-common.c:500 dec_ref_count+0x6c/0x80',
    '[ 5.000003] Call Trace:',
  ),
  fc.string({ maxLength: 60 }),
);
const text = fc.array(line, { maxLength: 12 }).map((lines) => lines.join('\n'));

const report = fc.record({
  title: fc.string({ maxLength: 40 }),
  body: text,
  comments: fc.array(fc.record({ text, isBot: fc.boolean(), isReporter: fc.boolean() }), { maxLength: 3 }),
}).map(
  ({ title, body, comments }): BugReport => ({
    source: 'github',
    id: 'o/r#1',
    url: null,
    title,
    body,
    comments: comments.map((c) => ({ author: 'a', time: null, ...c })),
    attachments: [],
    fields: {},
  }),
);

/** The text an evidence record points into. */
function partText(r: BugReport, evidence: Evidence): string {
  if (evidence.part === 'title') return r.title;
  if (evidence.part === 'body') return r.body;
  if (evidence.part === 'comment') return r.comments[evidence.index]?.text ?? '';
  return r.attachments[evidence.index]?.text ?? '';
}

describe('triage (properties)', () => {
  it('never throws, and every plan keeps its invariants', () => {
    fc.assert(
      fc.property(report, (r) => {
        const plan = triage(r, fixtureRules());
        // The verdict is the best match's, or no-match when there is none.
        expect(plan.verdict).toBe(plan.matches[0]?.verdict ?? 'no-match');
        // Confident matches come before possible ones, each group by score.
        const confident = plan.matches.map((m) => m.verdict !== 'possible-match');
        expect([...confident].sort((a, b) => Number(b) - Number(a))).toEqual(confident);
        for (const match of plan.matches) {
          expect(match.confidence).toBeGreaterThan(0);
          expect(match.confidence).toBeLessThanOrEqual(1);
          if (match.verdict === 'possible-match') expect(match.confidence).toBeLessThanOrEqual(0.5);
          // Evidence points into the report, at the quoted text, and never into a bot comment.
          for (const evidence of match.evidence) {
            if (evidence.part === 'comment') expect(r.comments[evidence.index]?.isBot).toBe(false);
            const source = partText(r, evidence);
            expect(evidence.start).toBeGreaterThanOrEqual(0);
            expect(evidence.end).toBeLessThanOrEqual(source.length);
          }
        }
        // Labels sorted and unique; needs-info exactly when questions remain.
        expect(plan.labels).toEqual([...new Set(plan.labels)].sort());
        expect(plan.labels.includes('needs-info')).toBe(plan.questions.length > 0);
        expect(new Set(plan.questions).size).toBe(plan.questions.length);
        expect(plan.fingerprint).toMatch(/^[0-9a-f]{16}$/);
        // Deterministic.
        expect(triage(r, fixtureRules()).fingerprint).toBe(plan.fingerprint);
      }),
      { numRuns: 150 },
    );
  });
});
