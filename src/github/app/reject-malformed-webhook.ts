import type { Probot } from 'probot';

/**
 * A webhook that passed the signature check but cannot be handled: answered 400 with what is
 * wrong, never a 500 with internal text (issue 13, finding 8). @octokit/webhooks' middleware
 * answers with the `status` of the error a listener throws, and its message after the name.
 */
export class MalformedWebhookError extends Error {
  readonly status = 400;
  constructor(message: string) {
    super(message);
    this.name = 'MalformedWebhook';
  }
}

/** The objects each handled event must carry (GitHub always sends them; a hand-made payload may not). */
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  check_run: ['check_run', 'repository'],
  check_suite: ['check_suite', 'repository'],
  issue_comment: ['comment', 'issue', 'repository'],
  issues: ['issue', 'repository'],
  pull_request: ['pull_request', 'repository'],
};

/**
 * Throws MalformedWebhookError when a payload lacks what its event needs: the objects above, an
 * issue number, a repository owner and name.
 *
 * @example
 * rejectMalformedWebhook('issues', { action: 'opened', repository: {} }) // throws: "issues" payload without "issue"
 */
export function rejectMalformedWebhook(name: string, payload: unknown): void {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) throw new MalformedWebhookError(`"${name}" payload is not a JSON object`);
  const body = payload as Record<string, unknown>;
  for (const key of REQUIRED[name] ?? []) {
    if (body[key] === null || typeof body[key] !== 'object') throw new MalformedWebhookError(`"${name}" payload without "${key}"`);
  }
  const repository = body.repository as { name?: unknown; owner?: { login?: unknown } } | undefined;
  if (repository !== undefined && (typeof repository.name !== 'string' || typeof repository.owner?.login !== 'string')) {
    throw new MalformedWebhookError(`"${name}" payload without repository.name and repository.owner.login`);
  }
  const issue = body.issue as { number?: unknown } | undefined;
  if (issue !== undefined && !Number.isInteger(issue.number)) throw new MalformedWebhookError(`"${name}" payload without issue.number`);
}

/**
 * A signed request with an empty `X-GitHub-Event` header passes @octokit/webhooks' check for
 * missing headers and then fails inside it ("Event name not passed", status 500). Once the
 * signature is verified, that answer becomes a 400 naming the header.
 */
export function answerEmptyEventNameWith400(app: Probot): void {
  const webhooks = app.webhooks as unknown as { verifyAndReceive: (event: { name?: string }) => Promise<void> };
  const verifyAndReceive = webhooks.verifyAndReceive.bind(webhooks);
  webhooks.verifyAndReceive = async (event) => {
    try {
      await verifyAndReceive(event);
    } catch (error) {
      const first = (error as { errors?: unknown[] }).errors?.[0] as { status?: number } | undefined;
      // A signature mismatch keeps its own 400 (it has a status); only the unsigned-status failure of an empty name is mapped.
      if (!event.name && first !== undefined && first.status === undefined) {
        const rejection = new MalformedWebhookError('the X-GitHub-Event header is empty');
        throw new AggregateError([rejection], rejection.message, { cause: error });
      }
      throw error;
    }
  };
}
