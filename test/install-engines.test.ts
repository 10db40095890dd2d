// `npm ci` on the oldest Node the package supports (package.json `engines`, the Node of this
// machine) warns about no locked package: an EBADENGINE warning tells a user their Node is not
// supported when it is. npm itself decides, from package.json and the lock only (a dry run in a
// scratch folder, offline, no scripts), as a user's install would.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './support/shared-data.js';

describe('installing on a supported Node', () => {
  it('npm ci warns about no unsupported engine (EBADENGINE)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ktriage-engines-'));
    try {
      for (const file of ['package.json', 'package-lock.json']) copyFileSync(path.join(REPO_ROOT, file), path.join(dir, file));
      const run = spawnSync('npm', ['ci', '--dry-run', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
      expect(run.status).toBe(0);
      const warnings = run.stderr.split('\n').filter((line) => line.includes('EBADENGINE') && line.includes('package:'));
      expect(warnings).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

});

// package.json `overrides` keeps @octokit/request on content-type 2.x (Node >= 18): its parse() is
// the one 3.x has (3.x only added validators and asks for Node >= 22). The answers the App and
// `ktriage github scan` read must still be decoded by their Content-Type through that parser.
describe('@octokit/request with the overridden content-type', () => {
  const answer = (body: BodyInit, type: string) => async () => new Response(body, { status: 200, headers: { 'content-type': type } });

  it.each([
    ['application/json; charset=utf-8', JSON.stringify({ number: 1 }), { number: 1 }],
    ['application/scim+json', JSON.stringify({ n: 2 }), { n: 2 }],
    ['text/plain; charset=utf-8', 'plain words', 'plain words'],
    ['application/x-weird; charset=utf-8', 'utf-8 text', 'utf-8 text'],
    ['garbage;;;', 'x', new ArrayBuffer(1)],
  ])('%s', async (type, body, expected) => {
    const { request } = await import('@octokit/request');
    const { data } = await request('GET /anything', { request: { fetch: answer(body, type) } });
    expect(data).toEqual(expected);
  });

  it('an octet-stream that claims utf-8 stays bytes', async () => {
    const { request } = await import('@octokit/request');
    const { data } = await request('GET /anything', { request: { fetch: answer(new Uint8Array([1, 2, 3]), 'application/octet-stream; charset=utf-8') } });
    expect(new Uint8Array(data as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3]));
  });
});
