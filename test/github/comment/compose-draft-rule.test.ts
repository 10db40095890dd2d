import { draftMarker, isDraftFor } from '../../../src/github/comment/index.js';

const FULL = 'e2f2a39452c43b64ea3191642a2661cb8d03827a';

describe('isDraftFor', () => {
  const body = (sha: string) => `<!-- ktriage:reply -->\n${draftMarker(sha)}\nA rule drafted ...\n`;
  it.each([
    [FULL, FULL, true],
    [FULL.slice(0, 12), FULL, true],
    [FULL, FULL.slice(0, 14).toUpperCase(), true],
    [FULL, `${FULL.slice(0, 11)}0`, false],
  ])('a draft marked %s is the draft for %s: %s', (marked, asked, found) => {
    expect(isDraftFor(body(marked), asked)).toBe(found);
    expect(isDraftFor(body(marked).replace(/\n/g, '\r\n'), asked)).toBe(found);
  });

  it('reads only the second line (report text quoted later cannot fake a draft)', () => {
    expect(isDraftFor(`<!-- ktriage:reply -->\nsomething\n${draftMarker(FULL)}\n`, FULL)).toBe(false);
    expect(isDraftFor(draftMarker(FULL), FULL)).toBe(false);
  });
});
