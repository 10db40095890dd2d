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
  type BugzillaRunDeps,
  type LoadedBugzillaConfig,
  type Logger,
} from '../../bugzilla/index.js';

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

function cliLogger(io: BugzillaCliIo): Logger {
  const stamp = (): string => new Date().toISOString();
  return {
    info: (m) => io.stdout.write(`${stamp()} ${m}\n`),
    warn: (m) => io.stderr.write(`${stamp()} warning: ${m}\n`),
    error: (m) => io.stderr.write(`${stamp()} error: ${m}\n`),
  };
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
    io.stderr.write(`ktriage bugzilla ${command}: ${error.message}\n`);
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
 * when a cycle failed, a bug is left to retry or was given up on (max_attempts: logged, and the
 * cursor moved past it). 2 on a config, key or rules problem.
 */
export async function runBugzillaPoll(options: { config: string; once?: boolean; dryRun?: boolean }, io: BugzillaCliIo): Promise<number> {
  try {
    const loaded = await load(options.config, io);
    const once = options.once === true;
    const result = await runPoll(loaded, { once, dryRun: options.dryRun === true, ...(once ? {} : { signal: stopSignal(io) }) }, deps(io));
    // The loop logged each failed cycle and tried again a poll_interval later: being stopped is
    // success (systemd would otherwise record every `systemctl stop` after a past hiccup as a failure).
    if (!once) return 0;
    const incomplete = result.summaries.some((s) => s.outcomes.failed > 0 || s.outcomes['gave-up'] > 0);
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
        const page = await client.searchPage({ product: [w.product], component: w.components, includeFields: ['id'] }, 1, 0);
        io.stdout.write(`${s.name}: ${key ? 'key accepted' : 'anonymously'}; ${w.product}${w.components.length ? ` / ${w.components.join(', ')}` : ''}: ${page.length === 0 ? 'no bugs visible (check the product and component names)' : 'bugs visible'}\n`);
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

/** Register `ktriage bugzilla poll|serve|shadow|check` on the CLI program. */
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

