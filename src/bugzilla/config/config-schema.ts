import { z } from 'zod';
import { toStandardJsonSchema } from '../../rules/index.js';

/**
 * `bugzilla.yml`: which Bugzilla servers ktriage watches and how it acts there. The zod schema is
 * the single source of the type and the defaults; unknown keys are errors, so a typo is reported,
 * not ignored. See docs/bugzilla.md and bugzilla.example.yml.
 */

/** `90`, `"90s"`, `"5m"`, `"2h"`, `"1d"` -> milliseconds. */
const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

const DURATION_HELP = 'a duration is a number of seconds or a string like "90s", "5m", "2h", "1d"';
const duration = z.union(
  [
    z.number().positive().transform((seconds) => seconds * 1000),
    z
      .string()
      .regex(/^\s*\d+(\.\d+)?\s*(ms|s|m|h|d)\s*$/, DURATION_HELP)
      .transform((text) => {
        const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(text)!;
        return Number(m[1]) * DURATION_UNITS[m[2]!]!;
      }),
  ],
  { error: DURATION_HELP },
);

/** Bugzilla times are ISO 8601 UTC; `2026-11-23T19:25:10Z`. */
const isoTime = z.iso.datetime({ offset: false, message: 'a time is ISO 8601 UTC like "2026-11-23T19:25:10Z"' });

/**
 * A Bugzilla API key is 40 letters and digits (generate_random_password(40)), which is also a
 * valid variable name: pasted here, it would be printed in "the environment variable ... is not
 * set". Variable names have capitals and underscores; a long run of mixed-case letters and digits
 * is a key.
 */
const looksLikeSecret = (value: string): boolean => /^[A-Za-z0-9]{24,}$/.test(value) && /[a-z]/.test(value) && /[0-9]/.test(value);

const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'the name of an environment variable (letters, digits, _), not the secret itself')
  .refine((value) => !looksLikeSecret(value), 'this looks like an API key itself: put the key in an environment variable and name the variable here (e.g. KTRIAGE_BUGZILLA_KEY)');

const watchSchema = z.strictObject({
  product: z.string().trim().min(1, 'a product name, as Bugzilla spells it ("IO/Storage")'),
  /** Empty: every component of the product. */
  components: z.array(z.string().trim().min(1)).default([]),
});

const serverSchema = z.strictObject({
  /** Names the server in the database and in logs; keep it stable (the cursor is stored under it). */
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'a short stable id: lower-case letters, digits, "-" and "_"'),
  url: z.url({ protocol: /^https?$/, message: 'the server root, like "https://bugzilla.kernel.org"' }),
  /** The environment variable holding the API key; never the key itself. */
  api_key_env: envName,
  /**
   * The bot account's login (as comments show it). Servers with /rest/whoami (5.1, bugzilla.mozilla.org)
   * tell ktriage itself; on Bugzilla 5.0 and 5.2 this is how ktriage knows its own comments by author.
   */
  login: z.string().trim().min(1, "the bot account's login, e.g. \"ktriage-bot@example.org\"").optional(),
  /** Where the key goes: `auto` decides from /rest/version (5.0/5.2: parameter; 5.1, BMO: header). */
  auth: z.enum(['auto', 'header', 'param']).default('auto'),
  watch: z.array(watchSchema).min(1, 'watch at least one product'),
  rules: z.array(z.string().trim().min(1)).default([]),
  bundled_rules: z.boolean().default(true),
  /**
   * The kernel CVE pack: true (the one shipped with ktriage), false (none), or the path of an
   * operator's own pack written by `ktriage import kernel-cves` (relative to this file).
   */
  cve_pack: z.union([z.boolean(), z.string().trim().min(1, 'a CVE pack path, or true/false')]).default(true),
  poll_interval: duration.prefault(300),
  /** Where the first run starts; later runs continue from the stored cursor. */
  start_from: isoTime.optional(),
  /** Without start_from, the first run looks back this far from the server's time. */
  initial_lookback: duration.prefault('1d'),
  /** Also re-triage bugs that got new comments (a posted verdict is repeated only when it changed). */
  follow_ups: z.boolean().default(true),
  /** The whiteboard tag: "[<tag>: <rule id or verdict>]"; null to leave the whiteboard alone. */
  whiteboard_tag: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "-" and "_"').nullable().default('ktriage'),
  /** Keywords added to every triaged bug; they must exist on the server. */
  keywords: z.array(z.string().trim().min(1)).default([]),
  /** Also add the matched rule's labels as keywords (those that do not exist are skipped and reported). */
  labels_as_keywords: z.boolean().default(false),
  /** Post a comment when no rule matched (the subsystem playbook and questions). */
  comment_on_no_match: z.boolean().default(true),
  attachments: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Larger attachments are listed but not downloaded. */
      max_bytes: z.number().int().positive().max(20_000_000).default(512 * 1024),
      max_count: z.number().int().nonnegative().default(10),
    })
    .prefault({}),
  /** Record what would be posted (see `ktriage bugzilla shadow`), post nothing. */
  dry_run: z.boolean().default(false),
  page_size: z.number().int().positive().max(10_000).default(100),
  timeout: duration.prefault('30s'),
  retries: z.number().int().nonnegative().max(20).default(5),
  /** The longest Retry-After (429/503) waited out inside a request; a longer one fails the request until the next cycle. */
  max_retry_after: duration.prefault('2m'),
  /** A bug that keeps failing is given up on after this many cycles (and reported), so it cannot hold the cursor forever. */
  max_attempts: z.number().int().positive().default(10),
});

const webhookSchema = z.strictObject({
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8787),
  path: z.string().startsWith('/').default('/bugzilla/webhook'),
  /** The server (by name) the webhooks come from. Default: the first server. */
  server: z.string().optional(),
  secret_env: envName,
  /** The custom header bugzilla.mozilla.org's Webhooks extension sends; its value is the shared secret. */
  secret_header: z.string().regex(/^[A-Za-z0-9-]+$/).default('X-Ktriage-Secret'),
});

export const bugzillaConfigSchema = z
  .strictObject({
    /** SQLite file, relative to the config file. */
    database: z.string().trim().min(1).default('ktriage-bugzilla.sqlite'),
    servers: z.array(serverSchema).min(1, 'configure at least one server'),
    webhook: webhookSchema.optional(),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.servers.forEach((s, i) => {
      if (seen.has(s.name)) ctx.addIssue({ code: 'custom', path: ['servers', i, 'name'], message: `server name "${s.name}" is used twice; names key the stored cursor` });
      seen.add(s.name);
    });
    if (config.webhook?.server !== undefined && !seen.has(config.webhook.server)) {
      ctx.addIssue({ code: 'custom', path: ['webhook', 'server'], message: `no server is named "${config.webhook.server}" (known: ${[...seen].join(', ')})` });
    }
  });

export type BugzillaConfig = z.output<typeof bugzillaConfigSchema>;
export type BugzillaServerConfig = BugzillaConfig['servers'][number];
export type BugzillaWebhookConfig = NonNullable<BugzillaConfig['webhook']>;

/**
 * JSON Schema of bugzilla.yml as written (input side), for editors (yaml-language-server); standard
 * formats only (zod's `starts_with` on webhook.path is left to its `pattern`).
 */
export function bugzillaConfigJsonSchema(): Record<string, unknown> {
  return toStandardJsonSchema(bugzillaConfigSchema, 'draft-2020-12');
}
