import type { Facts, FixCommit } from '../model.js';
import { codeSpan } from '../markdown/index.js';
import type { FixedIn } from '../rules/index.js';
import { fixedForKernel } from '../match/index.js';

/** What a rule's templates can refer to (rules/README.md, "Templates"). */
export interface TemplateContext {
  facts: Facts;
  fixed: FixedIn | null;
  fix: readonly FixCommit[];
}

/**
 * Fill `{{name}}` templates. Values from the report (the running kernel, fact values) are put in
 * code spans, so report text never reaches a comment as Markdown; values from the rule are plain.
 * Unknown values get words, never an empty hole ("your kernel", "a kernel with the fix").
 *
 * @example
 * fillTemplate('Upgrade to {{fixed_for_running}} or later.', context) // => 'Upgrade to 3.12.15 or later.'
 */
export function fillTemplate(text: string, context: TemplateContext): string {
  return text.replace(/\{\{\s*([a-z_.0-9]+)\s*\}\}/g, (whole, name: string) => valueOf(name, context) ?? whole);
}

/**
 * Does a step speak about the fix (so it makes no sense when the kernel already has it)?
 *
 * @example
 * mentionsFix('Upgrade to {{fixed_for_running}}.') // => true
 */
export function mentionsFix(text: string): boolean {
  return /\{\{\s*(?:fix_commit|fix_subject|fixed_for_running|fixed_mainline|fixed_stable)\s*\}\}/.test(text);
}

function valueOf(name: string, { facts, fixed, fix }: TemplateContext): string | null {
  const running = facts.kernel.running?.version ?? null;
  if (name.startsWith('fact.')) {
    const fact = facts.config[name.slice(5)];
    return fact === undefined ? 'unknown' : codeSpan(String(fact.value));
  }
  switch (name) {
    case 'running':
      return running === null ? 'your kernel' : codeSpan(running.raw);
    case 'fixed_for_running':
      return fixedForKernel(running, fixed) ?? 'a kernel with the fix';
    case 'fixed_mainline':
      return fixed?.mainline ?? 'a mainline release not yet known';
    case 'fixed_stable':
      return fixed === null || fixed.stable.length === 0 ? 'no stable backport listed' : fixed.stable.join(', ');
    case 'fix_commit':
      return fix[0]?.sha?.slice(0, 12) ?? (fix[0] ? `"${fix[0].subject}"` : 'the fix');
    case 'fix_subject':
      return fix[0]?.subject ?? '';
    default:
      return null;
  }
}
