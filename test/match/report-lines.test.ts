import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { extractFacts, extractFactsAndLines, readLogLines } from '../../src/extract/index.js';
import { otherReportLines, reportLines, signatureLines } from '../../src/match/index.js';
import type { BugReport, Evidence } from '../../src/model.js';
import { SEED_REPORT } from '../support/fixture-path.js';
import { fixtureRuleSet, REPO_ROOT } from '../triage/support.js';

const REFCOUNT = '[101754.726823] device-mapper: space map common: unable to decrement a reference count below 0';
const INFO = '[101754.700001] device-mapper: thin: 253:4: reached low water mark for data device: sending event.';

function report(parts: Partial<BugReport>): BugReport {
  return { source: 'file', id: 't', url: null, title: '', body: '', comments: [], attachments: [], fields: {}, ...parts };
}

/** The quoted text at an evidence's place: what a reader of the report would find there. */
function textAt(r: BugReport, e: Evidence): string {
  const part = e.part === 'title' ? r.title : e.part === 'body' ? r.body : e.part === 'comment' ? r.comments[e.index]!.text : r.attachments[e.index]!.text!;
  return part.slice(e.start, e.end);
}

describe('extractFactsAndLines', () => {
  const vocabulary = fixtureRuleSet().facts;

  it('gives exactly the facts extractFacts gives, for the seed report', () => {
    const seed = report({ body: readFileSync(SEED_REPORT, 'utf8') });
    expect(extractFactsAndLines(seed, vocabulary).facts).toEqual(extractFacts(seed, vocabulary));
  });

  it('returns the log lines of every part in report order, quoted ones included, bot comments left out', () => {
    const r = report({
      title: 'EXT4-fs error (device sda1): htree_dirblock_to_tree', // a bare message: extraction ignores it in a title
      body: `${INFO}\n> ${REFCOUNT}`,
      attachments: [{ name: 'dmesg.txt', contentType: 'text/plain', text: REFCOUNT }, { name: 'x.bin', contentType: 'application/octet-stream', text: null }],
      comments: [
        { author: 'bot', time: null, text: REFCOUNT, isBot: true, isReporter: false },
        { author: 'me', time: null, text: `Again:\n${INFO}`, isBot: false, isReporter: true },
      ],
    });
    const { lines } = extractFactsAndLines(r, vocabulary);
    expect(lines.map((p) => [p.part, p.index, p.logLines.map((l) => [l.line, l.quoteDepth, l.message])])).toEqual([
      ['title', 0, [[0, 0, 'EXT4-fs error (device sda1): htree_dirblock_to_tree']]],
      ['body', 0, [[0, 0, INFO.slice(16)], [1, 1, REFCOUNT.slice(16)]]],
      ['attachment', 0, [[0, 0, REFCOUNT.slice(16)]]],
      ['comment', 1, [[1, 0, INFO.slice(16)]]],
    ]);
  });

  it('reads each part the way readLogLines reads it alone (property: random log-ish text)', () => {
    const line = fc.oneof(fc.constant(REFCOUNT), fc.constant(INFO), fc.constant('> quoted prose'), fc.constant('```'), fc.string({ maxLength: 40 }));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.array(line, { maxLength: 6 }), (bodyLines, commentLines) => {
        const r = report({ body: bodyLines.join('\n'), comments: [{ author: 'me', time: null, text: commentLines.join('\n'), isBot: false, isReporter: true }] });
        const { lines } = extractFactsAndLines(r, vocabulary);
        expect(lines.find((p) => p.part === 'body')!.logLines).toEqual(readLogLines(r.body));
        expect(lines.find((p) => p.part === 'comment')!.logLines).toEqual(readLogLines(r.comments[0]!.text));
      }),
      { numRuns: 200 },
    );
  });
});

describe('reportLines', () => {
  const vocabulary = fixtureRuleSet().facts;

  it('puts the error signatures first, then each other distinct canonical line once, with evidence into its part', () => {
    const r = report({
      body: `${INFO}\n${REFCOUNT}\n${INFO.replace('253:4', '253:9')}`,
      comments: [{ author: 'me', time: null, text: `[ 5.0] usb 1-1: new high-speed USB device number 3 using xhci_hcd\n${REFCOUNT}`, isBot: false, isReporter: true }],
    });
    const { facts, lines } = extractFactsAndLines(r, vocabulary);
    const all = reportLines(facts, lines);
    const known = signatureLines(facts);
    expect(all.slice(0, known.length)).toEqual(known);
    expect(known.map((l) => l.text)).toEqual([REFCOUNT.slice(16)]);
    // 253:4 and 253:9 share a canonical form: one entry, the first; the refcount line is already known.
    expect(otherReportLines(lines, known).map((l) => [l.evidence.part, l.evidence.line, l.canonical])).toEqual([
      ['body', 0, 'device-mapper: thin: <DEV>: reached low water mark for data device: sending event.'],
      ['comment', 0, 'usb <N>-<N>: new high-speed USB device number <N> using xhci_hcd'],
    ]);
    for (const line of all) expect(textAt(r, line.evidence)).toBe(line.evidence.quote);
    expect(all.map((l) => l.order)).toEqual([...all.map((l) => l.order)].sort((a, b) => a - b));
  });

  it('adds the informational lines of the examples folder seed after its error signatures', () => {
    const seed = report({ body: readFileSync(path.join(REPO_ROOT, 'examples/bugzilla-68801.txt'), 'utf8') });
    const { facts, lines } = extractFactsAndLines(seed, vocabulary);
    expect(reportLines(facts, lines).length).toBeGreaterThan(signatureLines(facts).length);
  });
});
