import type { ProbotOctokit } from 'probot';
import { TestOctokit } from './create-test-probot.js';

/** An installation-token Octokit like the one Probot hands to handlers (retry/throttle off). */
export function createTestOctokit(): InstanceType<typeof ProbotOctokit> {
  return new TestOctokit({ auth: { token: 'ghs_test' } }) as InstanceType<typeof ProbotOctokit>;
}
