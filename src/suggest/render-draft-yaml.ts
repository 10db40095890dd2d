import { Document, isMap, isScalar, isSeq, type Pair, type YAMLMap } from 'yaml';
import type { NoMatchChoice } from './choose-no-match.js';

/**
 * The drafted bug as a rule file (`bugs:` with one entry) with review comments: a header listing
 * what to check, and a comment above the keys a maintainer must look at. Long lines are never
 * folded (a folded log line would still parse, but would not read like the log).
 *
 * @example
 * renderDraftYaml({ id: 'x', ... }, ['verify the fix'], { report: 'https://lore.kernel.org/r/...', noMatch })
 * // => '# Drafted by `ktriage suggest-rule` from https://lore.kernel.org/r/...\n# - verify the fix\nbugs:\n  - id: x\n...'
 */
export function renderDraftYaml(rule: Record<string, unknown>, checks: readonly string[], context: { report: string; noMatch: NoMatchChoice | null }): string {
  const doc = new Document({ bugs: [rule] });
  if (checks.length > 0 || context.report !== '') {
    doc.commentBefore = [
      ` Drafted by \`ktriage suggest-rule\` from ${oneLine(context.report)}.`,
      ' A draft: check these before opening a rules pull request, then delete these comments.',
      ...checks.map((check) => ` - ${oneLine(check)}`),
    ].join('\n');
  }
  const bugs = doc.get('bugs', true);
  const bug = isSeq(bugs) ? bugs.items[0] : null;
  if (!isMap(bug)) return doc.toString({ lineWidth: 0 });
  comment(bug, 'signatures', " read from the report's log by ktriage's extractor: a crash title alone is a known bug; key lines and the stack weigh 0.3 each");
  comment(bug, 'when', " the report's own configuration: keep a condition only if the bug needs it");
  comment(bug, 'fix', ' verify the commit and its subject in the kernel tree before merging (the draft did not)');
  const noMatch = context.noMatch;
  const examples = bug.get('examples', true);
  if (noMatch !== null && isMap(examples)) {
    comment(examples, 'match', " the report's own lines");
    const why =
      noMatch.from === "the report's prose" || noMatch.from === 'a report with no kernel log'
        ? ` ${noMatch.from}: none of the ${noMatch.considered} candidates qualified (closer ones all match the draft)`
        : ` from ${noMatch.from}: the closest of ${noMatch.considered} candidates (word overlap ${noMatch.similarity}) that the draft does not match`;
    comment(examples, 'no_match', why);
  }
  return doc.toString({ lineWidth: 0 });
}

function comment(map: YAMLMap, key: string, text: string): void {
  const pair = map.items.find((item: Pair) => (isScalar(item.key) ? item.key.value : item.key) === key);
  if (pair && isScalar(pair.key)) pair.key.commentBefore = oneLine(text);
}

/** A comment is one line per entry: report text must not end the comment early. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
