import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BugReport } from '../../src/model.js';
import { parseRuleFiles } from '../../src/rules/index.js';
import { triage } from '../../src/triage.js';

// A class of report the blind rules showed (issue 11): a USB serial adapter's probe messages pasted
// without timestamps (`dmesg --notime`, `journalctl -k -o cat`, a forum post). The rule written from
// the fix commit alone (test/fixtures/blind-rules/usb.yml: the pl2303 HXN types) quotes the line the
// driver prints; the report must still give it the line, however it was carried. Synthetic reports
// in the shapes such reports have (the bus address and product id are made up).
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const rules = parseRuleFiles(['rules/facts.yml', 'test/fixtures/blind-rules/usb.yml'].map((path) => ({ path, text: readFileSync(`${REPO}${path}`, 'utf8') })));

const report = (body: string): BugReport => ({ source: 'file', id: 'pl2303.txt', url: null, title: 'PL2303GT adapter not working on 5.18.3', body, comments: [], attachments: [], fields: {} });

const LINES = [
  'usb 1-1.2: new full-speed USB device number 7 using xhci_hcd',
  'usb 1-1.2: New USB device found, idVendor=067b, idProduct=23c3, bcdDevice= 4.05',
  'pl2303 1-1.2:1.0: unknown device type, please report to linux-usb@vger.kernel.org',
  'pl2303: probe of 1-1.2:1.0 failed with error -19',
];

describe('a USB driver probe message pasted without timestamps', () => {
  it.each([
    ['bare lines', `My new adapter is not detected:\n\n${LINES.join('\n')}\n`],
    ['bare lines wrapped at 72 columns', `My new adapter is not detected:\n\n${LINES.join('\n').replace('please report to linux-usb', 'please report to\nlinux-usb')}\n`],
    ['journalctl -k -o cat inside a fence', `My new adapter is not detected:\n\n\`\`\`\n${LINES.join('\n')}\n\`\`\`\n`],
  ])('%s: the rule written from the fix names it, with the fix status of the stated kernel', (_name, body) => {
    expect(rules.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const plan = triage(report(body), rules.ruleSet);
    expect(plan.matches[0]?.ruleId).toBe('blind-pl2303-unknown-hxn-type');
    expect(plan.verdict).toBe('known-bug-fix-available');
  });

  it('prose about the adapter alone is no known bug (at most an offer by description)', () => {
    const plan = triage(report('My pl2303 adapter (a cheap one) is not detected; usb 1-1.2 shows nothing.'), rules.ruleSet);
    expect(plan.verdict).not.toMatch(/^known-bug/);
  });
});
