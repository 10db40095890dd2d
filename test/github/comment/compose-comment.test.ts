import { EMPTY_STATE, readCommentState } from '../../../src/github/comment/comment-state.js';
import { COMMENT_LIMIT, composeIgnoredComment, composeTriageComment } from '../../../src/github/comment/compose-comment.js';
import type { BugReport } from '../../../src/model.js';
import { triage } from '../../../src/triage.js';
import { bundledRules } from '../support/scenario.js';
import { parseRuleFiles } from '../../../src/rules/index.js';

describe('composeTriageComment', () => {
  it('fits GitHub\'s limit with the state line last, even for a report of huge evidence', async () => {
    const { ruleSet } = parseRuleFiles(await bundledRules());
    const line = '[101754.726823] device-mapper: space map common: unable to decrement a reference count below 0';
    const body = Array.from({ length: 3000 }, (_, i) => `${line} ${'x'.repeat(i % 50)}`).join('\n');
    const report: BugReport = { source: 'github', id: 'o/r#1', url: null, title: 't', body, comments: [], attachments: [], fields: {} };
    const plan = triage(report, ruleSet);
    const state = { ...EMPTY_STATE, fingerprint: plan.fingerprint, verdict: plan.verdict, wrong: Array.from({ length: 100 }, (_, i) => ({ ruleId: `rule-${i}`, by: 'm', at: null })) };
    const comment = composeTriageComment(plan, state);
    expect(comment.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(readCommentState(comment)).toEqual(state);
    expect(comment.startsWith('<!-- ktriage -->')).toBe(true);
  });

  it('composes the ignored notice with the state and no mention of the maintainer', () => {
    const comment = composeIgnoredComment({ ...EMPTY_STATE, ignored: { by: 'some-maintainer', at: null } });
    expect(comment).toMatchInlineSnapshot(`
"<!-- ktriage -->
### ktriage: not triaging this issue

ktriage was asked to ignore this issue by a maintainer (some-maintainer). A maintainer can resume with \`/ktriage rerun\`.

<!-- ktriage fingerprint=none -->
<!-- ktriage-state {"v":1,"fingerprint":null,"verdict":null,"retracted":false,"matched":[],"labels":[],"pending":[],"declined":[],"ignored":{"by":"some-maintainer","at":null},"wrong":[]} -->
"
`);
  });
});
