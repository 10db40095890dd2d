import { ruleSchema } from './rule-schema.js';
import { toStandardJsonSchema } from './to-standard-json-schema.js';

/**
 * The JSON Schema of a rule file, generated from the zod schema (rules/schema.json; editors with
 * yaml-language-server use it). Describes what may be written (input side: defaults optional).
 * Draft 7, the draft yaml-language-server supports best; only formats draft 7 defines.
 *
 * @example
 * ruleFileJsonSchema().properties.bugs.type // => 'array'
 */
export function ruleFileJsonSchema(): Record<string, unknown> {
  const schema = toStandardJsonSchema(ruleSchema, 'draft-07');
  return { ...schema, title: 'ktriage rule file' };
}
