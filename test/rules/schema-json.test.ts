import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { ruleFileJsonSchema } from '../../src/rules/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

it('rules/schema.json is up to date with the zod schema (run `npm run schema`)', () => {
  const committed = readFileSync(`${ROOT}rules/schema.json`, 'utf8');
  expect(committed).toBe(`${JSON.stringify(ruleFileJsonSchema(), null, 2)}\n`);
});

/** A minimal valid bug as written in YAML (snake_case), for the editor-schema cases. */
function validBugInput(): Record<string, unknown> {
  return { id: 'a', title: 't', subsystem: 's', links: ['https://x'], signatures: [{ log: 'xxxxxxxxxxxx' }], fix: [{ commit: 'cebc2de44d3b', subject: 's' }], examples: { match: ['a'], no_match: ['b'] } };
}

describe('the JSON Schema editors use', () => {
  // strict: a keyword or format a standard validator does not know is an error, and any warning
  // ajv would still log is collected and must be none (editors ignore what ajv would warn about).
  // strictRequired is ajv's own style check, not the standard: a signature's `oneOf` branches
  // require `log` or `crash`, which the enclosing object defines, as JSON Schema allows.
  const warnings: unknown[] = [];
  const logger = { log: () => undefined, warn: (...args: unknown[]) => warnings.push(args), error: (...args: unknown[]) => warnings.push(args) };
  const ajv = new Ajv({ strict: true, strictRequired: false, allErrors: true, logger });
  const validate = ajv.compile(ruleFileJsonSchema());

  it('is a standard draft-07 schema: ajv in strict mode compiles it without a warning', () => {
    expect(warnings).toEqual([]);
  });

  // Every bundled rule file and the valid fixtures must pass the editor's check too, or editors
  // would flag correct files.
  const files = [
    ...readdirSync(`${ROOT}rules`).filter((n) => n.endsWith('.yml')).map((n) => `rules/${n}`),
    ...readdirSync(`${ROOT}test/fixtures/rules/valid`).filter((n) => n.endsWith('.yml')).map((n) => `test/fixtures/rules/valid/${n}`),
  ];

  it.each(files)('accepts %s', (file) => {
    const value = parse(readFileSync(`${ROOT}${file}`, 'utf8')) as unknown;
    const ok = validate(value);
    expect(ok ? [] : validate.errors).toEqual([]);
  });

  // Each row: a value the editor must flag.
  it.each([
    // unknown key
    ['unknown top-level key', { bug: [] }],
    // unknown key in a bug
    ['unknown bug key', { bugs: [{ id: 'a', titel: 'x' }] }],
    // a signature weight out of range
    ['weight above 1', { bugs: [{ id: 'a', title: 't', subsystem: 's', links: ['https://x'], signatures: [{ log: 'xxxxxxxxxxxx', weight: 3 }], fix: [{ commit: 'cebc2de44d3b', subject: 's' }], examples: { match: ['a'], no_match: ['b'] } }] }],
    // an id with capitals
    ['bad id', { bugs: [{ id: 'A', title: 't', subsystem: 's', links: ['https://x'], signatures: [{ log: 'xxxxxxxxxxxx' }], fix: [{ commit: 'cebc2de44d3b', subject: 's' }], examples: { match: ['a'], no_match: ['b'] } }] }],
    // a stable placeholder: the version patterns reach the editor
    ['a stable placeholder', { bugs: [{ ...validBugInput(), affected: { fixed: { stable: ['3.12.x'] } } }] }],
    // a mainline release written as stable
    ['mainline under stable', { bugs: [{ ...validBugInput(), affected: { fixed: { stable: ['3.12'] } } }] }],
    // a short sha
    ['a short sha', { bugs: [{ ...validBugInput(), fix: [{ commit: 'cebc2de', subject: 's' }] }] }],
    // two kinds in one signature, and none
    ['log and crash in one signature', { bugs: [{ ...validBugInput(), signatures: [{ log: 'xxxxxxxxxxxx', crash: 'WARNING in x' }] }] }],
    ['a signature with only a weight', { bugs: [{ ...validBugInput(), signatures: [{ weight: 0.5 }] }] }],
    // introduced as an empty mapping
    ['introduced {}', { bugs: [{ ...validBugInput(), affected: { introduced: {} } }] }],
    // a playbook with nothing to say
    ['an empty playbook', { playbooks: [{ id: 'p', title: 't' }] }],
  ])('rejects %s', (_name, value) => {
    expect(validate(value)).toBe(false);
  });

  it('accepts the minimal valid bug the rejections start from', () => {
    expect(validate({ bugs: [validBugInput()], playbooks: [{ id: 'p', title: 't', ask: [{ fact: 'x', question: 'q?' }] }] })).toBe(true);
  });
});
