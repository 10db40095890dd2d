import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

/**
 * Checks a request against GitHub's REST description (@octokit/openapi, api.github.com, 3.1
 * dereferenced): the route exists for the method, query parameters are ones the operation
 * declares, and the JSON body matches the operation's request schema. A wrong route or field
 * fails a test here instead of failing in production.
 */
interface Operation {
  parameters?: { name: string; in: string; schema?: object }[];
  requestBody?: { content?: Record<string, { schema?: object }> };
  operationId?: string;
}
type Spec = { paths: Record<string, Record<string, Operation>> };

const require = createRequire(import.meta.url);
let spec: Spec | null = null;
let routes: { template: string; regex: RegExp; literal: number }[] = [];
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
(addFormatsModule as unknown as (a: Ajv2020) => void)(ajv);
const validators = new Map<string, ValidateFunction>();

function load(): Spec {
  if (spec) return spec;
  spec = require('@octokit/openapi/generated/api.github.com.deref.json') as Spec;
  routes = Object.keys(spec.paths).map((template) => {
    // {path} and {ref} may contain slashes (contents/.github/ktriage.yml, git/ref/heads/main).
    const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => (name === 'path' || name === 'ref' ? '(.+)' : '([^/]+)'));
    return { template, regex: new RegExp(`^${source}$`), literal: template.replace(/\{\w+\}/g, '').length };
  });
  // Prefer the most literal template: /issues/comments/{id} over /issues/{issue_number}/...
  routes.sort((a, b) => b.literal - a.literal);
  return spec;
}

export interface RequestProblem {
  request: string;
  problem: string;
}

export function validateGitHubRequest(method: string, url: string, body: unknown): RequestProblem[] {
  const paths = load().paths;
  const parsed = new URL(url, 'https://api.github.com');
  const label = `${method.toUpperCase()} ${parsed.pathname}${parsed.search}`;
  const pathname = decodeURIComponent(parsed.pathname);
  const route = routes.find((r) => r.regex.test(pathname) && paths[r.template]![method.toLowerCase()] !== undefined);
  if (!route) return [{ request: label, problem: `no ${method.toUpperCase()} operation for this path in GitHub's REST description` }];
  const operation = paths[route.template]![method.toLowerCase()]!;
  const problems: RequestProblem[] = [];
  const queryParams = new Set((operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
  for (const name of parsed.searchParams.keys()) {
    if (!queryParams.has(name)) problems.push({ request: label, problem: `query parameter "${name}" is not accepted by ${operation.operationId}` });
  }
  const schema = operation.requestBody?.content?.['application/json']?.schema;
  if (body !== undefined && body !== '' && body !== null) {
    if (!schema) problems.push({ request: label, problem: `${operation.operationId} takes no JSON body` });
    else {
      const key = `${method} ${route.template}`;
      let validate = validators.get(key);
      if (!validate) {
        validate = ajv.compile(schema);
        validators.set(key, validate);
      }
      if (!validate(body)) problems.push({ request: label, problem: `body does not match ${operation.operationId}: ${ajv.errorsText(validate.errors)}` });
    }
  }
  return problems;
}
