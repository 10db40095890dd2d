import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { DEFAULT_HEALTH_PATH } from '../../../src/github/app/create-health-handler.js';

/**
 * The files that ship the App (Docker cannot run here, so they are checked as text): least
 * privilege in app.yml, every variable documented, the Dockerfile's promises kept.
 */
const root = (name: string) => readFileSync(fileURLToPath(new URL(`../../../${name}`, import.meta.url)), 'utf8');

describe('app.yml', () => {
  const manifest = parse(root('app.yml')) as { default_permissions: Record<string, string>; default_events: string[] };
  it('asks for exactly the permissions ktriage uses', () => {
    expect(manifest.default_permissions).toEqual({ issues: 'write', checks: 'write', contents: 'read', pull_requests: 'read', metadata: 'read' });
  });
  it('subscribes to exactly the events ktriage handles', () => {
    expect([...manifest.default_events].sort()).toEqual(['check_run', 'check_suite', 'issue_comment', 'issues', 'pull_request']);
  });
});

describe('docs/ktriage-workflow.yml', () => {
  const workflow = parse(root('docs/ktriage-workflow.yml')) as { permissions: Record<string, string>; on: Record<string, unknown>; jobs: { triage: { steps: { run?: string; uses?: string }[] } } };
  it('asks the workflow token for the same least privilege as the App', () => {
    expect(workflow.permissions).toEqual({ issues: 'write', checks: 'write', contents: 'read', 'pull-requests': 'read' });
  });
  it('runs the bundled action (test/action runs it), for the App\'s events', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['issue_comment', 'issues', 'pull_request_target']);
    expect(workflow.jobs.triage.steps.map((s) => s.uses ?? '')).toContainEqual(expect.stringMatching(/\/ktriage@/));
  });
});

describe('.env.example', () => {
  const text = root('.env.example');
  const source = readFileSync(fileURLToPath(new URL('../../../src/github/app/read-app-options.ts', import.meta.url)), 'utf8');
  const ktriageVars = [...new Set([...source.matchAll(/env\.(KTRIAGE_[A-Z_]+)/g)].map((m) => m[1]!))];
  it.each(['APP_ID', 'PRIVATE_KEY', 'WEBHOOK_SECRET', 'LOG_LEVEL', 'HOST', ...ktriageVars])('documents %s', (name) => {
    expect(text).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
  });
  it('found ktriage\'s own variables to check', () => {
    expect(ktriageVars.sort()).toEqual(['KTRIAGE_CVE_PACK', 'KTRIAGE_DASHBOARD_PATH', 'KTRIAGE_DASHBOARD_TOKEN', 'KTRIAGE_DRY_RUN', 'KTRIAGE_FEEDBACK_FILE', 'KTRIAGE_HEALTH_PATH', 'KTRIAGE_RULES_DIR']);
  });
});

describe('Dockerfile', () => {
  const text = root('Dockerfile');
  const lines = text.split('\n').filter((line) => !line.startsWith('#'));
  it('is multi-stage and the runtime stage installs nothing from the dev dependencies', () => {
    expect(lines.filter((line) => line.startsWith('FROM '))).toHaveLength(2);
    expect(text).toContain('npm prune --omit=dev');
    expect(text).toMatch(/COPY --from=build [^\n]*\/app\/node_modules/);
  });
  it('runs as a non-root user, listens on every interface, bundles the rules', () => {
    expect(lines.some((line) => /^USER (?!root)\w+/.test(line))).toBe(true);
    expect(text).toMatch(/HOST=0\.0\.0\.0/);
    expect(text).toMatch(/COPY [^\n]*rules \.\/rules/);
    expect(text).toMatch(/KTRIAGE_RULES_DIR=\/app\/rules/);
  });
  it('checks health on the route the app serves', () => {
    expect(text).toContain('HEALTHCHECK');
    expect(text).toContain(DEFAULT_HEALTH_PATH);
  });
  it('keeps credentials out of the image', () => {
    const ignore = root('.dockerignore').split('\n');
    expect(ignore).toEqual(expect.arrayContaining(['.env', '*.pem', 'node_modules', '.git']));
  });
});
