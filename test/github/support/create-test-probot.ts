import { generateKeyPairSync } from 'node:crypto';
import nock from 'nock';
import { pino } from 'pino';
import { Probot, ProbotOctokit, type Logger } from 'probot';

/**
 * Probot's test recipe: a real Probot with retry and throttling off (the FUNCTION form of
 * ProbotOctokit.defaults — the object form leaves throttling on and every post waits seconds),
 * a generated App key (so installation-token auth runs for real against nock), silent logs
 * captured for assertions.
 */
export const TEST_APP_ID = 123;
export const TEST_INSTALLATION_ID = 2;

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
export const TEST_PRIVATE_KEY = privateKey;

export interface LogLine {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

export function createTestLogger(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const log = pino({ level: 'debug' }, { write: (chunk: string) => lines.push(JSON.parse(chunk) as LogLine) }) as unknown as Logger;
  return { log, lines };
}

export const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));

export function createTestProbot(extra: { secret?: string } = {}): { probot: Probot; logs: LogLine[] } {
  const { log, lines } = createTestLogger();
  const probot = new Probot({ appId: TEST_APP_ID, privateKey: TEST_PRIVATE_KEY, Octokit: TestOctokit, log, secret: extra.secret ?? 'test-secret' });
  return { probot, logs: lines };
}

/** The installation token exchange Probot performs before the first API call of an event. */
export function nockInstallationToken(scope = nock('https://api.github.com')): nock.Scope {
  return scope
    .post(`/app/installations/${TEST_INSTALLATION_ID}/access_tokens`)
    .optionally()
    .reply(200, { token: 'ghs_test', expires_at: '2999-01-01T00:00:00Z', permissions: { issues: 'write', checks: 'write', contents: 'read', metadata: 'read', pull_requests: 'read' } })
    .persist();
}

/**
 * The environment of a spawned App process (probot run, ktriage github serve) talking to the GitHub API
 * stand-in on loopback: the test App's id and key, a webhook secret, the port it listens on. Each test
 * adds what its run is about (queue, store, log level) in `extra`.
 */
export function spawnedAppEnv(apiHost: string, port: number, secret: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    APP_ID: String(TEST_APP_ID),
    PRIVATE_KEY: TEST_PRIVATE_KEY,
    WEBHOOK_SECRET: secret,
    HOST: '127.0.0.1',
    PORT: String(port),
    GHE_HOST: apiHost,
    GHE_PROTOCOL: 'http',
    ...extra,
  };
}

