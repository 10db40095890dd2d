import { SETUP_FACT_FAMILIES } from '../extract/index.js';
import { RE2JS } from 're2js';
import { z } from 'zod';
import type { FactDefinition, FactPattern } from '../model.js';

/**
 * One pattern of a fact: when any phrase or regex is found in a statement, the statement asserts
 * `value` (a negation word before a phrase flips a boolean fact).
 */
const factPatternSchema = z
  .strictObject({
    value: z.union([z.boolean(), z.string().min(1)]),
    phrases: z.array(z.string().trim().min(1, 'a phrase must have at least one word')).default([]),
    regexes: z
      .array(
        z.string().min(1).superRefine((source, ctx) => {
          const problem = re2Problem(source);
          if (problem) ctx.addIssue({ code: 'custom', message: `not an RE2 regex (${problem}); RE2 has no look-around or back-references` });
        }),
      )
      .default([]),
  })
  .refine((p) => p.phrases.length + p.regexes.length > 0, { message: 'a pattern needs at least one phrase or regex' });

/**
 * The zod schema of one `facts:` entry in a rule file (see rules/README.md, "Facts"). Its output is
 * exactly `FactDefinition`; rule-file loaders embed it, `schema.json` is generated from it.
 *
 * Checks beyond shape: ids are snake_case, boolean facts assert only true/false, enum facts assert
 * only values listed in `values`, and every regex compiles under RE2 (linear-time matching on hostile
 * report text).
 *
 * @example
 * factDefinitionSchema.parse({ id: 'discards', description: 'TRIM is on', type: 'boolean',
 *   patterns: [{ value: true, phrases: ['with discards'] }] });
 * // => { id: 'discards', ..., values: [], question: null, patterns: [{ value: true, phrases: [...], regexes: [] }] }
 */
export const factDefinitionSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'fact ids are snake_case: [a-z][a-z0-9_]*'),
    description: z.string().trim().min(1),
    type: z.enum(['boolean', 'enum']),
    values: z.array(z.string().min(1)).default([]),
    question: z.string().trim().min(1).nullable().default(null),
    patterns: z.array(factPatternSchema).default([]),
  })
  .superRefine((fact, ctx) => {
    // dm_<target>, kconfig_<option> and mount_<option> facts are read off dmsetup tables, config
    // lines and mount options by extract/read-setup-lines.ts; every other fact needs a pattern.
    if (fact.patterns.length === 0 && !SETUP_FACT_FAMILIES.some((prefix) => fact.id.startsWith(prefix))) {
      ctx.addIssue({ code: 'custom', path: ['patterns'], message: `a fact needs at least one pattern (only ${SETUP_FACT_FAMILIES.map((p) => `${p}*`).join(', ')} facts are read without one)` });
    }
    if (fact.type === 'boolean' && fact.values.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['values'], message: 'boolean facts take no `values` (they are true or false)' });
    }
    if (fact.type === 'enum' && fact.values.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['values'], message: 'enum facts list their allowed `values`' });
    }
    fact.patterns.forEach((pattern, i) => {
      if (fact.type === 'boolean' && typeof pattern.value !== 'boolean') {
        ctx.addIssue({ code: 'custom', path: ['patterns', i, 'value'], message: 'a boolean fact\'s pattern value is true or false' });
      }
      if (fact.type === 'enum' && (typeof pattern.value !== 'string' || !fact.values.includes(pattern.value))) {
        ctx.addIssue({ code: 'custom', path: ['patterns', i, 'value'], message: `value must be one of this fact's values: ${fact.values.join(', ')}` });
      }
    });
  }) satisfies z.ZodType<FactDefinition, unknown>;

/** The schema of a whole `facts:` list; ids must be unique. */
export const factVocabularySchema = z.array(factDefinitionSchema).superRefine((facts, ctx) => {
  const seen = new Set<string>();
  facts.forEach((fact, i) => {
    if (seen.has(fact.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate fact id "${fact.id}"` });
    seen.add(fact.id);
  });
});

export type FactDefinitionInput = z.input<typeof factDefinitionSchema>;
export type { FactDefinition, FactPattern };

function re2Problem(source: string): string | null {
  try {
    RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
