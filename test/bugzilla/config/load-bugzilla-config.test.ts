import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { bugzillaConfigJsonSchema, BugzillaConfigError, parseBugzillaConfig } from '../../../src/bugzilla/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const minimal = `servers:
  - name: kernel
    url: https://bugzilla.kernel.org
    api_key_env: KTRIAGE_BZ_KEY
    watch:
      - product: IO/Storage
        components: [LVM2/DM]
`;

function problems(text: string): string[] {
  try {
    parseBugzillaConfig(text, 'bugzilla.yml');
  } catch (error) {
    if (error instanceof BugzillaConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('parseBugzillaConfig', () => {
  it('fills the defaults and converts durations to milliseconds', () => {
    const config = parseBugzillaConfig(minimal, 'bugzilla.yml');
    expect(config.database).toBe('ktriage-bugzilla.sqlite');
    const [s] = config.servers;
    expect(s).toMatchObject({ auth: 'auto', bundled_rules: true, poll_interval: 300_000, initial_lookback: 86_400_000, timeout: 30_000, whiteboard_tag: 'ktriage', dry_run: false, follow_ups: true });
    expect(s!.attachments).toEqual({ enabled: true, max_bytes: 524_288, max_count: 10 });
  });

  it('accepts the shipped example', () => {
    const text = readFileSync(path.join(root, 'bugzilla.example.yml'), 'utf8');
    const config = parseBugzillaConfig(text, 'bugzilla.example.yml');
    expect(config.servers.length).toBeGreaterThan(0);
    expect(config.webhook?.secret_env).toBeTruthy();
  });

  it.each([
    // a typo in a key is reported at the key, not ignored, with the key it should be (the rules' explainer)
    [minimal.replace('api_key_env', 'api_key_evn'), /^bugzilla\.yml:4:5: unknown key `api_key_evn` in `servers\[0\]` — did you mean `api_key_env`\?$/],
    [minimal.replace('components:', 'component:'), /^bugzilla\.yml:7:9: unknown key `component` in `servers\[0\]\.watch\[0\]` — did you mean `components`\?$/],
    // types and closed sets in words, not schema text
    [`${minimal}    max_attempts: lots\n`, /^bugzilla\.yml:8:19: `servers\[0\]\.max_attempts` must be a number, not the text "lots"$/],
    [`${minimal}    auth: cookie\n`, /^bugzilla\.yml:8:11: `servers\[0\]\.auth` must be one of `auto`, `header`, `param`$/],
    // the secret itself pasted instead of the variable's name
    [minimal.replace('KTRIAGE_BZ_KEY', 'a8f-3kd/93'), /`servers\[0\]\.api_key_env`: the name of an environment variable/],
    // a real Bugzilla API key (40 letters and digits) is also a valid variable name: caught all the same
    [minimal.replace('KTRIAGE_BZ_KEY', 'xR4pQ9LmZt2VbN7sKc1WdH8yJf3GaE6uTo5iPq0r'), /`servers\[0\]\.api_key_env`: this looks like an API key itself/],
    // bad duration
    [`${minimal}    poll_interval: 5 minutes\n`, /^bugzilla\.yml:8:20: `servers\[0\]\.poll_interval`: a duration is a number of seconds or a string like "90s", "5m"/],
    // a missing key is reported at its mapping
    [minimal.replace(/ {4}watch:\n.*\n.*\n/, ''), /^bugzilla\.yml:2:5: missing required key `servers\[0\]\.watch`$/],
    // no servers
    ['servers: []\n', /bugzilla\.yml:1:10: `servers`: configure at least one server/],
    // duplicate names
    [minimal + minimal.replace('servers:\n', ''), /`servers\[1\]\.name`: server name "kernel" is used twice/],
    // a start time that is not UTC ISO
    [`${minimal}    start_from: yesterday\n`, /start_from`: a time is ISO 8601 UTC/],
    // YAML syntax errors keep their position
    ['servers:\n  - name: [unclosed\n', /^bugzilla\.yml:\d+:\d+: /],
    // webhook names a server that does not exist
    [`${minimal}webhook:\n  secret_env: HOOK_SECRET\n  server: bmo\n`, /`webhook\.server`: no server is named "bmo"/],
  ])('reports problem %#', (text, expected) => {
    const found = problems(text);
    expect(found.some((p) => expected.test(p))).toBe(true);
  });

  it('a misspelt required key is one problem, not also a missing key', () => {
    expect(problems(minimal.replace('api_key_env', 'api_key_evn'))).toEqual(['bugzilla.yml:4:5: unknown key `api_key_evn` in `servers[0]` — did you mean `api_key_env`?']);
  });

  it('never repeats a key pasted where a variable name belongs (the message would land in logs)', () => {
    const key = 'xR4pQ9LmZt2VbN7sKc1WdH8yJf3GaE6uTo5iPq0r';
    const found = problems(`${minimal.replace('KTRIAGE_BZ_KEY', key)}webhook:\n  secret_env: ${key}\n`);
    expect(found.filter((p) => /looks like an API key itself/.test(p))).toHaveLength(2);
    expect(found.join('\n')).not.toContain(key);
    // a long variable name of capitals and underscores is still a name
    expect(problems(minimal.replace('KTRIAGE_BZ_KEY', 'KTRIAGE_BUGZILLA_API_KEY_FOR_THE_KERNEL_TRACKER'))).toEqual([]);
  });

  it('reports every problem at once', () => {
    const text = minimal.replace('api_key_env', 'api_key_evn').replace('https://bugzilla.kernel.org', 'ftp://x');
    const found = problems(text);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^bugzilla\.yml:3:10: `servers\[0\]\.url`/);
    expect(found[1]).toMatch(/^bugzilla\.yml:4:5: unknown key `api_key_evn`/);
  });
});

describe('bugzillaConfigJsonSchema', () => {
  it('accepts the shipped example and rejects a typo, like the zod schema', () => {
    // strict: a keyword or format a standard validator does not know is an error, and any warning
    // ajv would still log is collected and must be none (zod's `format: "starts_with"` was one).
    const warnings: unknown[] = [];
    const logger = { log: () => undefined, warn: (...args: unknown[]) => warnings.push(args), error: (...args: unknown[]) => warnings.push(args) };
    const ajv = new Ajv2020({ allErrors: true, strict: true, logger });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    const validate = ajv.compile(bugzillaConfigJsonSchema());
    expect(warnings).toEqual([]);
    const example = parse(readFileSync(path.join(root, 'bugzilla.example.yml'), 'utf8'));
    expect(validate(example)).toBe(true);
    expect(validate(parse(minimal.replace('api_key_env', 'api_key_evn')))).toBe(false);
  });
});
