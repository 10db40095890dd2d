import { describe, expect, it } from '@jest/globals';
import { createLevelledLogger } from '../../../src/bugzilla/index.js';

function capture(env: Record<string, string | undefined>) {
  const out: string[] = [];
  const err: string[] = [];
  const logger = createLevelledLogger({ stdout: { write: (c: string) => out.push(c) }, stderr: { write: (c: string) => err.push(c) }, env, now: () => new Date('2026-12-07T13:00:00.000Z') });
  logger.info('cycle done');
  logger.warn('bug 7 failed');
  logger.error('cycle stopped');
  return { out, err };
}

describe('createLevelledLogger (the Bugzilla bot logs like the App: LOG_LEVEL, LOG_FORMAT=json)', () => {
  it.each<[string, Record<string, string>, string[], string[]]>([
    // default: text with the time, warnings and errors on stderr
    ['text', {}, ['2026-12-07T13:00:00.000Z cycle done\n'], ['2026-12-07T13:00:00.000Z warning: bug 7 failed\n', '2026-12-07T13:00:00.000Z error: cycle stopped\n']],
    // journald stamps each line itself: no second timestamp
    ['journald', { JOURNAL_STREAM: '8:12345' }, ['cycle done\n'], ['warning: bug 7 failed\n', 'error: cycle stopped\n']],
    // one JSON object per line, for log shippers
    [
      'json',
      { LOG_FORMAT: 'json' },
      ['{"level":"info","time":"2026-12-07T13:00:00.000Z","msg":"cycle done"}\n'],
      ['{"level":"warn","time":"2026-12-07T13:00:00.000Z","msg":"bug 7 failed"}\n', '{"level":"error","time":"2026-12-07T13:00:00.000Z","msg":"cycle stopped"}\n'],
    ],
    // LOG_LEVEL drops the levels below it
    ['warn level', { LOG_LEVEL: 'warn', JOURNAL_STREAM: '1:1' }, [], ['warning: bug 7 failed\n', 'error: cycle stopped\n']],
    ['error level, upper case', { LOG_LEVEL: 'ERROR', JOURNAL_STREAM: '1:1' }, [], ['error: cycle stopped\n']],
    // a wrong setting is said once, and the default used
    ['unknown level', { LOG_LEVEL: 'verbose', JOURNAL_STREAM: '1:1' }, ['cycle done\n'], ['warning: LOG_LEVEL=verbose is not one of debug, info, warn, error; using info\n', 'warning: bug 7 failed\n', 'error: cycle stopped\n']],
    ['unknown format', { LOG_FORMAT: 'xml', JOURNAL_STREAM: '1:1' }, ['cycle done\n'], ['warning: LOG_FORMAT=xml is not text or json; using text\n', 'warning: bug 7 failed\n', 'error: cycle stopped\n']],
  ])('%s', (_name, env, stdout, stderr) => {
    const { out, err } = capture(env);
    expect(out).toEqual(stdout);
    expect(err).toEqual(stderr);
  });
});
