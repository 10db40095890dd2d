import { sameCommit } from '../../src/rules/index.js';

const FULL = 'e2f2a39452c43b64ea3191642a2661cb8d03827a';

describe('sameCommit', () => {
  it.each([
    // equal
    [FULL, FULL, true],
    // 12 digits and the full sha, either order
    [FULL.slice(0, 12), FULL, true],
    [FULL, FULL.slice(0, 12), true],
    // two abbreviations of different lengths
    [FULL.slice(0, 12), FULL.slice(0, 20), true],
    // case does not matter (a command typed in capitals)
    [FULL.toUpperCase(), FULL.slice(0, 12), true],
    // one digit differs inside the common prefix
    [`${FULL.slice(0, 11)}0`, FULL, false],
    // the full shas differ after 12 common digits: two commits
    [`${FULL.slice(0, 39)}0`, FULL, false],
    // fewer than 12 digits can name several commits: never the same
    [FULL.slice(0, 7), FULL, false],
    ['', FULL, false],
  ])('%s vs %s -> %s', (a, b, same) => {
    expect(sameCommit(a, b)).toBe(same);
  });
});
