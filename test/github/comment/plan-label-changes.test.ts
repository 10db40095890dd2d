import { planLabelChanges, wantedLabels } from '../../../src/github/comment/plan-label-changes.js';

describe('planLabelChanges', () => {
  it.each([
    // first triage: add what the plan wants, keep the maintainer's "bug"
    [{ current: ['bug'], previouslyApplied: [], wanted: ['dm-thin', 'known-bug'], prefix: '' }, { add: ['dm-thin', 'known-bug'], remove: [], applied: ['dm-thin', 'known-bug'] }],
    // unchanged plan: nothing to do
    [{ current: ['bug', 'dm-thin'], previouslyApplied: ['dm-thin'], wanted: ['dm-thin'], prefix: '' }, { add: [], remove: [], applied: ['dm-thin'] }],
    // no longer matches: remove only what ktriage added, never the maintainer's "bug"
    [{ current: ['bug', 'dm-thin'], previouslyApplied: ['dm-thin'], wanted: [], prefix: '' }, { add: [], remove: ['dm-thin'], applied: [] }],
    // a maintainer added a plan label by hand: ktriage does not claim it, and never removes it
    [{ current: ['known-bug'], previouslyApplied: [], wanted: ['known-bug'], prefix: '' }, { add: [], remove: [], applied: [] }],
    [{ current: ['known-bug'], previouslyApplied: [], wanted: [], prefix: '' }, { add: [], remove: [], applied: [] }],
    // a maintainer removed ktriage's label: not re-added, still remembered
    [{ current: [], previouslyApplied: ['dm-thin'], wanted: ['dm-thin'], prefix: '' }, { add: [], remove: [], applied: ['dm-thin'] }],
    // a configured prefix is ktriage's namespace: stale prefixed labels go even if not remembered
    [{ current: ['kt/old', 'bug'], previouslyApplied: [], wanted: ['kt/new'], prefix: 'kt/' }, { add: ['kt/new'], remove: ['kt/old'], applied: ['kt/new'] }],
    // GitHub label names are case-insensitive
    [{ current: ['DM-Thin'], previouslyApplied: ['dm-thin'], wanted: ['dm-thin'], prefix: '' }, { add: [], remove: [], applied: ['dm-thin'] }],
    [{ current: ['Needs-Info'], previouslyApplied: ['needs-info'], wanted: [], prefix: '' }, { add: [], remove: ['Needs-Info'], applied: [] }],
    // duplicates in the plan collapse
    [{ current: [], previouslyApplied: [], wanted: ['a', 'A', 'a'], prefix: '' }, { add: ['a'], remove: [], applied: ['a'] }],
  ])('%j', (input, expected) => {
    expect(planLabelChanges(input)).toEqual(expected);
  });
});

describe('wantedLabels', () => {
  it.each([
    [['dm-thin', 'needs-info'], { prefix: 'kt/', needs_info: 'needs-info' }, ['kt/dm-thin', 'needs-info']],
    // the configured needs-info label replaces the core's, unprefixed
    [['needs-info'], { prefix: 'kt/', needs_info: 'waiting-for-reporter' }, ['waiting-for-reporter']],
    [['dm-thin', 'needs-info'], { prefix: '', needs_info: null }, ['dm-thin']],
    [['dm-thin'], { prefix: '', needs_info: 'needs-info' }, ['dm-thin']],
  ])('%j with %j', (labels, config, expected) => {
    expect(wantedLabels(labels, config)).toEqual(expected);
  });
});
