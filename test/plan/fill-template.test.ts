import { fillTemplate } from '../../src/plan/index.js';
import type { Facts } from '../../src/model.js';
import type { FixedIn } from '../../src/rules/index.js';
import { factsWith, runningKernel } from '../support/facts-with.js';

const EVIDENCE = { part: 'body' as const, index: 0, line: 0, start: 0, end: 1, quote: 'x' };

function facts(running: string | null, config: Record<string, string | boolean> = {}): Facts {
  return factsWith({
    kernel: { ...runningKernel(running, EVIDENCE), failing: [] },
    config: Object.fromEntries(Object.entries(config).map(([id, value]) => [id, { value, evidence: EVIDENCE, confidence: 1, history: [{ value, evidence: EVIDENCE, confidence: 1 }] }])),
  });
}

const FIXED: FixedIn = { mainline: '3.14-rc6', stable: ['3.13.7', '3.12.15'], distro: {} };
const FIX = [{ sha: 'cebc2de44d3bce53e46476e774126c298ca2c8a9', subject: 'dm space map metadata: fix refcount decrement below 0 which caused corruption', repo: null }];

describe('fillTemplate', () => {
  it.each<[string, string | null, Record<string, string | boolean>, FixedIn | null, string]>([
    // the reporter's kernel, in a code span (it is report text)
    ['{{running}}', '3.12.6', {}, FIXED, '`3.12.6`'],
    // unknown kernel: words, not a hole
    ['{{running}}', null, {}, FIXED, 'your kernel'],
    // the backport for the reporter's series
    ['{{fixed_for_running}}', '3.12.6', {}, FIXED, '3.12.15'],
    // no backport for the series: the mainline release
    ['{{fixed_for_running}}', '3.11.10', {}, FIXED, '3.14'],
    // nothing listed at all
    ['{{fixed_for_running}}', '3.11.10', {}, null, 'a kernel with the fix'],
    ['{{fixed_mainline}} / {{fixed_stable}}', null, {}, FIXED, '3.14-rc6 / 3.13.7, 3.12.15'],
    ['{{fixed_stable}}', null, {}, { mainline: '3.14', stable: [], distro: {} }, 'no stable backport listed'],
    // the 12-digit sha kernel developers quote, and the subject
    ['{{fix_commit}} ("{{fix_subject}}")', null, {}, FIXED, 'cebc2de44d3b ("dm space map metadata: fix refcount decrement below 0 which caused corruption")'],
    // fact values are report text: code spans
    ['on {{fact.filesystem}}', null, { filesystem: 'ext4' }, FIXED, 'on `ext4`'],
    ['{{ fact.discards }}', null, {}, FIXED, 'unknown'],
    // an unknown name is left as written (lint refuses it before it gets here)
    ['{{nope}}', null, {}, FIXED, '{{nope}}'],
  ])('%s (running %s) -> %s', (template, running, config, fixed, expected) => {
    expect(fillTemplate(template, { facts: facts(running, config), fixed, fix: FIX })).toBe(expected);
  });
});
