import { describe, expect, it } from '@jest/globals';
import { createLogger, mapLogger, type LoggerIo } from '../../src/log/index.js';

const NOW = () => new Date('2026-12-07T13:00:00.000Z');

function capture(env: Record<string, string | undefined>, extra: Partial<LoggerIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const logger = createLogger({ stdout: { write: (c: string) => out.push(c) }, stderr: { write: (c: string) => err.push(c) }, env, now: NOW, ...extra });
  return { logger, out, err };
}

function threeLines(env: Record<string, string | undefined>, extra: Partial<LoggerIo> = {}) {
  const { logger, out, err } = capture(env, extra);
  logger.debug('cache warm');
  logger.info('cycle done');
  logger.warn('bug 7 failed');
  logger.error('cycle stopped');
  return { out, err };
}

describe('createLogger: one logger for the App, the Action, the Bugzilla bot and the CLI (LOG_LEVEL, LOG_FORMAT)', () => {
  it.each<[string, Record<string, string>, string[], string[]]>([
    // default (service style): text with the time, warnings and errors on stderr, debug dropped at info
    ['text', {}, ['2026-12-07T13:00:00.000Z cycle done\n'], ['2026-12-07T13:00:00.000Z warning: bug 7 failed\n', '2026-12-07T13:00:00.000Z error: cycle stopped\n']],
    // Probot's name for the text format is "pretty": the same text
    ['pretty', { LOG_FORMAT: 'pretty', JOURNAL_STREAM: '8:1' }, ['cycle done\n'], ['warning: bug 7 failed\n', 'error: cycle stopped\n']],
    // journald stamps each line itself: no second timestamp
    ['journald', { JOURNAL_STREAM: '8:12345' }, ['cycle done\n'], ['warning: bug 7 failed\n', 'error: cycle stopped\n']],
    // so does the Actions runner
    ['actions runner', { GITHUB_ACTIONS: 'true' }, ['cycle done\n'], ['warning: bug 7 failed\n', 'error: cycle stopped\n']],
    // one JSON object per line, for log shippers: level as a word, ISO time
    [
      'json',
      { LOG_FORMAT: 'json' },
      ['{"level":"info","time":"2026-12-07T13:00:00.000Z","msg":"cycle done"}\n'],
      ['{"level":"warn","time":"2026-12-07T13:00:00.000Z","msg":"bug 7 failed"}\n', '{"level":"error","time":"2026-12-07T13:00:00.000Z","msg":"cycle stopped"}\n'],
    ],
    // LOG_LEVEL keeps its level and those after it
    ['debug level', { LOG_LEVEL: 'debug', JOURNAL_STREAM: '1:1' }, ['debug: cache warm\n', 'cycle done\n'], ['warning: bug 7 failed\n', 'error: cycle stopped\n']],
    ['warn level', { LOG_LEVEL: 'warn', JOURNAL_STREAM: '1:1' }, [], ['warning: bug 7 failed\n', 'error: cycle stopped\n']],
    ['error level, upper case, spaces', { LOG_LEVEL: ' ERROR ', JOURNAL_STREAM: '1:1' }, [], ['error: cycle stopped\n']],
    ['silent', { LOG_LEVEL: 'silent' }, [], []],
    // a wrong setting is said once, and the default used (a typo must not silence the bot)
    ['unknown level', { LOG_LEVEL: 'verbose', JOURNAL_STREAM: '1:1' }, ['cycle done\n'], ['warning: LOG_LEVEL=verbose is not one of trace, debug, info, warn, error, fatal, silent; using info\n', 'warning: bug 7 failed\n', 'error: cycle stopped\n']],
    ['unknown format', { LOG_FORMAT: 'xml', JOURNAL_STREAM: '1:1' }, ['cycle done\n'], ['warning: LOG_FORMAT=xml is not text or json; using text\n', 'warning: bug 7 failed\n', 'error: cycle stopped\n']],
  ])('%s', (_name, env, stdout, stderr) => {
    const { out, err } = threeLines(env);
    expect(out).toEqual(stdout);
    expect(err).toEqual(stderr);
  });

  it('cli style: every line on stderr (stdout is the command output), the bare message, no time, no level word', () => {
    const { out, err } = threeLines({}, { style: 'cli' });
    expect(out).toEqual([]);
    expect(err).toEqual(['cycle done\n', 'bug 7 failed\n', 'cycle stopped\n']);
    expect(threeLines({ LOG_LEVEL: 'error' }, { style: 'cli' }).err).toEqual(['cycle stopped\n']);
  });

  it('structured fields keep one name in every adapter: in JSON always, in text as key=value after the message (process-wide fields only in JSON)', () => {
    const json = capture({ LOG_FORMAT: 'json' }, { fields: { tracker: 'bugzilla' } });
    json.logger.child({ report: 'kernel#1234' }).info({ ruleId: 'dm-thin-metadata', deliveryId: 'd-1' }, 'posted');
    expect(JSON.parse(json.out[0]!)).toEqual({ level: 'info', time: '2026-12-07T13:00:00.000Z', tracker: 'bugzilla', report: 'kernel#1234', ruleId: 'dm-thin-metadata', deliveryId: 'd-1', msg: 'posted' });

    const text = capture({ JOURNAL_STREAM: '1:1' }, { fields: { tracker: 'bugzilla' } });
    text.logger.child({ report: 'kernel#1234' }).warn({ ruleId: 'dm-thin-metadata', note: 'two words' }, 'posted');
    // values that are not bare words are quoted, so a line stays one line
    expect(text.err).toEqual(['warning: posted report=kernel#1234 ruleId=dm-thin-metadata note="two words"\n']);

    const cli = capture({}, { style: 'cli', fields: { tracker: 'cli', command: 'ktriage lint' } });
    cli.logger.warn({ ruleId: 'x' }, 'ktriage lint: rules/x.yml:3:1: unknown key');
    expect(cli.err).toEqual(['ktriage lint: rules/x.yml:3:1: unknown key\n']);
  });

  it('an error keeps its message and stack: serialised in JSON, indented under the line in text', () => {
    const failure = new Error('socket hang up');
    const json = capture({ LOG_FORMAT: 'json' });
    json.logger.error({ err: failure }, 'poll failed');
    const record = JSON.parse(json.err[0]!) as { err: { type: string; message: string; stack: string } };
    expect(record.err).toMatchObject({ type: 'Error', message: 'socket hang up' });
    expect(record.err.stack).toContain('create-logger.test.ts');

    const text = capture({ JOURNAL_STREAM: '1:1' });
    text.logger.error({ err: failure }, 'poll failed');
    const [first, ...rest] = text.err[0]!.trimEnd().split('\n');
    expect(first).toBe('error: poll failed err="socket hang up"');
    expect(rest[0]).toBe('    Error: socket hang up');
    expect(rest.length).toBeGreaterThan(1);
  });

  it('never throws on values JSON cannot hold as is (cycles, bigint) and keeps logging', () => {
    const { logger, out } = capture({ LOG_FORMAT: 'json' });
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    expect(() => logger.info({ loop, big: 10n }, 'odd fields')).not.toThrow();
    logger.info('next');
    expect(out.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['odd fields', 'next']);
  });
});

describe('mapLogger (the Bugzilla bot strips its secrets from every line)', () => {
  it('cleans the message, field values, nested fields, error message and stack, and children', () => {
    const { logger, out, err } = capture({ LOG_FORMAT: 'json' });
    const clean = mapLogger(logger, (text) => text.replaceAll('KEY123', '[redacted]'));
    clean.info('url ?api_key=KEY123');
    clean.child({ url: 'https://bz/rest?api_key=KEY123' }).warn({ request: { headers: { 'X-BUGZILLA-API-KEY': 'KEY123' } }, err: new Error('bad key KEY123') }, 'failed KEY123');
    const all = [...out, ...err].join('');
    expect(all).not.toContain('KEY123');
    const warned = JSON.parse(err[0]!) as { url: string; request: { headers: Record<string, string> }; err: { message: string; stack: string }; msg: string };
    expect(warned).toMatchObject({ url: 'https://bz/rest?api_key=[redacted]', request: { headers: { 'X-BUGZILLA-API-KEY': '[redacted]' } }, err: { message: 'bad key [redacted]' }, msg: 'failed [redacted]' });
    expect(warned.err.stack).toContain('bad key [redacted]');
  });
});
