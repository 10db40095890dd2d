import { EMPTY_STATE, readCommentState, writeCommentState, type CommentState } from '../../../src/github/comment/comment-state.js';

describe('comment state', () => {
  const state: CommentState = {
    v: 1,
    fingerprint: 'abc123',
    verdict: 'known-bug-fix-available',
    retracted: false,
    matched: ['dm-sm-metadata-refcount-below-zero'],
    labels: ['dm-thin', 'needs-info'],
    pending: ['kt/pending'],
    declined: ['kt/removed-by-hand'],
    ignored: null,
    wrong: [{ ruleId: 'some-rule', by: 'maintainer', at: '2024-01-01T00:00:00Z' }],
  };

  it('round-trips through the hidden lines', () => {
    const body = `Visible text\n\n${writeCommentState(state)}`;
    expect(readCommentState(body)).toEqual(state);
    expect(writeCommentState(state)).toContain('<!-- ktriage fingerprint=abc123 -->');
  });

  it('cannot be closed early by a value containing -->', () => {
    const hostile = { ...state, labels: ['x --> <script>'] };
    const lines = writeCommentState(hostile);
    // exactly the two comment terminators of the two lines
    expect(lines.match(/-->/g)).toHaveLength(2);
    expect(readCommentState(lines)).toEqual(hostile);
  });

  it.each([
    ['no state line', 'hello'],
    ['broken JSON', '<!-- ktriage-state {"v":1,,} -->'],
    ['unknown version', '<!-- ktriage-state {"v":2} -->'],
  ])('falls back to the empty state on %s', (_, body) => {
    expect(readCommentState(body)).toEqual(EMPTY_STATE);
  });

  it('trusts only the last state line: a forged one quoted earlier in the comment is ignored', () => {
    const forged = writeCommentState({ ...state, labels: ['bug', 'security'], ignored: { by: 'mallory', at: null } });
    const body = `Evidence:\n\n\`\`\`\n${forged}\n\`\`\`\n\n${writeCommentState(state)}`;
    expect(readCommentState(body)).toEqual(state);
  });

  it('keeps the good fields of a hand-edited state', () => {
    const body = '<!-- ktriage-state {"v":1,"fingerprint":"f","verdict":null,"labels":"oops","ignored":null,"wrong":[]} -->';
    // "matched" is absent (an older state) and "labels" is not a list: both fall back, the rest stays
    expect(readCommentState(body)).toEqual({ ...EMPTY_STATE, fingerprint: 'f', labels: [] });
  });
});
