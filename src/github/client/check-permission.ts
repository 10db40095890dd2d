import type { ProbotOctokit } from 'probot';

type Octokit = InstanceType<typeof ProbotOctokit>;

/** Roles allowed to run `/ktriage` commands. */
const MAINTAINER_ROLES = new Set(['admin', 'maintain', 'write']);

/**
 * Whether `username` may run maintainer commands on the repository: write, maintain or admin,
 * as GitHub reports it (GET /repos/{owner}/{repo}/collaborators/{username}/permission).
 *
 * `permission` is the legacy field (admin/write/read/none: "maintain" shows as "write", "triage"
 * as "read"); `role_name` is the precise role, custom roles included. Either naming a maintainer
 * role is enough. A 404 (not a collaborator, deleted account) means no.
 */
export async function hasMaintainerPermission(octokit: Octokit, params: { owner: string; repo: string; username: string }): Promise<boolean> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel(params);
    const roleName = (data as { role_name?: string }).role_name;
    return MAINTAINER_ROLES.has(data.permission) || (roleName !== undefined && MAINTAINER_ROLES.has(roleName));
  } catch (error) {
    if ((error as { status?: number }).status === 404) return false;
    throw error;
  }
}
