import { readActionEnv } from '../../src/action/run-action.js';

const base = { GITHUB_EVENT_NAME: 'issues', GITHUB_EVENT_PATH: '/github/workflow/event.json' };

describe('readActionEnv', () => {
  it.each([
    // the input wins over a GITHUB_TOKEN in env:, and the API URL defaults to github.com
    [{ ...base, 'INPUT_GITHUB-TOKEN': 'ghs_in', GITHUB_TOKEN: 'ghs_env' }, { token: 'ghs_in', apiUrl: 'https://api.github.com', eventName: 'issues', dryRun: false }],
    [{ ...base, GITHUB_TOKEN: 'ghs_env', GITHUB_API_URL: 'https://ghe.example/api/v3/' }, { token: 'ghs_env', apiUrl: 'https://ghe.example/api/v3' }],
    // pull_request_target carries a pull_request payload
    [{ ...base, GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_TOKEN: 't' }, { eventName: 'pull_request' }],
    [{ ...base, GITHUB_TOKEN: 't', 'INPUT_DRY-RUN': 'TRUE', GITHUB_RUN_ID: '12', GITHUB_RUN_ATTEMPT: '2' }, { dryRun: true, deliveryId: 'actions-12-2' }],
  ])('%j', (env, expected) => {
    expect(readActionEnv(env)).toMatchObject(expected);
  });

  it.each([
    [{ GITHUB_EVENT_PATH: '/e.json', GITHUB_TOKEN: 't' }, 'GITHUB_EVENT_NAME is not set'],
    [{ GITHUB_EVENT_NAME: 'issues', GITHUB_TOKEN: 't' }, 'GITHUB_EVENT_PATH is not set'],
    [base, 'no token'],
    [{ ...base, GITHUB_TOKEN: 't', 'INPUT_DRY-RUN': 'maybe' }, 'dry-run must be "true" or "false" (got "maybe")'],
  ])('rejects %j', (env, message) => {
    expect(() => readActionEnv(env)).toThrow(message);
  });
});
