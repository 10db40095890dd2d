import { z } from 'zod';
import { toStandardJsonSchema } from '../../src/rules/index.js';

describe('toStandardJsonSchema', () => {
  // Each row: a zod string check, the format the schema may keep (undefined: zod's own name, dropped),
  // and whether a pattern still carries the check.
  it.each([
    // zod-only names written as `format`, each beside its pattern
    ['startsWith', z.string().startsWith('/'), undefined, true],
    ['endsWith', z.string().endsWith('.yml'), undefined, true],
    ['includes', z.string().includes('@'), undefined, true],
    ['lowercase', z.string().lowercase(), undefined, true],
    ['cuid', z.cuid(), undefined, true],
    ['e164', z.e164(), undefined, true],
    // formats the standard defines stay
    ['email', z.email(), 'email', true],
    ['url', z.url(), 'uri', false],
    ['datetime', z.iso.datetime(), 'date-time', true],
    ['uuid (2020-12 only)', z.uuid(), 'uuid', true],
  ])('%s', (_name, schema, format, hasPattern) => {
    const json = toStandardJsonSchema(schema, 'draft-2020-12');
    expect(json.format).toBe(format);
    expect(typeof json.pattern === 'string').toBe(hasPattern);
  });

  it('keeps only draft-07 formats for a draft-07 schema (uuid and duration came with 2019-09)', () => {
    expect(toStandardJsonSchema(z.uuid(), 'draft-07').format).toBeUndefined();
    expect(toStandardJsonSchema(z.email(), 'draft-07').format).toBe('email');
  });

  it('reaches nested objects and arrays', () => {
    const json = toStandardJsonSchema(z.object({ paths: z.array(z.object({ p: z.string().startsWith('/') })) }), 'draft-2020-12');
    expect(JSON.stringify(json)).not.toContain('starts_with');
    expect(JSON.stringify(json)).toContain('"pattern"');
  });
});
