import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { createHealthHandler } from '../../src/github/app/create-health-handler.js';
import { locateYamlPath, yamlSyntaxError } from '../../src/github/config/locate-yaml-path.js';
import { readAppOptions } from '../../src/github/app/read-app-options.js';
import { closeFences } from '../../src/render/index.js';

describe('locateYamlPath', () => {
  const text = 'labels:\n  prefix: 3\nrules:\n  paths:\n    - a\n    - ../b\n';
  it.each([
    [['labels', 'prefix'], { line: 2, column: 11 }],
    [['rules', 'paths', 1], { line: 6, column: 7 }],
    // an unknown key's problem is reported on its section
    [['labels', 'nope'], { line: 2, column: 3 }],
    [[], { line: 1, column: 1 }],
  ])('%j', (path, expected) => {
    expect(locateYamlPath(text, path)).toEqual(expected);
  });

  it('finds the first syntax error', () => {
    expect(yamlSyntaxError('a: [1, 2\nb: 3')?.location.line).toBe(2);
    expect(yamlSyntaxError('a: 1\n')).toBeNull();
  });
});

describe('readAppOptions', () => {
  it.each([
    [{}, { cvePack: true, rulesDir: null, store: { kind: 'sqlite', file: 'ktriage-store.sqlite' }, legacyFeedbackFile: null, dashboardToken: null, dashboardPath: '/ktriage/dashboard', dryRun: false, healthPath: '/ktriage/health', queue: { kind: 'sqlite', file: 'ktriage-queue.sqlite' }, queueConcurrency: 4 }],
    [
      { KTRIAGE_DRY_RUN: 'TRUE', KTRIAGE_RULES_DIR: '/app/rules', KTRIAGE_FEEDBACK_FILE: '/data/f.jsonl', KTRIAGE_HEALTH_PATH: '/hz', KTRIAGE_CVE_PACK: '/data/cves', KTRIAGE_QUEUE_FILE: '/data/queue.sqlite', KTRIAGE_QUEUE_CONCURRENCY: '8' },
      { cvePack: '/data/cves', rulesDir: '/app/rules', store: { kind: 'sqlite', file: 'ktriage-store.sqlite' }, legacyFeedbackFile: '/data/f.jsonl', dashboardToken: null, dashboardPath: '/ktriage/dashboard', dryRun: true, healthPath: '/hz', queue: { kind: 'sqlite', file: '/data/queue.sqlite' }, queueConcurrency: 8 },
    ],
    [{ KTRIAGE_DRY_RUN: '0', KTRIAGE_CVE_PACK: 'off' }, { cvePack: false, rulesDir: null, store: { kind: 'sqlite', file: 'ktriage-store.sqlite' }, legacyFeedbackFile: null, dashboardToken: null, dashboardPath: '/ktriage/dashboard', dryRun: false, healthPath: '/ktriage/health', queue: { kind: 'sqlite', file: 'ktriage-queue.sqlite' }, queueConcurrency: 4 }],
    // REDIS_URL (read by Probot too) moves the queue to Redis, shared by replicas
    [{ REDIS_URL: 'redis://redis:6379/2' }, { cvePack: true, rulesDir: null, store: { kind: 'sqlite', file: 'ktriage-store.sqlite' }, legacyFeedbackFile: null, dashboardToken: null, dashboardPath: '/ktriage/dashboard', dryRun: false, healthPath: '/ktriage/health', queue: { kind: 'redis', url: 'redis://redis:6379/2', lockMs: 30000 }, queueConcurrency: 4 }],
    // DATABASE_URL moves the decision store to PostgreSQL; a dashboard token turns serving on
    [
      { DATABASE_URL: 'postgres://k@db/ktriage', KTRIAGE_DASHBOARD_TOKEN: ' 0123456789abcdef0123 ', KTRIAGE_DASHBOARD_PATH: '/dash' },
      { cvePack: true, rulesDir: null, store: { kind: 'postgres', url: 'postgres://k@db/ktriage' }, legacyFeedbackFile: null, dashboardToken: '0123456789abcdef0123', dashboardPath: '/dash', dryRun: false, healthPath: '/ktriage/health', queue: { kind: 'sqlite', file: 'ktriage-queue.sqlite' }, queueConcurrency: 4 },
    ],
  ])('%j', (env, expected) => {
    expect(readAppOptions(env)).toEqual(expected);
  });

  it.each([
    [{ KTRIAGE_DRY_RUN: 'yes' }, 'KTRIAGE_DRY_RUN must be "true" or "false" (got "yes")'],
    [{ KTRIAGE_HEALTH_PATH: 'health' }, 'KTRIAGE_HEALTH_PATH must start with "/" (got "health")'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL must be a redis:// or rediss:// URL (got "localhost:6379")'],
    [{ REDIS_URL: 'redis://r', KTRIAGE_QUEUE_LOCK_MS: '10' }, 'KTRIAGE_QUEUE_LOCK_MS must be a whole number of milliseconds, at least 1000 (got "10")'],
    [{ KTRIAGE_QUEUE_CONCURRENCY: '0' }, 'KTRIAGE_QUEUE_CONCURRENCY must be a whole number from 1 to 64 (got "0")'],
    [{ KTRIAGE_QUEUE_CONCURRENCY: 'many' }, 'KTRIAGE_QUEUE_CONCURRENCY must be a whole number from 1 to 64 (got "many")'],
    [{ KTRIAGE_DASHBOARD_TOKEN: 'short' }, 'KTRIAGE_DASHBOARD_TOKEN must be at least 16 characters'],
    [{ KTRIAGE_DASHBOARD_PATH: 'dash' }, 'KTRIAGE_DASHBOARD_PATH must start with "/" (got "dash")'],
    [{ DATABASE_URL: 'sqlite:///x' }, 'DATABASE_URL must be a postgres:// or postgresql:// URL'],
  ])('rejects %j naming the variable', (env, message) => {
    expect(() => readAppOptions(env)).toThrow(message);
  });
});

describe('closeFences', () => {
  it.each([
    ['text', 'text'],
    ['```\ncode', '```\ncode\n```'],
    ['````sh\n```\nstill code', '````sh\n```\nstill code\n````'],
    ['~~~\n~~~\nafter', '~~~\n~~~\nafter'],
  ])('%j', (input, expected) => {
    expect(closeFences(input)).toBe(expected);
  });
});

describe('createHealthHandler', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    // Other suites in this worker disable the network through nock; this one talks to itself.
    nock.enableNetConnect('127.0.0.1');
    const health = createHealthHandler('/ktriage/health', () => ({ version: '1.2.3' }));
    server = createServer((req, res) => {
      if (!health(req, res)) res.writeHead(404).end('not mine');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const get = (path: string, method = 'GET') =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });

  it('answers GET with 200 and a JSON status', async () => {
    expect(await get('/ktriage/health?probe=1')).toEqual({ status: 200, body: '{"status":"ok","version":"1.2.3"}' });
  });
  it('refuses other methods and leaves other paths alone', async () => {
    expect((await get('/ktriage/health', 'POST')).status).toBe(405);
    expect(await get('/other')).toEqual({ status: 404, body: 'not mine' });
  });
});
