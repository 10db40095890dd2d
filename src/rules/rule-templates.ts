/**
 * Template names allowed in `next_steps` (rules/README.md, "Templates"). The renderer fills them;
 * lint refuses any other name so a typo never reaches a posted comment as `{{fixed_for_runing}}`.
 */
export const BUG_TEMPLATE_NAMES = [
  'fix_commit',
  'fix_subject',
  'fixed_for_running',
  'fixed_mainline',
  'fixed_stable',
  'running',
] as const;

/** A playbook has no fix, so only the reporter's kernel and facts can be filled in. */
export const PLAYBOOK_TEMPLATE_NAMES = ['running'] as const;

export type TemplateName = (typeof BUG_TEMPLATE_NAMES)[number];

/** `{{fact.<id>}}`: a fact's value; the id is checked against the vocabulary after all files are read. */
export const FACT_TEMPLATE_PREFIX = 'fact.';

export interface TemplateUse {
  /** The name between the braces, trimmed (`fixed_for_running`, `fact.discards`). */
  name: string;
  /** Offset of `{{` in the string. */
  offset: number;
}

/**
 * Every `{{name}}` in a templated string, plus the offset of a `{{` that is never closed (or null).
 *
 * @example
 * findTemplates('Upgrade to {{ fixed_for_running }}.') // => { uses: [{ name: 'fixed_for_running', offset: 11 }], unclosedAt: null }
 */
export function findTemplates(text: string): { uses: TemplateUse[]; unclosedAt: number | null } {
  const uses: TemplateUse[] = [];
  let unclosedAt: number | null = null;
  let from = 0;
  for (;;) {
    const open = text.indexOf('{{', from);
    if (open < 0) break;
    const close = text.indexOf('}}', open + 2);
    if (close < 0) {
      unclosedAt = open;
      break;
    }
    uses.push({ name: text.slice(open + 2, close).trim(), offset: open });
    from = close + 2;
  }
  return { uses, unclosedAt };
}

/**
 * Why a template name is not allowed in this kind of rule, or null. Fact ids are not checked here
 * (facts may be defined in another file); the caller checks `fact.<id>` against the vocabulary.
 */
export function checkTemplateName(name: string, allowed: readonly string[]): string | null {
  if (name.startsWith(FACT_TEMPLATE_PREFIX)) {
    return /^fact\.[a-z][a-z0-9_]*$/.test(name) ? null : `\`{{${name}}}\` is not a fact template: write \`{{fact.<id>}}\` with a fact id like \`{{fact.filesystem}}\``;
  }
  if (allowed.includes(name)) return null;
  return `unknown template \`{{${name}}}\`: use one of ${[...allowed, 'fact.<id>'].map((n) => `{{${n}}}`).join(', ')}`;
}
