import { z } from 'zod';
import { ruleSchema } from './rule-schema.js';

/**
 * The JSON Schema of a rule file, generated from the zod schema (rules/schema.json; editors with
 * yaml-language-server use it). Describes what may be written (input side: defaults optional).
 * Draft 7, the draft yaml-language-server supports best.
 *
 * @example
 * ruleFileJsonSchema().properties.bugs.type // => 'array'
 */
export function ruleFileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ruleSchema, { io: 'input', target: 'draft-7', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, title: 'ktriage rule file' };
}
