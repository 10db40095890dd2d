import fc from 'fast-check';
import type { Action, TriagePlan } from '../../src/model.js';
import { applyWhiteboardTag, decideWrites, mustRetract, planLabelChanges, wantedLabels, worthPosting, type PostedComment, type TrackerState, type WritePolicy } from '../../src/writes/index.js';

/** A plan as triage() builds its actions: always the comment, labels and questions when there are some. */
function planOf({ verdict = 'known-bug-fix-available' as string, ruleId = (verdict === 'no-match' ? null : 'dm-thin-rule') as string | null, labels = [] as string[], questions = [] as string[], nextSteps = [] as string[], fingerprint = 'fp-1' } = {}): TriagePlan {
  const actions: Action[] = [{ kind: 'upsert-comment' }];
  if (labels.length > 0) actions.push({ kind: 'add-labels', labels });
  if (questions.length > 0) actions.push({ kind: 'ask', questions });
  const matches = ruleId === null ? [] : [{ ruleId, verdict }];
  return { reportId: 'r', facts: {}, matches, verdict, nextSteps, questions, labels, actions, fingerprint } as unknown as TriagePlan;
}

const GITHUB: WritePolicy = { comments: 'edit', noMatch: 'ask', labels: { fromPlan: true, prefix: '', needsInfo: 'needs-info', always: [], maxLength: 50 }, labelMemory: 'comment', whiteboardTag: null };
const BUGZILLA: WritePolicy = { comments: 'append', noMatch: 'silent', labels: { fromPlan: false, prefix: '', needsInfo: 'needs-info', always: ['triaged'], maxLength: 64 }, labelMemory: 'store', whiteboardTag: 'ktriage' };
const posted = (over: Partial<PostedComment> = {}): PostedComment => ({ fingerprint: 'fp-0', verdict: 'known-bug-fix-available', ruleId: 'dm-thin-rule', retracted: false, ownedLabels: [], pendingLabels: [], declinedLabels: [], ...over });
const tracker = (over: Partial<TrackerState> = {}): TrackerState => ({ comment: null, labels: [], whiteboard: null, ...over });

describe('worthPosting', () => {
  it.each([
    // a match is always worth a comment, whatever no_match says
    [planOf(), 'silent', true],
    [planOf({ verdict: 'possible-match' }), 'silent', true],
    // no match: ask only when there is something to ask (the plan's ask action) or suggest
    [planOf({ verdict: 'no-match' }), 'ask', false],
    [planOf({ verdict: 'no-match', questions: ['Which kernel?'] }), 'ask', true],
    [planOf({ verdict: 'no-match', nextSteps: ['Attach dmesg'] }), 'ask', true],
    [planOf({ verdict: 'no-match', questions: ['Which kernel?'] }), 'silent', false],
    [planOf({ verdict: 'no-match' }), 'always', true],
  ] as const)('%#: %j with no_match=%s -> %s', (plan, noMatch, expected) => {
    expect(worthPosting(plan, noMatch)).toBe(expected);
  });

  it('reads the ask action, not the questions field', () => {
    const plan = { ...planOf({ verdict: 'no-match' }), questions: ['left over, no action'] };
    expect(worthPosting(plan, 'ask')).toBe(false);
  });
});

describe('mustRetract', () => {
  it.each([
    ['no-match', { verdict: 'known-bug-fix-available', retracted: false }, true],
    ['no-match', { verdict: 'no-match', retracted: true }, true], // stays retracted
    ['no-match', { verdict: 'no-match', retracted: false }, false],
    ['no-match', { verdict: null, retracted: false }, false], // state unknown
    ['no-match', null, false], // first triage
    ['possible-match', { verdict: 'no-match', retracted: true }, false], // matches again
  ] as const)('%s after %j -> %s', (verdict, previous, expected) => {
    expect(mustRetract({ verdict }, previous)).toBe(expected);
  });
});

describe('wantedLabels', () => {
  const policy = (prefix: string, needsInfo: string | null) => ({ fromPlan: true, prefix, needsInfo, always: [], maxLength: 50 });
  it.each([
    [['dm-thin', 'needs-info'], policy('kt/', 'needs-info'), ['kt/dm-thin', 'needs-info']],
    // the configured needs-info label replaces the core's, unprefixed
    [['needs-info'], policy('kt/', 'waiting-for-reporter'), ['waiting-for-reporter']],
    [['dm-thin', 'needs-info'], policy('', null), ['dm-thin']],
    [['dm-thin'], policy('', 'needs-info'), ['dm-thin']],
    // fixed labels (Bugzilla keywords) join; the plan's are left out when fromPlan is off
    [['dm-thin'], { ...policy('', null), always: ['triaged'] }, ['triaged', 'dm-thin']],
    [['dm-thin'], { ...policy('', null), always: ['triaged'], fromPlan: false }, ['triaged']],
    // names are cut to the tracker's limit, and duplicates (case-insensitive) collapse
    [['x'.repeat(60), 'A', 'a'], policy('', null), ['x'.repeat(50), 'A']],
  ])('%j with %j -> %j', (labels, labelPolicy, expected) => {
    expect(wantedLabels(planOf({ labels }), labelPolicy)).toEqual(expected);
  });
});

describe('planLabelChanges', () => {
  const owned = (ownedLabels: string[], pendingLabels: string[] = [], declinedLabels: string[] = []) => ({ ownedLabels, pendingLabels, declinedLabels });
  it.each([
    // first triage: add what the plan wants, keep the maintainer's "bug"; the adds are announced as pending
    [['bug'], null, ['dm-thin', 'known-bug'], '', { add: ['dm-thin', 'known-bug'], remove: [], record: { owned: [], pending: ['dm-thin', 'known-bug'], declined: [] } }],
    // unchanged plan: nothing to do, the same record (so the comment's text does not change)
    [['bug', 'dm-thin'], owned(['dm-thin']), ['dm-thin'], '', { add: [], remove: [], record: { owned: ['dm-thin'], pending: [], declined: [] } }],
    [['bug', 'dm-thin'], owned([], ['dm-thin']), ['dm-thin'], '', { add: [], remove: [], record: { owned: [], pending: ['dm-thin'], declined: [] } }],
    // no longer matches: remove only what ktriage added
    [['bug', 'dm-thin'], owned(['dm-thin']), [], '', { add: [], remove: ['dm-thin'], record: { owned: [], pending: [], declined: [] } }],
    // a maintainer added a plan label by hand: ktriage does not claim it, and never removes it
    [['known-bug'], null, ['known-bug'], '', { add: [], remove: [], record: { owned: [], pending: [], declined: [] } }],
    [['known-bug'], null, [], '', { add: [], remove: [], record: { owned: [], pending: [], declined: [] } }],
    // a maintainer removed ktriage's confirmed label: not re-added, remembered as declined (no longer ktriage's)
    [[], owned(['dm-thin']), ['dm-thin'], '', { add: [], remove: [], record: { owned: [], pending: [], declined: ['dm-thin'] } }],
    // declined stays declined when the verdict changes and changes back: never added again
    [[], owned([], [], ['dm-thin']), [], '', { add: [], remove: [], record: { owned: [], pending: [], declined: ['dm-thin'] } }],
    [[], owned([], [], ['dm-thin']), ['dm-thin'], '', { add: [], remove: [], record: { owned: [], pending: [], declined: ['dm-thin'] } }],
    // a maintainer put a declined label back by hand: it is theirs, never removed (a prefix namespace included)
    [['dm-thin'], owned([], [], ['dm-thin']), [], '', { add: [], remove: [], record: { owned: [], pending: [], declined: ['dm-thin'] } }],
    [['kt/old'], owned([], [], ['kt/old']), [], 'kt/', { add: [], remove: [], record: { owned: [], pending: [], declined: ['kt/old'] } }],
    // an owned label that is absent and no longer wanted: ktriage may have removed it itself (a re-run
    // after the removal, before the record): not declined
    [[], owned(['dm-thin']), [], '', { add: [], remove: [], record: { owned: [], pending: [], declined: [] } }],
    // finding 1: a pending label that is present was added by ktriage before an interruption: it is ktriage's to remove
    [['dm-thin'], owned([], ['dm-thin']), [], '', { add: [], remove: ['dm-thin'], record: { owned: [], pending: [], declined: [] } }],
    // a pending label that is absent was never added (the add failed): add it again, still pending
    [[], owned([], ['dm-thin']), ['dm-thin'], '', { add: ['dm-thin'], remove: [], record: { owned: [], pending: ['dm-thin'], declined: [] } }],
    // a configured prefix is ktriage's namespace: stale prefixed labels go even if not remembered
    [['kt/old', 'bug'], null, ['kt/new'], 'kt/', { add: ['kt/new'], remove: ['kt/old'], record: { owned: [], pending: ['kt/new'], declined: [] } }],
    // label names are case-insensitive
    [['DM-Thin'], owned(['dm-thin']), ['dm-thin'], '', { add: [], remove: [], record: { owned: ['dm-thin'], pending: [], declined: [] } }],
    [['Needs-Info'], owned(['needs-info']), [], '', { add: [], remove: ['Needs-Info'], record: { owned: [], pending: [], declined: [] } }],
  ] as const)('%#: %j owned %j wants %j', (current, previous, wanted, prefix, expected) => {
    expect(planLabelChanges(current, previous, wanted, prefix)).toEqual(expected);
  });

  it('never removes a label it does not own, never adds one a maintainer removed or declined (property)', () => {
    const label = fc.constantFrom<string>('a', 'b', 'c', 'd', 'kt/x', 'kt/y');
    fc.assert(
      fc.property(fc.uniqueArray(label), fc.uniqueArray(label), fc.uniqueArray(label), fc.uniqueArray(label), fc.uniqueArray(label), fc.constantFrom('', 'kt/'), (current, ownedLabels, pendingLabels, declinedLabels, wanted, prefix) => {
        const out = planLabelChanges(current, { ownedLabels, pendingLabels, declinedLabels }, wanted, prefix);
        for (const removed of out.remove) expect((ownedLabels.includes(removed) || pendingLabels.includes(removed) || (prefix !== '' && removed.startsWith(prefix))) && !declinedLabels.includes(removed)).toBe(true);
        for (const added of out.add) expect(wanted.includes(added) && !current.includes(added) && !declinedLabels.includes(added) && (!ownedLabels.includes(added) || pendingLabels.includes(added))).toBe(true);
        // a label a maintainer declined stays declined
        for (const declined of declinedLabels) expect(out.record.declined).toContain(declined);
        // every add is announced in the record written before it
        for (const added of out.add) expect(out.record.pending).toContain(added);
        // a re-run after the writes decides nothing more (the writes are idempotent with the record)
        const after = [...current.filter((l) => !out.remove.includes(l)), ...out.add];
        const again = planLabelChanges(after, { ownedLabels: out.record.owned, pendingLabels: out.record.pending, declinedLabels: out.record.declined }, wanted, prefix);
        expect(again).toEqual({ add: [], remove: [], record: out.record });
        // and after a maintainer removes every label ktriage owns, none of them is ever added again
        const handsOff = current.filter((l) => !out.record.owned.includes(l));
        const later = planLabelChanges(handsOff, { ownedLabels: out.record.owned, pendingLabels: [], declinedLabels: out.record.declined }, wanted, prefix);
        for (const removedByHand of out.record.owned) expect(later.add).not.toContain(removedByHand);
      }),
    );
  });
});

describe('decideWrites: GitHub (one comment, edited; labels remembered in it)', () => {
  it('first triage with labels: the comment announcing them, then the labels', () => {
    const decision = decideWrites(planOf({ labels: ['dm-thin'] }), tracker({ labels: ['bug'] }), GITHUB);
    expect(decision.comment).toEqual({ kind: 'create' });
    expect(decision.labels.record).toEqual({ owned: [], pending: ['dm-thin'], declined: [] });
    expect(decision.steps).toEqual([
      { kind: 'comment', write: 'create' },
      { kind: 'add-labels', labels: ['dm-thin'] },
    ]);
  });

  it('no comment yet and nothing worth saying: silent, labels included (their memory would have nowhere to live)', () => {
    const decision = decideWrites(planOf({ verdict: 'no-match', labels: ['needs-info'] }), tracker(), { ...GITHUB, noMatch: 'silent' });
    expect(decision).toMatchObject({ silent: true, steps: [], comment: { kind: 'none', reason: 'not-asked' } });
  });

  it('an existing comment is always kept current and a withdrawn suggestion retracted, whatever no_match says', () => {
    const decision = decideWrites(planOf({ verdict: 'no-match' }), tracker({ comment: posted({ ownedLabels: ['dm-thin'] }), labels: ['dm-thin'] }), { ...GITHUB, noMatch: 'silent' });
    expect(decision.retract).toBe(true);
    // removals first: until the comment is rewritten they stay recorded as owned
    expect(decision.steps).toEqual([
      { kind: 'remove-labels', labels: ['dm-thin'] },
      { kind: 'comment', write: 'edit' },
    ]);
  });

  it('a re-run after an interrupted label add owns the pending label it finds, and removes it when the verdict changes', () => {
    const again = decideWrites(planOf({ labels: ['dm-thin'] }), tracker({ comment: posted({ fingerprint: 'fp-1', pendingLabels: ['dm-thin'] }), labels: ['dm-thin'] }), GITHUB);
    expect(again.steps).toEqual([{ kind: 'comment', write: 'edit' }]);
    expect(again.labels).toEqual({ add: [], remove: [], record: { owned: [], pending: ['dm-thin'], declined: [] } });
    const changed = decideWrites(planOf({ verdict: 'no-match' }), tracker({ comment: posted({ pendingLabels: ['dm-thin'] }), labels: ['dm-thin'] }), GITHUB);
    expect(changed.labels.remove).toEqual(['dm-thin']);
  });

  it('labels off: no label writes, ownership kept', () => {
    const decision = decideWrites(planOf({ labels: ['dm-thin'] }), tracker({ comment: posted({ ownedLabels: ['old'] }), labels: ['old'] }), { ...GITHUB, labels: null });
    expect(decision.labels).toEqual({ add: [], remove: [], record: { owned: ['old'], pending: [], declined: [] } });
    expect(decision.steps).toEqual([{ kind: 'comment', write: 'edit' }]);
  });
});

describe('decideWrites: Bugzilla (append-only comments; memory in its store)', () => {
  it.each([
    // new verdict: a comment, the keyword and the whiteboard token
    ['first triage', planOf(), null, { kind: 'create' }],
    // the very plan already posted (a run that died before recording it): nothing new
    ['same fingerprint', planOf({ fingerprint: 'fp-0' }), posted(), { kind: 'none', reason: 'unchanged' }],
    // comments cannot be edited: more evidence for the same verdict and rule stays quiet
    ['same verdict and rule', planOf(), posted(), { kind: 'none', reason: 'same-verdict' }],
    ['another rule', planOf({ ruleId: 'other-rule' }), posted(), { kind: 'create' }],
    // a no-match is only posted when asked for...
    ['first no-match', planOf({ verdict: 'no-match' }), null, { kind: 'none', reason: 'not-asked' }],
    // ...but a suggestion that no longer holds is always withdrawn
    ['retraction', planOf({ verdict: 'no-match' }), posted(), { kind: 'create' }],
    ['already retracted', planOf({ verdict: 'no-match' }), posted({ verdict: 'no-match', ruleId: null, retracted: true }), { kind: 'none', reason: 'same-verdict' }],
  ] as const)('%s', (_name, plan, comment, expected) => {
    expect(decideWrites(plan, tracker({ comment, whiteboard: '' }), BUGZILLA).comment).toEqual(expected);
  });

  it('keywords and whiteboard are written even without a comment (the store remembers), in one step each', () => {
    const decision = decideWrites(planOf({ verdict: 'no-match' }), tracker({ whiteboard: '[regression]', labels: [] }), BUGZILLA);
    expect(decision.steps).toEqual([
      { kind: 'add-labels', labels: ['triaged'] },
      { kind: 'whiteboard', text: '[regression] [ktriage: no-match]' },
    ]);
  });

  it('nothing changes: no step at all', () => {
    const decision = decideWrites(planOf(), tracker({ comment: posted(), labels: ['triaged'], whiteboard: '[ktriage: dm-thin-rule]' }), BUGZILLA);
    expect(decision).toMatchObject({ silent: true, steps: [] });
  });
});

describe('applyWhiteboardTag', () => {
  it.each([
    ['', 'ktriage', 'rule-a', '[ktriage: rule-a]'],
    ['[regression]', 'ktriage', 'rule-a', '[regression] [ktriage: rule-a]'],
    ['[regression] [ktriage: old-rule] [other]', 'ktriage', 'new-rule', '[regression] [ktriage: new-rule] [other]'],
    // later duplicates go, with the space before them
    ['[ktriage: a] x [ktriage: b]', 'ktriage', 'c', '[ktriage: c] x'],
    // a tag with regex characters is literal
    ['[kt.x: a]', 'kt.x', 'b', '[kt.x: b]'],
  ])('%j', (whiteboard, tag, value, expected) => {
    expect(applyWhiteboardTag(whiteboard, tag, value)).toBe(expected);
  });
});
