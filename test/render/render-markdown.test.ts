import fc from 'fast-check';
import type { TriagePlan } from '../../src/model.js';
import { COMMENT_MARKER, EXPLAIN_MARKER, GITHUB_COMMENT_LIMIT, renderExplain, renderMarkdown, renderPlainText } from '../../src/render/index.js';
import { explainPlan } from '../../src/plan/index.js';
import { triage } from '../../src/triage.js';
import { fixtureRules, textReport } from '../triage/support.js';
import { fencedBlocks, stripCode } from './markdown-code.js';

const REFCOUNT = '[101754.726823] device-mapper: space map common: unable to decrement a reference count below 0';

/** The HTML ktriage itself writes; anything else in the prose came from somewhere it should not. */
const OWN_HTML = /<!-- ktriage(?::explain)? -->|<\/?details>|<\/?summary>|<\/?sub>/g;

const hostileText = fc
  .array(
    fc.oneof(
      fc.constantFrom('@octocat', '@org/team', '#123', 'owner/repo#7', 'GH-42', '<script>alert(1)</script>', '<img src=x>', '</details>', '```', '````', '`', '~~~', '\n', '> ', '- ', '[x](javascript:alert(1))', '&#60;b&#62;', '\u0000', 'ext4', '3.12.6'),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 20 },
  )
  .map((parts) => parts.join(''));

/** Check the invariants of a posted comment: no mention, reference or foreign HTML outside code, every fence closed. */
function expectSafe(markdown: string): void {
  const prose = stripCode(markdown).replace(/https?:\/\/[^\s<>`\\)]+/g, '');
  expect(prose).not.toMatch(/@[A-Za-z0-9_-]/);
  expect(prose).not.toMatch(/#\d/);
  expect(prose.replace(OWN_HTML, '')).not.toMatch(/<[A-Za-z!/?]/);
  for (const block of fencedBlocks(markdown)) {
    for (const line of block.lines) expect(line.trim().startsWith(block.fence)).toBe(false);
  }
  expect(markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
}

describe('renderMarkdown', () => {
  const plan = triage(textReport(`We run 3.12.6 on a thin pool.\n${REFCOUNT}\n`), fixtureRules());
  const markdown = renderMarkdown(plan);

  it('starts with the hidden marker and states the verdict, the kernel and the fix with its git.kernel.org link', () => {
    expect(markdown.startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
    expect(markdown).toContain('### ktriage: Known bug: your kernel lacks the fix');
    expect(markdown).toContain('**Your kernel:** `3.12.6`, lacks the fix: 3.12.6 predates the 3.12.15 backport.');
    expect(markdown).toContain('[`cebc2de44d3b`](https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=cebc2de44d3bce53e46476e774126c298ca2c8a9)');
  });

  it('quotes the evidence in a code block inside a collapsible section', () => {
    expect(markdown).toMatch(/<details><summary>Evidence for refcount-below-zero \(1 line\)<\/summary>\n\nFrom the description, line 2:\n\n```\n\[101754\.726823\] device-mapper: space map common: unable to decrement a reference count below 0\n```\n\n<\/details>/);
  });

  it('lists next steps and questions', () => {
    expect(markdown).toContain('**Next steps**\n\n1. Upgrade `3.12.6` to 3.12.15 or later');
    expect(markdown).toContain('**Questions**\n\n- Did you resize the thin-pool metadata device?');
  });

  it('never lets report text mention, reference, inject HTML or break a fence (property)', () => {
    fc.assert(
      fc.property(hostileText, hostileText, hostileText, (title, prose, tail) => {
        const report = textReport(`${prose}\nWe run 3.12.6 on a thin pool. ${prose}\n${REFCOUNT} ${tail}\n${tail}\n`, [prose], { title });
        const hostilePlan = triage(report, fixtureRules());
        expectSafe(renderMarkdown(hostilePlan));
        expectSafe(renderExplain(explainPlan(hostilePlan, fixtureRules())));
      }),
      { numRuns: Number(process.env.KTRIAGE_PROPERTY_RUNS ?? 60) },
    );
  });

  it('stays under the size limit with huge evidence, keeping the marker and the verdict', () => {
    const huge = `${REFCOUNT} ${'x'.repeat(5000)}`;
    const big: TriagePlan = { ...plan, matches: Array.from({ length: 10 }, (_, i) => ({ ...plan.matches[0]!, ruleId: `rule-${i}`, evidence: Array.from({ length: 20 }, () => ({ ...plan.matches[0]!.evidence[0]!, quote: huge })) })) };
    for (const maxLength of [GITHUB_COMMENT_LIMIT, 5000]) {
      const out = renderMarkdown(big, { maxLength });
      expect(out.length).toBeLessThanOrEqual(maxLength);
      expect(out.startsWith(COMMENT_MARKER)).toBe(true);
      expect(out).toContain('### ktriage: Known bug: your kernel lacks the fix');
      expectSafe(out);
    }
  });

  it('names no match plainly, with the playbook steps', () => {
    const none = renderMarkdown(triage(textReport('My laptop is slow.'), fixtureRules()));
    expect(none).toContain('### ktriage: No known bug matched');
    expect(none).toContain('None of the known-bug rules matched this report (no kernel version found, 0 error lines found).');
  });
});

describe('renderPlainText', () => {
  const plan = triage(textReport(`We run 3.12.6 on a thin pool.\n${REFCOUNT}\n`), fixtureRules());

  it('is plain text for Bugzilla: no Markdown headings, HTML or fences; evidence indented; commit URL given', () => {
    const text = renderPlainText(triage(textReport(`We run 3.12.6 on a thin pool.\n${REFCOUNT}\n`), fixtureRules()));
    expect(text.split('\n')[0]).toBe('ktriage: Known bug: your kernel lacks the fix');
    expect(text).not.toMatch(/<details>|```|^#{1,6} |\*\*/m);
    expect(text).toContain(`    ${REFCOUNT}`);
    expect(text).toContain('https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=cebc2de44d3bce53e46476e774126c298ca2c8a9');
    expect(text).toContain('Questions:\n- Did you resize the thin-pool metadata device?');
  });

  it('says "may match" for a possible match, as the Markdown comment does', () => {
    const possible = triage(textReport('We run 3.12.6.\n[1.0] device-mapper: space map common: unable to increment a reference count below 0\n'), fixtureRules());
    expect(possible.verdict).toBe('possible-match');
    expect(renderPlainText(possible)).toContain('\n\nWhy it may match:\n- near miss');
    expect(renderPlainText(plan)).toContain('\n\nWhy it matched:\n- log signature');
  });

  it('drops control characters from report text', () => {
    const text = renderPlainText(triage(textReport(`We run 3.12.6 on a thin pool.\n${REFCOUNT} \u0000\u001b[31m\u202E\n`), fixtureRules()));
    for (const control of ['\u0000', '\u001b', '\u202E']) expect(text.includes(control)).toBe(false);
  });
});

describe('renderExplain', () => {
  it('shows the facts found and why each touched rule matched or not', () => {
    const plan = triage(textReport(`We run 5.12.3, there is no thin pool here.\n${REFCOUNT}\n[ 301.1] nvme nvme1: I/O 7 QID 2 timeout, reset controller\n`), fixtureRules());
    const out = renderExplain(explainPlan(plan, fixtureRules()));
    expect(out.startsWith(EXPLAIN_MARKER)).toBe(true);
    expect(out).toContain('- running kernel: `5.12.3`');
    expect(out).toContain('thin_pool = `false`');
    expect(out).toContain('`refcount-below-zero` — dm space map: reference count decremented below 0: **excluded by a condition**');
    expect(out).toContain('condition thin_pool = true: contradicted (report: `false`)');
    expect(out).toMatch(/`nvme-timeout-regex` — .*\*\*matched, rank 1\*\*/);
    expect(out).toContain('regex signature');
    expect(out).toMatch(/3 other rules did not match/);
  });

  it('stays under the size limit with enormous report lines', () => {
    const long = Array.from({ length: 40 }, (_, i) => `[ ${i}.0] device-mapper: thin: 253:${i}: metadata operation failed: ${'x'.repeat(20_000)} error = -5`).join('\n');
    const plan = triage(textReport(`We run 3.12.6 on a thin pool.\n${REFCOUNT} ${'y'.repeat(200_000)}\n${long}\n`), fixtureRules());
    expectSafe(renderExplain(explainPlan(plan, fixtureRules())));
    expectSafe(renderMarkdown(plan));
  });

  it('names the playbooks chosen when nothing matched confidently', () => {
    const plan = triage(textReport(`We run 3.12.6, there is no thin pool here.\n${REFCOUNT}\n`), fixtureRules());
    const out = renderExplain(explainPlan(plan, fixtureRules()));
    expect(out).toContain('`dm-thin`: a report line starts with "device-mapper: space map"');
  });
});

describe('a tie and a fix known by subject only', () => {
  const base = triage(textReport(`We run 3.12.6 on a thin pool.\n${REFCOUNT}\n`), fixtureRules());
  const top = base.matches[0]!;
  const plan: TriagePlan = {
    ...base,
    matches: [
      { ...top, tiedWith: ['refcount-twin'], fix: [{ sha: null, subject: 'dm space map: fix the refcount', repo: null }] },
      { ...top, ruleId: 'refcount-twin', tiedWith: [top.ruleId] },
    ],
  };

  it('says the report cannot tell the tied rules apart, in Markdown and plain text', () => {
    expect(renderMarkdown(plan)).toContain('**Tied with:** `refcount-twin`: the report fits these known bugs exactly as well as this one');
    expect(renderPlainText(plan)).toContain('Tied with: refcount-twin: the report fits these known bugs exactly as well as this one');
  });

  it('says the sha is not yet known and links a search by subject', () => {
    expect(renderMarkdown(plan)).toContain('**Fix:** "dm space map: fix the refcount" (sha not yet known: [search the log](https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/log/?qt=grep&q=dm%20space%20map%3A%20fix%20the%20refcount))');
    expect(renderPlainText(plan)).toContain('Fix: (sha not yet known) ("dm space map: fix the refcount")');
  });
});
