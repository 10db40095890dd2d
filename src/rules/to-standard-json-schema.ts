import { z } from 'zod';

/**
 * The formats each JSON Schema draft defines (draft-07 §7.3; 2020-12 Validation §7.3 adds
 * `duration` and `uuid`). zod writes its own check names as `format` too (`starts_with`,
 * `includes`, `cuid`, `e164`, ...), always beside a `pattern` that carries the check; a validator in
 * strict mode (ajv) rejects such a schema and a lax one logs a warning for every unknown format.
 */
const DRAFT_07_FORMATS = [
  'date',
  'date-time',
  'email',
  'hostname',
  'idn-email',
  'idn-hostname',
  'ipv4',
  'ipv6',
  'iri',
  'iri-reference',
  'json-pointer',
  'regex',
  'relative-json-pointer',
  'time',
  'uri',
  'uri-reference',
  'uri-template',
] as const;
const STANDARD_FORMATS: Readonly<Record<StandardJsonSchemaTarget, ReadonlySet<string>>> = {
  'draft-07': new Set(DRAFT_07_FORMATS),
  'draft-2020-12': new Set([...DRAFT_07_FORMATS, 'duration', 'uuid']),
};

export type StandardJsonSchemaTarget = 'draft-07' | 'draft-2020-12';

/**
 * zod's JSON Schema of `schema` (input side: what a person writes) with only the formats the target
 * draft defines: a zod-only format is dropped, its `pattern` stays, so what editors check is unchanged.
 *
 * @example
 * toStandardJsonSchema(z.string().startsWith('/'), 'draft-2020-12')
 * // => { $schema: '...2020-12/schema', type: 'string', pattern: '^\\/.*' }   (no `format: "starts_with"`)
 */
export function toStandardJsonSchema(schema: z.ZodType, target: StandardJsonSchemaTarget): Record<string, unknown> {
  const formats = STANDARD_FORMATS[target];
  return z.toJSONSchema(schema, {
    io: 'input',
    target,
    unrepresentable: 'any',
    override: ({ jsonSchema }) => {
      if (typeof jsonSchema.format === 'string' && !formats.has(jsonSchema.format)) delete jsonSchema.format;
    },
  }) as Record<string, unknown>;
}
