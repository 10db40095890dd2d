import { sameCommit } from '../../rules/index.js';
import type { DraftOutcome } from '../../suggest/index.js';
import { COMMENT_LIMIT } from './compose-comment.js';

/**
 * The hidden second line of a drafted-rule comment, naming the fix: `/ktriage suggest-rule` posts
 * one draft per fix and issue (a redelivery, or the same command again, finds it and posts nothing).
 */
export function draftMarker(sha: string): string {
  return `<!-- ktriage:draft ${sha.toLowerCase()} -->`;
}

const DRAFT_MARKER = /^<!-- ktriage:draft ([0-9a-f]+) -->$/;

/**
 * Whether a comment body (ktriage's own) is the draft for `sha`: its second line, where report text
 * can never be. The commit is compared by prefix: a draft asked for by 12 digits is the draft for the
 * full sha too (and the other way round), or one fix would get two drafts.
 */
export function isDraftFor(body: string, sha: string): boolean {
  const marked = DRAFT_MARKER.exec(body.replace(/\r\n/g, '\n').split('\n')[1] ?? '')?.[1];
  return marked !== undefined && sameCommit(marked, sha);
}

/**
 * The comment `/ktriage suggest-rule <sha>` posts: the drafted rule as fenced YAML ready for a rules
 * pull request (its own comments say what to check), or why no rule could be drafted. `header` is
 * the reply marker the caller's replies start with. The fence is longer than any backtick run in
 * the YAML (report text may hold fences of its own).
 *
 * @example
 * composeDraftRuleComment('<!-- ktriage:reply -->', 'e2f2a39452c4', draftRule(report, options))
 * // => '<!-- ktriage:reply -->\n<!-- ktriage:draft e2f2a39452c4 -->\nA rule drafted from this issue ...\n\n```yaml\n# Drafted by ...'
 */
export function composeDraftRuleComment(header: string, sha: string, outcome: DraftOutcome): string {
  const head = `${header}\n${draftMarker(sha)}\n`;
  if ('refused' in outcome) {
    return `${head}ktriage could not draft a rule for fix \`${sha.slice(0, 12)}\`: ${outcome.refused}. A rule needs the kernel log of the bug (a crash, an error line or a call trace): paste it in a comment and ask again.\n`;
  }
  const { drafted } = outcome;
  const run = Math.max(2, ...[...drafted.yaml.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(run + 1);
  const problems =
    drafted.problems.length > 0
      ? `\n**Not ready as written**: \`ktriage lint\`/\`ktriage test\` would report:\n${drafted.problems.slice(0, 10).map((p) => `- ${p.replace(/`/g, "'")}`).join('\n')}\n`
      : '';
  const intro =
    `A rule drafted from this issue for fix \`${sha.slice(0, 12)}\`, ready for a rules pull request once reviewed: ` +
    'the comments at its top say what to check (the fix sha was not verified by ktriage). ' +
    `Save it as \`rules/<name>.yml\` and run \`ktriage lint\` and \`ktriage test\` on it.\n${problems}`;
  const body = `${head}${intro}\n${fence}yaml\n${drafted.yaml.trimEnd()}\n${fence}\n`;
  if (body.length <= COMMENT_LIMIT - 200) return body;
  // A YAML cut in the middle would not parse: say where to get the whole draft instead.
  return `${head}${intro}\nThe draft is ${drafted.yaml.length} characters, more than a comment holds. Run \`ktriage suggest-rule <report> --fix ${sha}\` on the report to get it.\n`;
}
