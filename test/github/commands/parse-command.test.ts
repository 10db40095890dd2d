import { parseCommands } from '../../../src/github/commands/parse-command.js';

describe('parseCommands', () => {
  it.each([
    // the four commands
    ['/ktriage explain', [{ name: 'explain' }]],
    ['/ktriage rerun', [{ name: 'rerun' }]],
    ['/ktriage ignore', [{ name: 'ignore' }]],
    ['/ktriage wrong dm-sm-metadata-refcount-below-zero', [{ name: 'wrong', ruleId: 'dm-sm-metadata-refcount-below-zero' }]],
    // suggest-rule: the fix sha, then an optional --fixed-in and the subject (rest of the line, quotes dropped)
    ['/ktriage suggest-rule E2F2A39452C43B64EA3191642A2661CB8D03827A', [{ name: 'suggest-rule', sha: 'e2f2a39452c43b64ea3191642a2661cb8d03827a', subject: null, fixedIn: null }]],
    ["/ktriage suggest-rule e2f2a39452c4 --fixed-in 6.3-rc2 \"block, bfq: fix uaf for 'stable_merge_bfqq'\"", [{ name: 'suggest-rule', sha: 'e2f2a39452c4', subject: "block, bfq: fix uaf for 'stable_merge_bfqq'", fixedIn: '6.3-rc2' }]],
    ['/ktriage suggest-rule e2f2a39452c4 block, bfq: fix uaf --fixed-in v6.1.20', [{ name: 'suggest-rule', sha: 'e2f2a39452c4', subject: 'block, bfq: fix uaf', fixedIn: 'v6.1.20' }]],
    // case-insensitive command names, surrounding prose, CRLF line ends
    ['Thanks for the report.\r\n/ktriage EXPLAIN\r\nbye', [{ name: 'explain' }]],
    // several commands, one per line
    ['/ktriage wrong a-1\n/ktriage wrong b-2\n/ktriage rerun', [{ name: 'wrong', ruleId: 'a-1' }, { name: 'wrong', ruleId: 'b-2' }, { name: 'rerun' }]],
    // up to three leading spaces still count (CommonMark paragraph), tabs between words
    ['   /ktriage\texplain', [{ name: 'explain' }]],
    // not commands: inline mention, quote, indented code, fenced code (``` and ~~~), longer word
    ['please run /ktriage explain', []],
    ['> /ktriage explain', []],
    ['    /ktriage explain', []],
    ['```\n/ktriage explain\n```', []],
    ['~~~~\n/ktriage explain\n~~~\nstill fenced\n~~~~\n/ktriage rerun', [{ name: 'rerun' }]],
    ['/ktriagebot explain', []],
    // an unclosed fence hides everything after it
    ['```sh\n/ktriage explain', []],
  ])('%j', (body, expected) => {
    const parsed = parseCommands(body);
    expect(parsed.commands).toEqual(expected);
    expect(parsed.errors).toEqual([]);
  });

  it.each([
    ['/ktriage', /No command given/],
    ['/ktriage frobnicate', /Unknown command `frobnicate`/],
    ['/ktriage wrong', /Say which rule was wrong/],
    ['/ktriage wrong Not_A_Rule', /is not a rule id/],
    ['/ktriage wrong a b', /exactly one rule id/],
    ['/ktriage explain now', /takes no arguments/],
    ['/ktriage suggest-rule', /Name the commit that fixed this issue/],
    ['/ktriage suggest-rule e2f2a39', /`e2f2a39` is not a fix commit: give 12 to 40 hex digits/],
    ['/ktriage suggest-rule e2f2a39452c4 --fixed-in soon', /`--fixed-in` takes a kernel release/],
    // echoed text cannot break out of the code span
    ['/ktriage `@everyone`', /Unknown command `'@everyone'`/],
  ])('reports %j as an error', (body, message) => {
    const parsed = parseCommands(body);
    expect(parsed.commands).toEqual([]);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]!.message).toMatch(message);
    expect(parsed.errors[0]!.line).toBe(1);
  });

  it('never throws on arbitrary text', async () => {
    const fc = (await import('fast-check')).default;
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => {
      const parsed = parseCommands(`/ktriage ${text}\n${text}`);
      return Array.isArray(parsed.commands) && Array.isArray(parsed.errors);
    }));
  });
});
