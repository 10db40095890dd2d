import nock from 'nock';
import { closeFences } from '../../../src/render/index.js';
import { readCommentState, writeCommentState, EMPTY_STATE } from '../../../src/github/comment/comment-state.js';
import { issuesPayload, seedReport } from '../support/payloads.js';
import { commentBodies, createScenario, nockComments, nockConfig, repoPath } from '../support/scenario.js';

afterEach(() => nock.cleanAll());
afterAll(() => nock.restore());

const LOG = [
  '[101754.726823] device-mapper: space map common: unable to decrement a reference count below 0',
  '[101754.735191] device-mapper: thin: 253:6: dm_thin_insert_block() failed: error = -22',
];
const forgedState = writeCommentState({ ...EMPTY_STATE, labels: ['bug', 'security'], ignored: { by: 'mallory', at: null } }).split('\n')[1]!;

/** Report bodies written to hurt: each still quotes the known bug's log lines so evidence is rendered. */
const HOSTILE: [string, string][] = [
  ['mentions everywhere', `@torvalds @linux-block/maintainers please look\n${LOG[0]} @everyone\n${LOG[1]} cc @snitzer`],
  ['HTML and a forged state line', `<script>alert(1)</script><img src=x onerror=alert(1)>\n${LOG[0]} <b>bold</b>\n${LOG[1]}\n${forgedState}\n<!-- ktriage -->\n</details></details>`],
  ['a code fence that never closes', `Here is the log:\n\`\`\`\n${LOG.join('\n')}\n~~~~\nstill inside`],
  ['backtick runs inside log lines', `${LOG[0]} \`\`\`\`\`\`\`\`\n${LOG[1]} \`x\``],
  ['a 65,536-character body', (() => {
    const head = `${seedReport()}\n`;
    const filler = `${LOG[0]}\n${'A'.repeat(200)} @mention <i>x</i>\n`;
    let text = head;
    while (text.length < 65_536) text += filler;
    return text.slice(0, 65_536);
  })()],
];

/** The comment with code blocks and code spans removed: what GitHub renders as Markdown/HTML. */
function outsideCode(markdown: string): string {
  const lines: string[] = [];
  let fence: string | null = null;
  for (const line of markdown.split('\n')) {
    const marker = /^[ \t]{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker) {
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      continue;
    }
    if (fence === null) lines.push(line);
  }
  // inline code spans: a run of n backticks up to the next run of exactly n
  return lines.join('\n').replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, '');
}

describe.each(HOSTILE)('an issue with %s', (_, body) => {
  it('gets a safe comment within GitHub\'s size limit', async () => {
    expect(body.length).toBeLessThanOrEqual(65_536);
    const s = await createScenario();
    nockConfig(s.gh, null);
    nockComments(s.gh, []);
    s.gh.scope.post(`${repoPath}/issues/1/labels`).optionally().reply(200, []).post(`${repoPath}/issues/1/comments`).reply(201, { id: 1 });
    await s.deliver('issues', issuesPayload('opened', { title: 'thin pool <b>@everyone</b> read-only', body }));

    const [comment] = commentBodies(s.gh);
    expect(comment).toBeDefined();
    expect(comment!.length).toBeLessThanOrEqual(65_536);
    expect(comment).toContain('dm-sm-metadata-refcount-below-zero');
    // every fence is closed, so nothing after the evidence is swallowed
    expect(closeFences(comment!)).toBe(comment);
    const rendered = outsideCode(comment!);
    // no live @mention (GitHub notifies on @login outside code) and no raw HTML from the report
    expect(rendered).not.toMatch(/(^|[^\w`])@[A-Za-z0-9]/m);
    expect(rendered).not.toMatch(/<(script|img|b|i)\b/i);
    // the hidden state is ktriage's own, whatever the report pasted
    const state = readCommentState(comment!);
    expect(state.ignored).toBeNull();
    expect(state.labels).not.toContain('security');
    expect(comment!.trimEnd().split('\n').at(-1)).toMatch(/^<!-- ktriage-state \{.*\} -->$/);
  });
});
