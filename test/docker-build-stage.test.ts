// Docker cannot run here, so the Dockerfile's build stage is replayed as Docker would run it: the
// files its COPY lines name, filtered by .dockerignore, in an empty folder, then the stage's own
// `npm ci` step minus the download (node_modules is linked): the `prepare` script, `npm run build`.
// Found by an operator's reading (issue 12): the build script had grown a step
// (scripts/precompile-rules.js, which reads rules/) that the stage neither copied nor let through
// .dockerignore, so `docker build` failed at `npm ci`.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './support/shared-data.js';

const dockerfile = readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8');
const ignore = readFileSync(path.join(REPO_ROOT, '.dockerignore'), 'utf8');

/** The instructions of the first stage (`FROM ... AS build` up to the next FROM), comments dropped. */
function buildStage(text: string): string[] {
  const lines = text.split('\n').filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  const froms = lines.flatMap((line, index) => (line.startsWith('FROM ') ? [index] : []));
  return lines.slice(froms[0]! + 1, froms[1]);
}

/** Sources of `COPY [--chown=..] src... dest` lines that copy from the build context (not --from). */
function contextCopies(stage: readonly string[]): string[] {
  return stage
    .filter((line) => line.startsWith('COPY ') && !/--from=/.test(line))
    .flatMap((line) => {
      const words = line.slice(5).trim().split(/\s+/).filter((word) => !word.startsWith('--'));
      return words.slice(0, -1);
    });
}

/**
 * .dockerignore as Docker reads it: patterns anchored at the context root, `*` within one path
 * part, a pattern naming a folder covers what is under it, later `!` lines re-include; last match wins.
 */
function isIgnored(file: string, patterns: readonly string[]): boolean {
  let ignored = false;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const pattern = (negated ? raw.slice(1) : raw).replace(/^\/+|\/+$/g, '');
    const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}(?:/.*)?$`);
    if (regex.test(file)) ignored = !negated;
  }
  return ignored;
}

function filesUnder(root: string, relative: string): string[] {
  const full = path.join(root, relative);
  if (!statSync(full).isDirectory()) return [relative];
  return readdirSync(full).flatMap((name) => filesUnder(root, path.posix.join(relative, name)));
}

describe('the Dockerfile build stage, replayed', () => {
  const patterns = ignore.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  const stage = buildStage(dockerfile);

  it('reads the stage and .dockerignore the way Docker does (the replay checks itself)', () => {
    expect(contextCopies(['COPY package.json package-lock.json ./', 'COPY --chown=node:node src ./src', 'COPY --from=build /app/dist ./dist'])).toEqual(['package.json', 'package-lock.json', 'src']);
    expect([isIgnored('.env', ['.env']), isIgnored('.env.local', ['.env.*']), isIgnored('.env.example', ['.env.*', '!.env.example'])]).toEqual([true, true, false]);
    expect([isIgnored('scripts/bench.ts', ['scripts']), isIgnored('scripts/keep.js', ['scripts', '!scripts/keep.js']), isIgnored('src/a.ts', ['scripts'])]).toEqual([true, false, false]);
    expect(stage.some((line) => /^RUN .*npm ci/.test(line))).toBe(true);
  });

  it('has every file `npm ci` needs: its prepare script builds dist/ and the precompiled packs', () => {
    const context = mkdtempSync(path.join(tmpdir(), 'ktriage-docker-build-'));
    try {
      const sources = contextCopies(stage);
      for (const source of sources) {
        for (const file of filesUnder(REPO_ROOT, source).filter((f) => !isIgnored(f, patterns))) {
          cpSync(path.join(REPO_ROOT, file), path.join(context, file), { recursive: true });
        }
      }
      // `npm ci` installs node_modules, then runs `prepare`; the install is the lock's business.
      symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(context, 'node_modules'), 'dir');
      const prepare = (JSON.parse(readFileSync(path.join(context, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.prepare;
      expect(prepare).toBeDefined();
      const run = spawnSync('npm', ['run', 'prepare'], { cwd: context, encoding: 'utf8', timeout: 280_000 });
      expect({ status: run.status, stderr: run.status === 0 ? '' : `${run.stderr}`.slice(-2000) }).toEqual({ status: 0, stderr: '' });
      expect([existsSync(path.join(context, 'dist', 'cli', 'main.js')), existsSync(path.join(context, 'dist', 'bundled-rules.json'))]).toEqual([true, true]);
    } finally {
      rmSync(context, { recursive: true, force: true });
    }
  }, 300_000);
});

describe('docker run --env-file .env, with .env copied from .env.example (README)', () => {
  // Before: .env.example set HOST=localhost and LOG_FORMAT=pretty, which override the image's ENV
  // under --env-file: the App listened on the container's loopback only, unreachable through -p.
  it('keeps every variable the image sets: .env.example leaves them unset or sets the same value', () => {
    const imageEnv = new Map<string, string>();
    const runtime = dockerfile.split(/^FROM /m).at(-1)!;
    for (const match of runtime.matchAll(/^ENV ((?:[^\n]*\\\n)*[^\n]*)/gm)) {
      for (const pair of match[1]!.replace(/\\\n/g, ' ').matchAll(/([A-Z_][A-Z0-9_]*)=(\S*)/g)) imageEnv.set(pair[1]!, pair[2]!);
    }
    expect([...imageEnv.keys()]).toEqual(expect.arrayContaining(['HOST', 'PORT', 'LOG_FORMAT', 'NODE_ENV']));
    const example = readFileSync(path.join(REPO_ROOT, '.env.example'), 'utf8');
    const set = [...example.matchAll(/^([A-Z_][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1]!, m[2]!.trim()] as const);
    expect(set.filter(([name, value]) => imageEnv.has(name) && imageEnv.get(name) !== value)).toEqual([]);
  });
});
