import path from 'node:path';
import { Option, type Command } from 'commander';
import {
  bugzillaConfigJsonSchema,
  BugzillaConfigError,
  BugzillaError,
  chooseAuthMode,
  createBugzillaClient,
  createRedactingLogger,
  createSqliteTriageStore,
  loadBugzillaConfig,
  RulePathError,
  runPoll,
  sameLogin,
  startService,
  type BugzillaClient,
  type BugzillaRunDeps,
  type LoadedBugzillaConfig,
  type Logger,
} from '../../bugzilla/index.js';
import { createLogger } from '../../log/index.js';
import { cliLog } from '../cli-log.js';
import { suggestKey } from '../../rules/index.js';

/** What the bugzilla commands touch; bin/ktriage.js passes the process's, tests pass fakes. */
export interface BugzillaCliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  env: Record<string, string | undefined>;
  cwd: string;
  /** Tests: the fetch and short retry timings the client uses. */
  fetch?: typeof globalThis.fetch;
  clientOverrides?: BugzillaRunDeps['clientOverrides'];
  /** Stops `poll` (without --once) and `serve`; default: SIGINT/SIGTERM. */
  signal?: AbortSignal;
}

/** The bot is a service: the shared logger in its service style (LOG_LEVEL, LOG_FORMAT=json, no doubled timestamps under journald). */
function cliLogger(io: BugzillaCliIo): Logger {
  return createLogger({ env: io.env, stdout: io.stdout, stderr: io.stderr, style: 'service', fields: { tracker: 'bugzilla' } });
}

async function load(configPath: string, io: BugzillaCliIo): Promise<LoadedBugzillaConfig> {
  return loadBugzillaConfig(path.resolve(io.cwd, configPath));
}

function deps(io: BugzillaCliIo): BugzillaRunDeps {
  return { env: io.env, logger: cliLogger(io), ...(io.fetch ? { fetch: io.fetch } : {}), ...(io.clientOverrides ? { clientOverrides: io.clientOverrides } : {}) };
}

/** Config, key and rule problems are the operator's to fix: print them plainly, exit 2. */
function reportSetupError(error: unknown, io: BugzillaCliIo, command: string): number {
  if (error instanceof BugzillaConfigError || error instanceof RulePathError) {
    cliLog(io, `ktriage bugzilla ${command}`).error(`ktriage bugzilla ${command}: ${error.message}`);
    return 2;
  }
  throw error;
}

function stopSignal(io: BugzillaCliIo): AbortSignal {
  if (io.signal) return io.signal;
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return controller.signal;
}

/**
 * `ktriage bugzilla poll --config bugzilla.yml [--once] [--dry-run]`: one cycle per server (or
 * every poll_interval until stopped: exit 0). With --once, exit 0 when every bug was handled, 1
 * when a cycle failed or was stopped early (the server went down), or a bug failed this cycle
 * (pending: `status` lists it) or was given up on. 2 on a config, key or rules problem.
 */
export async function runBugzillaPoll(options: { config: string; once?: boolean; dryRun?: boolean }, io: BugzillaCliIo): Promise<number> {
  try {
    const loaded = await load(options.config, io);
    const once = options.once === true;
    const result = await runPoll(loaded, { once, dryRun: options.dryRun === true, ...(once ? {} : { signal: stopSignal(io) }) }, deps(io));
    // The loop logged each failed cycle and tried again a poll_interval later: being stopped is
    // success (systemd would otherwise record every `systemctl stop` after a past hiccup as a failure).
    if (!once) return 0;
    const incomplete = result.summaries.some((s) => s.outcomes.failed > 0 || s.outcomes['gave-up'] > 0 || s.stopped !== null);
    return result.errors.length > 0 || incomplete ? 1 : 0;
  } catch (error) {
    return reportSetupError(error, io, 'poll');
  }
}

/** `ktriage bugzilla serve --config bugzilla.yml [--dry-run] [--no-poll]`: webhook route + poll loop until stopped. */
export async function runBugzillaServe(options: { config: string; dryRun?: boolean; poll?: boolean }, io: BugzillaCliIo): Promise<number> {
  try {
    const loaded = await load(options.config, io);
    const service = await startService(loaded, { dryRun: options.dryRun === true, poll: options.poll !== false }, deps(io));
    const signal = stopSignal(io);
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
    await service.close();
    return 0;
  } catch (error) {
    return reportSetupError(error, io, 'serve');
  }
}

/** `ktriage bugzilla shadow --config bugzilla.yml [--server NAME] [--format text|json]`: what dry runs would have posted. */
export async function runBugzillaShadow(options: { config: string; server?: string; format?: string }, io: BugzillaCliIo): Promise<number> {
  try {
    const loaded = await load(options.config, io);
    const names = options.server ? [options.server] : loaded.config.servers.map((s) => s.name);
    const unknown = names.filter((n) => !loaded.config.servers.some((s) => s.name === n));
    if (unknown.length > 0) throw new BugzillaConfigError([`no server is named ${unknown.map((n) => `"${n}"`).join(', ')} in ${options.config}`]);
    const store = createSqliteTriageStore(loaded.databasePath);
    try {
      const records = (await Promise.all(names.map((n) => store.listShadow(n)))).flat();
      if (options.format === 'json') {
        io.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
        return 0;
      }
      for (const r of records) {
        const server = loaded.config.servers.find((s) => s.name === r.server)!;
        io.stdout.write(`=== ${r.server} bug ${r.bugId} (${new URL(`show_bug.cgi?id=${r.bugId}`, server.url.endsWith('/') ? server.url : `${server.url}/`)}) at ${r.recordedAt}\n`);
        io.stdout.write(`verdict: ${r.verdict}${r.ruleId ? ` (${r.ruleId})` : ''}; whiteboard: ${r.whiteboard ?? '(unchanged)'}; keywords: ${r.keywords.join(', ') || '(none)'}\n`);
        io.stdout.write(r.comment ? `${r.comment}\n` : '(no comment would be posted)\n\n');
      }
      io.stdout.write(`${records.length} dry-run record${records.length === 1 ? '' : 's'}\n`);
      return 0;
    } finally {
      await store.close();
    }
  } catch (error) {
    return reportSetupError(error, io, 'shadow');
  }
}

/** The servers a command acts on: `--server NAME` or all; an unknown name is a config error. */
function selectServers(loaded: LoadedBugzillaConfig, server: string | undefined, configPath: string): string[] {
  const names = server ? [server] : loaded.config.servers.map((s) => s.name);
  const unknown = names.filter((n) => !loaded.config.servers.some((s) => s.name === n));
  if (unknown.length > 0) throw new BugzillaConfigError([`no server is named ${unknown.map((n) => `"${n}"`).join(', ')} in ${configPath}`]);
  return names;
}

/**
 * `ktriage bugzilla status --config bugzilla.yml [--server NAME] [--format text|json]`: each
 * server's cursor, the bugs waiting for a retry (with their backoff and last error) and the bugs
 * given up on. Reads the database only; exit 0.
 */
export async function runBugzillaStatus(options: { config: string; server?: string; format?: string }, io: BugzillaCliIo, now: () => number = Date.now): Promise<number> {
  try {
    const loaded = await load(options.config, io);
    const names = selectServers(loaded, options.server, options.config);
    const store = createSqliteTriageStore(loaded.databasePath);
    try {
      const servers = [];
      for (const name of names) servers.push({ server: name, cursor: await store.getCursor(name), failures: await store.listFailures(name) });
      if (options.format === 'json') {
        io.stdout.write(`${JSON.stringify(servers.map((s) => ({ ...s, failures: s.failures.map((f) => ({ ...f, nextAttemptAt: new Date(f.nextAttemptAt).toISOString() })) })), null, 2)}\n`);
        return 0;
      }
      for (const s of servers) {
        const pending = s.failures.filter((f) => !f.givenUp);
        const givenUp = s.failures.filter((f) => f.givenUp);
        io.stdout.write(`${s.server}: cursor ${s.cursor ?? '(none yet: no cycle has finished)'}; ${pending.length} pending, ${givenUp.length} given up\n`);
        for (const f of pending) {
          const due = f.nextAttemptAt <= now() ? 'next cycle' : `not before ${new Date(f.nextAttemptAt).toISOString()}`;
          io.stdout.write(`  pending  bug ${f.bugId}: ${f.attempts} failure${f.attempts === 1 ? '' : 's'} of its own, ${f.serverErrors} server error${f.serverErrors === 1 ? '' : 's'} (not counted); retried ${due}; last: ${f.lastError}\n`);
        }
        for (const f of givenUp) {
          io.stdout.write(`  given up bug ${f.bugId}: ${f.attempts} failure${f.attempts === 1 ? '' : 's'} of its own; last: ${f.lastError} (ktriage bugzilla retry --server ${s.server} ${f.bugId})\n`);
        }
      }
      return 0;
    } finally {
      await store.close();
    }
  } catch (error) {
    return reportSetupError(error, io, 'status');
  }
}

/**
 * `ktriage bugzilla retry --config bugzilla.yml [--server NAME] [BUG...]`: the named failing bugs
 * (or all of them) are due at the next cycle with a fresh count, given-up ones included. Exit 1
 * when a named bug was neither pending nor given up.
 */
export async function runBugzillaRetry(options: { config: string; server?: string; bugs: string[] }, io: BugzillaCliIo): Promise<number> {
  try {
    const loaded = await load(options.config, io);
    const names = selectServers(loaded, options.server, options.config);
    const bad = options.bugs.filter((b) => !/^[1-9]\d*$/.test(b));
    if (bad.length > 0) throw new BugzillaConfigError([`not a bug number: ${bad.map((b) => JSON.stringify(b)).join(', ')}`]);
    const ids = options.bugs.length > 0 ? options.bugs.map(Number) : null;
    const store = createSqliteTriageStore(loaded.databasePath);
    try {
      const found = new Set<number>();
      for (const name of names) {
        const requeued = await store.requeueFailures(name, ids);
        for (const id of requeued) found.add(id);
        io.stdout.write(`${name}: ${requeued.length === 0 ? 'no failing bug to requeue' : `requeued bug${requeued.length === 1 ? '' : 's'} ${requeued.join(', ')}; the next poll cycle retries ${requeued.length === 1 ? 'it' : 'them'}`}\n`);
      }
      const missing = (ids ?? []).filter((id) => !found.has(id));
      if (missing.length > 0) {
        cliLog(io, 'ktriage bugzilla retry').error(`ktriage bugzilla retry: bug${missing.length === 1 ? '' : 's'} ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} neither pending nor given up (see ktriage bugzilla status)`);
        return 1;
      }
      return 0;
    } finally {
      await store.close();
    }
  } catch (error) {
    return reportSetupError(error, io, 'retry');
  }
}

/**
 * Whether a watched product and its components exist as the poller will see them, or what is
 * wrong (null: fine). Bugzilla's `/rest/product?names=` answers only products the account can
 * access, so a product missing there either does not exist or is restricted to a group the
 * account is not in: both leave the bot blind, so both fail, with the closest accessible name.
 * A product that is there but shows no bugs is not a failure (none may be filed yet).
 */
async function checkWatchedProduct(client: BugzillaClient, watch: { product: string; components: string[] }, who: string): Promise<string | null> {
  const [product] = await client.getProducts([watch.product]);
  if (!product) {
    const accessible = (await client.getProducts(null)).map((p) => p.name);
    const guess = suggestKey(watch.product, accessible);
    return `watched product "${watch.product}" does not exist, or ${who} cannot see it (a product restricted to a group): ${guess ? `did you mean "${guess}"?` : `products visible: ${accessible.map((n) => `"${n}"`).join(', ') || '(none)'}`}`;
  }
  const known = (product.components ?? []).map((c) => c.name);
  const missing = watch.components.filter((c) => !known.includes(c));
  if (missing.length === 0) return null;
  return missing
    .map((c) => {
      const guess = suggestKey(c, known);
      return `watched component "${c}" is not a component of "${product.name}": ${guess ? `did you mean "${guess}"?` : `its components are ${known.map((n) => `"${n}"`).join(', ')}`}`;
    })
    .join('; ');
}

/**
 * `ktriage bugzilla check --config bugzilla.yml`: validate the config and, for each server, ask
 * /rest/version, show where the API key will go, and try the key on a one-bug search.
 */
export async function runBugzillaCheck(options: { config: string }, io: BugzillaCliIo): Promise<number> {
  let loaded: LoadedBugzillaConfig;
  try {
    loaded = await load(options.config, io);
  } catch (error) {
    return reportSetupError(error, io, 'check');
  }
  let failed = false;
  for (const s of loaded.config.servers) {
    const key = io.env[s.api_key_env] ?? null;
    const redact = createRedactingLogger(cliLogger(io), [key]);
    const client = createBugzillaClient({ baseUrl: s.url, apiKey: key, auth: s.auth, timeoutMs: s.timeout, retries: 1, maxRetryAfterMs: s.max_retry_after, ...(io.fetch ? { fetch: io.fetch } : {}), ...io.clientOverrides });
    try {
      const version = await client.getVersion();
      const mode = s.auth === 'auto' ? chooseAuthMode(version) : s.auth;
      io.stdout.write(`${s.name}: Bugzilla ${version} at ${s.url}; API key sent as ${mode === 'header' ? 'the X-BUGZILLA-API-KEY header' : 'the api_key parameter'}\n`);
      if (!key) io.stdout.write(`${s.name}: ${s.api_key_env} is not set (dry runs read anonymously; posting needs it)\n`);
      // What a poll will see: with the key, or anonymously as a dry run without one reads.
      for (const w of s.watch) {
        const who = key ? "the key's account" : 'an anonymous user';
        const problem = await checkWatchedProduct(client, w, who);
        if (problem) {
          failed = true;
          io.stdout.write(`${s.name}: ${problem}\n`);
          continue;
        }
        const page = await client.searchPage({ product: [w.product], component: w.components, includeFields: ['id'] }, 1, 0);
        const visible = page.length === 0 ? `no bugs visible yet: none filed, or every one is in a group ${who} is not in` : 'bugs visible';
        io.stdout.write(`${s.name}: ${key ? 'key accepted' : 'anonymously'}; ${w.product}${w.components.length ? ` / ${w.components.join(', ')}` : ''}: ${visible}\n`);
      }
      if (!key) {
        failed = true;
        continue;
      }
      // Which account ktriage is: its earlier comments are known by this login, not by a footer anyone can paste.
      const me = await client.whoami();
      if (me && s.login && !sameLogin(me.name, s.login)) {
        failed = true;
        io.stdout.write(`${s.name}: the API key belongs to ${me.name}, but servers[].login says ${s.login}: fix one of them\n`);
      } else if (me) {
        io.stdout.write(`${s.name}: the API key belongs to ${me.name} (/rest/whoami); ktriage knows its own comments by this login\n`);
      } else if (s.login) {
        io.stdout.write(`${s.name}: no /rest/whoami on Bugzilla ${version}; ktriage knows its own comments as those by ${s.login} (servers[].login)\n`);
      } else {
        io.stdout.write(`${s.name}: no /rest/whoami on Bugzilla ${version} and no servers[].login: ktriage knows its own comments only by their footer line, which anyone can paste; set login to the bot account's login\n`);
      }
    } catch (error) {
      failed = true;
      redact.error(`${s.name}: ${error instanceof BugzillaError ? error.message : String(error)}`);
    }
  }
  return failed ? 1 : 0;
}

/** Register `ktriage bugzilla poll|serve|shadow|status|retry|schema|check` on the CLI program. */
export function addBugzillaCommand(program: Command, io: BugzillaCliIo, setExitCode: (code: number) => void): void {
  const bugzilla = program.command('bugzilla').description('triage new bugs on Bugzilla servers (see docs/bugzilla.md)');
  const config = (): Option => new Option('--config <file>', 'the Bugzilla configuration (see bugzilla.example.yml)').default('bugzilla.yml');
  bugzilla
    .command('poll')
    .description('find new and changed bugs, triage them, post one plain-text comment each and tag the whiteboard')
    .addOption(config())
    .option('--once', 'one cycle per server, then exit (for cron or systemd timers)')
    .option('--dry-run', 'record what would be posted (see `ktriage bugzilla shadow`), post nothing')
    .action(async (options: { config: string; once?: boolean; dryRun?: boolean }) => {
      setExitCode(await runBugzillaPoll(options, io));
    });
  bugzilla
    .command('serve')
    .description('receive bugzilla.mozilla.org-style webhooks and poll, in one process')
    .addOption(config())
    .option('--dry-run', 'record what would be posted, post nothing')
    .option('--no-poll', 'webhooks only (no poll loop as backstop)')
    .action(async (options: { config: string; dryRun?: boolean; poll: boolean }) => {
      setExitCode(await runBugzillaServe(options, io));
    });
  bugzilla
    .command('shadow')
    .description('print what dry runs would have posted, for review before enabling comments')
    .addOption(config())
    .option('--server <name>', 'one server only')
    .addOption(new Option('--format <format>', 'text or json').choices(['text', 'json']).default('text'))
    .action(async (options: { config: string; server?: string; format?: string }) => {
      setExitCode(await runBugzillaShadow(options, io));
    });
  bugzilla
    .command('status')
    .description('show each server\'s cursor, the bugs waiting for a retry and the bugs given up on')
    .addOption(config())
    .option('--server <name>', 'one server only')
    .addOption(new Option('--format <format>', 'text or json').choices(['text', 'json']).default('text'))
    .action(async (options: { config: string; server?: string; format?: string }) => {
      setExitCode(await runBugzillaStatus(options, io));
    });
  bugzilla
    .command('retry')
    .description('requeue failing or given-up bugs (all, or the numbers given) for the next poll cycle')
    .addOption(config())
    .option('--server <name>', 'one server only')
    .argument('[bugs...]', 'bug numbers (default: every failing bug)')
    .action(async (bugs: string[], options: { config: string; server?: string }) => {
      setExitCode(await runBugzillaRetry({ ...options, bugs }, io));
    });
  bugzilla
    .command('schema')
    .description('print the JSON Schema of bugzilla.yml (for editors: ktriage bugzilla schema > bugzilla.schema.json)')
    .action(() => {
      io.stdout.write(`${JSON.stringify(bugzillaConfigJsonSchema(), null, 2)}\n`);
      setExitCode(0);
    });
  bugzilla
    .command('check')
    .description('validate the config, ask each server its version and try the API key')
    .addOption(config())
    .action(async (options: { config: string }) => {
      setExitCode(await runBugzillaCheck(options, io));
    });
}

